"""Between the linter's spans and LSP positions.

The linter counts lines from 1 and columns from 1 in code points; LSP counts both from 0 and
columns in UTF-16 code units (the protocol's default position encoding). A character outside the
Basic Multilingual Plane (an emoji in a description) is one column for us and two for the editor,
so every conversion goes through the line's text.
"""

from __future__ import annotations

import re

from lsprotocol import types

from linter.core.diagnostics import Span

# An id as blueprints spell them (G-1, IF-ORDERS, SYS_CRM.v2): what hover, definition and
# completion treat as one word.
_WORD = re.compile(r"[A-Za-z0-9_.\-]+")


def utf16_column(line: str, column: int) -> int:
    """The UTF-16 offset of code point ``column`` (0-based) in ``line``."""
    prefix = line[:column]
    return len(prefix) + sum(1 for char in prefix if ord(char) > 0xFFFF)


def code_point_column(line: str, utf16: int) -> int:
    """The code point index of UTF-16 offset ``utf16`` in ``line`` (clamped to the line)."""
    units = 0
    for index, char in enumerate(line):
        if units >= utf16:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(line)


def to_range(span: Span, lines: list[str]) -> types.Range:
    """The LSP range of a 1-based span; a span past the text is clamped to it."""

    def position(line: int, column: int) -> types.Position:
        row = max(0, line - 1)
        text = lines[row] if row < len(lines) else ""
        return types.Position(row, utf16_column(text, max(0, column - 1)))

    start = position(span.line, span.column)
    end = position(span.end_line, span.end_column)
    if (end.line, end.character) < (start.line, start.character):
        end = start
    return types.Range(start, end)


def word_at(lines: list[str], position: types.Position) -> tuple[str, types.Range] | None:
    """The id-like word under the cursor, and its range."""
    if position.line >= len(lines):
        return None
    line = lines[position.line]
    at = code_point_column(line, position.character)
    for match in _WORD.finditer(line):
        if match.start() <= at <= match.end():
            start, end = match.start(), match.end()
            return match.group(), types.Range(
                types.Position(position.line, utf16_column(line, start)),
                types.Position(position.line, utf16_column(line, end)),
            )
    return None
