"""JUnit XML for the Azure DevOps and GitLab test tabs: one test suite per checked file, one test
case per file and enabled rule.

A rule that found something in a file is a failed test (``<failure type="error|warning|info">``
listing every finding); a rule whose findings there were all suppressed is skipped; any other
rule passed, so a fixed finding shows up as a test that went from failing to passing. Internal
errors (a crashed rule) are an ``<error>`` in a ``blueprint-lint`` suite. Paths are relative to the
repository root; no timings or timestamps, so the same input gives the same bytes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from xml.sax.saxutils import escape, quoteattr

from linter.core import codes
from linter.core.diagnostics import Diagnostic
from linter.core.result import LintResult
from linter.report import ReportContext
from linter.report.locations import repo_file, repo_path
from linter.report.text import one_line

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else "\ufffd", text)


def _attr(text: str) -> str:
    return quoteattr(_clean(text))


def _line(d: Diagnostic, path: str) -> str:
    where = f"{path}:{d.span.line}:{d.span.column}" if path else "blueprint-lint"
    return f"{where}: {d.severity.label} {d.code} {one_line(d.message)} [{d.name}]"


def _failure(findings: list[tuple[Diagnostic, str]]) -> str:
    first = findings[0][0]
    worst = max(d.severity for d, _ in findings)
    summary = one_line(first.message)
    if len(findings) > 1:
        summary = f"{len(findings)} problems, the first: {summary}"
    body = "\n".join(_line(d, path) for d, path in findings)
    return f"<failure message={_attr(summary)} type={_attr(worst.label)}>{escape(_clean(body))}</failure>"


def render(result: LintResult, context: ReportContext) -> str:
    rules = [
        r
        for r in result.rules
        if (result.enabled is None or r.code in result.enabled) and r.code != codes.INTERNAL_ERROR
    ]
    found: dict[tuple[str, str], list[tuple[Diagnostic, str]]] = defaultdict(list)
    hidden: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
    internal: list[Diagnostic] = []
    files = {repo_file(f, context) for f in result.files}
    for d in result.diagnostics:
        if not d.file:
            internal.append(d)
            continue
        path = repo_path(d, context)
        files.add(path)
        found[(path, d.code)].append((d, path))
    for d in result.suppressed:
        if d.file:
            path = repo_path(d, context)
            files.add(path)
            hidden[(path, d.code)].append(d)
    listed = sorted({r.code for r in rules} | {code for _, code in found})
    names = {r.code: r.name for r in result.rules}

    suites: list[str] = []
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for path in sorted(files):
        cases: list[str] = []
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for code in listed:
            counts["tests"] += 1
            head = f'    <testcase name={_attr(f"{code} {names.get(code, code)}")} classname={_attr(path)} file={_attr(path)} time="0"'
            if (path, code) in found:
                counts["failures"] += 1
                cases.append(f"{head}>\n      {_failure(found[(path, code)])}\n    </testcase>")
            elif (path, code) in hidden:
                counts["skipped"] += 1
                reasons = sorted({d.suppression.justification for d in hidden[(path, code)] if d.suppression})
                why = "; ".join(r for r in reasons if r) or "no justification given"
                cases.append(f"{head}>\n      <skipped message={_attr(f'suppressed: {why}')}/>\n    </testcase>")
            else:
                cases.append(f"{head}/>")
        suites.append(_suite(path, counts, cases))
        for key in totals:
            totals[key] += counts[key]
    if internal:
        body = "\n".join(_line(d, "") for d in internal)
        case = (
            '    <testcase name="IE001 internal-error" classname="blueprint-lint" time="0">\n'
            f'      <error message={_attr(one_line(internal[0].message))} type="error">{escape(_clean(body))}</error>\n'
            "    </testcase>"
        )
        counts = {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}
        suites.append(_suite("blueprint-lint", counts, [case]))
        for key in totals:
            totals[key] += counts[key]
    header = (
        f'<testsuites name="blueprint-lint" tests="{totals["tests"]}" failures="{totals["failures"]}" '
        f'errors="{totals["errors"]}" skipped="{totals["skipped"]}" time="0">'
    )
    return "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', header, *suites, "</testsuites>"]) + "\n"


def _suite(name: str, counts: dict[str, int], cases: list[str]) -> str:
    head = (
        f'  <testsuite name={_attr(name)} tests="{counts["tests"]}" failures="{counts["failures"]}" '
        f'errors="{counts["errors"]}" skipped="{counts["skipped"]}" time="0">'
    )
    return "\n".join([head, *cases, "  </testsuite>"])
