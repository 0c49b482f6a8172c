"""Directory walks respect .gitignore, .ignore and .git/info/exclude (issue 17 item 3): nested
files, negations, directory patterns, --no-respect-gitignore, named files, and the replay."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from linter.discover.workspace import walk_specs
from tests.helpers import run_cli, write_workspace
from tests.test_replay import cache_dir, cli  # noqa: F401 (the fixture is used by name)

SPEC = "blueprint_version: 1\ngoals:\n  - {id: G-1, statement: Served}\n"


def shown(root: Path, *args: str) -> list[str]:
    """The files ``check --show-files`` lists (their names only)."""
    result = run_cli("check", "--show-files", *args, cwd=root)
    assert result.exit_code == 0, result.output
    return [line.split(" (workspace ")[0] for line in result.stdout.splitlines()]


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_generated_copy_in_an_ignored_folder_is_not_merged_into_the_blueprint(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"goals.yaml": SPEC, "out/goals.yaml": SPEC, ".gitignore": "out/\n"})
    result = run_cli("check", "-f", "json", ".", cwd=root)
    report = json.loads(result.stdout)
    assert "XR002" not in {d["code"] for d in report["diagnostics"]}, "the copy is not a duplicate"
    assert report["summary"]["files_checked"] == 1
    unignored = run_cli("check", "-f", "json", "--no-respect-gitignore", ".", cwd=root)
    assert "XR002" in {d["code"] for d in json.loads(unignored.stdout)["diagnostics"]}


def test_nested_files_negations_and_ignore_files(tmp_path: Path) -> None:
    root = write_workspace(
        tmp_path / "ws",
        {
            name: SPEC
            for name in (
                "a.yaml",
                "a.gen.yaml",
                "sub/b.yaml",
                "sub/keep.gen.yaml",
                "sub/c.yaml",
                "sub/deep/d.yaml",
                "sub/deep/e.yaml",
                "drafts/x.yaml",
            )
        },
    )
    tree(
        root,
        {
            # the top's rules: a file pattern and a directory pattern
            ".gitignore": "# generated\n*.gen.yaml\ndrafts/\n",
            # a nested file: re-includes one generated file, ignores another by name
            "sub/.gitignore": "!keep.gen.yaml\nc.yaml\n",
            # .ignore wins over .gitignore in the same directory; deeper rules win over shallower
            "sub/.ignore": "!c.yaml\ndeep/d.yaml\n",
            "sub/deep/.gitignore": "e.yaml\n",
        },
    )
    assert shown(root) == ["a.yaml", "sub/b.yaml", "sub/c.yaml", "sub/keep.gen.yaml"]
    assert shown(root, "--no-respect-gitignore") == [
        "a.gen.yaml",
        "a.yaml",
        "drafts/x.yaml",
        "sub/b.yaml",
        "sub/c.yaml",
        "sub/deep/d.yaml",
        "sub/deep/e.yaml",
        "sub/keep.gen.yaml",
    ]
    # A named directory's walk applies the rules of the directories above it too.
    assert shown(root, "sub") == ["sub/b.yaml", "sub/c.yaml", "sub/keep.gen.yaml"]


def test_a_file_in_an_ignored_directory_cannot_be_re_included(tmp_path: Path) -> None:
    """As in git: the walk never enters an ignored directory, so a negation below it does nothing."""
    root = write_workspace(tmp_path / "ws", {"a.yaml": SPEC, "out/keep.yaml": SPEC})
    tree(root, {".gitignore": "out/\n!out/keep.yaml\n", "out/.gitignore": "!keep.yaml\n"})
    assert shown(root) == ["a.yaml"]
    # ... whereas ignoring the directory's contents (not the directory) lets a negation work.
    (root / ".gitignore").write_text("out/*\n!out/keep.yaml\n", encoding="utf-8")
    (root / "out" / "other.yaml").write_text(SPEC, encoding="utf-8")
    assert shown(root) == ["a.yaml", "out/keep.yaml"]


def test_the_rules_start_at_the_repository_top_and_include_info_exclude(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    tree(repo, {".git/info/exclude": "local.yaml\n", ".gitignore": "generated/\n"})
    root = write_workspace(repo / "blueprints", {"a.yaml": SPEC, "local.yaml": SPEC, "generated/g.yaml": SPEC})
    assert shown(root) == ["a.yaml"]
    # A repository's .gitignore with a negation re-includes what info/exclude ignores.
    (repo / ".gitignore").write_text("generated/\n!local.yaml\n", encoding="utf-8")
    assert shown(root) == ["a.yaml", "local.yaml"]


def test_a_named_file_is_linted_even_when_ignored_unless_force_exclude(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"a.yaml": SPEC, "out/copy.yaml": SPEC, ".gitignore": "out/\n"})
    assert shown(root, "out/copy.yaml") == ["out/copy.yaml"]
    assert shown(root, "--force-exclude", "out/copy.yaml", "a.yaml") == ["a.yaml"]
    assert shown(root, "--force-exclude", "--no-respect-gitignore", "out/copy.yaml") == ["out/copy.yaml"]


def test_a_walk_of_an_ignored_directory_finds_nothing_and_says_why(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"a.yaml": SPEC, "out/copy.yaml": SPEC, ".gitignore": "out/\n"})
    result = run_cli("check", "out", cwd=root)
    assert result.exit_code == 0
    assert (
        "blueprint-lint: warning: out: no blueprint file to lint (a directory walk lints .yaml, .yml and .json "
        "files with a top-level `blueprint_version` key that are not excluded); .gitignore/.ignore rules left out "
        "1 entry (--no-respect-gitignore lints them)\n"
    ) in result.stderr
    assert "1 file checked" in run_cli("check", "--no-respect-gitignore", "out", cwd=root).stdout


def test_each_directory_s_rules_are_read_once_per_walk(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {f"d{i}/s{j}.yaml": SPEC for i in range(3) for j in range(20)})
    tree(root, {".gitignore": "*.tmp.yaml\n", "d1/.gitignore": "s1*.yaml\n", "d2/.ignore": "!s1.yaml\n"})
    walk = walk_specs(root, stop_at_nested_roots=True)
    assert sorted(p.relative_to(root).as_posix() for p in walk.ignore_files) == [
        ".gitignore",
        "d1/.gitignore",
        "d2/.ignore",
    ]
    assert len(walk.files) == 60 - 11  # d1/s1.yaml and d1/s10.yaml … d1/s19.yaml
    assert walk_specs(root, stop_at_nested_roots=True, respect_gitignore=False).ignore_files == []


def test_an_edited_gitignore_gives_a_full_run_not_a_replay(tmp_path: Path, cache_dir: Path) -> None:  # noqa: F811
    root = write_workspace(tmp_path / "ws", {"goals.yaml": SPEC, "out/goals.yaml": SPEC, ".gitignore": "out/\n"})
    args = ("check", "-f", "json", "--fail-on", "never")
    cold = cli(root, cache_dir, *args)
    warm = cli(root, cache_dir, *args)
    assert (cold.how, warm.how) == ("full", "replayed") and warm.stdout == cold.stdout
    (root / ".gitignore").write_text("# nothing ignored now\n", encoding="utf-8")
    changed = cli(root, cache_dir, *args)
    assert changed.how == "full"
    assert "XR002" in changed.stdout, "the copy is now part of the blueprint"
    # A rule that changes nothing the run reads still counts: the ignore files are inputs.
    (root / ".ignore").write_text("unrelated.txt\n", encoding="utf-8")
    assert cli(root, cache_dir, *args).how == "full"
    assert cli(root, cache_dir, *args).how == "replayed"
    assert cli(root, cache_dir, *args, "--no-respect-gitignore").how == "full"


PATHSPEC_DRIVER = """\
import atexit, sys
marker = sys.argv.pop(1)
atexit.register(lambda: open(marker, "w").write(str("pathspec" in sys.modules)))
from linter.cli import launch
launch.main()
"""


def test_a_replay_under_ignore_rules_needs_no_matcher(tmp_path: Path, cache_dir: Path) -> None:  # noqa: F811
    """The full run leaves its decisions in the entry, keyed by the rules they were made under, so
    the warm path never imports pathspec (it costs more than a replay's whole run)."""
    root = write_workspace(tmp_path / "ws", {"goals.yaml": SPEC, "out/goals.yaml": SPEC})
    (root / ".gitignore").write_text("out/\n*.tmp.yaml\n", encoding="utf-8")
    marker = tmp_path / "imported"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BLUEPRINT")}
    environment["BLUEPRINT_LINT_CACHE_DIR"] = str(cache_dir)

    def imported() -> tuple[str, bool]:
        command = [sys.executable, "-c", PATHSPEC_DRIVER, str(marker), "check", "-f", "json", "."]
        proc = subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True, check=False)
        return proc.stdout, marker.read_text() == "True"

    cold, warm = imported(), imported()
    assert cold == (cold[0], True) and warm == (cold[0], False)
    # Rules changed: the old decisions do not apply (other keys), the matcher decides again.
    (root / ".gitignore").write_text("*.tmp.yaml\n", encoding="utf-8")
    changed = imported()
    assert changed[1] and '"files_checked": 2' in changed[0]
    assert imported() == (changed[0], False)
