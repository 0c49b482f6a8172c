"""The human format: ``path:line:col: severity CODE message [name]`` plus a source excerpt
(``concise``, linter/report/concise.py, is the first lines alone)."""

from __future__ import annotations

import re

from linter.core.diagnostics import Diagnostic, Severity
from linter.core.result import LintResult
from linter.report import ReportContext
from linter.report.locations import SourceLines
from linter.report.safety import escape_unsafe
from linter.report.statistics import statistics_text
from linter.report.summary import counts, plural

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_MAX_EXCERPT = 160
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _paint(text: str, code: str, enabled: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if enabled else text


def one_line(message: str) -> str:
    """The message on one line: control characters shown as escapes, so a hostile value quoted in
    a message can neither break the one-finding-per-line layout nor start a line that a CI runner
    would read as a command (``::error``), nor drive a terminal. Format characters (zero-width,
    bidi overrides) are escaped too (linter/report/safety.py says why)."""
    return escape_unsafe(_CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), message))


def _excerpt(diagnostic: Diagnostic, line: str | None, color: bool) -> list[str]:
    if line is None:
        return []
    # Control characters (an ESC would drive the terminal) become U+FFFD, one column each, so the
    # caret stays aligned.
    source = escape_unsafe(_CONTROL.sub("\ufffd", line.expandtabs(1)), lambda _: "\ufffd")
    start = max(diagnostic.span.column - 1, 0)
    if diagnostic.span.end_line == diagnostic.span.line:
        end = max(diagnostic.span.end_column - 1, start + 1)
    else:
        end = max(len(source), start + 1)
    if len(source) > _MAX_EXCERPT:  # keep very long lines readable around the span
        shift = max(0, start - 40)
        source = ("…" if shift else "") + source[shift : shift + _MAX_EXCERPT] + "…"
        start, end = start - shift + (1 if shift else 0), min(end - shift + (1 if shift else 0), len(source))
    number = str(diagnostic.span.line)
    gutter = " " * len(number)
    caret = " " * start + "^" * max(end - start, 1)
    return [
        f"{gutter} |",
        f"{number} | {source}",
        f"{gutter} | {_paint(caret, _COLORS[diagnostic.severity], color)}",
    ]


def headline(d: Diagnostic, color: bool) -> str:
    """``path:line:col: severity CODE message [name]``: a finding's first line in text, its only one
    in concise (so a pattern that reads one reads the other)."""
    severity = _paint(d.severity.label, _COLORS[d.severity], color)
    # A file name is the pull request's as much as a message is: escaped before it is painted.
    where = f"{one_line(d.file)}:{d.span.line}:{d.span.column}" if d.file else "blueprint-lint"
    return f"{_paint(where, '1', color)}: {severity} {one_line(d.code)} {one_line(d.message)} [{one_line(d.name)}]"


def closing(result: LintResult, context: ReportContext) -> list[str]:
    """The summary line (left out when quiet) and, with ``--statistics``, the figures after it."""
    out = [] if context.quiet else [summary_line(result)]
    if context.statistics:
        out += [""] if out else []
        out.append(statistics_text(result, one_line).rstrip("\n"))
    return out


def render(result: LintResult, context: ReportContext) -> str:
    out: list[str] = []
    sources = SourceLines(result.sources)
    for d in result.diagnostics:
        out.append(headline(d, context.color))
        if d.file and d.file in result.sources:
            out.extend(_excerpt(d, sources.line(d.file, d.span.line), context.color))
        out.append("")
    out += closing(result, context)
    if context.quiet and not context.statistics:  # findings only: no blank line after the last one
        out = out[:-1]
    return "".join(line + "\n" for line in out)


def summary_line(result: LintResult) -> str:
    """``Found 3 problems (2 errors, 1 warning) in 4 files checked.`` (shared by the CI formats)."""
    tally = counts(result.diagnostics)
    checked = plural(len(result.files), "file")
    if not result.diagnostics:
        return f"No problems found in {checked} checked."
    parts = [plural(tally["errors"], "error"), plural(tally["warnings"], "warning")]
    if tally["infos"]:
        parts.append(plural(tally["infos"], "info"))
    return f"Found {plural(len(result.diagnostics), 'problem')} ({', '.join(parts)}) in {checked} checked."
