"""The warm path (linter/cache/replay.py): an identical run is replayed byte for byte without importing
the CLI, and anything that can change the result gives a full run instead."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from linter.cache import identity, replay
from tests.helpers import write_workspace
from tests.test_cache import GOOD, IFACE

ROOT = Path(__file__).resolve().parent.parent

# Runs the real entry point (linter.cli.launch, as the console script does) and records whether the
# full CLI was imported, i.e. whether the run was replayed or not.
DRIVER = """\
import atexit, sys
marker = sys.argv.pop(1)
atexit.register(lambda: open(marker, "w").write("full" if "linter.cli.main" in sys.modules else "replayed"))
from linter.cli import launch
launch.main()
"""


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    how: str  # "full" or "replayed"


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def cli(cwd: Path, cache_dir: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    marker = cwd.parent / f".marker-{os.getpid()}"
    environment = {k: v for k, v in os.environ.items() if k not in replay.ENV_INPUTS and not k.startswith("BLUEPRINT")}
    environment.update({"BLUEPRINT_LINT_CACHE_DIR": str(cache_dir), **(env or {})})
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, str(marker), *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    how = marker.read_text()
    marker.unlink()
    return Run(proc.returncode, proc.stdout, proc.stderr, how)


def same(a: Run, b: Run) -> bool:
    return (a.code, a.stdout, a.stderr) == (b.code, b.stdout, b.stderr)


def workspace(tmp_path: Path) -> Path:
    return write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE, "notes.yaml": "title: not a spec\n"})


def test_an_identical_run_is_replayed_byte_for_byte(tmp_path: Path, cache_dir: Path) -> None:
    root = workspace(tmp_path)
    args = ("check", ".", "--report", "sarif:out.sarif", "--report", "junit:out.xml")
    cold = cli(root, cache_dir, *args)
    assert cold.how == "full" and cold.code == 1 and "IF-1" in cold.stdout
    files = {name: (root / name).read_bytes() for name in ("out.sarif", "out.xml")}
    for name in files:
        (root / name).unlink()
    warm = cli(root, cache_dir, *args)
    assert warm.how == "replayed"
    assert same(warm, cold)
    assert {name: (root / name).read_bytes() for name in files} == files, "the report files are written again"


def test_warnings_and_exit_codes_are_replayed(tmp_path: Path, cache_dir: Path) -> None:
    root = workspace(tmp_path)
    for args in (("check", "-f", "json", "--fail-on", "never"), ("check", "-f", "github")):
        cold, warm = cli(root, cache_dir, *args), cli(root, cache_dir, *args)
        assert (cold.how, warm.how) == ("full", "replayed")
        assert same(warm, cold)


@pytest.mark.parametrize(
    "change",
    [
        "edit a spec file",
        "add a spec file",
        "remove a spec file",
        "rename a spec file",
        "turn a YAML file into a spec file",
        "edit the configuration",
        "add a nested workspace",
        "edit the baseline",
        "change an environment variable the tool reads",
        "change the arguments",
        "change the current directory",
    ],
)
def test_anything_that_can_change_the_result_runs_in_full(tmp_path: Path, cache_dir: Path, change: str) -> None:
    root = workspace(tmp_path)
    baseline = root / "baseline.yaml"
    (root / "sub").mkdir()
    subprocess.run(
        [sys.executable, "-m", "linter", "baseline", ".", "-o", str(baseline)],
        cwd=root,
        check=True,
        capture_output=True,
    )
    args = ["check", str(root), "-f", "json", "--baseline", str(baseline)]
    env: dict[str, str] = {}
    cwd = root
    assert cli(root, cache_dir, *args).how == "full"
    assert cli(root, cache_dir, *args).how == "replayed"
    if change == "edit a spec file":
        (root / "if.yaml").write_text(IFACE.replace("G-1", "G-2"), encoding="utf-8")
    elif change == "add a spec file":
        (root / "sub" / "more.yaml").write_text(IFACE.replace("IF-1", "IF-2"), encoding="utf-8")
    elif change == "remove a spec file":
        (root / "if.yaml").unlink()
    elif change == "rename a spec file":
        (root / "if.yaml").rename(root / "interfaces.yaml")
    elif change == "turn a YAML file into a spec file":
        (root / "notes.yaml").write_text(IFACE.replace("IF-1", "IF-3"), encoding="utf-8")
    elif change == "edit the configuration":
        (root / ".blueprint-lint.yaml").write_text("ignore: [XR003]\n", encoding="utf-8")
    elif change == "add a nested workspace":
        (root / "sub" / ".blueprint-lint.yaml").write_text("# nested\n", encoding="utf-8")
        (root / "sub" / "own.yaml").write_text(IFACE.replace("IF-1", "IF-9"), encoding="utf-8")
    elif change == "edit the baseline":
        baseline.write_text("baseline_version: 1\nfindings: []\n", encoding="utf-8")
    elif change == "change an environment variable the tool reads":
        env = {"NO_COLOR": "1"}
    elif change == "change the arguments":
        args.append("--fail-on=never")
    elif change == "change the current directory":
        cwd = root / "sub"
    changed = cli(cwd, cache_dir, *args, env=env)
    assert changed.how == "full", change
    fresh = cli(cwd, cache_dir, *args, "--no-cache", env=env)
    assert (changed.code, changed.stdout) == (fresh.code, fresh.stdout)
    assert cli(cwd, cache_dir, *args, env=env).how == "replayed", "the new result is cached in turn"


def test_no_cache_and_debug_neither_replay_nor_record(tmp_path: Path, cache_dir: Path) -> None:
    root = workspace(tmp_path)
    for flag in ("--no-cache", "--debug"):
        assert cli(root, cache_dir, "check", flag).how == "full"
        assert cli(root, cache_dir, "check", flag).how == "full"
    assert not (cache_dir / f"v{replay.FORMAT}" / "replay").exists()


def test_a_usage_error_is_not_recorded(tmp_path: Path, cache_dir: Path) -> None:
    root = workspace(tmp_path)
    first = cli(root, cache_dir, "check", "missing.yaml")
    second = cli(root, cache_dir, "check", "missing.yaml")
    assert first.code == second.code == 2 and second.how == "full"
    assert "missing.yaml" in second.stderr


def entries(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / f"v{replay.FORMAT}" / "replay").rglob("*.entry"))


def read_entry(path: Path) -> tuple[dict[str, Any], bytes]:
    """An entry's header and the bytes after it (linter/cache/replay.py, "The entry's layout")."""
    head, newline, body = path.read_bytes().partition(b"\n")
    assert newline, "an entry starts with one line of JSON"
    return json.loads(head), body


