"""Saying what was and was not linted (issue 17 item 4): --show-files, --show-settings, the warnings
for an empty walk, for skipped YAML files and for files loaded from a workspace root above a named
directory, and a file outside the named paths that never fails the run by itself."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.helpers import run_cli, write_workspace
from tests.test_replay import cache_dir, cli  # noqa: F401 (the fixture is used by name)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "public-sector"
SPEC = "blueprint_version: 1\ngoals:\n  - {id: G-1, statement: Served}\n"
BROKEN = "blueprint_version: 1\nsystems: [unclosed\n"
WARNING = "blueprint-lint: warning: "


def test_show_files_lists_each_file_with_its_workspace_root_without_linting(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"b.yaml": SPEC, "a/bad.yaml": BROKEN, "notes.yaml": "title: x\n"})
    write_workspace(root / "nested", {"n.yaml": SPEC})
    result = run_cli("check", "--show-files", cwd=root)
    assert result.exit_code == 0, "nothing is linted: the broken file does not fail it"
    assert result.stdout == "a/bad.yaml (workspace .)\nb.yaml (workspace .)\nnested/n.yaml (workspace nested)\n"
    # The configuration's excludes apply, as in a run; a named file bypasses them.
    (root / ".blueprint-lint.yaml").write_text("exclude: ['a/**']\n", encoding="utf-8")
    assert (
        run_cli("check", "--show-files", cwd=root).stdout == "b.yaml (workspace .)\nnested/n.yaml (workspace nested)\n"
    )
    assert run_cli("check", "--show-files", "a/bad.yaml", cwd=root).stdout == "a/bad.yaml (workspace .)\n"
    nested = run_cli("check", "--show-files", "nested/n.yaml", cwd=root)
    assert nested.stdout == "nested/n.yaml (workspace nested)\n"


def test_show_files_of_a_folder_with_no_blueprint_says_so(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"notes.yaml": "title: x\n"})
    result = run_cli("check", "--show-files", cwd=root)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"{WARNING}no blueprint file to lint\n"


def test_show_settings_prints_the_resolved_configuration_as_json(tmp_path: Path) -> None:
    config = (
        "select: [XR, CP]\nignore: [CP001]\nfail-on: warning\nexclude: ['drafts/**']\n"
        "severity: {XR004: error}\nper-file-ignores: {'legacy/*.yaml': [XR]}\nlimits: {max-depth: 50}\n"
    )
    root = write_workspace(tmp_path / "ws", {"interfaces/a.yaml": SPEC}, config=config)
    result = run_cli("check", "--show-settings", "--ignore", "XR002", "interfaces", cwd=root)
    assert result.exit_code == 0, result.output
    settings = json.loads(result.stdout)
    assert settings["workspace-root"] == "."
    assert settings["configuration-file"] == ".blueprint-lint.yaml"
    assert (settings["select"], settings["ignore"]) == (["XR", "CP"], ["CP001"])
    assert settings["command-line"]["ignore"] == ["XR002"]
    assert "XR001" in settings["enabled-rules"] and "XR002" in settings["disabled-rules"]
    assert "CP001" in settings["disabled-rules"] and "OP004" in settings["disabled-rules"]
    assert settings["severity"] == {"XR004": "error"}
    assert settings["fail-on"] == "warning"
    assert settings["exclude"] == ["drafts/**"]
    assert settings["per-file-ignores"] == {"legacy/*.yaml": ["XR"]}
    assert settings["limits"]["max-depth"] == 50
    assert settings["command-line"]["respect-gitignore"] is True
    # Stable: the same bytes twice, sorted keys.
    assert run_cli("check", "--show-settings", "--ignore", "XR002", "interfaces", cwd=root).stdout == result.stdout
    assert list(settings) == sorted(settings)


def test_show_settings_without_configuration_shows_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(SPEC, encoding="utf-8")
    settings = json.loads(run_cli("check", "--show-settings", "--fail-on", "info", cwd=tmp_path).stdout)
    assert settings["configuration-file"] is None
    assert settings["fail-on"] == "info" and settings["disabled-rules"] == []
    bad = run_cli("check", "--show-settings", "missing", cwd=tmp_path)
    assert bad.exit_code == 2 and "missing: no such file or directory" in bad.stderr


def test_skipped_yaml_files_are_counted_and_named_with_verbose(tmp_path: Path) -> None:
    files = {"spec.yaml": SPEC, **{f"k8s/m{i}.yaml": "kind: Deployment\n" for i in range(7)}}
    files |= {".pre-commit-config.yaml": "repos: []\n", "drafts/d.yaml": "x: 1\n"}
    root = write_workspace(tmp_path / "ws", files, config="exclude: ['drafts/**']\n")
    quiet = run_cli("check", cwd=root)
    assert quiet.exit_code == 0
    assert quiet.stderr == (
        f"{WARNING}7 YAML/JSON files without a top-level `blueprint_version` key were skipped (a file named on the "
        "command line is linted whatever it holds); -v lists them\n"
    ), "the configuration file, dotfiles and excluded files are not counted"
    verbose = run_cli("check", "-v", cwd=root)
    assert verbose.stderr.endswith(
        "skipped (a file named on the command line is linted whatever it holds): k8s/m0.yaml, k8s/m1.yaml, "
        "k8s/m2.yaml, k8s/m3.yaml, k8s/m4.yaml and 2 more\n"
    )
    # A baseline file is the tool's own, not a blueprint without its key.
    for name in (root / "k8s").iterdir():
        name.unlink()
    assert run_cli("baseline", "-o", "baseline.yaml", cwd=root).exit_code == 0
    assert run_cli("check", "--baseline", "baseline.yaml", cwd=root).stderr == ""


def git_repository_with_two_folders(tmp_path: Path) -> Path:
    """A new user's repository: no configuration, a clean blueprint folder and a sibling folder
    holding a file that does not parse and a copy of a system the clean folder declares."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    shutil.copytree(EXAMPLE, repo / "good")
    (repo / "good" / ".blueprint-lint.yaml").unlink()
    (repo / "other").mkdir()
    (repo / "other" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (repo / "other" / "more.yaml").write_text("blueprint_version: 1\n", encoding="utf-8")
    return repo


def test_a_broken_file_outside_the_named_folder_does_not_fail_the_run(tmp_path: Path) -> None:
    repo = git_repository_with_two_folders(tmp_path)
    result = run_cli("check", "-f", "json", "--fail-on", "info", "good", cwd=repo)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["diagnostics"] == [], "nothing reported against the named folder's files"
    warnings = result.stderr.splitlines()
    assert warnings[0] == (
        f"{WARNING}good: 2 blueprint files outside the named paths were loaded from the workspace root . "
        "(the top of the git repository; no configuration file on the way) to resolve references; a "
        ".blueprint-lint.yaml in good makes it a workspace of its own"
    )
    # The rules that conclude from absence were held back, and that is said (never a silent "clean").
    assert warnings[1].startswith(
        f"{WARNING}other/broken.yaml, outside the named paths, could not be loaded (check it to see why): "
    )
    assert "XR001" in warnings[1] and len(warnings) == 2
    # Naming the broken file still reports it and fails the run.
    named = run_cli("check", "-f", "json", "other", cwd=repo)
    assert named.exit_code == 1 and "SY001" in named.stdout
    # With a configuration of its own, the folder is a workspace of its own: nothing more is loaded.
    (repo / "good" / ".blueprint-lint.yaml").write_text("# its own workspace\n", encoding="utf-8")
    alone = run_cli("check", "--fail-on", "info", "good", cwd=repo)
    assert alone.exit_code == 0 and alone.stderr == ""


def test_a_named_file_in_a_larger_workspace_gives_no_outside_note(tmp_path: Path) -> None:
    """pre-commit names the changed files: loading the rest of the workspace is what it asks for."""
    repo = git_repository_with_two_folders(tmp_path)
    (repo / "other" / "broken.yaml").unlink()
    result = run_cli("check", "good/systems.yaml", cwd=repo)
    assert result.exit_code == 0 and result.stderr == ""


def test_a_replayed_run_prints_the_same_warnings(tmp_path: Path, cache_dir: Path) -> None:  # noqa: F811
    repo = git_repository_with_two_folders(tmp_path)
    (repo / "good" / "notes.yaml").write_text("title: not a blueprint\n", encoding="utf-8")
    args = ("check", "-v", "good")
    cold = cli(repo, cache_dir, *args)
    warm = cli(repo, cache_dir, *args)
    assert (cold.how, warm.how) == ("full", "replayed")
    assert (warm.code, warm.stdout, warm.stderr) == (cold.code, cold.stdout, cold.stderr)
    assert cold.stderr.count(WARNING) == 3 and "good/notes.yaml" in cold.stderr
    # A new skipped file changes what the warning says: a full run, not a replay.
    (repo / "good" / "more-notes.yaml").write_text("title: not one either\n", encoding="utf-8")
    changed = cli(repo, cache_dir, *args)
    assert changed.how == "full" and "2 YAML/JSON files" in changed.stderr
