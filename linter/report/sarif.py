"""SARIF 2.1.0 for code-scanning services (GitHub code scanning, the Azure DevOps Scans tab).

What GitHub reads is spelled out in ``docs/ci.md``; the choices that matter:

* one run; ``tool.driver`` with ``name``, ``fullName`` (name and version) and ``semanticVersion``;
  ``automationDetails.id`` ``blueprint-lint/`` (``upload-sarif``'s ``category`` overrides it), or,
  in an Azure Pipelines job, the pipeline identity Advanced Security for Azure DevOps requires
  (see :func:`_automation_details`);
* every enabled rule is a ``reportingDescriptor`` with the documentation ``explain`` prints as
  ``help``, and a ``helpUri`` into ``docs/rules.md`` for built-in rules (a plugin rule may set a
  ``help_uri`` class attribute); plugin distributions are listed in ``tool.extensions``;
* each result has one location whose URI is relative to the repository root (``%SRCROOT%``:
  the nearest directory holding ``.git`` from the current directory, else the current
  directory), with columns in UTF-16 code units, and ``partialFingerprints`` that do not depend
  on line numbers (see :func:`linter.report.locations.fingerprints`);
* suppressed findings (inline or by a baseline) are left out: GitHub code scanning ignores SARIF
  ``suppressions`` and would open an alert for each. ``check --include-suppressed`` carries them,
  each with its ``suppressions``, for consumers that honour the property; either way the
  fingerprints of the other results are the same. Internal errors and unreadable files are
  also ``toolExecutionNotifications``;
* GitHub's limits (25,000 results per run, 10 MB gzipped) are enforced here: beyond them the
  least severe results are dropped and the caller gets a warning to print.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from typing import Any

from linter.core import codes
from linter.core.diagnostics import Diagnostic, Severity
from linter.core.result import LintResult
from linter.core.rule_info import RuleInfo
from linter.report import Rendered, ReportContext
from linter.report.locations import (
    SourceLines,
    file_uri,
    is_relative,
    located_findings,
    region_text,
    repo_path,
    uri_reference,
    utf16_span,
)
from linter.report.pipeline import AzurePipeline
from linter.report.statistics import statistics_dict
from linter.report.summary import plural

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/blueprint-lint/blueprint-lint"
# Stable documentation anchors of the built-in rules: docs/rules.md headings "## CODE name".
RULES_DOC_URI = "https://github.com/blueprint-lint/blueprint-lint/blob/main/docs/rules.md"
AUTOMATION_ID = "blueprint-lint/"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "blueprintLint/v1"
# GitHub code scanning's limits per upload (docs: "SARIF support for code scanning").
MAX_RESULTS = 25_000
MAX_GZIP_BYTES = 10 * 1000 * 1000
_MAX_DESCRIPTION = 1024

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}
# security-severity scores for rules tagged "security" (GitHub: >=7.0 high, 4.0-6.9 medium,
# 0.1-3.9 low); a rule may set its own with a ``security_severity`` class attribute.
_SECURITY_SEVERITY = {Severity.ERROR: "7.5", Severity.WARNING: "5.0", Severity.INFO: "2.0"}
_NOTIFIED = (codes.INTERNAL_ERROR, codes.UNREADABLE)


def _plain(text: str) -> str:
    return " ".join(text.split())


def _sentence(text: str) -> str:
    """A message as a sentence that stands alone: capitalised, ending with a full stop."""
    text = text.strip()
    if not text:
        return "(no message)."
    if text[0].islower():
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _limited(text: str, limit: int = _MAX_DESCRIPTION) -> str:
    text = _plain(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def help_uri(rule: RuleInfo) -> str:
    """The rule's documentation URL ("" when it has none)."""
    own = getattr(rule, "help_uri", "")
    if isinstance(own, str) and own:
        return own
    if rule.origin in ("core", "built-in"):
        return f"{RULES_DOC_URI}#{rule.code.lower()}-{rule.name}"
    return ""


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    doc = rule.documentation().strip("\n")
    uri = help_uri(rule)
    tags = sorted(set(rule.tags))
    properties: dict[str, Any] = {
        "tags": tags,
        "precision": rule.precision,
        "problem.severity": _PROBLEM_SEVERITY[rule.severity],
    }
    if "security" in tags:
        own = getattr(rule, "security_severity", "")
        properties["security-severity"] = str(own) if own else _SECURITY_SEVERITY[rule.severity]
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _limited(rule.summary)},
        "fullDescription": {"text": _limited(rule.rationale)},
        "help": {
            "text": doc + (f"\n\nDocumentation: {uri}" if uri else ""),
            "markdown": doc + (f"\n\n[Documentation]({uri})" if uri else ""),
        },
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": properties,
    }
    if uri:
        descriptor["helpUri"] = uri
    return descriptor


