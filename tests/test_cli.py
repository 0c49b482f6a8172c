"""The command line: exit codes, formats, listing and explaining rules (golden-style assertions)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import run_cli, write_workspace

ROOT = Path(__file__).resolve().parent.parent


def test_clean_example_exits_zero() -> None:
    result = run_cli("check", "examples/public-sector", cwd=ROOT)
    assert result.exit_code == 0, result.output
    assert result.output == "No problems found in 10 files checked.\n"


def test_broken_example_exits_one_with_located_text() -> None:
    result = run_cli("check", "examples/broken", cwd=ROOT)
    assert result.exit_code == 1
    assert (
        "examples/broken/interfaces/intake.yaml:8:13: error XR001 interface IF-WEB-REQUEST refers to "
        "undeclared system 'SYS-CRM' (did you mean 'SYS-CS'?) [unresolved-reference]\n"
        "  |\n"
        "8 |     target: SYS-CRM  # expect: XR001\n"
        "  |             ^^^^^^^\n"
    ) in result.output
    assert result.output.rstrip().splitlines()[-1].startswith("Found ")


def test_fail_on_threshold(tmp_path: Path) -> None:
    write_workspace(tmp_path, {"a.yaml": "blueprint_version: 1\ngoals:\n  - {id: G-1, statement: orphan}\n"})
    assert run_cli("check", cwd=tmp_path).exit_code == 0  # only a warning (orphan-goal)
    assert run_cli("check", "--fail-on", "warning", cwd=tmp_path).exit_code == 1
    assert run_cli("check", "--fail-on", "never", "examples/broken/interfaces", cwd=ROOT).exit_code == 0
    # ... but never on a file that could not be loaded (examples/broken/unloadable/syntax-error.yaml).
    assert run_cli("check", "--fail-on", "never", "examples/broken", cwd=ROOT).exit_code == 1


def test_syntax_error_exits_one_without_traceback(tmp_path: Path) -> None:
    write_workspace(tmp_path, {"bad.yaml": "blueprint_version: 1\ngoals: [unclosed\n"})
    proc = subprocess.run(
        [sys.executable, "-m", "linter", "check", "bad.yaml"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith("bad.yaml:2:8: error SY001 YAML syntax error")  # where the '[' opened
    assert "SY001" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("check", "nope.yaml", cwd=tmp_path)
    assert result.exit_code == 2
    assert "nope.yaml: no such file or directory" in result.output


def test_unknown_format_is_a_usage_error() -> None:
    assert run_cli("check", "-f", "xml", cwd=ROOT).exit_code == 2


def test_json_output_contract() -> None:
    result = run_cli("check", "-f", "json", "examples/broken", cwd=ROOT)
    payload = json.loads(result.stdout)
    first = payload["diagnostics"][0]
    assert list(first) == [
        "code",
        "name",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "pointer",
    ]
    keys = [(d["file"], d["line"], d["column"], d["code"]) for d in payload["diagnostics"]]
    assert keys == sorted(keys)
    assert payload["summary"]["total"] == len(payload["diagnostics"])
    assert all(not d["file"].startswith("/") for d in payload["diagnostics"])


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run_cli("check", "-f", "json", "-o", str(out), "examples/broken", cwd=ROOT)
    assert result.exit_code == 1
    assert result.output == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["total"] > 0


def test_sarif_is_a_sarif_log() -> None:
    payload = json.loads(run_cli("check", "-f", "sarif", "examples/broken", cwd=ROOT).stdout)
    assert payload["version"] == "2.1.0"
    run = payload["runs"][0]
    assert run["tool"]["driver"]["name"] == "blueprint-lint"
    assert run["results"]


def test_rules_json_lists_metadata() -> None:
    payload = json.loads(run_cli("rules", "--format", "json").stdout)
    codes = {rule["code"] for rule in payload}
    assert {"XR001", "XR002", "XR003", "XR004", "XR005", "CP002", "CP003", "CP007"} <= codes
    builtin = [r for r in payload if r["origin"] == "built-in"]
    assert builtin and all(r["summary"] and r["rationale"] and r["how_to_fix"] for r in builtin)


def test_explain_by_code_and_by_name() -> None:
    by_code = run_cli("explain", "XR003")
    by_name = run_cli("explain", "interface-without-goal")
    assert by_code.exit_code == 0
    assert by_code.output == by_name.output
    assert "### Why" in by_code.output and "### Failing example" in by_code.output
    assert run_cli("explain", "XX999").exit_code == 2


def test_version_and_module_entry_point() -> None:
    proc = subprocess.run([sys.executable, "-m", "linter", "--version"], capture_output=True, text=True, check=True)
    assert proc.stdout.startswith("blueprint-lint, version ")
    # The entry point answers --version without importing click; click's own answer is the same.
    assert proc.stdout == run_cli("--version").output


def test_no_color_when_not_a_terminal_and_with_no_color(tmp_path: Path) -> None:
    result = run_cli("check", "examples/broken", cwd=ROOT)
    assert "\x1b[" not in result.output
    forced = run_cli("check", "--color", "always", "examples/broken", cwd=ROOT)
    assert "\x1b[" in forced.output
    assert "\x1b[" not in run_cli("check", "--color", "auto", "examples/broken", cwd=ROOT, env={"NO_COLOR": "1"}).output
