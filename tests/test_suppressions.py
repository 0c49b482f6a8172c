"""Inline suppressions: the comment tokenizer, the three directive forms and their hygiene."""

from __future__ import annotations

import json
from pathlib import Path

from linter.filter.suppressions import iter_comments, scan
from tests.helpers import lint_files, run_cli, write_workspace

# SYS-IDLE is unused (XR005, warning) and IF-1 has no goal (XR003, error): line numbers matter.
HEAD = """\
blueprint_version: 1
systems:
  - {id: SYS-A, name: A, kind: saas}
  - {id: SYS-B, name: B, kind: saas}
"""
IDLE = "  - {id: SYS-IDLE, name: Idle, kind: saas}"


# The fixtures are deliberately minimal blueprints: only the cross-reference rules and the
# suppression diagnostics are under test here.
ONLY = "select: [XR, SU]\n"


def codes_and_lines(result) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return sorted((d.code, d.line) for d in result.diagnostics)


def test_tokenizer_ignores_hashes_in_quotes_and_block_scalars() -> None:
    text = (
        'a: "x # not a comment"  # real 1\n'
        "b: 'it''s # still text'  # real 2\n"
        "c: plain#text # real 3\n"
        "d: |\n"
        "  # block content, not a comment\n"
        "  more\n"
        "e: it's plain  # real 4\n"
        'f: "multi\n'
        '  line # inside" # real 5\n'
        "# real 6\n"
    )
    assert [c.body for c in iter_comments(text)] == [f"real {n}" for n in range(1, 7)]


def test_grammar() -> None:
    text = (
        "a: 1  # blueprint-lint: disable=XR001,unused-system -- legacy  # type: x\n"
        "# blueprint-lint: disable-next-line=XR003\n"
        "\n"
        "b: 2\n"
        "# blueprint-lint: disable-file=CP007 -- see ticket #12\n"
        "# blueprint-lint: disabel=XR001\n"
    )
    directives, malformed = scan(text)
    assert [(d.kind, d.codes, d.reason, d.target) for d in directives] == [
        ("disable", ("XR001", "unused-system"), "legacy", 1),
        ("disable-next-line", ("XR003",), "", 4),
        ("disable-file", ("CP007",), "see ticket #12", None),
    ]
    assert [m.line for m in malformed] == [6]


def test_same_line_suppression_moves_finding_to_suppressed(tmp_path: Path) -> None:
    spec = HEAD + IDLE + "  # blueprint-lint: disable=XR005 -- kept for the record\n"
    result = lint_files(tmp_path, {"spec.yaml": spec, "use.yaml": USE}, config=ONLY)
    assert ("XR005", 5) not in codes_and_lines(result)
    [hidden] = [d for d in result.suppressed if d.code == "XR005"]
    assert hidden.suppression is not None
    assert (hidden.suppression.kind, hidden.suppression.justification) == ("inSource", "kept for the record")


USE = """\
blueprint_version: 1
goals:
  - {id: G-1, statement: Something useful}
interfaces:
  - id: IF-1
    goals: [G-1]
    source: SYS-A
    target: SYS-B
    frequency: {mode: near_real_time}
    volume: {average: {count: 1, per: hour}, peak: {count: 2, per: hour}}
    alm:
      - {type: functional_design, ref: "https://dev.azure.com/x/wiki/FDD"}
      - {type: user_story, ref: "AB#1"}
      - {type: test_case, ref: "AB#2"}
"""


def test_next_line_and_file_forms(tmp_path: Path) -> None:
    spec = HEAD + "  # blueprint-lint: disable-next-line=unused-system -- reason\n\n" + IDLE + "\n"
    result = lint_files(tmp_path / "a", {"spec.yaml": spec, "use.yaml": USE}, config=ONLY)
    assert [d.code for d in result.diagnostics if d.code == "XR005" or d.code.startswith("SU")] == []
    spec = "# blueprint-lint: disable-file=XR005 -- reason\n" + HEAD + IDLE + "\n"
    result = lint_files(tmp_path / "b", {"spec.yaml": spec, "use.yaml": USE}, config=ONLY)
    assert [d.code for d in result.diagnostics if d.code == "XR005" or d.code.startswith("SU")] == []
    assert [d.code for d in result.suppressed] == ["XR005"]


def test_unused_unknown_and_malformed_are_reported(tmp_path: Path) -> None:
    spec = (
        HEAD
        + IDLE
        + "  # blueprint-lint: disable=XR001 -- nothing here\n"
        + "  - {id: SYS-C, name: C, kind: saas}  # blueprint-lint: disable=XR05 -- typo\n"
        + "  - {id: SYS-D, name: D, kind: saas}  # blueprint-lint: disable XR005\n"
    )
    result = lint_files(tmp_path, {"spec.yaml": spec, "use.yaml": USE}, config=ONLY)
    assert codes_and_lines(result) == [
        ("SU001", 5),
        ("SU002", 6),
        ("SU004", 7),
        ("XR005", 5),
        ("XR005", 6),
        ("XR005", 7),
    ]
    su001 = next(d for d in result.diagnostics if d.code == "SU001")
    assert su001.message == "unused suppression: no XR001 finding on this line"
    assert su001.column == spec.splitlines()[4].index("#") + 1


def test_reason_required_by_setting(tmp_path: Path) -> None:
    spec = HEAD + IDLE + "  # blueprint-lint: disable=XR005\n"
    files = {"spec.yaml": spec, "use.yaml": USE}
    assert [d.code for d in lint_files(tmp_path / "a", files, config=ONLY).diagnostics] == []
    write_workspace(tmp_path / "b", files)
    (tmp_path / "b" / ".blueprint-lint.yaml").write_text(
        ONLY + "suppressions: {require-reason: true}\n", encoding="utf-8"
    )
    result = run_cli("check", "-f", "json", cwd=tmp_path / "b")
    assert [(d["code"], d["line"]) for d in json.loads(result.stdout)["diagnostics"]] == [("SU003", 5)]


def test_suppressing_a_switched_off_rule_is_not_unused(tmp_path: Path) -> None:
    spec = HEAD + IDLE + "  # blueprint-lint: disable=XR005 -- reason\n"
    write_workspace(tmp_path, {"spec.yaml": spec, "use.yaml": USE}, ONLY)
    result = run_cli("check", "--ignore", "XR005", cwd=tmp_path)
    assert result.exit_code == 0
    assert "SU001" not in result.output


def test_files_without_directives_are_not_scanned() -> None:
    assert scan("a: 1  # just a comment\n") == ([], [])
