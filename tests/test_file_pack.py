"""The workspace's pack of per-file entries (linter/run/file_stage.py, ``read_pack``): a run with
many new entries writes them as one cache entry, the next run reads its files' entries from it,
and a pack changes where entries live, never what a run reports."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from linter.api import Blueprint, Finding, Rule, Severity
from linter.cache.store import FORMAT, Cache
from linter.catalog.registry import RuleSet
from linter.core.limits import LoadLimits
from linter.core.memory import RunMemory
from linter.core.options import LintOptions
from linter.core.result import LintResult
from linter.run import file_stage
from linter.run.engine import lint
from tests.helpers import ruleset, write_workspace
from tests.test_cache import GOOD, loads, rendered

__all__ = ["loads"]  # the fixture, shared with tests/test_cache.py

FILES = file_stage.PACK_FROM + 8
SECRET = "Pl4nted-PackPass-77!"
TOKEN = "zzz-Custom-Value-4711"


def _interface(index: int, volume: int = 100) -> str:
    return (
        "blueprint_version: 1\n"
        "interfaces:\n"
        f"  - id: IF-{index:03d}\n"
        "    goals: [G-1]\n"
        "    source: SYS-A\n"
        "    target: SYS-B\n"
        f"    volume: {{average: {{count: {volume}, per: day}}}}\n"
    )


def _workspace(root: Path) -> Path:
    files = {"base.yaml": GOOD, **{f"interfaces/if-{i:03d}.yaml": _interface(i) for i in range(FILES)}}
    return write_workspace(root, files)


def _run(root: Path, cache_dir: Path | None, **options: object) -> LintResult:
    return lint([Path(".")], ruleset(), LintOptions(cache_dir=cache_dir, **options), cwd=root)  # type: ignore[arg-type]


def _entries(cache_dir: Path, kind: str) -> list[Path]:
    return sorted(p for p in (cache_dir / f"v{FORMAT}" / kind).rglob("*") if p.is_file())


def _pack(cache_dir: Path) -> dict[str, bytes]:
    (path,) = _entries(cache_dir, "filepack")
    kind, _, value = pickle.loads(path.read_bytes())
    assert kind == "filepack"
    assert isinstance(value, dict)
    return value


def _specs(loads: list[str]) -> int:
    """How many of the loaded texts were the workspace's files (a rule loads its data file too)."""
    return sum(text.startswith("blueprint_version") for text in loads)


def _edit(root: Path, index: int, volume: int) -> None:
    (root / "interfaces" / f"if-{index:03d}.yaml").write_text(_interface(index, volume), encoding="utf-8")


def test_a_cold_run_writes_one_pack_and_the_next_reads_its_files_from_it(tmp_path: Path, loads: list[str]) -> None:
    root, cache_dir = _workspace(tmp_path / "ws"), tmp_path / "cache"
    cold = _run(root, cache_dir)
    assert _specs(loads) == FILES + 1
    assert _entries(cache_dir, "file") == [], "no per-file entry of its own"
    assert len(_pack(cache_dir)) == FILES + 1, "every file's entry in the pack"
    loads.clear()
    _edit(root, 5, 101)
    edited = _run(root, cache_dir)
    assert _specs(loads) == 1, "only the edited file is loaded: the others come from the pack"
    assert rendered(edited) == rendered(_run(root, None)) == rendered(cold)
    assert len(_entries(cache_dir, "file")) == 1, "a single new entry is written as its own"
    loads.clear()
    _edit(root, 6, 101)
    _run(root, cache_dir)
    assert _specs(loads) == 1, "the edited file of the run before comes from its own entry"


def test_a_run_with_many_new_entries_packs_them_with_the_ones_it_read(tmp_path: Path, loads: list[str]) -> None:
    root, cache_dir = _workspace(tmp_path / "ws"), tmp_path / "cache"
    _run(root, cache_dir)
    before = _pack(cache_dir)
    for index in range(file_stage.PACK_FROM):
        _edit(root, index, 200)
    loads.clear()
    _run(root, cache_dir)
    assert _specs(loads) == file_stage.PACK_FROM
    after = _pack(cache_dir)
    assert len(after) == FILES + 1, "the new entries and the ones carried from the old pack"
    assert len(set(after) - set(before)) == file_stage.PACK_FROM
    _edit(root, FILES - 1, 300)
    loads.clear()
    result = _run(root, cache_dir)
    assert _specs(loads) == 1
    assert rendered(result) == rendered(_run(root, None))