def write_entry(path: Path, header: dict[str, Any], body: bytes) -> None:
    path.write_bytes(json.dumps(header).encode("ascii") + b"\n" + body)


def test_a_damaged_entry_is_a_miss(tmp_path: Path, cache_dir: Path) -> None:
    root = workspace(tmp_path)
    cold = cli(root, cache_dir, "check", "-f", "json")
    for damage in ("", "{", '{"format": "1"}', "[]", json.dumps({"format": "1", "paths": 3})):
        for entry in entries(cache_dir):
            entry.write_text(damage, encoding="ascii")
        again = cli(root, cache_dir, "check", "-f", "json")
        assert again.how == "full" and same(again, cold), damage


def test_an_entry_whose_sizes_do_not_cover_its_bytes_is_a_miss(tmp_path: Path, cache_dir: Path) -> None:
    root = workspace(tmp_path)
    report = str(tmp_path / "report.json")  # outside the workspace: not a file it lints
    cold = cli(root, cache_dir, "check", "-f", "json", "-o", report)
    [entry] = entries(cache_dir)
    header, body = read_entry(entry)
    assert [name for name, _ in header["files"]] == [os.path.abspath(report)]
    assert sum(size for _, size in [*header["events"], *header["files"]]) == len(body)
    for damaged in (body[:-1], body + b"x", b""):
        write_entry(entry, header, damaged)
        again = cli(root, cache_dir, "check", "-f", "json", "-o", report)
        assert again.how == "full" and same(again, cold), len(damaged)
        write_entry(entry, header, body)
        assert cli(root, cache_dir, "check", "-f", "json", "-o", report).how == "replayed"