def _location(diagnostic: Diagnostic, path: str, lines: SourceLines) -> dict[str, Any]:
    span = utf16_span(diagnostic, lines)
    region: dict[str, Any] = {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": max(span.end_column, span.column) if span.end_line == span.line else span.end_column,
    }
    snippet = region_text(diagnostic, lines)
    if snippet:
        region["snippet"] = {"text": snippet}
    physical: dict[str, Any] = {"artifactLocation": _artifact(path), "region": region}
    # The whole lines around the finding, so a viewer without the checkout can show it.
    first, last = max(1, span.line - 1), span.end_line + 1
    context = [lines.line(diagnostic.file, n) for n in range(first, last + 1)]
    while context and context[-1] is None:
        context.pop()
        last -= 1
    if context and None not in context and last - first < 60:
        physical["contextRegion"] = {
            "startLine": first,
            "endLine": last,
            "snippet": {"text": "\n".join(line for line in context if line is not None)},
        }
    return {"physicalLocation": physical}


def _artifact(path: str) -> dict[str, Any]:
    if is_relative(path):
        return {"uri": uri_reference(path), "uriBaseId": SRCROOT}
    return {"uri": file_uri(path)}  # outside the repository: an absolute URI, no base


def _result(
    diagnostic: Diagnostic, path: str, fingerprint: str, index: dict[str, int], lines: SourceLines
) -> dict[str, Any]:
    entry: dict[str, Any] = {"ruleId": diagnostic.code}
    if diagnostic.code in index:
        entry["ruleIndex"] = index[diagnostic.code]
    entry["level"] = _LEVELS[diagnostic.severity]
    entry["message"] = {"text": _sentence(diagnostic.message)}
    entry["locations"] = [_location(diagnostic, path, lines)]
    entry["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint, "primaryLocationLineHash": fingerprint}
    if diagnostic.pointer:
        entry["properties"] = {"pointer": diagnostic.pointer}
    if diagnostic.suppression is not None:
        suppression: dict[str, Any] = {"kind": diagnostic.suppression.kind, "status": "accepted"}
        if diagnostic.suppression.justification.strip():
            suppression["justification"] = diagnostic.suppression.justification.strip()
        entry["suppressions"] = [suppression]
    return entry


def _notification(diagnostic: Diagnostic, path: str, lines: SourceLines) -> dict[str, Any]:
    note: dict[str, Any] = {
        "level": "error",
        "message": {"text": _sentence(diagnostic.message)},
        "descriptor": {"id": diagnostic.code},
    }
    if path:
        note["locations"] = [_location(diagnostic, path, lines)]
    return note


def _severity_of(entry: dict[str, Any]) -> int:
    return {"error": 3, "warning": 2, "note": 1}.get(entry["level"], 0)


def _keep_most_severe(results: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """The ``count`` most important results in their original order: unsuppressed before
    suppressed, errors before warnings before notes, then the original (file, line) order."""
    ranked = sorted(range(len(results)), key=lambda i: ("suppressions" in results[i], -_severity_of(results[i]), i))
    keep = sorted(ranked[:count])
    return [results[i] for i in keep]


def _dropped_summary(dropped: Sequence[dict[str, Any]]) -> str:
    tally: dict[str, int] = {}
    for entry in dropped:
        tally[entry["level"]] = tally.get(entry["level"], 0) + 1
    return ", ".join(plural(tally[level], level) for level in ("error", "warning", "note") if level in tally)


def _dump(log: dict[str, Any]) -> str:
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _gzip_size(text: str) -> int:
    return len(gzip.compress(text.encode("utf-8", "surrogatepass"), compresslevel=6, mtime=0))


def build_log(
    result: LintResult,
    context: ReportContext,
    *,
    max_results: int | None = None,
    max_gzip_bytes: int | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """The SARIF log as a dict, and warnings for the user (results dropped to fit the limits)."""
    max_results = MAX_RESULTS if max_results is None else max_results
    max_gzip_bytes = MAX_GZIP_BYTES if max_gzip_bytes is None else max_gzip_bytes
    rules = [r for r in result.rules if result.enabled is None or r.code in result.enabled]
    index = {rule.code: i for i, rule in enumerate(rules)}
    lines = SourceLines(result.sources)

    # Fingerprints are numbered over reported and suppressed findings together (located_findings),
    # so leaving the suppressed ones out does not renumber the twins of those that stay.
    results = [
        _result(d, path, fp, index, lines)
        for d, path, fp in located_findings(result, context)
        if context.include_suppressed or d.suppression is None
    ]

    notifications = [_notification(d, repo_path(d, context), lines) for d in result.diagnostics if d.code in _NOTIFIED]
    warnings: list[str] = []

    total = len(results)
    everything_results = results
    if total > max_results:
        results = _keep_most_severe(results, max_results)
        warnings.append(
            f"the report has {total:,} results, more than the {max_results:,} GitHub code scanning "
            f"accepts in one run; it keeps the {max_results:,} most severe"
        )

    automation, pipeline_warnings = _automation_details(context.azure_pipeline)
    root = context.source_root or context.cwd
    base: dict[str, Any] = {"description": {"text": "The root of the repository the findings' paths are relative to."}}
    if root:
        base["uri"] = file_uri(root.replace("\\", "/").rstrip("/") + "/")
    driver: dict[str, Any] = {
        "name": "blueprint-lint",
        # Required by Advanced Security for Azure DevOps (GHAzDO1018); SARIF's "name plus version".
        "fullName": f"blueprint-lint {context.version}",
        "semanticVersion": context.version,
        "informationUri": INFORMATION_URI,
        "rules": [_descriptor(rule) for rule in rules],
    }
    tool: dict[str, Any] = {"driver": driver}
    if result.plugins:
        tool["extensions"] = [{"name": name, "version": version} for name, version in result.plugins]
    invocation: dict[str, Any] = {"executionSuccessful": not result.internal_error}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, Any] = {
        "tool": tool,
        "invocations": [invocation],
        "automationDetails": automation,
        "originalUriBaseIds": {SRCROOT: base},
        "columnKind": "utf16CodeUnits",
        "results": results,
    }
    if context.statistics:  # a property bag (SARIF §3.8); the missing ids stay in the json format
        run["properties"] = {"statistics": statistics_dict(result, with_missing=False)}
    log: dict[str, Any] = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}

    if _too_big(_dump(log), max_gzip_bytes):
        # Binary search for the largest number of results that fits, keeping the most severe.
        low, high = 0, len(results)
        while high - low > 1:
            middle = (low + high) // 2
            run["results"] = _keep_most_severe(results, middle)
            if _too_big(_dump(log), max_gzip_bytes - _note_margin(max_gzip_bytes)):
                high = middle
            else:
                low = middle
        run["results"] = _keep_most_severe(results, low)
        warnings.append(
            f"the report would be larger than the {max_gzip_bytes:,} bytes (gzipped) GitHub code scanning "
            f"accepts; it keeps the {low:,} most severe results"
        )
    if warnings:
        kept = {id(entry) for entry in run["results"]}
        dropped = [entry for entry in everything_results if id(entry) not in kept]
        warnings.append(f"dropped {len(dropped):,} of {total:,} results ({_dropped_summary(dropped)})")
        # Say so inside the log too, so whoever reads only the SARIF knows it is incomplete.
        invocation["toolExecutionNotifications"] = [
            *notifications,
            {"level": "warning", "message": {"text": _sentence("; ".join(warnings))}},
        ]
    return log, [*warnings, *pipeline_warnings]


def _automation_details(pipeline: AzurePipeline | None) -> tuple[dict[str, Any], list[str]]:
    """The run's ``automationDetails``, and a warning when an Azure pipeline's identity is unusable.

    Two services read it, and the SARIF Multitool checks each one's rules:

    * GitHub code scanning (``validate --rule-kind Gh`` asks nothing of it) reads the id as
      ``<category>/<run id>``: the text up to the last ``/`` is the category, which tells apart
      analyses of one commit (``upload-sarif``'s ``category`` input overrides it).
    * Advanced Security for Azure DevOps (``--rule-kind Ado``) rejects a run whose id is not
      ``azuredevops/pipeline/build/<org>/<project id>/<definition id>/<phase id>/<branch>/<build id>``
      (GHAzDO1020) or whose ``properties`` lack the build definition's and the job's id and name
      (GHAzDO1019). It files alerts under that build definition and job.

    Only the pipeline knows those values, and made-up ones would file alerts under a build that
    does not exist, so the Azure identity is written only inside an Azure Pipelines job, from its
    predefined variables (as Microsoft's own SARIF emitter does). That id still reads as
    ``<category>/<run id>`` for GitHub: the category is the pipeline, job and branch, the run id
    the build. Everywhere else the id is ``blueprint-lint/``: category ``blueprint-lint``, which
    GitHub wants and Advanced Security for Azure DevOps never sees (it ingests SARIF from
    pipeline runs).
    """
    if pipeline is None:
        return {"id": AUTOMATION_ID}, []
    if pipeline.problems:
        return {"id": AUTOMATION_ID}, [
            "in an Azure Pipelines job (TF_BUILD=True) whose identity is incomplete ("
            + "; ".join(pipeline.problems)
            + f"): automationDetails.id stays '{AUTOMATION_ID}', which GitHub Advanced Security for "
            "Azure DevOps does not accept"
        ]
    return {"id": pipeline.automation_id, "properties": pipeline.properties()}, []


def _note_margin(max_gzip_bytes: int) -> int:
    """Room left for the notification that says results were dropped."""
    return min(4096, max_gzip_bytes // 10)


def _too_big(text: str, max_gzip_bytes: int) -> bool:
    raw = text.encode("utf-8", "surrogatepass")
    # JSON always compresses, so a text no larger than the limit fits without trying gzip.
    return len(raw) > max_gzip_bytes and _gzip_size(text) > max_gzip_bytes


def render_report(result: LintResult, context: ReportContext) -> Rendered:
    log, warnings = build_log(result, context)
    return Rendered(_dump(log), tuple(f"SARIF: {w}" for w in warnings))


def render(result: LintResult, context: ReportContext) -> str:
    return render_report(result, context).text
