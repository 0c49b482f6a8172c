"""Hostile file systems: special files, links, loops, odd names; and tags that must never run.

The tests run as root, so ``chmod 000`` does not make a file unreadable; a FIFO (which would block
a naive reader forever), a directory named ``x.yaml`` and dangling or looping links are used
instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from linter.run.engine import lint
from tests.helpers import ruleset, write_workspace
from tests.hostile._run import run_cli

GOOD = "blueprint_version: 1\ngoals:\n  - id: G-1\n    statement: Citizens follow their requests online\n"


def _json(completed: object) -> dict[str, object]:
    return json.loads(completed.stdout)  # type: ignore[attr-defined,no-any-return]


def test_a_fifo_named_on_the_command_line_is_refused_not_waited_on(tmp_path: Path) -> None:
    write_workspace(tmp_path, {})
    os.mkfifo(tmp_path / "pipe.yaml")
    completed = run_cli("check", "--format", "json", "pipe.yaml", cwd=tmp_path, timeout=60)
    assert completed.returncode == 1 and "Traceback" not in completed.stderr
    (diagnostic,) = _json(completed)["diagnostics"]  # type: ignore[misc]
    assert diagnostic["code"] == "SY009" and diagnostic["file"] == "pipe.yaml"
    assert "not a regular file" in diagnostic["message"]


def test_a_fifo_in_a_walk_is_skipped(tmp_path: Path) -> None:
    write_workspace(tmp_path, {"spec.yaml": GOOD})
    os.mkfifo(tmp_path / "pipe.yaml")
    completed = run_cli("check", "--format", "json", ".", cwd=tmp_path, timeout=60)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_a_directory_named_x_yaml_is_walked_as_a_directory(tmp_path: Path) -> None:
    write_workspace(tmp_path, {"x.yaml/inner.yaml": GOOD, "spec.yaml": "blueprint_version: 1\n"})
    for args in (["."], ["x.yaml"]):
        completed = run_cli("check", "--format", "json", *args, cwd=tmp_path)
        assert completed.returncode == 0, completed.stdout + completed.stderr
        assert "Traceback" not in completed.stderr


def test_a_dangling_symlink_named_on_the_command_line_is_a_usage_error(tmp_path: Path) -> None:
    write_workspace(tmp_path, {})
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "missing.yaml")
    completed = run_cli("check", "gone.yaml", cwd=tmp_path)
    assert completed.returncode == 2
    assert "gone.yaml" in completed.stderr and "Traceback" not in completed.stderr


def test_dangling_links_and_link_loops_in_a_walk_are_skipped(tmp_path: Path) -> None:
    write_workspace(tmp_path, {"spec.yaml": GOOD})
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "missing.yaml")
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)  # a directory loop: never followed
    completed = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert _json(completed)["summary"]["files_checked"] == 1  # type: ignore[index]


def test_a_symlink_loop_named_on_the_command_line_is_a_usage_error(tmp_path: Path) -> None:
    write_workspace(tmp_path, {})
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    completed = run_cli("check", "a.yaml", cwd=tmp_path)
    assert completed.returncode == 2 and "a.yaml" in completed.stderr and "Traceback" not in completed.stderr


@pytest.fixture
def outside_secret(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text("blueprint_version: 1\ngoals:\n  - id: G-SECRET\n    statement: do not read me\n")
    return secret


def test_symlinks_out_of_the_workspace_are_refused_in_a_walk(tmp_path: Path, outside_secret: Path) -> None:
    workspace = write_workspace(tmp_path / "ws", {"spec.yaml": GOOD})
    (workspace / "linked.yaml").symlink_to(outside_secret)
    completed = run_cli("check", "--format", "json", ".", cwd=workspace)
    assert "G-SECRET" not in completed.stdout and "do not read me" not in completed.stdout
    found = _json(completed)["diagnostics"]
    # SY010: the refused file holds back the rules that conclude from absence, and says so.
    (diagnostic,) = [d for d in found if d["code"].startswith("SY") and d["code"] != "SY010"]  # type: ignore[attr-defined]
    assert (diagnostic["code"], diagnostic["file"]) == ("SY009", "linked.yaml")
    assert "outside the workspace root" in diagnostic["message"]
    assert completed.returncode == 1


def test_symlinks_out_of_the_workspace_are_refused_when_named(tmp_path: Path, outside_secret: Path) -> None:
    workspace = write_workspace(tmp_path / "ws", {"spec.yaml": GOOD})
    (workspace / "linked.yaml").symlink_to(outside_secret)
    result = lint([Path("linked.yaml")], ruleset(), cwd=workspace)
    assert [(d.code, d.file) for d in result.diagnostics] == [("SY009", "linked.yaml"), ("SY010", "linked.yaml")]
    assert "G-SECRET" not in " ".join(result.sources)


def test_a_symlinked_directory_out_of_the_workspace_is_not_followed(tmp_path: Path, outside_secret: Path) -> None:
    workspace = write_workspace(tmp_path / "ws", {"spec.yaml": GOOD})
    (workspace / "shared").symlink_to(outside_secret.parent, target_is_directory=True)
    result = lint([Path(".")], ruleset(), cwd=workspace)
    assert result.files == ["spec.yaml"]


def test_symlinks_inside_the_workspace_are_read(tmp_path: Path) -> None:
    workspace = write_workspace(tmp_path / "ws", {"real/spec.yaml": GOOD})
    (workspace / "alias.yaml").symlink_to(workspace / "real" / "spec.yaml")
    result = lint([Path("alias.yaml")], ruleset(), cwd=workspace)
    assert not [d for d in result.diagnostics if d.code.startswith("SY")]


@pytest.mark.parametrize("name", ["with space/my spec.yaml", "ünïcødé/blüeprint ✓.yaml", "日本/設計.yaml"])
def test_paths_with_spaces_and_non_ascii_characters(tmp_path: Path, name: str) -> None:
    write_workspace(tmp_path, {name: 'blueprint_version: 1\ngoals:\n  - id: "G-1\n'})
    for fmt in ("text", "json", "sarif"):
        completed = run_cli("check", "--format", fmt, name, cwd=tmp_path, env={"LC_ALL": "C", "LANG": "C"})
        assert completed.returncode == 1 and "Traceback" not in completed.stderr, completed.stderr
        assert name in completed.stdout or fmt == "sarif"
    walked = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    assert [d["file"] for d in _json(walked)["diagnostics"]] == [name]  # type: ignore[index]


def test_a_file_name_that_is_not_utf8_is_shown_not_crashed_on(tmp_path: Path) -> None:
    write_workspace(tmp_path, {})
    raw_name = os.fsencode(tmp_path) + b"/caf\xe9.yaml"
    with open(raw_name, "wb") as handle:
        handle.write(b'blueprint_version: 1\ngoals:\n  - id: "G-1\n')
    for fmt in ("text", "json", "sarif"):
        completed = run_cli("check", "--format", fmt, ".", cwd=tmp_path)
        assert completed.returncode == 1 and "Traceback" not in completed.stderr, completed.stderr
    assert "caf\ufffd.yaml" in run_cli("check", ".", cwd=tmp_path).stdout


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/apply:subprocess.call",
        "!!python/object/new:os.system",
        "!!python/name:os.system",
        "!!python/module:os",
    ],
)
def test_python_tags_never_execute(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "pwned"
    command = f"touch {marker}"
    spec = f"blueprint_version: 1\nproject: {tag} [{json.dumps(command)}]\n"
    if tag.endswith(("name:os.system", "module:os")):
        spec = f"blueprint_version: 1\nproject: {tag} ''\n"
    write_workspace(tmp_path, {"spec.yaml": spec})
    completed = run_cli("check", "--format", "json", "spec.yaml", cwd=tmp_path)
    assert completed.returncode == 1 and "Traceback" not in completed.stderr
    assert "SY005" in completed.stdout
    assert not marker.exists()


def test_an_unreadable_directory_in_a_walk_is_not_a_crash(tmp_path: Path) -> None:
    # As root, permissions do not stop reads; what the walk can meet instead is a directory that
    # vanishes or cannot be listed, which os.walk reports through onerror (ignored by default).
    write_workspace(tmp_path, {"spec.yaml": GOOD})
    (tmp_path / "locked").mkdir(mode=0)
    completed = run_cli("check", ".", cwd=tmp_path)
    assert completed.returncode == 0 and "Traceback" not in completed.stderr
