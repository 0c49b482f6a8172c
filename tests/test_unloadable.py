"""A file that cannot be loaded always fails the run: no selection, severity, suppression,
per-file ignore, baseline or fail-on turns it green (issue "Trust the verdict", item 1)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import run_cli, write_workspace

ROOT = Path(__file__).resolve().parent.parent
GOOD = "blueprint_version: 1\n"
BROKEN = 'blueprint_version: 1\ngoals:\n  - id: G-2\n    statement: "a quote that never closes\n'


def _workspace(tmp_path: Path, config: str = "# workspace\n", broken: str = BROKEN) -> Path:
    return write_workspace(tmp_path / "ws", {"good.yaml": GOOD, "broken.yaml": broken}, config=config)


def _codes(output: str) -> list[str]:
    return sorted(d["code"] for d in json.loads(output)["diagnostics"])


@pytest.mark.parametrize(
    "flags",
    [
        (),
        ("--select", "XR001"),
        ("--ignore", "SY001"),
        ("--ignore", "SY"),
        ("--select", "SU", "--ignore", "ALL"),
        ("--fail-on", "never"),
    ],
)
def test_command_line_selection_never_hides_a_syntax_error(tmp_path: Path, flags: tuple[str, ...]) -> None:
    root = _workspace(tmp_path)
    result = run_cli("check", "-f", "json", *flags, ".", cwd=root)
    assert result.exit_code == 1, result.output
    found = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "SY001"]
    assert [(d["file"], d["severity"]) for d in found] == [("broken.yaml", "error")]


def test_the_shipped_syntax_error_fails_whatever_is_selected() -> None:
    for flags in (("--select", "XR001"), ("--ignore", "SY001")):
        result = run_cli("check", *flags, "examples/broken/unloadable/syntax-error.yaml", cwd=ROOT)
        assert result.exit_code == 1 and "SY001" in result.output, result.output


@pytest.mark.parametrize(
    "config",
    [
        "ignore: [SY001]\n",
        "select: [XR]\n",
        "severity: {SY001: info}\nfail-on: error\n",
        "severity: {SY: info}\n",
        "fail-on: never\n",
        "per-file-ignores:\n  '*.yaml': [SY001]\n",
        "per-file-ignores:\n  'broken.yaml': [ALL]\n",
    ],
)
def test_configuration_never_hides_a_syntax_error(tmp_path: Path, config: str) -> None:
    root = _workspace(tmp_path, config)
    result = run_cli("check", "-f", "json", ".", cwd=root)
    assert result.exit_code == 1, result.output
    found = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "SY001"]
    assert [d["severity"] for d in found] == ["error"]


def test_an_inline_suppression_cannot_hide_it_and_says_so(tmp_path: Path) -> None:
    broken = "# blueprint-lint: disable-file=SY001 -- trying to hide it\n" + BROKEN
    root = _workspace(tmp_path, broken=broken)
    result = run_cli("check", "-f", "json", ".", cwd=root)
    assert result.exit_code == 1
    diagnostics = json.loads(result.stdout)["diagnostics"]
    assert [d["code"] for d in diagnostics] == ["SU002", "SY010", "SY001"], "good.yaml loaded: rules held back"
    assert "SY001, which cannot be suppressed" in diagnostics[0]["message"]


def test_a_baseline_never_records_or_hides_a_file_that_does_not_load(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    written = run_cli("baseline", "-o", "baseline.yaml", ".", cwd=root)
    assert written.exit_code == 0
    assert "broken.yaml could not be loaded; a baseline never hides that" in written.stderr
    assert "SY001" not in (root / "baseline.yaml").read_text(encoding="utf-8")
    result = run_cli("check", "-f", "json", "--baseline", "baseline.yaml", ".", cwd=root)
    assert result.exit_code == 1 and _codes(result.output) == ["SY001"]


def test_a_baseline_written_before_this_rule_does_not_hide_it_either(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    (root / "baseline.yaml").write_text(
        "baseline_version: 1\nfindings:\n"
        '  - {code: SY001, file: broken.yaml, entity: "", path: "", hash: x, message: "YAML syntax error"}\n',
        encoding="utf-8",
    )
    result = run_cli("check", "-f", "json", "--baseline", "baseline.yaml", ".", cwd=root)
    assert result.exit_code == 1 and "SY001" in _codes(result.output)


@pytest.mark.parametrize(
    ("content", "flags", "code"),
    [
        (b"\x00\x01binary", (), "SY009"),
        (b"# nothing but a comment\n", (), "SY003"),
        (b"blueprint_version: 1\nproject: {name: [[[[[[[[x]]]]]]]]}\n", ("--max-depth", "6"), "SY006"),
        (b"blueprint_version: 1\n" + b"# padding\n" * 200, ("--max-file-bytes", "100"), "SY007"),
    ],
)
def test_every_kind_of_unloadable_file_fails_whatever_is_ignored(
    tmp_path: Path, content: bytes, flags: tuple[str, ...], code: str
) -> None:
    root = write_workspace(tmp_path / "ws", {"good.yaml": GOOD}, config="ignore: [SY]\nfail-on: never\n")
    (root / "bad.yaml").write_bytes(content)
    result = run_cli("check", "-f", "json", "--ignore", code, *flags, "bad.yaml", cwd=root)
    assert result.exit_code == 1, result.output
    assert code in _codes(result.output)


def test_tunable_load_problems_stay_tunable(tmp_path: Path) -> None:
    """A duplicate key leaves the file loaded: a team may still ignore SY002."""
    root = _workspace(tmp_path, "ignore: [SY002]\n", broken="blueprint_version: 1\ngoals: []\ngoals: []\n")
    result = run_cli("check", "-f", "json", ".", cwd=root)
    assert result.exit_code == 0 and _codes(result.output) == []
    shown = run_cli("check", "-f", "json", "--select", "SY", ".", cwd=root)
    assert _codes(shown.output) == ["SY002"], "the selection really reaches SY002"


def test_the_shipped_broken_example_still_reports_its_syntax_error_once(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples" / "broken", tmp_path / "broken")
    result = run_cli("check", "-f", "json", "--select", "XR001", ".", cwd=tmp_path / "broken")
    assert result.exit_code == 1
    assert _codes(result.output).count("SY001") == 1


def test_a_walk_that_finds_no_blueprint_warns(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {})
    (root / "notes.yaml").write_text("title: not a blueprint\n", encoding="utf-8")
    (root / "sub").mkdir()
    result = run_cli("check", "-f", "json", ".", "sub", cwd=root)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["files_checked"] == 0
    assert result.stderr.count("blueprint-lint: warning:") == 3
    assert "blueprint-lint: warning: .: no blueprint file to lint" in result.stderr
    assert "blueprint-lint: warning: sub: no blueprint file to lint" in result.stderr
    assert "blueprint-lint: warning: 1 YAML/JSON file without a top-level `blueprint_version` key was skipped" in (
        result.stderr
    )


def test_a_walk_that_finds_blueprints_says_nothing_more(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"good.yaml": GOOD})
    result = run_cli("check", ".", cwd=root)
    assert result.exit_code == 0 and result.stderr == ""


def test_a_named_file_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"good.yaml": GOOD})
    result = run_cli("check", "missing.yaml", cwd=root)
    assert result.exit_code == 2 and "missing.yaml: no such file or directory" in result.stderr


# -- no cascade: a file that does not load holds back the rules that conclude from absence ------
EXAMPLE = ROOT / "examples" / "public-sector"
EXAMPLE_FILES = sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*.yaml") if p.name[0] != ".")


@pytest.mark.parametrize("broken", EXAMPLE_FILES)
def test_one_broken_file_gives_no_finding_in_the_others(tmp_path: Path, broken: str) -> None:
    """Any one file of the clean example turned unparseable: its own SY001 (and the SY010 naming
    the held-back rules) and nothing anywhere else (one error in systems.yaml gave 63 findings)."""
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    (root / broken).write_text(BROKEN, encoding="utf-8")
    result = run_cli("check", "-f", "json", ".", cwd=root)
    assert result.exit_code == 1
    found = [(d["file"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert found == [(broken, "SY010"), (broken, "SY001")]


def test_the_held_back_rules_are_named_and_the_others_still_run(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    (root / "systems.yaml").write_text(BROKEN, encoding="utf-8")
    (root / "interfaces" / "web-request.yaml").write_text(
        (EXAMPLE / "interfaces" / "web-request.yaml").read_text(encoding="utf-8")
        + "  - {id: IF-SAME, source: SYS-X, target: SYS-X}\n",
        encoding="utf-8",
    )
    result = run_cli("check", "-f", "json", ".", cwd=root)
    diagnostics = json.loads(result.stdout)["diagnostics"]
    held = next(d for d in diagnostics if d["code"] == "SY010")
    assert held["severity"] == "info" and held["file"] == "systems.yaml"
    assert "XR001" in held["message"] and "XR005" in held["message"] and "SE002" not in held["message"]
    codes_elsewhere = {d["code"] for d in diagnostics if d["file"] != "systems.yaml"}
    assert "XR007" in codes_elsewhere, "a rule that needs no other file still reports"
    assert "XR001" not in codes_elsewhere


def test_naming_only_a_good_file_still_says_why_rules_were_held_back(tmp_path: Path) -> None:
    """pre-commit names only the changed files; the broken one is elsewhere in the workspace. It
    does not fail the run by itself (issue 17): the held-back rules are said on stderr instead."""
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    (root / "systems.yaml").write_text(BROKEN, encoding="utf-8")
    result = run_cli("check", "-f", "json", "--fail-on", "info", "interfaces/web-request.yaml", cwd=root)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["diagnostics"] == []
    assert (
        "blueprint-lint: warning: systems.yaml, outside the named paths, could not be loaded (check it to see why): "
    ) in result.stderr
    assert "rules that conclude from what is absent were held back until it loads (" in result.stderr


def test_a_custom_rule_with_references_is_held_back_too(tmp_path: Path) -> None:
    config = (
        "custom-rules:\n"
        "  - {code: CUS001, name: goal-owner-declared, kind: goal, field: owner, references: system,\n"
        "     message: '{entity} owner is not a declared system'}\n"
    )
    spec = "blueprint_version: 1\ngoals:\n  - {id: G-1, statement: Faster case handling, owner: SYS-A}\n"
    root = write_workspace(tmp_path / "ws", {"goals.yaml": spec, "systems.yaml": BROKEN}, config=config)
    result = run_cli("check", "-f", "json", "--select", "CUS,SY", ".", cwd=root)
    found = [(d["file"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert ("goals.yaml", "CUS001") not in found
    assert "CUS001" in next(d["message"] for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "SY010")
    (root / "systems.yaml").write_text("blueprint_version: 1\n", encoding="utf-8")
    fixed = run_cli("check", "-f", "json", "--select", "CUS,SY", ".", cwd=root)
    assert [(d["file"], d["code"]) for d in json.loads(fixed.stdout)["diagnostics"]] == [("goals.yaml", "CUS001")]


# -- no cascade, through the command line, for every way a file can fail to load (issue 14, item 13)
GOALS = (
    "blueprint_version: 1\ngoals:\n  - {id: G-1, statement: Faster case handling}\n"
    "  - {id: G-2, statement: Fewer lost requests}\n"
)
SYSTEMS = "blueprint_version: 1\nsystems:\n  - {id: SYS-A, kind: portal}\n  - {id: SYS-B, kind: saas}\n"
# What the unloadable file would have declared: the interface that serves G-1 and uses both systems,
# and a system another file's interface refers to.
SERVES = (
    "blueprint_version: 1\nsystems:\n  - {id: SYS-C, kind: saas}\n"
    "interfaces:\n  - {id: IF-1, source: SYS-A, target: SYS-B, goals: [G-1]}\n"
)
USES_C = "blueprint_version: 1\ninterfaces:\n  - {id: IF-2, source: SYS-C, target: SYS-B, goals: [G-2]}\n"
ABSENCE_CODES = {"XR001", "XR003", "XR004", "XR005"}


@pytest.mark.parametrize(
    ("content", "flags", "code"),
    [
        (BROKEN.encode(), (), "SY001"),
        # A walk lints the files that declare blueprint_version: these do, and still do not load.
        (b"blueprint_version: 1\ngoals: [\xff\xfe]\n", (), "SY009"),
        (b"blueprint_version: 1\n---\n- a second document that is a list\n", (), "SY003"),
        (b"blueprint_version: 1\nproject: {name: [[[[[[[[x]]]]]]]]}\n", ("--max-depth", "6"), "SY006"),
        (b"blueprint_version: 1\n" + b"# padding\n" * 200, ("--max-file-bytes", "150"), "SY007"),
    ],
)
def test_an_unloadable_file_gives_no_absence_finding_in_the_others(
    tmp_path: Path, content: bytes, flags: tuple[str, ...], code: str
) -> None:
    files = {"goals.yaml": GOALS, "systems.yaml": SYSTEMS, "more.yaml": USES_C}
    root = write_workspace(tmp_path / "ws", files)
    (root / "interfaces.yaml").write_bytes(content)
    result = run_cli("check", "-f", "json", *flags, ".", cwd=root)
    found = json.loads(result.stdout)["diagnostics"]
    assert result.exit_code == 1, result.output
    assert {d["code"] for d in found} & ABSENCE_CODES == set(), found
    assert ("interfaces.yaml", code) in {(d["file"], d["code"]) for d in found}
    held = next(d for d in found if d["code"] == "SY010")
    assert held["file"] == "interfaces.yaml" and all(c in held["message"] for c in sorted(ABSENCE_CODES))
    # The same file loaded but empty: the absence is now real, and the same run reports it.
    (root / "interfaces.yaml").write_text("blueprint_version: 1\n", encoding="utf-8")
    loaded = {
        (d["file"], d["code"]) for d in json.loads(run_cli("check", "-f", "json", ".", cwd=root).stdout)["diagnostics"]
    }
    assert {("goals.yaml", "XR004"), ("systems.yaml", "XR005"), ("more.yaml", "XR001")} <= loaded, loaded
    # And loaded with what it declares: nothing is absent.
    (root / "interfaces.yaml").write_text(SERVES, encoding="utf-8")
    complete = json.loads(run_cli("check", "-f", "json", ".", cwd=root).stdout)["diagnostics"]
    assert {d["code"] for d in complete} & ABSENCE_CODES == set(), complete


def test_the_shipped_unloadable_workspace_reports_only_its_syntax_error() -> None:
    result = run_cli("check", "-f", "json", "examples/broken/unloadable", cwd=ROOT)
    assert result.exit_code == 1
    assert [(d["file"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]] == [
        ("examples/broken/unloadable/syntax-error.yaml", "SY001")
    ]


def test_the_unloadable_workspace_holds_back_nothing_of_the_broken_example() -> None:
    """It is a workspace of its own: the rest of examples/broken keeps its absence findings."""
    result = run_cli("check", "-f", "json", ".", cwd=ROOT / "examples" / "broken")
    found = {(d["file"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert ("unloadable/syntax-error.yaml", "SY001") in found
    assert not any(code == "SY010" for _, code in found)
    assert {("blueprint.yaml", "XR004"), ("blueprint.yaml", "XR005"), ("interfaces/intake.yaml", "XR001")} <= found
