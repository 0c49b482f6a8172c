"""The one rule for splitting source text into lines: YAML's (LF, CR LF, a lone CR).

The loaders count lines this way (ruamel's reader and rapidyaml break at ``\\n`` and at a ``\\r``
not followed by ``\\n``); U+2028, U+2029, NEL (U+0085), ``\\x0b``, ``\\x0c`` and the other breaks
``str.splitlines()`` knows are ordinary characters in YAML 1.2. Every place that turns a file's
text into numbered lines (comments and suppressions, configuration positions, excerpts) uses
this module, so a line number means the same line everywhere.
"""

from __future__ import annotations

import re

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` without their line breaks, like ``str.splitlines()`` but breaking
    only at LF, CR LF and CR: a final line break does not start another (empty) line."""
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in code points) of ``offset`` in ``text``."""
    offset = max(0, min(offset, len(text)))
    line = 1
    start = 0
    for match in LINE_BREAK.finditer(text):
        if match.end() > offset:  # past the offset, or the offset is between a CR and its LF
            break
        line += 1
        start = match.end()
    return line, offset - start + 1


def count_line_breaks(text: str, start: int = 0, end: int | None = None) -> int:
    """How many line breaks ``text[start:end]`` holds (a CR LF is one), at C speed."""
    end = len(text) if end is None else end
    breaks = text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)
    if start < end < len(text) and text[end - 1] == "\r" and text[end] == "\n":
        breaks -= 1  # the CR of a CR LF split at ``end``: its LF is counted after ``end``
    return breaks
