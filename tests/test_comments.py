"""The one YAML comment scanner (linter/load/comments.py), shared by suppressions and fingerprints."""

from __future__ import annotations

import pytest

from linter.load.comments import comment_start, iter_comments, strip_comment


@pytest.mark.parametrize(
    ("line", "stripped"),
    [
        ("key: value  # note", "key: value  "),
        ("# whole line", ""),
        ('key: "a # b"  # c', 'key: "a # b"  '),
        ("key: 'it''s # not a comment'", "key: 'it''s # not a comment'"),
        ("key: it's # a comment", "key: it's "),
        ("url: http://x/#anchor", "url: http://x/#anchor"),
        ("list: [\"a\", 'b # c']  # d", "list: [\"a\", 'b # c']  "),
        ('escaped: "say \\"# hi\\""', 'escaped: "say \\"# hi\\""'),
    ],
)
def test_strip_comment(line: str, stripped: str) -> None:
    assert strip_comment(line) == stripped


def test_a_quote_open_at_the_end_of_a_line_carries_to_the_next() -> None:
    assert comment_start('key: "starts here # inside') == (None, '"')
    assert comment_start('still # inside" # outside', '"') == (16, "")


def test_suppressions_and_fingerprints_agree_on_every_line() -> None:
    text = "a: 1  # one\nb: 'x # y'\nc: |\n  # block text\nd: 2 # two\n"
    found = {c.line: c.column for c in iter_comments(text)}
    for number, line in enumerate(text.splitlines(), start=1):
        if number == 4:
            continue  # block scalar content: only the whole-text scan knows
        start, _ = comment_start(line)
        assert found.get(number) == (None if start is None else start + 1)
    assert found == {1: 7, 5: 6}
