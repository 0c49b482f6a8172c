"""The per-entity facts a ``check`` stores for the next one (linter/run/fact_store.py).

After an edit, a ``check`` takes the previous run's facts (``Blueprint.memo_of``: the capacity
model's load of each interface, what XR006, XR010 and OP006 read from each entity) for every
entity the edit cannot affect, instead of recomputing them for the whole workspace; only facts
computed with exactly the files the plan is against are taken, and what the cache holds is read
with a restricted unpickler. The differential test (tests/test_incremental.py) checks that the
results stay the cold run's; these tests check that the facts are really taken, and when not.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from linter.core.options import LintOptions
from linter.core.paths import Containment, outside
from linter.model.blueprint import Blueprint, Entity, SourceFile
from linter.run import fact_store, rule_runner
from linter.run.engine import lint
from tests.helpers import example_and_generated_workspace, ruleset

_CAPACITY = sys.modules[type(ruleset().by_code()["CA001"]).__module__.rpartition(".")[0] + "._model"]


def _observed(result: Any) -> tuple[Any, ...]:
    return (
        [(d.code, d.message, d.file, d.span, d.pointer) for d in result.diagnostics],
        sorted(result.sources.items()),
    )


def _count_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every interface whose capacity load is computed (not taken from stored facts)."""
    computed: list[str] = []
    original: Callable[..., Any] = _CAPACITY.interface_load

    def counting(model: Blueprint, interface: Entity, profile: Any) -> Any:
        computed.append(interface.id)
        return original(model, interface, profile)

    monkeypatch.setattr(_CAPACITY, "interface_load", counting)
    return computed


def _edit_one_interface_file(root: Path) -> str:
    edited = sorted((root / "generated" / "interfaces").glob("*.yaml"))[1]
    edited.write_text(edited.read_text(encoding="utf-8").replace("count: ", "count: 1", 1), encoding="utf-8")
    return edited.name


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_check_after_an_edit_recomputes_only_the_facts_the_edit_can_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(rule_runner, "PARALLEL_MIN_ENTITIES", 0)
    root = example_and_generated_workspace(tmp_path)
    cache = tmp_path / "cache"
    rules = ruleset()
    computed = _count_loads(monkeypatch)
    lint([root], rules, LintOptions(cache_dir=cache, jobs=jobs), cwd=root)
    every = len(set(computed))
    assert every > 40
    _edit_one_interface_file(root)
    computed.clear()
    warm = lint([root], rules, LintOptions(cache_dir=cache, jobs=jobs), cwd=root)
    again = set(computed)
    computed.clear()
    cold = lint([root], rules, LintOptions(cache_dir=None, jobs=jobs), cwd=root)
    assert _observed(warm) == _observed(cold)
    assert 0 < len(again) < every / 4, f"{len(again)} of {every} loads recomputed"


def test_facts_of_another_state_are_not_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Facts stored with other files than those the plan is against (a state the facts' run did
    not leave) are a miss: everything is recomputed, and the result is still the cold run's."""
    root = example_and_generated_workspace(tmp_path)
    cache = tmp_path / "cache"
    rules = ruleset()
    computed = _count_loads(monkeypatch)
    lint([root], rules, LintOptions(cache_dir=cache, jobs=1), cwd=root)
    every = len(set(computed))
    (entry,) = _entries(cache)
    kind, key, (_, raw) = pickle.loads(entry.read_bytes())
    entry.write_bytes(pickle.dumps((kind, key, ("another state", raw))))
    _edit_one_interface_file(root)
    computed.clear()
    warm = lint([root], rules, LintOptions(cache_dir=cache, jobs=1), cwd=root)
    assert len(set(computed)) == every
    assert _observed(warm) == _observed(lint([root], rules, LintOptions(cache_dir=None, jobs=1), cwd=root))


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / "v1" / "facts").rglob("*") if p.is_file())


def _stored_slots(cache: Path) -> set[tuple[Any, str, str]]:
    (entry,) = _entries(cache)
    _, _, (_, raw) = pickle.loads(entry.read_bytes())
    facts = fact_store.decode(raw, fact_store.rule_packages(ruleset().rules))
    assert facts is not None
    return {(key, display, pointer) for display, table in facts.items() for key, pointer in table}


