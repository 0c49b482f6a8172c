"""Azure Pipelines logging commands: one ``##vso[task.logissue ...]`` line per finding, shown as
errors and warnings on the pipeline run.

Escaping follows Microsoft's task library (``azure-pipelines-task-lib`` ``taskcommand.ts``): in
the message ``%`` becomes ``%AZP25`` and CR, LF become ``%0D``, ``%0A``; in properties ``]`` and
``;`` are encoded too (``%5D``, ``%3B``), since the agent ends the properties at the first ``]``.
Azure knows only errors and warnings, so an ``info`` finding is logged as a warning.
"""

from __future__ import annotations

from linter.core.diagnostics import Severity
from linter.core.result import LintResult
from linter.report import ReportContext
from linter.report.locations import SourceLines, repo_path, utf16_span
from linter.report.text import summary_line


def escape_data(text: str) -> str:
    return text.replace("%", "%AZP25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace("]", "%5D").replace(";", "%3B")


def render(result: LintResult, context: ReportContext) -> str:
    lines = SourceLines(result.sources)
    out = []
    for d in result.diagnostics:
        properties = [("type", "error" if d.severity is Severity.ERROR else "warning")]
        if d.file:
            span = utf16_span(d, lines)
            properties += [
                ("sourcepath", repo_path(d, context)),
                ("linenumber", str(span.line)),
                ("columnnumber", str(span.column)),
            ]
        properties.append(("code", d.code))
        props = ";".join(f"{key}={escape_property(value)}" for key, value in properties)
        prefix = "info: " if d.severity is Severity.INFO else ""
        # Our command comes first on the line, so the agent reads it; on standard output the quoted
        # text is defanged anyway (linter/report/safety.py).
        out.append(f"##vso[task.logissue {props};]{escape_data(prefix + d.message)} [{d.name}]")
    if not context.quiet:
        out.append(summary_line(result))
    return "".join(line + "\n" for line in out)  # nothing at all when quiet and clean
