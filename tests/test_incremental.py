"""The incremental re-lint (linter/run/incremental.py) gives the cold run's result, finding for finding.

The differential test applies a seeded sequence of random edits to a workspace (the shipped
example plus a generated blueprint full of planted defects): field values changed, ids renamed
(removing an id others reference), entities deleted, duplicated and moved between files, files
added, deleted and broken, the project section edited. After every step it lints twice, with the
cache the earlier steps left (incremental) and with no cache at all (cold), and compares every
diagnostic and every source text reporters quote. It also checks that the incremental path was
really taken, so a session that silently fell back to full runs would fail it.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from linter.catalog.registry import RuleSet
from linter.core.options import LintOptions
from linter.core.result import LintResult
from linter.model.blueprint import SECTIONS, Blueprint
from linter.model.focus import FocusedBlueprint
from linter.model.rule import Finding, Rule
from linter.run import incremental
from linter.run.engine import lint
from tests.helpers import bench_generate, example_and_generated_workspace, ruleset

ROOT = Path(__file__).resolve().parent.parent


_workspace = example_and_generated_workspace


def _observed(result: LintResult) -> tuple[Any, ...]:
    diagnostics = [(d.code, d.name, d.severity, d.message, d.file, d.span, d.pointer) for d in result.diagnostics]
    suppressed = [(d.code, d.message, d.file, d.span, d.suppression) for d in result.suppressed]
    return (diagnostics, suppressed, sorted(result.sources.items()), result.files, result.internal_error)


class _Sessions:
    """Every incremental session the engine opens, to check that edits really ran incrementally."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened: list[incremental.Session] = []
        original = incremental.Session.__init__

        def spy(session: incremental.Session, *args: Any, **kwargs: Any) -> None:
            original(session, *args, **kwargs)
            self.opened.append(session)

        monkeypatch.setattr(incremental.Session, "__init__", spy)


# -- the random edits ---------------------------------------------------------------------------
def _documents(root: Path) -> dict[Path, Any]:
    found = {}
    for path in sorted(root.rglob("*.yaml")):
        if path.name.startswith(".blueprint-lint"):
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if isinstance(data, dict):
            found[path] = data
    return found


def _entities(documents: dict[Path, Any]) -> list[tuple[Path, str, int]]:
    return [
        (path, section, index)
        for path, data in documents.items()
        for section in SECTIONS
        if isinstance(data.get(section), list)
        for index in range(len(data[section]))
        if isinstance(data[section][index], dict)
    ]


def _ids(documents: dict[Path, Any]) -> list[str]:
    return sorted(
        {
            item["id"]
            for data in documents.values()
            for section in SECTIONS
            for item in data.get(section) or []
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        }
    )