@pytest.mark.parametrize("damage", ["not a pack", "an entry under another key", "truncated entries"])
def test_a_damaged_pack_is_a_miss_never_another_result(tmp_path: Path, loads: list[str], damage: str) -> None:
    root, cache_dir = _workspace(tmp_path / "ws"), tmp_path / "cache"
    _run(root, cache_dir)
    (path,) = _entries(cache_dir, "filepack")
    kind, key, value = pickle.loads(path.read_bytes())
    keys = sorted(value)
    if damage == "not a pack":
        value = ["a list"]
    elif damage == "an entry under another key":  # every file would read its neighbour's data
        value = {k: value[keys[(i + 1) % len(keys)]] for i, k in enumerate(keys)}
    else:
        value = {k: v[: len(v) // 2] for k, v in value.items()}
    path.write_bytes(pickle.dumps((kind, key, value)))
    _edit(root, 3, 150)
    loads.clear()
    result = _run(root, cache_dir)
    assert _specs(loads) == FILES + 1, "every file loaded again"
    assert rendered(result) == rendered(_run(root, None))


def test_a_file_holding_a_found_secret_is_never_packed(tmp_path: Path) -> None:
    root, cache_dir = _workspace(tmp_path / "ws"), tmp_path / "cache"
    planted = f'blueprint_version: 1\nx-deployment:\n  db_password: "{SECRET}"\n'
    (root / "secret.yaml").write_text(planted, encoding="utf-8")
    _run(root, cache_dir)
    assert len(_pack(cache_dir)) == FILES + 1, "every file but the one holding the secret"
    for index in range(file_stage.PACK_FROM):  # a new pack, with entries carried from the old one
        _edit(root, index, 250)
    _run(root, cache_dir)
    assert len(_pack(cache_dir)) == FILES + 1
    assert not [p for p in cache_dir.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]


class _TokenRedactor(Rule):
    """A redacting rule of a plugin installed after the pack was written: it finds a secret
    SE002 does not know."""

    code = "ZZ002"
    name = "custom-token"
    severity = Severity.ERROR
    summary = rationale = how_to_fix = "test"
    passing_example = failing_example = "blueprint_version: 1\n"
    redacts_findings: ClassVar[bool] = True

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for source, data in model.documents():
            deployment = data.get("x-deployment")
            if isinstance(deployment, dict) and deployment.get("x-note") == TOKEN:
                yield Finding.in_file(source, "/x-deployment/x-note", "a custom token")


def test_a_secret_found_in_a_packed_file_keeps_it_out_of_the_next_pack(tmp_path: Path) -> None:
    # Per-file entries do not depend on the rules: the pack was written when no rule found a
    # secret in the file, and a redacting rule added since must not see its entry carried on.
    root, cache_dir = _workspace(tmp_path / "ws"), tmp_path / "cache"
    (root / "custom.yaml").write_text(f'blueprint_version: 1\nx-deployment:\n  x-note: "{TOKEN}"\n', "utf-8")
    _run(root, cache_dir)
    assert len(_pack(cache_dir)) == FILES + 2
    for index in range(file_stage.PACK_FROM):
        _edit(root, index, 250)
    rules = RuleSet(rules=[*ruleset().rules, _TokenRedactor()], plugins=[])
    result = lint([Path(".")], rules, LintOptions(cache_dir=cache_dir), cwd=root)
    assert any(d.code == "ZZ002" for d in result.diagnostics), "the added rule finds the token"
    assert len(_pack(cache_dir)) == FILES + 1, "the file holding it is left out of the new pack"


def test_a_long_lived_process_never_packs(tmp_path: Path) -> None:
    root, cache_dir = _workspace(tmp_path / "ws"), tmp_path / "cache"
    _run(root, cache_dir, memory=RunMemory())
    assert _entries(cache_dir, "filepack") == []


def test_the_pack_is_keyed_by_the_workspace_and_the_load(tmp_path: Path) -> None:
    limits = LoadLimits()
    key = file_stage.pack_key(tmp_path / "a", limits)
    assert key != file_stage.pack_key(tmp_path / "b", limits)
    assert key != file_stage.pack_key(tmp_path / "a", LoadLimits(max_depth=5))
    assert file_stage.read_pack(Cache(None), key) is None
