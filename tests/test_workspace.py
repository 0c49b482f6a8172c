"""Workspaces: roots, nested roots, partial file lists, the version marker."""

from __future__ import annotations

from pathlib import Path

from linter.run.engine import lint
from tests.helpers import lint_files, ruleset, write_workspace

GOALS = "blueprint_version: 1\ngoals:\n  - {id: G-1, statement: Served}\nsystems:\n  - {id: A, kind: portal}\n  - {id: B, kind: dataverse}\n"
IFACE = "blueprint_version: 1\ninterfaces:\n  - {id: IF-1, source: A, target: B, goals: [G-1]}\n"


def test_references_resolve_across_files(tmp_path: Path) -> None:
    result = lint_files(tmp_path, {"goals.yaml": GOALS, "interfaces/if-1.yaml": IFACE})
    assert "XR001" not in {d.code for d in result.diagnostics}
    assert "XR004" not in {d.code for d in result.diagnostics}


def test_partial_file_list_still_resolves_and_reports_only_named_files(tmp_path: Path) -> None:
    broken_goals = GOALS.replace("goals:\n", "goals:\n  - {id: G-ORPHAN, statement: Nobody serves me}\n")
    result = lint_files(
        tmp_path, {"goals.yaml": broken_goals, "interfaces/if-1.yaml": IFACE}, paths=["interfaces/if-1.yaml"]
    )
    assert result.files == ["interfaces/if-1.yaml"]
    assert {d.file for d in result.diagnostics} <= {"interfaces/if-1.yaml"}
    assert "XR001" not in {d.code for d in result.diagnostics}, "references into unnamed files resolve"
    full = lint_files(tmp_path, {}, paths=["."])
    assert "XR004" in {d.code for d in full.diagnostics}


def test_walk_skips_yaml_without_marker_but_named_files_are_linted(tmp_path: Path) -> None:
    files = {"spec.yaml": GOALS, "other.yaml": "name: some unrelated config\n"}
    result = lint_files(tmp_path, files)
    assert result.files == ["spec.yaml"]
    named = lint_files(tmp_path, {}, paths=["other.yaml"])
    assert named.files == ["other.yaml"]
    assert any(d.code == "SC001" and "blueprint_version" in d.message for d in named.diagnostics)


def test_nested_config_starts_a_separate_workspace(tmp_path: Path) -> None:
    write_workspace(tmp_path / "one", {"a.yaml": GOALS})
    write_workspace(tmp_path / "two", {"a.yaml": GOALS})
    result = lint([Path(".")], ruleset(), cwd=tmp_path)
    assert result.files == ["one/a.yaml", "two/a.yaml"]
    assert "XR002" not in {d.code for d in result.diagnostics}, "the same ids in two workspaces are not duplicates"


def test_root_does_not_depend_on_the_current_directory(tmp_path: Path) -> None:
    write_workspace(tmp_path, {"goals.yaml": GOALS, "interfaces/if-1.yaml": IFACE})
    from_root = lint([Path("interfaces/if-1.yaml")], ruleset(), cwd=tmp_path)
    from_inside = lint([Path("if-1.yaml")], ruleset(), cwd=tmp_path / "interfaces")
    assert [(d.code, d.line) for d in from_root.diagnostics] == [(d.code, d.line) for d in from_inside.diagnostics]


def test_hidden_directories_are_skipped(tmp_path: Path) -> None:
    result = lint_files(tmp_path, {"spec.yaml": GOALS, ".cache/copy.yaml": GOALS})
    assert result.files == ["spec.yaml"]


def test_walks_are_shared_within_a_block_only(tmp_path: Path) -> None:
    from linter.discover.workspace import shared_walks, walk_specs

    (tmp_path / "a.yaml").write_text("blueprint_version: 1\n", encoding="utf-8")
    with shared_walks():
        first = walk_specs(tmp_path, stop_at_nested_roots=True)
        (tmp_path / "b.yaml").write_text("blueprint_version: 1\n", encoding="utf-8")
        assert walk_specs(tmp_path, stop_at_nested_roots=True) is first, "walked once, the listing shared"
        # No subdirectory configures a workspace: not stopping at one walks the same files.
        assert walk_specs(tmp_path, stop_at_nested_roots=False) is first
    assert [p.name for p in walk_specs(tmp_path, stop_at_nested_roots=True).files] == ["a.yaml", "b.yaml"]


def test_a_nested_root_keeps_the_two_walks_apart(tmp_path: Path) -> None:
    from linter.discover.workspace import shared_walks, walk_specs

    (tmp_path / "a.yaml").write_text("blueprint_version: 1\n", encoding="utf-8")
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / ".blueprint-lint.yaml").write_text("rules: {}\n", encoding="utf-8")
    (tmp_path / "inner" / "b.yaml").write_text("blueprint_version: 1\n", encoding="utf-8")
    for stopping_first in (True, False):
        with shared_walks():
            first = walk_specs(tmp_path, stop_at_nested_roots=stopping_first)
            second = walk_specs(tmp_path, stop_at_nested_roots=not stopping_first)
            stops, goes_on = (first, second) if stopping_first else (second, first)
            assert [p.name for p in stops.files] == ["a.yaml"]
            assert [p.name for p in goes_on.files] == ["a.yaml", "b.yaml"]