def _write(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _scalar_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _scalar_paths(item, (*prefix, key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _scalar_paths(item, (*prefix, index))]
    return [prefix]


def _edit_field(rng: random.Random, documents: dict[Path, Any], ids: list[str]) -> None:
    path, section, index = rng.choice(_entities(documents))
    entity = documents[path][section][index]
    paths = [p for p in _scalar_paths(entity) if p and p != ("id",)]
    if not paths:
        return
    where = rng.choice(paths)
    parent = entity
    for part in where[:-1]:
        parent = parent[part]
    old = parent[where[-1]]
    choice = rng.random()
    if choice < 0.15 and isinstance(parent, dict):
        del parent[where[-1]]
    elif isinstance(old, bool):
        parent[where[-1]] = not old
    elif isinstance(old, (int, float)):
        parent[where[-1]] = rng.choice([0, 1, 2, 50, 999, 250_000, 10_000_000])
    elif choice < 0.6 and ids:
        parent[where[-1]] = rng.choice(ids)  # point a reference (or any text) at another id
    else:
        parent[where[-1]] = rng.choice(
            ["synchronous", "asynchronous", "near_real_time", "scheduled_batch", "dual_write", "data", "ui", "x"]
        )
    _write(path, documents[path])


def _rename_id(rng: random.Random, documents: dict[Path, Any]) -> None:
    path, section, index = rng.choice(_entities(documents))
    documents[path][section][index]["id"] = f"RENAMED-{rng.randrange(1000)}"
    _write(path, documents[path])


def _delete_entity(rng: random.Random, documents: dict[Path, Any]) -> None:
    path, section, index = rng.choice(_entities(documents))
    del documents[path][section][index]
    _write(path, documents[path])


def _copy_entity(rng: random.Random, documents: dict[Path, Any], *, move: bool, new_id: bool) -> None:
    path, section, index = rng.choice(_entities(documents))
    target = rng.choice(sorted(documents))
    item = copy.deepcopy(documents[path][section][index])
    if new_id and isinstance(item.get("id"), str):
        item["id"] = f"{item['id']}-COPY{rng.randrange(100)}"
    if move:
        del documents[path][section][index]
        _write(path, documents[path])
    documents[target].setdefault(section, [])
    if not isinstance(documents[target][section], list):
        return
    documents[target][section].append(item)
    _write(target, documents[target])


def _add_file(rng: random.Random, root: Path, documents: dict[Path, Any]) -> None:
    entities = _entities(documents)
    picked = [rng.choice(entities) for _ in range(rng.randrange(1, 4))]
    data: dict[str, Any] = {"blueprint_version": "1"}
    for path, section, index in picked:
        item = copy.deepcopy(documents[path][section][index])
        if isinstance(item.get("id"), str) and rng.random() < 0.7:
            item["id"] = f"{item['id']}-NEW{rng.randrange(100)}"
        data.setdefault(section, []).append(item)
    _write(root / f"added-{rng.randrange(10_000)}.yaml", data)


def _delete_file(rng: random.Random, documents: dict[Path, Any]) -> None:
    rng.choice(sorted(documents)).unlink()


def _edit_project(rng: random.Random, documents: dict[Path, Any]) -> None:
    holders = [p for p, data in documents.items() if isinstance(data.get("project"), dict)]
    if not holders:
        return
    path = rng.choice(holders)
    documents[path]["project"]["name"] = f"Renamed project {rng.randrange(100)}"
    _write(path, documents[path])


def _step(rng: random.Random, root: Path, broken: list[tuple[Path, str]]) -> str:
    """One random edit of the workspace; returns what it did (for the failure message)."""
    if broken:  # a file broken (or given a secret) by the previous step is repaired first
        path, text = broken.pop()
        path.write_text(text, encoding="utf-8")
        return f"repaired {path.name}"
    documents = _documents(root)
    ids = _ids(documents)
    roll = rng.random()
    if roll < 0.40:
        _edit_field(rng, documents, ids)
        return "edited a field"
    if roll < 0.50:
        _rename_id(rng, documents)
        return "renamed an id"
    if roll < 0.58:
        _delete_entity(rng, documents)
        return "deleted an entity"
    if roll < 0.66:
        _copy_entity(rng, documents, move=False, new_id=False)
        return "duplicated an entity"
    if roll < 0.72:
        _copy_entity(rng, documents, move=True, new_id=False)
        return "moved an entity"
    if roll < 0.80:
        _add_file(rng, root, documents)
        return "added a file"
    if roll < 0.85 and len(documents) > 4:
        _delete_file(rng, documents)
        return "deleted a file"
    if roll < 0.90:
        path = rng.choice(sorted(documents))
        broken.append((path, path.read_text(encoding="utf-8")))
        path.write_text("blueprint_version: '1'\ninterfaces: [\n  {id: broken\n", encoding="utf-8")
        return f"broke {path.name}"
    if roll < 0.94:
        _edit_project(rng, documents)
        return "edited the project"
    if roll < 0.97:
        path, section, index = rng.choice(_entities(documents))
        broken.append((path, path.read_text(encoding="utf-8")))  # taken out again next step
        documents[path][section][index]["x-password"] = f"Winter{rng.randrange(1000, 9999)}!"
        _write(path, documents[path])
        return "wrote a secret"
    return "changed nothing"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_give_the_cold_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    root = _workspace(tmp_path)
    cache = tmp_path / "cache"
    rules = ruleset()
    sessions = _Sessions(monkeypatch)
    rng = random.Random(seed)
    broken: list[tuple[Path, str]] = []
    done: list[str] = []
    lint([root], rules, LintOptions(cache_dir=cache, jobs=1), cwd=root)  # the first, cold run
    for _ in range(30):
        done.append(_step(rng, root, broken))
        warm = lint([root], rules, LintOptions(cache_dir=cache, jobs=1), cwd=root)
        cold = lint([root], rules, LintOptions(cache_dir=None, jobs=1), cwd=root)
        assert _observed(warm) == _observed(cold), f"after: {'; '.join(done)}"
    focused = [s for s in sessions.opened if s.plan is not None and s.plan.dirty]
    assert len(focused) >= 8, "too few steps ran incrementally to test it"
    # ... and on only part of the blueprint: most steps touch a few entities.
    assert any(len(s.plan.dirty) * 4 < len(s.model.entities()) for s in focused if s.plan is not None)


def test_the_language_server_session_gives_the_cold_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server's lints (linter/lsp/session.py): open buffers as overlays, the run memory
    (unchanged files neither re-read nor re-unpickled, linter/core/memory.py) and the incremental
    state, over random edits on disk and in a buffer, against a cold lint of the same buffers."""
    import os
    import time

    from linter.core.memory import RunMemory
    from linter.core.options import Overrides
    from linter.lsp.session import LintSession

    root = _workspace(tmp_path)
    # Files still than the racy window, so that the unchanged ones come from the run memory.
    past = time.time() - 60
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))
    time.sleep(2.1)
    rules = ruleset()
    session = LintSession(cache_dir=tmp_path / "cache", rules=lambda: rules)
    sessions = _Sessions(monkeypatch)
    rng = random.Random(7)
    buffer = root / "interfaces" / "case-status.yaml"
    text = buffer.read_text(encoding="utf-8")
    session.open(buffer, text)
    session.open(root / "systems.yaml", (root / "systems.yaml").read_text(encoding="utf-8"))
    session.lint(root)
    broken: list[tuple[Path, str]] = []
    done: list[str] = []
    hits = {"snapshot": 0, "value": 0}
    for name in hits:
        original = getattr(RunMemory, name)

        def counted(self: RunMemory, *args: Any, _original: Any = original, _name: str = name) -> Any:
            found = _original(self, *args)
            hits[_name] += found is not None
            return found

        monkeypatch.setattr(RunMemory, name, counted)
    for step in range(25):
        done.append(_step(rng, root, broken))
        if step % 3 == 0:  # an unsaved edit in the buffer
            text = text.replace("peak: {count: ", f"peak: {{count: {step + 1}", 1)
            session.open(buffer, text)
            done.append("edited the buffer")
        session.buffers = {p: t for p, t in session.buffers.items() if p == buffer or p.exists()}
        warm = session.lint(root).diagnostics
        if step % 2:  # as the server does after publishing: write the deferred state, free the old model
            session.release_retired()
            session.write_cache()
        overlays = {p: t.encode("utf-8") for p, t in session.buffers.items()}
        options = LintOptions(overrides=Overrides(force_exclude=True), overlays=overlays, jobs=1)
        cold = lint(sorted(session.buffers), rules, options, cwd=root)
        expected: dict[Path, list[Any]] = {p: [] for p in session.buffers}
        for d in cold.diagnostics:
            for path in [Path(d.abs_path)] if d.file else list(expected):
                expected[path].append((d.code, d.severity, d.message, d.file, d.span, d.pointer))
        observed = {
            p: [(d.code, d.severity, d.message, d.file, d.span, d.pointer) for d in found] for p, found in warm.items()
        }
        assert observed == expected, f"after: {'; '.join(done)}"
    # Most files are unchanged at each step: read and unpickled once, then taken from memory.
    assert hits["snapshot"] > 25 * 8 and hits["value"] > 25 * 8, hits
    assert any(s.plan is not None and s.plan.dirty for s in sessions.opened), "no lint ran incrementally"


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        # The unresolved goal id is now declared as a system: the message says so.
        ("systems:\n  - {id: G-SALES, name: S, kind: other}\n", "declared as a system, not a goal"),
        # A goal close to the misspelt id appears: the "did you mean" changes (ids changed: XR001 runs whole).
        ("goals:\n  - {id: G-SALE, statement: x, owner: y}\n", "did you mean 'G-SALE'"),
        # Nothing declared changes (a field edit): XR001 re-judges only what the edit can affect.
        ("goals:\n  - {id: G-OTHER, statement: edited, owner: y}\n", "undeclared goal 'G-SALES'"),
    ],
)
def test_an_unresolved_reference_follows_what_other_files_declare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, declared: str, expected: str
) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / ".blueprint-lint.yaml").write_text("select: [XR001]\n", encoding="utf-8")
    (root / "if.yaml").write_text(
        "blueprint_version: 1\ninterfaces:\n  - {id: IF-1, goals: [G-SALES], source: S, target: S}\n", encoding="utf-8"
    )
    other = root / "other.yaml"
    other.write_text("blueprint_version: 1\ngoals:\n  - {id: G-OTHER, statement: x, owner: y}\n", encoding="utf-8")
    cache = tmp_path / "cache"
    rules = ruleset()
    lint([root], rules, LintOptions(cache_dir=cache, jobs=1), cwd=root)
    sessions = _Sessions(monkeypatch)
    other.write_text("blueprint_version: 1\n" + declared, encoding="utf-8")
    warm = lint([root], rules, LintOptions(cache_dir=cache, jobs=1), cwd=root)
    cold = lint([root], rules, LintOptions(cache_dir=None, jobs=1), cwd=root)
    assert _observed(warm) == _observed(cold)
    messages = [d.message for d in warm.diagnostics if d.code == "XR001" and "G-SALES" in d.message]
    assert len(messages) == 1 and expected in messages[0], messages
    assert sessions.opened and sessions.opened[-1].plan is not None  # the edit ran incrementally


def test_an_edit_of_one_interface_file_re_judges_only_what_it_can_affect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _workspace(tmp_path)
    cache = tmp_path / "cache"
    rules = ruleset()
    lint([root], rules, LintOptions(cache_dir=cache, jobs=1), cwd=root)
    edited = sorted((root / "generated" / "interfaces").glob("*.yaml"))[1]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("count: ", "count: 1", 1), encoding="utf-8")
    sessions = _Sessions(monkeypatch)
    warm = lint([root], rules, LintOptions(cache_dir=cache, jobs=1), cwd=root)
    cold = lint([root], rules, LintOptions(cache_dir=None, jobs=1), cwd=root)
    assert _observed(warm) == _observed(cold)
    (session,) = sessions.opened
    assert session.plan is not None
    assert session.plan.changed == {"generated/interfaces/" + edited.name}
    dirty = [e for e in session.model.entities() if id(e) in session.plan.dirty]
    # the edited file's interfaces, the processes naming them in their steps, what those refer to
    # and the interfaces of those processes: never the whole blueprint
    assert {e.source.display for e in dirty if e.kind == "interface"} >= {"generated/interfaces/" + edited.name}
    assert len(dirty) < len(session.model.entities()) / 2


def test_an_edit_of_a_one_file_blueprint_is_a_full_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every entity lies in the edited file: nothing can be carried over, so the run is a full one
    (no plan to find, no facts to carry) and leaves a new state; the next edit then plans against
    it, and a second file added beside gives a plan again."""
    root = tmp_path / "one"
    bench_generate().generate(root, 60, "single", seed=3)
    blueprint = root / "blueprint.yaml"
    cache, rules = tmp_path / "cache", ruleset()
    lint([root], rules, LintOptions(cache_dir=cache, jobs=1), cwd=root)
    sessions = _Sessions(monkeypatch)
    for step in range(2):
        text = blueprint.read_text(encoding="utf-8")
        blueprint.write_text(text.replace("count: ", f"count: {step + 1}", 1), encoding="utf-8")
        warm = lint([root], rules, LintOptions(cache_dir=cache, jobs=1), cwd=root)
        assert _observed(warm) == _observed(lint([root], rules, LintOptions(cache_dir=None, jobs=1), cwd=root))
        assert sessions.opened[-1].previous is not None and sessions.opened[-1].plan is None
    (root / "more.yaml").write_text(
        "blueprint_version: 1\ngoals:\n  - id: G-EXTRA\n    statement: More\n", encoding="utf-8"
    )
    lint([root], rules, LintOptions(cache_dir=cache, jobs=1), cwd=root)
    text = blueprint.read_text(encoding="utf-8")
    blueprint.write_text(text.replace("count: ", "count: 9", 1), encoding="utf-8")
    warm = lint([root], rules, LintOptions(cache_dir=cache, jobs=1), cwd=root)
    assert _observed(warm) == _observed(lint([root], rules, LintOptions(cache_dir=None, jobs=1), cwd=root))
    assert sessions.opened[-1].plan is not None, "the other file's goal is not in the edited file"


# -- the contract ----------------------------------------------------------------------------------
class _Strays(Rule):
    """Claims to judge interfaces, but reports every interface whenever it sees any: exactly what
    the contract forbids (a finding on an entity it was not shown)."""

    code = "TS901"
    name = "strays"
    summary = rationale = how_to_fix = passing_example = failing_example = "test"
    judges = ("interface",)

    def check(self, model: Blueprint) -> Any:
        if not model.interfaces:
            return
        whole = model._whole if isinstance(model, FocusedBlueprint) else model
        for interface in whole.interfaces:
            yield Finding.at(interface, "", f"{interface.label} seen")


def test_a_rule_that_breaks_its_promise_runs_on_the_whole_model(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    cache = tmp_path / "cache"
    stray = _Strays()
    stray.origin = "test"
    rules = RuleSet([*ruleset().rules, stray], list(ruleset().plugins))
    lint([root], rules, LintOptions(cache_dir=cache, jobs=1), cwd=root)
    edited = sorted((root / "generated" / "interfaces").glob("*.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("count: ", "count: 2", 1), encoding="utf-8")
    warm = lint([root], rules, LintOptions(cache_dir=cache, jobs=1), cwd=root)
    cold = lint([root], rules, LintOptions(cache_dir=None, jobs=1), cwd=root)
    assert _observed(warm) == _observed(cold)
    assert (
        sum(d.code == "TS901" for d in warm.diagnostics) == sum(1 for d in cold.diagnostics if d.code == "TS901") > 40
    )


def test_owner_of_a_pointer() -> None:
    assert incremental.owner("/interfaces/12/volume/peak", ("interface",)) == "/interfaces/12"
    assert incremental.owner("/interfaces/12", ("interface",)) == "/interfaces/12"
    assert incremental.owner("/mappings/0/fields/3", ("interface",)) is None
    assert incremental.owner("/project/name", ("interface",)) is None
    assert incremental.owner("/project/name", ("document",)) == ""
    assert incremental.owner("/interfaces/x", ("interface",)) is None


def test_a_damaged_state_is_a_miss() -> None:
    assert incremental.from_plain(None) is None
    assert incremental.from_plain(("0", {}, {}, {})) is None
    assert incremental.from_plain((incremental.FORMAT, {"a.yaml": ("d",)}, {}, {})) is None
    assert incremental.from_plain((incremental.FORMAT, {}, {"XR003": {"a.yaml": [("", "", 1, True)]}}, {})) is None
    state = incremental.from_plain((incremental.FORMAT, {}, {}, {"a.yaml": {("/x", False): (1, 2, 3, 4)}}))
    assert state is not None and state.spans["a.yaml"][("/x", False)] == (1, 2, 3, 4)
    for position in [(1, 2, 3), (1, 2, 3, "4"), [1, 2, 3, 4], (1, 2, 3, True), None, (1, 2, 3, 4, 5)]:
        damaged = (incremental.FORMAT, {}, {}, {"a.yaml": {("/x", False): (1, 2, 3, 4), ("/y", False): position}})
        assert incremental.from_plain(damaged) is None, position


def test_the_registry_refuses_an_unknown_judged_kind() -> None:
    from linter.catalog import registry

    class Typo(_Strays):
        judges = ("interfaces",)

    with pytest.raises(registry.RegistryError, match="judges interfaces"):
        registry._check_metadata(Typo, "tests")
    registry._check_metadata(_Strays, "tests")  # a known kind is accepted


def test_every_built_in_rule_that_judges_names_known_kinds() -> None:
    judging = [rule for rule in ruleset().rules if rule.judges]
    assert len(judging) >= 40  # most rules judge one entity at a time
    assert all(set(rule.judges) <= {*SECTIONS.values(), "document"} for rule in judging)
