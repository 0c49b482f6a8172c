"""The result cache: warm runs replay exactly, and anything that can change a result re-lints."""

from __future__ import annotations

import datetime
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from linter.cache import store as cache_module
from linter.cache.store import Cache
from linter.core.options import LintOptions
from linter.core.result import LintResult
from linter.load import fast as fastload
from linter.run import file_stage
from linter.run.engine import lint
from linter.validate import schema
from tests.helpers import ruleset, run_cli, write_workspace

ROOT = Path(__file__).resolve().parent.parent

GOOD = """\
blueprint_version: 1
goals:
  - id: G-1
    statement: Keep the data in sync
systems:
  - {id: SYS-A, name: A}
  - {id: SYS-B, name: B}
"""
IFACE = """\
blueprint_version: 1
interfaces:
  - id: IF-1
    goals: [G-1]
    source: SYS-A
    target: SYS-B
"""


def run(root: Path, cache_dir: Path, **options: object) -> LintResult:
    return lint([Path(".")], ruleset(), LintOptions(cache_dir=cache_dir, **options), cwd=root)  # type: ignore[arg-type]


def rendered(result: LintResult) -> list[str]:
    return [
        f"{d.file}:{d.line}:{d.column} {d.code} {d.severity.label} {d.message} {d.pointer}" for d in result.diagnostics
    ]


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the engine actually loads (a cache hit loads nothing)."""
    seen: list[str] = []
    real = fastload.load

    def spy(text: str, limits: object = None) -> object:
        seen.append(text)
        return real(text, limits)  # type: ignore[arg-type]

    monkeypatch.setattr(fastload, "load", spy)
    return seen


def test_warm_run_replays_the_cold_result_without_loading(tmp_path: Path, loads: list[str]) -> None:
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE})
    cold = run(root, tmp_path / "cache")
    assert loads and cold.diagnostics
    loads.clear()
    warm = run(root, tmp_path / "cache")
    assert loads == []
    assert rendered(warm) == rendered(cold)
    assert warm.sources == cold.sources


def test_a_changed_file_is_linted_again(tmp_path: Path, loads: list[str]) -> None:
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE})
    before = rendered(run(root, tmp_path / "cache"))
    (root / "if.yaml").write_text(IFACE + "    frequency: {mode: near_real_time}\n", encoding="utf-8")
    loads.clear()
    after = rendered(run(root, tmp_path / "cache"))
    assert loads, "the changed file was loaded again"
    assert after != before
    assert after == rendered(run(root, None))


def test_only_the_changed_file_is_reloaded(tmp_path: Path, loads: list[str]) -> None:
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE})
    run(root, tmp_path / "cache")
    (root / "if.yaml").write_text(IFACE.replace("IF-1", "IF-2"), encoding="utf-8")
    loads.clear()
    run(root, tmp_path / "cache")
    assert loads == [IFACE.replace("IF-1", "IF-2")]


def test_changed_options_lint_again(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE})
    full = rendered(run(root, tmp_path / "cache"))
    only = rendered(run(root, tmp_path / "cache", enabled=frozenset({"XR005"})))
    assert only != full
    assert only == rendered(run(root, None, enabled=frozenset({"XR005"})))


def test_a_changed_schema_lints_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loads: list[str]) -> None:
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE})
    run(root, tmp_path / "cache")
    original = schema.schema_text(schema.BLUEPRINT_SCHEMA)
    monkeypatch.setattr(file_stage, "schema_text", lambda name: original.replace('"title"', '"title" ', 1))
    # The digest is read once per process: a new schema comes with a new process.
    file_stage._schema_digest.cache_clear()
    try:
        loads.clear()
        run(root, tmp_path / "cache")
        assert sorted(loads) == sorted([GOOD, IFACE])
    finally:
        monkeypatch.undo()
        file_stage._schema_digest.cache_clear()


def test_a_changed_tool_version_lints_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loads: list[str]) -> None:
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE})
    run(root, tmp_path / "cache")
    monkeypatch.setattr(file_stage, "tool_fingerprint", lambda: "9.9.9-other")
    loads.clear()
    run(root, tmp_path / "cache")
    assert sorted(loads) == sorted([GOOD, IFACE])


def test_the_tool_fingerprint_covers_the_rule_sources() -> None:
    fingerprint = cache_module.tool_fingerprint()
    assert fingerprint.startswith("0.") or fingerprint[0].isdigit()
    assert len(fingerprint.split("-")[-1]) == 32


def test_a_corrupt_entry_is_a_miss(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    store.put("file", "ab" * 20, {"x": 1})
    assert store.get("file", "ab" * 20) == {"x": 1}
    entry = next((tmp_path).rglob("*" + "ab" * 19))
    entry.write_bytes(b"\x80\x04truncated")
    assert store.get("file", "ab" * 20) is None
    entry.write_bytes(b"cos\nsystem\n(S'echo hacked'\ntR.")  # a pickle that would run a command
    assert store.get("file", "ab" * 20) is None


def test_tree_kinds_are_written_without_the_memo_and_read_back_equal(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    shared = ("interface", "IF-1")
    state = ("1", {"a.yaml": ("d" * 40, (shared, shared), (), False)}, {}, {"a.yaml": {("/x", False): (1, 2, 1, 9)}})
    for kind in sorted(Cache.TREE_KINDS):
        store.put(kind, "ef" * 20, state)
        assert store.get(kind, "ef" * 20) == state
    # The memo is what a pickle of the other kinds keeps: an object met twice is written once.
    memoized, unfolded = (store.encode(kind, "ef" * 20, [shared] * 100) or b"" for kind in ("facts", "incremental"))
    assert 0 < len(memoized) < len(unfolded) / 5
    cyclic: list[object] = []
    cyclic.append(cyclic)
    assert store.encode("incremental", "ef" * 20, cyclic) is None  # refused, never a recursion
    assert store.encode("facts", "ef" * 20, cyclic) is not None


def test_entries_are_written_atomically(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    for i in range(3):
        store.put("workspace", "cd" * 20, list(range(i)))
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith(".tmp-")]
    assert leftovers == []
    assert store.get("workspace", "cd" * 20) == [0, 1]


def test_the_cli_uses_the_cache_directory_from_the_environment(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE})
    cache_dir = tmp_path / "elsewhere"
    result = run_cli("check", "-f", "json", cwd=root, env={"BLUEPRINT_LINT_CACHE_DIR": str(cache_dir)})
    assert any(cache_dir.rglob("*")), "the cache was written where the variable says"
    assert not any(p.name.startswith(".tmp") for p in root.rglob("*"))
    warm = run_cli("check", "-f", "json", cwd=root, env={"BLUEPRINT_LINT_CACHE_DIR": str(cache_dir)})
    assert warm.output == result.output
    assert sorted(os.listdir(root)) == [".blueprint-lint.yaml", "base.yaml", "if.yaml"], "nothing written in the repo"


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE})
    cache_dir = tmp_path / "cache"
    result = run_cli("check", "--no-cache", "-f", "json", cwd=root, env={"BLUEPRINT_LINT_CACHE_DIR": str(cache_dir)})
    assert json.loads(result.stdout)["diagnostics"] is not None
    assert not cache_dir.exists()


def test_the_default_location_follows_platform_conventions(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache_module.ENV_DIR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    location = cache_module.default_directory()
    assert "blueprint-lint" in str(location)
    if os.name == "posix" and os.uname().sysname == "Linux":
        assert location == tmp_path / "xdg" / "blueprint-lint"


def test_output_does_not_depend_on_the_number_of_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"base.yaml": GOOD}
    for i in range(12):
        files[f"if-{i:02d}.yaml"] = IFACE.replace("IF-1", f"IF-{i}") + ("    frequency: x\n" if i % 3 else "")
    root = write_workspace(tmp_path / "ws", files)
    monkeypatch.setattr(file_stage, "PARALLEL_MIN_BYTES", 0)
    serial = run(root, None, jobs=1)
    parallel = run(root, None, jobs=2)
    automatic = run(root, None)
    assert rendered(parallel) == rendered(serial) == rendered(automatic)
    assert serial.diagnostics


def test_workers_send_their_files_as_cache_entries_and_the_output_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the cache on, a worker sends each loaded file as its cache entry alone (its data as
    JSON text, not pickled again): the run, the next one after an edit and the serial uncached
    run agree."""
    files = {"base.yaml": GOOD}
    for i in range(12):
        files[f"if-{i:02d}.yaml"] = IFACE.replace("IF-1", f"IF-{i}") + ("    frequency: x\n" if i % 3 else "")
    root = write_workspace(tmp_path / "ws", files)
    monkeypatch.setattr(file_stage, "PARALLEL_MIN_BYTES", 0)
    sent: list[str] = []
    received = file_stage._received

    def watched(outcome: Any, *args: Any) -> Any:
        sent.append(type(outcome).__name__)
        return received(outcome, *args)

    monkeypatch.setattr(file_stage, "_received", watched)
    parallel = run(root, tmp_path / "cache", jobs=2)
    assert sent == ["_Encoded"] * len(files)
    assert rendered(parallel) == rendered(run(root, None, jobs=1))
    edited = root / "if-04.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("IF-4", "IF-40"), encoding="utf-8")
    (root / "if-05.yaml").write_text(IFACE.replace("IF-1", "IF-50"), encoding="utf-8")
    after_edit = run(root, tmp_path / "cache", jobs=2)
    assert rendered(after_edit) == rendered(run(root, None, jobs=1))
    assert parallel.diagnostics and rendered(after_edit) != rendered(parallel)


