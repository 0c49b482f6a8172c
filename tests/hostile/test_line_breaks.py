"""One line-splitting rule for the whole program: YAML's (LF, CR LF, CR), issue 13 item 6.

``str.splitlines()`` also breaks at U+2028, U+2029, NEL, ``\\x0b``, ``\\x0c`` (and more); the
loaders do not. A suppression on a line after a quoted U+2028 used to be matched against the
wrong line and reported unused (SU001) at a line that does not exist.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linter.core.lines import line_column, split_lines
from linter.load.comments import iter_comments
from tests.helpers import write_workspace
from tests.hostile._run import run_cli

# Characters str.splitlines() breaks at and YAML does not.
NOT_BREAKS = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]
LOADERS = pytest.mark.parametrize("fast", ["1", "0"], ids=["fast", "reference"])


def test_split_lines_breaks_at_yaml_breaks_only() -> None:
    assert split_lines("a\r\nb\rc\nd\n") == ["a", "b", "c", "d"]
    assert split_lines("a\n\n") == ["a", ""]
    assert split_lines("") == []
    for char in NOT_BREAKS:
        assert split_lines(f"a{char}b\nc") == [f"a{char}b", "c"]


def test_line_column_counts_like_the_loader() -> None:
    text = "a\r\nb\rc\u2028d"
    assert [line_column(text, i) for i in range(len(text) + 1)] == [
        (1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (3, 1), (3, 2), (3, 3), (3, 4),
    ]  # fmt: skip


@pytest.mark.parametrize("char", NOT_BREAKS, ids=repr)
def test_comments_are_numbered_on_yaml_lines(char: str) -> None:
    text = f'a: "x{char}y"\nb: 1  # here\r\nc: 2  # there\rd: 3  # last\n'
    assert [(c.line, c.body) for c in iter_comments(text)] == [(2, "here"), (3, "there"), (4, "last")]


SPEC = (
    "blueprint_version: 1\n"
    "goals:\n"
    '  - id: G-1\n    statement: "one\u2028two"\n'
    "  - id: G-2  # blueprint-lint: disable=CP001 -- a goal stated elsewhere\n"
)


@LOADERS
def test_a_suppression_after_a_quoted_line_separator_applies(tmp_path: Path, fast: str) -> None:
    root = write_workspace(tmp_path, {"spec.yaml": SPEC})
    done = run_cli(
        "check", ".", "-f", "json", "--include-suppressed", cwd=root, env={"BLUEPRINT_LINT_FAST_LOADER": fast}
    )
    found = json.loads(done.stdout)["diagnostics"]
    assert not [d for d in found if d["code"].startswith("SU")], found
    suppressed = [(d["code"], d["line"]) for d in found if d["suppression"]]
    assert suppressed == [("CP001", 5)]
    assert ("CP001", 3) in [(d["code"], d["line"]) for d in found if not d["suppression"]]


@LOADERS
def test_disable_next_line_counts_yaml_lines(tmp_path: Path, fast: str) -> None:
    spec = (
        "blueprint_version: 1\n"
        "goals:\n"
        '  - id: G-1\n    statement: "one\x85two\u2029three"\n'
        "  # blueprint-lint: disable-next-line=CP001 -- a goal stated elsewhere\n"
        "  - id: G-2\n"
    )
    root = write_workspace(tmp_path, {"spec.yaml": spec})
    done = run_cli(
        "check", ".", "-f", "json", "--include-suppressed", cwd=root, env={"BLUEPRINT_LINT_FAST_LOADER": fast}
    )
    found = json.loads(done.stdout)["diagnostics"]
    assert not [d for d in found if d["code"].startswith("SU")], found
    assert [(d["code"], d["line"]) for d in found if d["suppression"]] == [("CP001", 6)]


@LOADERS
def test_an_unacceptable_character_after_a_lone_cr_is_located_on_its_line(tmp_path: Path, fast: str) -> None:
    root = write_workspace(tmp_path, {"spec.yaml": "blueprint_version: 1\rgoals: [\x01]\n"})
    done = run_cli("check", ".", "-f", "json", cwd=root, env={"BLUEPRINT_LINT_FAST_LOADER": fast})
    (found,) = json.loads(done.stdout)["diagnostics"]
    assert (found["code"], found["line"], found["column"]) == ("SY001", 2, 9)


def test_configuration_positions_in_pyproject_count_yaml_lines(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x\u2028y"\n[tool.blueprint-lint]\nselect = ["NOPE"]\n', encoding="utf-8"
    )
    (tmp_path / "spec.yaml").write_text("blueprint_version: 1\n", encoding="utf-8")
    done = run_cli("check", ".", cwd=tmp_path)
    assert done.returncode == 2 and "pyproject.toml:4:1: 'NOPE' matches no rule" in done.stderr, done.stderr


def test_count_line_breaks_agrees_with_split_lines() -> None:
    from linter.core.lines import count_line_breaks

    text = "a\r\nb\rc\nd\u2028e\r\n"
    assert count_line_breaks(text) == len(split_lines(text)) == 4
    assert sum(count_line_breaks(text, i, j) for i, j in [(0, 2), (2, 5), (5, len(text))]) == 4  # split CR LF


def test_an_undecodable_byte_is_named_on_its_yaml_line(tmp_path: Path) -> None:
    """The SY009 message counts lines as YAML does: a lone CR ends a line too."""
    from linter.core.limits import LoadLimits
    from linter.load.read import read_spec_text

    path = tmp_path / "cr.yaml"
    path.write_bytes(b"blueprint_version: 1\rgoals: []\r\nx: \xff\n")
    text, code, reason = read_spec_text(path, LoadLimits())
    assert text is None and code == "SY009"
    assert "undecodable byte at line 3" in reason
