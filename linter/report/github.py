"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding,
shown as annotations on the pull request and in the log.

Escaping follows GitHub's toolkit (``@actions/core`` ``command.ts``): in the message ``%``, CR and
LF are percent-encoded; in properties ``:`` and ``,`` are too. Paths are relative to the
repository root, which is where the annotation is placed. Columns are UTF-16 code units, and are
left out when a finding spans several lines (GitHub ignores them there).
"""

from __future__ import annotations

from linter.core.diagnostics import Severity
from linter.core.result import LintResult
from linter.report import ReportContext
from linter.report.locations import SourceLines, repo_path, utf16_span
from linter.report.text import summary_line

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: LintResult, context: ReportContext) -> str:
    lines = SourceLines(result.sources)
    out = []
    for d in result.diagnostics:
        properties = []
        if d.file:
            span = utf16_span(d, lines)
            properties.append(("file", repo_path(d, context)))
            properties.append(("line", str(span.line)))
            if span.end_line == span.line:
                properties += [("col", str(span.column)), ("endColumn", str(max(span.end_column, span.column)))]
            properties.append(("endLine", str(span.end_line)))
        properties.append(("title", f"{d.code} {d.name}"))
        props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
        out.append(f"::{_COMMANDS[d.severity]} {props}::{escape_data(d.message)}")
    if not context.quiet:
        out.append(summary_line(result))
    return "".join(line + "\n" for line in out)  # nothing at all when quiet and clean
