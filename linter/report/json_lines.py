"""JSON Lines: one diagnostic object per line, the same fields as the ``json`` format, no summary
(with ``check --include-suppressed``, the suppressed findings too, each with its ``suppression``).

Every record is one line for any reader that splits lines, whatever it calls a line break:
``json.dumps`` escapes the C0 controls (LF, CR, VT, FF, FS, GS, RS), and NEL (U+0085), U+2028 and
U+2029, legal raw inside JSON strings but line breaks to ``str.splitlines`` and Unicode-aware
readers, are written as ``\\u`` escapes here (the same string once parsed).
"""

from __future__ import annotations

import json
import re

from linter.core.result import LintResult
from linter.report import ReportContext
from linter.report.json_report import listed

# The line breaks json.dumps leaves raw (it escapes every C0 control).
_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def render(result: LintResult, context: ReportContext) -> str:
    records = [_LINE_BREAKS.sub(_escape, json.dumps(record, ensure_ascii=False)) for record in listed(result, context)]
    return "".join(record + "\n" for record in records)
