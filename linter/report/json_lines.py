"""JSON Lines: one diagnostic object per line, the same fields as the ``json`` format, no summary
(with ``check --include-suppressed``, the suppressed findings too, each with its ``suppression``).

U+2028 and U+2029 are written as escapes: they are legal inside JSON strings, but some line
readers treat them as line breaks and would split a record.
"""

from __future__ import annotations

import json

from linter.core.result import LintResult
from linter.report import ReportContext
from linter.report.json_report import listed
from linter.report.safety import defang_json


def render(result: LintResult, context: ReportContext) -> str:
    records = [
        defang_json(json.dumps(record, ensure_ascii=False)).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        for record in listed(result, context)
    ]
    return "".join(record + "\n" for record in records)
