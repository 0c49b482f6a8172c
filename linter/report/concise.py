"""The concise format: one line per finding, ``path:line:col: severity CODE message [name]`` (the
text format's first lines, without the excerpts), then the summary line. For grep, editors'
problem matchers and logs where an excerpt per finding is too much."""

from __future__ import annotations

from linter.core.result import LintResult
from linter.report import ReportContext
from linter.report.text import closing, headline


def render(result: LintResult, context: ReportContext) -> str:
    out = [headline(d, context.color) for d in result.diagnostics]
    out += closing(result, context)
    return "".join(line + "\n" for line in out)
