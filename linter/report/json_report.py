"""The JSON format: a stable contract for scripts (README "Output formats"; the keys never change meaning).

``diagnostics`` lists the findings that count, ``summary`` counts them (``errors``, ``warnings``,
``infos`` and ``total``: the verdict, which the exit code follows). Suppressed findings (inline or
by a baseline) are left out, as they are from every count. With ``check --include-suppressed``
they are listed too, in the same sorted order, each with a ``suppression`` object (``kind``
``inSource`` or ``external``, ``justification``) where the others have ``"suppression": null``;
the counts still count only the findings that were not suppressed, and ``summary.suppressed``
says how many were. With ``check --statistics``, ``summary.statistics`` holds the coverage figures
and the per-rule counts (linter/report/statistics.py).
"""

from __future__ import annotations

from typing import Any

from linter.core.diagnostics import Diagnostic
from linter.core.result import LintResult
from linter.report import ReportContext
from linter.report.json_text import dumps_indented
from linter.report.statistics import statistics_dict
from linter.report.summary import counts


def diagnostic_dict(d: Diagnostic) -> dict[str, Any]:
    """One diagnostic as the JSON contract spells it (shared with ``json-lines``)."""
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.label,
        "message": d.message,
        "file": d.file,
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.span.end_line,
        "end_column": d.span.end_column,
        "pointer": d.pointer,
    }


def listed(result: LintResult, context: ReportContext) -> list[dict[str, Any]]:
    """The diagnostic objects of the run: the findings that count, and with ``--include-suppressed``
    the suppressed ones among them (shared with ``json-lines``)."""
    if not context.include_suppressed:
        return [diagnostic_dict(d) for d in result.diagnostics]
    # Both lists are sorted by sort_key; one stable sort interleaves them in the contract's order.
    everything = sorted([*result.diagnostics, *result.suppressed], key=lambda d: d.sort_key)
    return [{**diagnostic_dict(d), "suppression": _suppression(d)} for d in everything]


def _suppression(d: Diagnostic) -> dict[str, str] | None:
    if d.suppression is None:
        return None
    return {"kind": d.suppression.kind, "justification": d.suppression.justification.strip()}


def render(result: LintResult, context: ReportContext) -> str:
    diagnostics = listed(result, context)
    summary: dict[str, Any] = {
        "files_checked": len(result.files),
        **counts(result.diagnostics),
        "total": len(result.diagnostics),
    }
    if context.include_suppressed:
        summary["suppressed"] = len(result.suppressed)
    if context.statistics:
        summary["statistics"] = statistics_dict(result)
    return dumps_indented({"diagnostics": diagnostics, "summary": summary}) + "\n"
