"""Escaping and tables for the HTML and Markdown views: blueprint text is untrusted.

Everything the report shows passes through :func:`html_text` / :func:`html_attr` (HTML) or
:func:`md_text` / :func:`md_cell` / :func:`md_code` (Markdown), so a ``<script>``, a quote, a pipe,
a backtick or a line break in a blueprint is shown as text and never changes the page's structure.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

# Characters that start Markdown (or inline HTML) syntax inside a line; escaped with a backslash.
# Text is always placed after other text (a cell's pipe, a bullet, a label), so the characters
# that only matter at the start of a line (``#``, ``-``, ``+``, ``1.``) need no escape.
# An underscore or asterisk between two letters or digits (``one_way``) starts no emphasis in
# CommonMark and is left alone, so identifiers and URLs stay readable in the Markdown source.
_MD_SPECIAL = re.compile(r"([\\`\[\]<>|~])|(?<![A-Za-z0-9])[_*]|[_*](?![A-Za-z0-9])")
_NEWLINES = re.compile(r"\s*[\r\n\u2028\u2029\x85]+\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def one_line(text: object) -> str:
    """``text`` as a string on one line (line breaks become spaces, control characters dropped)."""
    return _CONTROL.sub("", _NEWLINES.sub(" ", str(text))).strip()


_HTML_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def html_text(text: object) -> str:
    """Text for an HTML element's content (line breaks kept: the page decides how they show)."""
    value = str(text)
    if _HTML_SPECIAL.search(value) is None:  # most text: nothing to escape, one scan
        return value
    return html.escape(_CONTROL.sub("", value), quote=False)


def html_attr(text: object) -> str:
    """Text for a double-quoted HTML attribute value."""
    return html.escape(one_line(text), quote=True)


def anchor(entity_id: object) -> str:
    """An id usable as an HTML ``id`` and a URL fragment: letters, digits, ``-``, ``_``, ``.``;
    anything else becomes ``_`` (blueprint ids are already of that form)."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", one_line(entity_id)) or "_"


def md_text(text: object) -> str:
    """Text for a Markdown paragraph or table cell: on one line, every syntax character escaped,
    so neither a pipe nor a tag nor a link can be injected."""
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), one_line(text).replace("&", "&amp;"))


md_cell = md_text


def md_code(text: object) -> str:
    """Inline code that holds any text (a fence longer than the longest run of backticks in it)."""
    value = one_line(text)
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or not value else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def md_fence(text: str, info: str = "") -> str:
    """A fenced code block holding ``text`` verbatim (the fence outgrows any backtick run in it)."""
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{info}\n{_CONTROL.sub('', text).rstrip()}\n{fence}"


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool] = ()) -> list[str]:
    """A Markdown table of already escaped cells; ``right[i]`` aligns column ``i`` right (figures)."""
    aligns = [("---:" if i < len(right) and right[i] else "---") for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def html_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool] = (), css: str = ""
) -> list[str]:
    """An HTML table of already escaped cells (markup allowed); ``right[i]`` marks figure columns."""

    def cls(i: int) -> str:
        return ' class="num"' if i < len(right) and right[i] else ""

    lines = [f"<table{f' class={chr(34)}{css}{chr(34)}' if css else ''}>", "<thead><tr>"]
    lines.append("".join(f"<th{cls(i)}>{cell}</th>" for i, cell in enumerate(header)))
    lines += ["</tr></thead>", "<tbody>"]
    for row in rows:
        lines.append("<tr>" + "".join(f"<td{cls(i)}>{cell}</td>" for i, cell in enumerate(row)) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return lines