def test_an_entry_never_writes_where_the_arguments_do_not_point(tmp_path: Path, cache_dir: Path) -> None:
    root = workspace(tmp_path)
    cli(root, cache_dir, "check", "-o", "report.txt")
    [entry] = entries(cache_dir)
    data, body = read_entry(entry)
    victim = tmp_path / "victim.txt"
    data["files"].append([str(victim), len(b"overwritten")])
    write_entry(entry, data, body + b"overwritten")
    assert cli(root, cache_dir, "check", "-o", "report.txt").how == "full"
    assert not victim.exists()


def test_concurrent_runs_leave_whole_entries(tmp_path: Path, cache_dir: Path) -> None:
    root = workspace(tmp_path)
    environment = {**os.environ, "BLUEPRINT_LINT_CACHE_DIR": str(cache_dir)}
    command = [sys.executable, "-m", "linter", "check", "-f", "json"]
    procs = [subprocess.Popen(command, cwd=root, env=environment, stdout=subprocess.PIPE) for _ in range(4)]
    outputs = {p.communicate()[0] for p in procs}
    assert len(outputs) == 1
    assert not [p for p in cache_dir.rglob("*") if p.name.endswith(".tmp")]
    warm = subprocess.run(command, cwd=root, env=environment, capture_output=True, check=False)
    assert warm.stdout in outputs


def test_the_invocation_key_covers_the_tool_and_its_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    base = replay.invocation_key(["check"])
    assert replay.invocation_key(["check", "."]) != base
    monkeypatch.setattr(replay, "tool_fingerprint", lambda: "9.9.9-other")
    assert replay.invocation_key(["check"]) != base
    monkeypatch.undo()
    monkeypatch.setenv("BLUEPRINT_LINT_FAST_LOADER", "0")
    assert replay.invocation_key(["check"]) != base
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    keyed = replay.invocation_key(["check"])
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert replay.invocation_key(["check"]) != keyed


# Variables read only for the cache's own location, not for any result.
_LOCATION_ONLY = {"XDG_CACHE_HOME", identity.ENV_DIR}
_READ = re.compile(r"""(?:environ\.get|environ\[|getenv)\(?\s*["']([A-Z_][A-Z0-9_]*)["']""")


def test_every_environment_variable_the_tool_reads_is_part_of_the_key() -> None:
    read = set()
    for package in ("linter", "rules"):
        for source in (ROOT / package).rglob("*.py"):
            read |= set(_READ.findall(source.read_text(encoding="utf-8")))
    assert read, "the scan finds the variables"
    missing = {
        name
        for name in read - _LOCATION_ONLY
        if name not in replay.ENV_INPUTS and not name.startswith(replay.ENV_PREFIX)
    }
    assert missing == set()


def test_the_fingerprint_covers_engine_schemas_rules_and_data() -> None:
    covered = {
        (package, name)
        for package, directory in identity._package_directories()
        for name, _ in identity._source_files(directory)
    }
    assert ("linter", "cache/replay.py") in covered
    assert ("blueprint_lint_schemas", "blueprint-v1.schema.json") in covered
    assert ("blueprint_lint_rules", "data/limits-v1.yaml") in covered


def test_the_linux_cache_location_matches_platformdirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the lean location rule is Linux's; elsewhere platformdirs itself is used")
    from platformdirs import user_cache_dir

    monkeypatch.delenv(identity.ENV_DIR, raising=False)
    for xdg in (None, "", "  ", str(tmp_path / "xdg")):
        if xdg is None:
            monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_CACHE_HOME", xdg)
        assert identity.default_directory() == user_cache_dir("blueprint-lint", appauthor=False)


def test_the_warm_path_imports_little() -> None:
    code = (
        "import sys; from linter.cache import replay; print(sorted(m for m in sys.modules if m.split('.')[0] in "
        + repr(("click", "ruamel", "jsonschema", "yaml", "ryml", "linter"))
        + "))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout.replace("'", '"')) == [
        "linter",
        "linter.cache",
        "linter.cache.atomic",
        "linter.cache.identity",
        "linter.cache.replay",
    ]


