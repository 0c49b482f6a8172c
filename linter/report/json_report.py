"""The JSON format: a stable contract for scripts (README "Output formats"; the keys never change meaning)."""

from __future__ import annotations

import json
from typing import Any

from linter.core.diagnostics import Diagnostic
from linter.core.result import LintResult
from linter.report import ReportContext
from linter.report.safety import defang_json
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


def render(result: LintResult, context: ReportContext) -> str:
    diagnostics = [diagnostic_dict(d) for d in result.diagnostics]
    summary = {"files_checked": len(result.files), **counts(result.diagnostics), "total": len(diagnostics)}
    return (
        defang_json(json.dumps({"diagnostics": diagnostics, "summary": summary}, indent=2, ensure_ascii=False)) + "\n"
    )