def test_the_facts_the_second_process_computed_are_stored_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules the forked child runs compute their facts there: they come back with its
    findings, so a two-process run stores what a one-process run stores."""
    monkeypatch.setattr(rule_runner, "PARALLEL_MIN_ENTITIES", 0)
    assert rule_runner._can_fork(), "the two-process path is what this test is about"
    root = example_and_generated_workspace(tmp_path)
    rules = ruleset()
    lint([root], rules, LintOptions(cache_dir=tmp_path / "one", jobs=1), cwd=root)
    lint([root], rules, LintOptions(cache_dir=tmp_path / "two", jobs=2), cwd=root)
    one = _stored_slots(tmp_path / "one")
    assert len({slot[0] for slot in one}) >= 4  # the capacity load and XR006, XR010, OP006's facts
    assert _stored_slots(tmp_path / "two") == one


# -- the encoding ------------------------------------------------------------------------------------
def _entity() -> Entity:
    source = SourceFile(Path("/ws/a.yaml"), "a.yaml", {"interfaces": [{"id": "IF-1"}]}, None)
    return source.entities()[0]


def test_an_entity_in_a_fact_reads_back_as_none_and_plain_values_as_they_were() -> None:
    plain = (1, "two", 3.0, None, frozenset({"x"}))
    facts: fact_store.Facts = {"a.yaml": {("k", "/interfaces/0"): plain, ("e", "/x"): _entity()}}
    decoded = fact_store.decode(fact_store.encode(facts), {"linter"})
    assert decoded == {"a.yaml": {("k", "/interfaces/0"): plain, ("e", "/x"): None}}


def test_a_fact_holding_the_model_is_not_stored() -> None:
    entity = _entity()
    assert fact_store.encode({"a.yaml": {("k", "/x"): entity.source}}) is None
    assert fact_store.encode({"a.yaml": {("k", "/x"): [Blueprint([entity.source])]}}) is None


class _NotADataclass:
    pass


@pytest.mark.parametrize(
    "value",
    [os.system, _NotADataclass(), Path("/etc")],
    ids=["a function", "a class that is not a dataclass", "a class outside the rule packages"],
)
def test_stored_facts_that_name_anything_else_are_a_miss(value: Any) -> None:
    raw = pickle.dumps({"a.yaml": {("k", "/x"): value}})
    assert fact_store.decode(raw, {"tests", "linter"}) is None


def test_damaged_stored_facts_are_a_miss() -> None:
    raw = fact_store.encode({"a.yaml": {("k", "/x"): (1, 2)}})
    assert raw is not None
    assert fact_store.decode(raw, {"linter"}) == {"a.yaml": {("k", "/x"): (1, 2)}}
    assert fact_store.decode(raw[: len(raw) // 2], {"linter"}) is None
    assert fact_store.decode("not bytes", {"linter"}) is None
    assert fact_store.decode(pickle.dumps([1, 2]), {"linter"}) is None
    assert fact_store.decode(pickle.dumps({("k", "a.yaml", "/x"): (1, 2)}), {"linter"}) is None, "not by file"
    assert fact_store.decode(pickle.dumps({"a.yaml": [1]}), {"linter"}) is None


def test_the_token_names_every_file_and_its_digest() -> None:
    one = fact_store.token({"a.yaml": "d1", "b.yaml": "d2"})
    assert one == fact_store.token({"b.yaml": "d2", "a.yaml": "d1"})
    assert one != fact_store.token({"a.yaml": "d1", "b.yaml": "d3"})
    assert one != fact_store.token({"a.yaml": "d1"})


# -- where a file resolves (linter/core/paths.py) ------------------------------------------------------
def test_containment_agrees_with_outside(tmp_path: Path) -> None:
    """The per-workspace check resolves through each directory once; it must decide as the
    one-file check does for plain files, links in and out, linked directories and missing files."""
    root, elsewhere = tmp_path / "ws", tmp_path / "elsewhere"
    (root / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    (elsewhere / "secret.yaml").write_text("x: 1\n")
    (root / "sub" / "plain.yaml").write_text("x: 1\n")
    (root / "in.yaml").symlink_to(root / "sub" / "plain.yaml")
    (root / "out.yaml").symlink_to(elsewhere / "secret.yaml")
    (root / "linked").symlink_to(elsewhere, target_is_directory=True)
    (root / "inner").symlink_to(root / "sub", target_is_directory=True)
    paths = [
        root / "sub" / "plain.yaml",
        root / "in.yaml",
        root / "out.yaml",
        root / "linked" / "secret.yaml",
        root / "inner" / "plain.yaml",
        root / "missing.yaml",
        root,
        elsewhere / "secret.yaml",
    ]
    containment = Containment(root)
    assert [containment.outside(p) for p in paths] == [outside(p, root) for p in paths]
    assert [containment.outside(p) for p in paths] == [False, False, True, True, False, False, False, True]


def test_carried_facts_leave_out_the_dirty_entities_and_the_changed_files() -> None:
    previous: fact_store.Facts = {
        "a.yaml": {("k", "/interfaces/0"): 1, ("k", "/interfaces/1"): 2, ("j", "/interfaces/1"): 3},
        "b.yaml": {("k", "/interfaces/0"): 4},
        "c.yaml": {("k", "/interfaces/0"): 5},
    }
    model = Blueprint([])
    model.carry_facts(previous, [("a.yaml", "/interfaces/1"), ("c.yaml", "/interfaces/9")], ["b.yaml"])
    assert model.entity_facts() == {"a.yaml": {("k", "/interfaces/0"): 1}, "c.yaml": {("k", "/interfaces/0"): 5}}
    model.entity_facts()["c.yaml"][("k", "/interfaces/1")] = 6
    assert previous["c.yaml"] == {("k", "/interfaces/0"): 5}, "a carried table is the model's own copy"
    model.carry_facts({"c.yaml": {("j", "/x"): 7}}, (), ())
    assert model.entity_facts()["c.yaml"] == {("k", "/interfaces/0"): 5, ("k", "/interfaces/1"): 6, ("j", "/x"): 7}


def test_the_facts_added_since_a_count_are_those_past_it() -> None:
    facts: fact_store.Facts = {"a.yaml": {("k", "/1"): 1, ("k", "/2"): 2}, "b.yaml": {("k", "/1"): 3}}
    assert rule_runner._added(facts, {"a.yaml": 1, "b.yaml": 1}) == {"a.yaml": {("k", "/2"): 2}}
    assert rule_runner._added(facts, {}) == facts
