"""Baselines: hide today's findings by rule, file, entity and value; never absorb new ones."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_cli, write_workspace

# IF-1 and IF-2 have no goal (XR003); IF-2's target is undeclared (XR001).
INTERFACES = """\
blueprint_version: 1
systems:
  - {id: SYS-A, name: A, kind: saas}
  - {id: SYS-B, name: B, kind: saas}
interfaces:
  - {id: IF-1, source: SYS-A, target: SYS-B}
  - {id: IF-2, source: SYS-A, target: SYS-GONE}
"""
SELECT = ("--select", "XR001,XR003,SU")


def setup(tmp_path: Path) -> Path:
    root = write_workspace(tmp_path / "ws", {"interfaces.yaml": INTERFACES, "other.yaml": "blueprint_version: 1\n"})
    result = run_cli("baseline", "-o", "baseline.yaml", cwd=root)
    assert result.exit_code == 0, result.output
    return root


def check(root: Path, *extra: str) -> tuple[int, list[tuple[str, str, int]]]:
    result = run_cli("check", "-f", "json", "--baseline", "baseline.yaml", *SELECT, *extra, cwd=root)
    found = json.loads(result.stdout)["diagnostics"]
    return result.exit_code, sorted((d["code"], d["file"], d["line"]) for d in found)


def edit(root: Path, name: str, text: str) -> None:
    (root / name).write_text(text, encoding="utf-8")


def test_baseline_hides_existing_findings(tmp_path: Path) -> None:
    root = setup(tmp_path)
    text = (root / "baseline.yaml").read_text(encoding="utf-8")
    assert 'entity: "interface IF-2"' in text
    assert "\n    line:" not in text
    assert check(root) == (0, [])
    without = run_cli("check", "-f", "json", *SELECT, cwd=root)
    assert without.exit_code == 1


def test_findings_stay_hidden_when_lines_move_and_entities_reorder(tmp_path: Path) -> None:
    root = setup(tmp_path)
    moved = INTERFACES.replace(
        "interfaces:\n",
        "# a new comment\n\ninterfaces:\n  - {id: IF-0, source: SYS-A, target: SYS-B, goals: [G-1]}\n",
    ).replace("systems:\n", "goals:\n  - {id: G-1, statement: Something}\nsystems:\n")
    edit(root, "interfaces.yaml", moved)
    assert check(root) == (0, [])


def test_new_finding_of_the_same_rule_is_reported_in_same_and_other_file(tmp_path: Path) -> None:
    root = setup(tmp_path)
    edit(root, "interfaces.yaml", INTERFACES + "  - {id: IF-3, source: SYS-A, target: SYS-B}\n")
    edit(root, "other.yaml", "blueprint_version: 1\ninterfaces:\n  - {id: IF-9, source: SYS-B, target: SYS-A}\n")
    assert check(root) == (1, [("XR003", "interfaces.yaml", 8), ("XR003", "other.yaml", 3)])


def test_a_changed_offending_value_is_a_new_finding_and_the_old_entry_is_stale(tmp_path: Path) -> None:
    root = setup(tmp_path)
    edit(root, "interfaces.yaml", INTERFACES.replace("SYS-GONE", "SYS-LOST"))
    exit_code, found = check(root)
    assert exit_code == 1
    assert ("XR001", "interfaces.yaml", 7) in found
    assert [f[:2] for f in found if f[0] == "SU005"] == [("SU005", "baseline.yaml")]


def test_an_identical_second_finding_is_not_absorbed(tmp_path: Path) -> None:
    root = write_workspace(
        tmp_path / "ws", {"goals.yaml": "blueprint_version: 1\ngoals:\n  - {id: G-1, statement: A}\n"}
    )
    run_cli("baseline", "-o", "baseline.yaml", cwd=root)
    edit(root, "goals.yaml", "blueprint_version: 1\ngoals:\n  - {id: G-1, statement: A}\n  - {id: G-1, statement: A}\n")
    result = run_cli("check", "-f", "json", "--baseline", "baseline.yaml", "--select", "XR002", cwd=root)
    assert len(json.loads(result.stdout)["diagnostics"]) == 2  # no XR002 was accepted before


def test_fixed_finding_leaves_a_stale_entry(tmp_path: Path) -> None:
    root = setup(tmp_path)
    edit(root, "interfaces.yaml", INTERFACES.replace("SYS-GONE", "SYS-B"))
    exit_code, found = check(root)
    assert exit_code == 0  # SU005 is info: reported, not failing by default
    assert [f[:2] for f in found] == [("SU005", "baseline.yaml")]
    result = run_cli("check", "--baseline", "baseline.yaml", *SELECT, cwd=root)
    assert "baseline entry XR001 for interfaces.yaml, interface IF-2 at '/target', matches no finding any more" in (
        result.output
    )


def test_partial_run_does_not_report_other_files_entries_as_stale(tmp_path: Path) -> None:
    root = setup(tmp_path)
    assert check(root, "other.yaml") == (0, [])


def test_entries_of_rules_switched_off_are_not_stale(tmp_path: Path) -> None:
    root = setup(tmp_path)
    result = run_cli("check", "--baseline", "baseline.yaml", "--select", "XR001,SU", cwd=root)
    assert result.exit_code == 0
    assert "SU005" not in result.output


def test_baseline_file_is_sorted_and_deterministic(tmp_path: Path) -> None:
    root = setup(tmp_path)
    first = (root / "baseline.yaml").read_text(encoding="utf-8")
    run_cli("baseline", "-o", "baseline.yaml", "interfaces.yaml", "other.yaml", cwd=root)
    assert (root / "baseline.yaml").read_text(encoding="utf-8") == first
    codes = [line.split(": ")[1] for line in first.splitlines() if line.startswith("  - code: ")]
    assert codes == sorted(codes)


def test_suppressed_by_baseline_are_kept_with_an_external_suppression(tmp_path: Path) -> None:
    from linter.core.options import LintOptions
    from linter.filter.baseline import load
    from linter.run.engine import lint
    from tests.helpers import ruleset

    root = setup(tmp_path)
    result = lint([Path(".")], ruleset(), LintOptions(baseline=load(root / "baseline.yaml")), cwd=root)
    assert result.diagnostics == []
    assert result.suppressed
    assert {d.suppression.kind for d in result.suppressed if d.suppression} == {"external"}


def test_malformed_baseline_is_a_located_error(tmp_path: Path) -> None:
    root = setup(tmp_path)
    edit(root, "baseline.yaml", "baseline_version: 1\nfindings:\n  - code: XR001\n")
    result = run_cli("check", "--baseline", "baseline.yaml", cwd=root)
    assert result.exit_code == 2
    assert "baseline.yaml:3:5: a baseline entry needs the strings code, file, path and hash" in result.output


def test_every_kind_of_baselined_finding_survives_moved_lines(tmp_path: Path) -> None:
    """Each finding the run can baseline, engine ones included, still matches after lines are
    inserted above it: no message embeds its own line number (an unused suppression said
    "on line 7" and stopped matching)."""
    spec = (
        "blueprint_version: 1\n"
        "systems:\n"
        "  - {id: SYS-A, name: A, kind: saas}  # blueprint-lint: disable=XR001 -- nothing to hide here\n"
        "  - {id: SYS-B, name: B, kind: saas}\n"
        "  # blueprint-lint: disable-next-line=XR003 -- nor here\n"
        "  - {id: SYS-C, name: C, kind: saas}\n"
        "interfaces:\n"
        "  - {id: IF-1, source: SYS-A, target: SYS-GONE}\n"
        "  - {id: IF-1, source: SYS-B, target: SYS-A, unknown_key: 1}\n"
    )
    root = write_workspace(tmp_path / "ws", {"spec.yaml": spec})
    assert run_cli("baseline", "-o", "baseline.yaml", cwd=root).exit_code == 0
    before = run_cli("check", "-f", "json", cwd=root)
    recorded = {d["code"] for d in json.loads(before.stdout)["diagnostics"]}
    assert {"SU001", "XR001", "XR002", "SC001"} <= recorded, recorded
    edit(root, "spec.yaml", "# a comment\n# and another\n" + spec.replace("systems:\n", "\nsystems:\n"))
    result = run_cli("check", "-f", "json", "--baseline", "baseline.yaml", cwd=root)
    assert json.loads(result.stdout)["diagnostics"] == []
    assert result.exit_code == 0