def test_progress_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from linter.run import progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    assert progress.wanted("text", Terminal())
    assert not progress.wanted("json", Terminal())
    assert not progress.wanted("text", io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted("text", Terminal())
    stream = Terminal()
    line = progress.Progress(True, stream)
    line.show("loading 3 files")
    line.clear()
    assert stream.getvalue().endswith("\r") and "loading 3 files" in stream.getvalue()
    silent = io.StringIO()
    progress.Progress(False, silent).show("x")
    assert silent.getvalue() == ""


def _entry(path: Path, size: int, age: float, now: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    os.utime(path, (now - age, now - age))
    return path


def test_trimming_removes_the_least_recently_used_entries_first(tmp_path: Path) -> None:
    now = 1_000_000_000.0
    base = tmp_path / f"v{cache_module.FORMAT}"
    old = _entry(base / "file" / "aa" / "old", 400, 500, now)
    middle = _entry(base / "workspace" / "bb" / "middle", 400, 300, now)
    recent = _entry(base / "replay" / "cc" / "recent.json", 400, 100, now)
    assert cache_module.trim(tmp_path, 1200, now) == 0, "within the limit: nothing removed"
    # Over the limit: down to 80 % of it, least recently used first.
    assert cache_module.trim(tmp_path, 1000, now) == 400
    assert not old.exists() and middle.exists() and recent.exists()
    assert cache_module.trim(tmp_path, 500, now) == 400
    assert not middle.exists() and recent.exists()


def test_a_hit_marks_an_entry_as_used(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    store.put("file", "ab" * 20, {"x": 1})
    store.put("file", "cd" * 20, {"y": 2})
    now = time.time()
    for entry in (tmp_path / f"v{cache_module.FORMAT}" / "file").rglob("*"):
        if entry.is_file():
            os.utime(entry, (now - 1000, now - 1000))
    assert store.get("file", "ab" * 20) == {"x": 1}  # touched now: the most recently used
    size = next(p for p in tmp_path.rglob("*") if p.is_file()).stat().st_size
    cache_module.trim(tmp_path, int(size * 1.9), time.time())
    assert store.get("file", "ab" * 20) == {"x": 1}
    assert store.get("file", "cd" * 20) is None


def test_stale_temporary_files_are_removed_and_fresh_ones_kept(tmp_path: Path) -> None:
    now = 1_000_000_000.0
    base = tmp_path / f"v{cache_module.FORMAT}" / "file" / "aa"
    stale = _entry(base / ".tmp-dead", 10, cache_module.STALE_TEMPORARY_SECONDS + 10, now)
    fresh = _entry(base / ".tmp-writing", 10, 5, now)
    cache_module.trim(tmp_path, 10**9, now)
    assert not stale.exists() and fresh.exists()


def test_trimming_runs_at_most_once_an_interval(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[float] = []
    monkeypatch.setattr(cache_module, "trim", lambda directory, limit, now: calls.append(now) or 0)
    cache_module.maybe_trim(tmp_path, now=10_000.0)
    cache_module.maybe_trim(tmp_path, now=10_000.0 + cache_module.TRIM_INTERVAL_SECONDS - 1)
    cache_module.maybe_trim(tmp_path, now=10_000.0 + cache_module.TRIM_INTERVAL_SECONDS + 1)
    assert len(calls) == 2
    cache_module.maybe_trim(None)
    assert len(calls) == 2


def test_a_run_keeps_the_cache_within_the_configured_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache_module.MAX_ENV, "0.000001")  # one byte: every entry is over the limit
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE})
    stale = _entry(tmp_path / "cache" / f"v{cache_module.FORMAT}" / "file" / "zz" / "stale", 100, 10_000, time.time())
    run(root, tmp_path / "cache")
    assert not stale.exists()
    assert cache_module.max_bytes() == 1
    monkeypatch.setenv(cache_module.MAX_ENV, "not a number")
    assert cache_module.max_bytes() == cache_module.DEFAULT_MAX_MB * 1_000_000


def test_an_entry_is_bound_to_its_kind_and_key(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    store.put("workspace", "ab" * 20, ["first"])
    store.put("workspace", "cd" * 20, ["second"])
    first, second = (next(tmp_path.rglob("*" + k * 19)) for k in ("ab", "cd"))
    first_bytes = first.read_bytes()
    first.write_bytes(second.read_bytes())  # swapped in under another key
    second.write_bytes(first_bytes)
    assert store.get("workspace", "ab" * 20) is None and store.get("workspace", "cd" * 20) is None
    store.put("file", "ef" * 20, ["a file entry"])
    moved = next(tmp_path.rglob("*" + "ef" * 19))
    target = tmp_path / "v1" / "workspace" / "ef" / ("ef" * 19)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(moved.read_bytes())  # the same key under another kind
    assert store.get("workspace", "ef" * 20) is None


def _entries(cache_dir: Path, kind: str) -> list[Path]:
    return [p for p in cache_dir.rglob("*") if p.is_file() and f"/{kind}/" in p.as_posix()]


def test_swapped_workspace_entries_never_turn_a_failing_run_green(tmp_path: Path) -> None:
    """Two workspaces, one failing and one clean: swapping their cached results is a miss."""
    failing = write_workspace(tmp_path / "bad", {"if.yaml": IFACE.replace("SYS-B", "SYS-NOWHERE")})
    clean = write_workspace(tmp_path / "good", {"base.yaml": "blueprint_version: 1\n"})
    cache_dir = tmp_path / "cache"
    env = {"BLUEPRINT_LINT_CACHE_DIR": str(cache_dir)}
    assert run_cli("check", "--select", "XR001", ".", cwd=failing, env=env).exit_code == 1
    before = set(_entries(cache_dir, "workspace"))
    assert run_cli("check", "--select", "XR001", ".", cwd=clean, env=env).exit_code == 0
    (bad_entry,) = [p for p in _entries(cache_dir, "workspace") if p in before]
    (good_entry,) = [p for p in _entries(cache_dir, "workspace") if p not in before]
    bad_bytes = bad_entry.read_bytes()
    bad_entry.write_bytes(good_entry.read_bytes())
    good_entry.write_bytes(bad_bytes)
    for replay in cache_dir.rglob("*"):
        if replay.is_file() and "/replay/" in replay.as_posix():
            replay.unlink()  # the replay store is keyed on its own; this tests the workspace layer
    assert run_cli("check", "--select", "XR001", ".", cwd=failing, env=env).exit_code == 1
    assert run_cli("check", "--select", "XR001", ".", cwd=clean, env=env).exit_code == 0


def test_a_well_formed_entry_of_the_wrong_shape_is_a_miss(tmp_path: Path) -> None:
    import pickle

    root = write_workspace(tmp_path / "ws", {"if.yaml": IFACE.replace("SYS-B", "SYS-NOWHERE")})
    cache_dir = tmp_path / "cache"
    env = {"BLUEPRINT_LINT_CACHE_DIR": str(cache_dir)}
    assert run_cli("check", "--select", "XR001", "--no-cache", ".", cwd=root).exit_code == 1
    assert run_cli("check", "--select", "XR001", ".", cwd=root, env=env).exit_code == 1
    for kind in ("workspace", "file"):
        for entry in _entries(cache_dir, kind):
            stored_kind, key, _ = pickle.loads(entry.read_bytes())
            entry.write_bytes(pickle.dumps((stored_kind, key, ("not", "the", "shape"))))
    for replay in cache_dir.rglob("*"):
        if replay.is_file() and "/replay/" in replay.as_posix():
            replay.unlink()
    result = run_cli("check", "--select", "XR001", ".", cwd=root, env=env)
    assert result.exit_code == 1, result.output  # a miss and a full run, not an internal error
    assert "XR001" in result.output


@pytest.mark.parametrize("value", ["plain text", ".nan", "2024-01-31", "{1: one}", "123456789012345678901234567890"])
def test_a_cached_file_gives_back_exactly_its_data(tmp_path: Path, value: str) -> None:
    """Per-file entries hold the data as JSON text: a cached load equals the fresh one, value for value."""
    path = tmp_path / "spec.yaml"
    path.write_text(f"blueprint_version: 1\nproject:\n  name: P\n  note: {value}\n  list: [1, 2.5, true, null]\n")
    cache = Cache(tmp_path / "cache")
    limits = LintOptions().limits
    snap = file_stage.snapshot(path, limits, tmp_path)
    fresh = file_stage.load_snapshot(snap, limits, cache)
    assert fresh.entry is not None
    file_stage.store_entries(cache, [fresh.entry])
    stored = cache.get("file", fresh.entry[0])[0]
    assert isinstance(stored, bytes)
    cached = file_stage.cached_outcome(snap, limits, cache)
    assert cached is not None
    assert repr(cached.data) == repr(fresh.data)
    assert cached.problems == fresh.problems and cached.schema_problems == fresh.schema_problems


def test_stored_json_that_does_not_read_back_is_a_miss(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("blueprint_version: 1\n")
    cache = Cache(tmp_path / "cache")
    limits = LintOptions().limits
    snap = file_stage.snapshot(path, limits, tmp_path)
    key = file_stage.file_key(snap, limits)
    for damaged in (b"{not json", b"[1, 2]"):
        cache.put("file", key, (damaged, [], [], True))
        assert file_stage.cached_outcome(snap, limits, cache) is None


@pytest.mark.parametrize(
    "data",
    [
        {"x": float("nan")},
        {"x": [1, float("-inf")]},
        {"when": datetime.date(2024, 1, 31)},
        {"at": datetime.datetime(2024, 1, 31, 8, 30)},
        {1: "a key that is not a string"},
        {"big": 123456789012345678901234567890},
    ],
    ids=["NaN", "an infinity", "a date", "a datetime", "an int key", "beyond 64 bits"],
)
def test_data_json_cannot_hold_exactly_is_stored_as_it_is(data: dict[object, object]) -> None:
    """The reference loader's data can hold what JSON cannot give back the same: it is pickled
    with the entry instead (the restricted unpickler reads plain data)."""
    assert file_stage._stored_data(data) is data
    assert file_stage._read_data(data) is data


@pytest.mark.parametrize(
    "data",
    [{"a": "x", "n": [1, 2.5, True]}, {"a": None, "b": "nullable", "c": [None, -0.0, 1e300]}],
    ids=["no null", "nulls"],
)
def test_data_json_holds_exactly_is_stored_as_json_text(data: dict[str, object]) -> None:
    """Whether or not the text holds ``null`` (only a NaN or an infinity is written so otherwise),
    data JSON gives back the same is stored as its text and reads back equal, types and all."""
    stored = file_stage._stored_data(data)
    assert isinstance(stored, bytes)
    back = file_stage._read_data(stored)
    assert back == data and repr(back) == repr(data)
