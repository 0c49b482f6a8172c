"""YAML comments found without a parse: the one lexical scanner for ``#`` outside scalars.

A cheap line tokenizer that knows YAML quoting (single, double, and quotes spanning lines) and
block scalars, so ``"# not a comment"`` inside a string is left alone and no second YAML parse is
paid for comments (ansible-lint#886 measured that cost). Suppression comments
(``linter/filter/suppressions.py``) and the comment-blind finding fingerprints
(``linter/report/locations.py``) both read comments through it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from linter.core.lines import split_lines

# A line whose YAML (before any comment) ends with a block scalar indicator: `key: |`, `- >-`.
_BLOCK_START = re.compile(r"(?:^|[\s:?-])[|>][-+0-9]*$")
# Characters after which a quote opens a quoted scalar (anywhere else it is part of plain text).
_QUOTE_OPENERS = frozenset(["", ":", "-", "[", "{", ",", "?"])


@dataclass(frozen=True)
class Comment:
    line: int
    column: int  # 1-based column of the '#'
    body: str  # the text after '#', stripped
    end_column: int  # exclusive


def comment_start(line: str, quote: str = "") -> tuple[int | None, str]:
    """Where the comment of ``line`` starts (the index of its ``#``, None without one), and the
    quote still open at its end; ``quote`` is the one open from the line before ("" for none)."""
    previous = ""  # last non-blank character outside quotes on this line
    i, length = 0, len(line)
    while i < length:
        char = line[i]
        if quote == '"':
            if char == "\\":
                i += 2
                continue
            if char == '"':
                quote, previous = "", '"'
        elif quote == "'":
            if char == "'":
                if i + 1 < length and line[i + 1] == "'":
                    i += 2  # '' is an escaped quote inside a single-quoted scalar
                    continue
                quote, previous = "", "'"
        elif char == "#" and (i == 0 or line[i - 1] in " \t"):
            return i, quote
        elif char in "\"'" and previous in _QUOTE_OPENERS and (i == 0 or line[i - 1] in " \t[{,"):
            quote = char
        elif char not in " \t":
            previous = char
        i += 1
    return None, quote


def iter_comments(text: str) -> Iterator[Comment]:
    """Every YAML comment in ``text``, skipping ``#`` inside quoted and block scalars."""
    quote = ""  # the open quote character when a quoted scalar spans lines
    block_indent: int | None = None
    for number, line in enumerate(split_lines(text), start=1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_indent is not None:
            if not stripped.strip() or indent > block_indent:
                continue  # block scalar content: a '#' here is text
            block_indent = None
        comment_at, quote = comment_start(line, quote)
        content = line[:comment_at] if comment_at is not None else line
        if not quote and _BLOCK_START.search(content.rstrip()):
            block_indent = indent
        if comment_at is not None:
            yield Comment(number, comment_at + 1, line[comment_at + 1 :].strip(), len(line.rstrip()) + 1)


def strip_comment(line: str) -> str:
    """The line without its YAML comment (a ``#`` at the start or after white space, outside
    quotes), so adding a suppression comment does not change a finding's identity."""
    comment_at, _ = comment_start(line)
    return line if comment_at is None else line[:comment_at]
