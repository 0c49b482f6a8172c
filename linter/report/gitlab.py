"""GitLab Code Quality: a JSON array of issues for the merge-request widget and the pipeline tab.

Each issue carries ``description``, ``check_name``, ``fingerprint``, ``severity`` and
``location`` (``path`` relative to the repository root, ``lines.begin``/``end``). The
fingerprint is the line-independent one SARIF uses, so GitLab does not see a finding as fixed and
new again when lines are inserted above it. Suppressed findings and findings with no file (an
internal error, which the exit code and standard error already report) are left out.
"""

from __future__ import annotations

import json
from typing import Any

from linter.core.diagnostics import Severity
from linter.core.result import LintResult
from linter.report import ReportContext
from linter.report.locations import located_findings

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(result: LintResult, context: ReportContext) -> str:
    issues: list[dict[str, Any]] = [
        {
            "description": f"{d.code} {d.message}",
            "check_name": d.code,
            "fingerprint": fingerprint,
            "severity": _SEVERITY[d.severity],
            "location": {"path": path, "lines": {"begin": d.span.line, "end": d.span.end_line}},
        }
        for d, path, fingerprint in located_findings(result, context)
        if d.suppression is None
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
