"""Located loading: data, positions, and problems instead of exceptions."""

from __future__ import annotations

import pytest

from linter.core.diagnostics import Span
from linter.core.limits import LoadLimits
from linter.load.reference import load_text

TEXT = """\
blueprint_version: 1
interfaces:
  - id: IF-1
    source: SYS-A
    volume:
      peak: {count: 5, per: hour}
"""


def test_data_is_plain_python() -> None:
    document = load_text(TEXT)
    assert document.problems == []
    assert document.data == {
        "blueprint_version": 1,
        "interfaces": [{"id": "IF-1", "source": "SYS-A", "volume": {"peak": {"count": 5, "per": "hour"}}}],
    }


def test_scalar_spans_are_one_based_with_exclusive_end() -> None:
    locator = load_text(TEXT).locator
    assert locator is not None
    assert locator.span("/interfaces/0/source") == Span(4, 13, 4, 18)
    assert locator.key_span("/interfaces/0/source") == Span(4, 5, 4, 11)
    assert locator.span("/interfaces/0/volume/peak/count") == Span(6, 21, 6, 22)


def test_missing_key_points_at_the_deepest_existing_mapping() -> None:
    locator = load_text(TEXT).locator
    assert locator is not None
    # /interfaces/0/frequency does not exist: the interface mapping is shown by its first line.
    assert locator.span("/interfaces/0/frequency") == Span(3, 5, 3, 13)
    assert not locator.resolves("/interfaces/0/frequency")


def test_syntax_error_is_a_located_problem() -> None:
    document = load_text("blueprint_version: 1\ngoals: [a, b\n")
    assert document.data is None
    [problem] = document.problems
    assert problem.code == "SY001"
    assert problem.message.startswith("YAML syntax error:")
    assert problem.span.line >= 2


def test_unclosed_quote_points_where_it_opened() -> None:
    document = load_text('blueprint_version: 1\nname: "open\nother: 1\n')
    [problem] = document.problems
    assert (problem.code, problem.span.line, problem.span.column) == ("SY001", 2, 7)


def test_tab_indentation_is_reported_not_raised() -> None:
    document = load_text("blueprint_version: 1\ngoals:\n\t- id: G-1\n")
    assert [p.code for p in document.problems] == ["SY001"]
    assert "tab" in document.problems[0].message.lower()


def test_duplicate_key_keeps_the_first_and_reports_the_second() -> None:
    document = load_text("blueprint_version: 1\nproject:\n  name: A\n  name: B\n")
    assert document.data["project"] == {"name": "A"}
    [problem] = document.problems
    assert (problem.code, problem.span.line, problem.pointer) == ("SY002", 4, "/project/name")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: no", "no"),  # YAML 1.2: not a boolean
        ("a: on", "on"),
        ("a: true", True),
        ("a: 0o17", 15),
        ("a: 017", 17),
        ("a: 0x1F", 31),
        ("a: 1_000", 1000),
        ("a: 2024-01-31", "2024-01-31"),  # timestamps stay text
        ("a: 1.5", 1.5),
        ("a: ~", None),
    ],
)
def test_scalars_follow_yaml_1_2(text: str, expected: object) -> None:
    document = load_text(text)
    assert document.data == {"a": expected}


def test_unknown_tags_are_reported_and_never_constructed() -> None:
    document = load_text("blueprint_version: 1\nx: !!python/object/apply:os.system ['touch /tmp/pwned']\n")
    assert [p.code for p in document.problems] == ["SY005"]
    assert document.data["x"] == ["touch /tmp/pwned"]


def test_non_finite_numbers_are_reported() -> None:
    document = load_text("a: .nan\nb: -.inf\n")
    assert [p.code for p in document.problems] == ["SY008", "SY008"]


def test_top_level_list_is_not_a_blueprint() -> None:
    document = load_text("- a\n- b\n")
    assert document.data is None
    assert [p.code for p in document.problems] == ["SY003"]


def test_empty_and_comment_only_documents_are_empty() -> None:
    assert load_text("").empty
    assert load_text("# only a comment\n").empty


def test_alias_bomb_stops_at_the_node_budget() -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    document = load_text("\n".join(lines) + "\n", LoadLimits(max_nodes=100_000))
    assert document.data is None
    assert [p.code for p in document.problems] == ["SY007"]


def test_merge_keys_are_applied_and_located() -> None:
    text = "base: &b {per: hour}\npeak:\n  <<: *b\n  count: 5\n"
    document = load_text(text)
    assert document.data["peak"] == {"count": 5, "per": "hour"}
    assert document.locator is not None
    assert document.locator.span("/peak/per").line == 1


def test_multi_document_stream_reports_the_extra_document() -> None:
    document = load_text("blueprint_version: 1\n---\nother: 2\n")
    assert document.data == {"blueprint_version": 1}
    assert [(p.code, p.span.line) for p in document.problems] == [("SY003", 3)]