def test_a_file_not_named_but_read_for_references_is_an_input(tmp_path: Path, cache_dir: Path) -> None:
    # pre-commit names only the changed files; the rest of the workspace still resolves references.
    root = workspace(tmp_path)
    args = ("check", "if.yaml", "-f", "json")
    assert cli(root, cache_dir, *args).how == "full"
    assert cli(root, cache_dir, *args).how == "replayed"
    (root / "base.yaml").write_text(GOOD.replace("G-1", "G-0"), encoding="utf-8")
    changed = cli(root, cache_dir, *args)
    assert changed.how == "full"
    assert "G-1" in changed.stdout, "the now-unresolved goal is reported"


def test_an_edited_schema_or_source_file_changes_the_fingerprint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    schema = tmp_path / "blueprint-v1.schema.json"
    schema.write_text('{"title": "v1"}', encoding="utf-8")
    monkeypatch.setattr(identity, "_package_directories", lambda: [("blueprint_lint_schemas", str(tmp_path))])
    identity.tool_fingerprint.cache_clear()
    try:
        before = identity.tool_fingerprint()
        schema.write_text('{"title": "v2"}', encoding="utf-8")
        identity.tool_fingerprint.cache_clear()
        assert identity.tool_fingerprint() != before
    finally:
        identity.tool_fingerprint.cache_clear()


def test_an_edited_plugin_module_runs_in_full(tmp_path: Path, cache_dir: Path) -> None:
    root = workspace(tmp_path)
    module = tmp_path / "plugin_rules.py"
    module.write_text("# a plugin's rule module\n", encoding="utf-8")
    assert cli(root, cache_dir, "check").how == "full"
    [entry] = entries(cache_dir)
    data, body = read_entry(entry)
    data["dependencies"] = [[str(module), replay.file_stamp(str(module))]]
    write_entry(entry, data, body)
    assert cli(root, cache_dir, "check").how == "replayed"
    module.write_text("# edited\n", encoding="utf-8")
    assert cli(root, cache_dir, "check").how == "full"


def test_rules_of_the_tools_own_packages_are_not_dependencies() -> None:
    # Whatever their origin says: the tool fingerprint covers their files. A plugin's package is a
    # dependency file by file (tests/test_cache_freshness.py).
    from linter.catalog.registry import RuleSet
    from linter.cli import main as cli_module
    from tests.helpers import ruleset

    builtin = ruleset().rules[0]
    relabelled = type(builtin)()
    relabelled.origin = "acme-rules 1.0"
    assert cli_module._plugin_files(RuleSet(rules=[builtin, relabelled])) == []


def _stored_decisions(cache_dir: Path) -> list[dict[str, bool]]:
    return [read_entry(path)[0]["ignore_decisions"] for path in entries(cache_dir)]


def test_a_miss_discovers_with_the_replays_walks_and_keeps_their_ignore_decisions(
    tmp_path: Path, cache_dir: Path
) -> None:
    """A replay that misses hands its walks to the full run (the workspace is not walked twice);
    the decisions those walks consulted go into the new entry, so the run after it replays and
    ignores what the .gitignore ignores, as a fresh run would."""
    root = workspace(tmp_path)
    (root / ".gitignore").write_text("ignored/\n")
    (root / "ignored").mkdir()
    (root / "ignored" / "x.yaml").write_text(GOOD.replace("G-1", "G-9"))
    args = ("check", ".", "-f", "json")
    cold = cli(root, cache_dir, *args)
    assert cold.how == "full" and "ignored/x.yaml" not in cold.stdout
    first = _stored_decisions(cache_dir)
    assert first and all(first), "the full run records the decisions its walks made"
    (root / "if.yaml").write_text((root / "if.yaml").read_text() + "\n")  # a miss: one file changed
    missed = cli(root, cache_dir, *args)
    assert missed.how == "full" and same(missed, cold)
    assert _stored_decisions(cache_dir) == first, "the decisions the replay's walks consulted are kept"
    warm = cli(root, cache_dir, *args)
    assert warm.how == "replayed" and same(warm, cold)
    (root / "if.yaml").write_text((root / "if.yaml").read_text().rstrip("\n") + "\n")
    fresh = cli(root, tmp_path / "other-cache", *args)
    assert same(cli(root, cache_dir, *args), fresh)
