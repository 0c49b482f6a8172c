"""``check - --stdin-filename PATH``: standard input linted as if it were that file, in its workspace."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import write_workspace

GOALS = "blueprint_version: 1\ngoals:\n  - {id: G-1, statement: Orders reach the ERP, owner: Sales}\n"
SYSTEMS = (
    "blueprint_version: 1\nsystems:\n"
    "  - {id: SYS-A, name: Sales, kind: d365_customer_engagement}\n"
    "  - {id: SYS-B, name: ERP, kind: d365_finance_operations}\n"
)


class _Run:
    def __init__(self, done: subprocess.CompletedProcess[bytes]) -> None:
        self.returncode = done.returncode
        self.stdout = done.stdout.decode("utf-8")
        self.stderr = done.stderr.decode("utf-8")


def _check(cwd: Path, stdin: bytes, *args: str) -> _Run:
    env = {**os.environ, "BLUEPRINT_LINT_CACHE_DIR": str(cwd.parent / "cache"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "linter", "check", *args]
    return _Run(subprocess.run(command, input=stdin, capture_output=True, cwd=cwd, env=env, timeout=120, check=False))


def _findings(result: _Run) -> list[tuple[str, str, int]]:
    payload = json.loads(result.stdout)
    return [(d["code"], d["file"], d["line"]) for d in payload["diagnostics"]]


def test_stdin_resolves_references_against_the_workspace_of_its_filename(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"goals.yaml": GOALS, "systems.yaml": SYSTEMS})
    text = (
        b"blueprint_version: 1\ninterfaces:\n"
        b"  - id: IF-1\n    goals: [G-1]\n    source: SYS-A\n    target: SYS-MISSING\n"
    )
    result = _check(root, text, "-", "--stdin-filename", "interfaces/new.yaml", "-f", "json", "--select", "XR001")
    assert result.returncode == 1, result.stderr
    # Located in the stand-in file (which does not exist on disk), SYS-A and G-1 resolved from disk.
    assert _findings(result) == [("XR001", "interfaces/new.yaml", 6)]
    assert not (root / "interfaces").exists()


def test_stdin_takes_precedence_over_the_file_on_disk(tmp_path: Path) -> None:
    duplicated = SYSTEMS + "goals:\n  - {id: G-1, statement: again, owner: Sales}\n"
    root = write_workspace(tmp_path / "ws", {"goals.yaml": GOALS, "systems.yaml": duplicated})
    on_disk = _check(
        root, duplicated.encode(), "-", "--stdin-filename", "systems.yaml", "-f", "json", "--select", "XR002"
    )
    assert ("XR002", "systems.yaml", 6) in _findings(on_disk)
    # The buffer on standard input fixes what the file on disk still has.
    fixed = _check(root, SYSTEMS.encode(), "-", "--stdin-filename", "systems.yaml", "-f", "json", "--select", "XR002")
    assert fixed.returncode == 0, fixed.stdout
    assert _findings(fixed) == []


def test_stdin_without_a_filename_is_shown_as_a_dash(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {})
    result = _check(
        root, b"blueprint_version: 1\ninterfaces:\n  - id: IF-1\n    source: SYS-X\n", "-", "--select", "XR001"
    )
    assert result.returncode == 1
    assert "-:4:13: error XR001" in result.stdout


def test_stdin_usage_errors(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"goals.yaml": GOALS})
    lone = _check(root, b"", "--stdin-filename", "x.yaml")
    assert lone.returncode == 2 and "pass `-` as the path" in lone.stderr
    mixed = _check(root, b"", "-", "goals.yaml")
    assert mixed.returncode == 2 and "cannot be combined" in mixed.stderr


def test_stdin_is_bound_by_the_same_limits_as_a_file(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {})
    big = b"blueprint_version: 1\n# " + b"x" * 2000 + b"\n"
    result = _check(root, big, "-", "--stdin-filename", "big.yaml", "--max-file-bytes", "1000", "-f", "json")
    assert result.returncode == 1
    assert [code for code, _, _ in _findings(result)] == ["SY007"]
    binary = _check(root, b"blueprint_version: 1\n\x00\x01", "-", "--stdin-filename", "b.yaml", "-f", "json")
    assert [code for code, _, _ in _findings(binary)] == ["SY009"]


def test_stdin_honours_force_exclude(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"goals.yaml": GOALS}, config="exclude: ['drafts/**']\n")
    text = b"blueprint_version: 1\ninterfaces:\n  - id: IF-1\n    source: SYS-X\n"
    excluded = _check(root, text, "-", "--stdin-filename", "drafts/x.yaml", "--force-exclude", "--select", "XR001")
    assert excluded.returncode == 0, excluded.stdout
    linted = _check(root, text, "-", "--stdin-filename", "drafts/x.yaml", "--select", "XR001")
    assert linted.returncode == 1
