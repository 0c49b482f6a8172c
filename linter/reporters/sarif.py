"""SARIF 2.1.0 output for code-scanning services (GitHub, Azure DevOps)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from linter.diagnostics import Severity
from linter.engine import LintResult
from linter.registry import RuleSet
from linter.reporters import ReportContext

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/blueprint-lint/"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    """A relative URI reference: POSIX separators, spaces and non-ASCII percent-encoded."""
    return quote(path, safe="/-._~")


def _descriptor(rule: Any) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.rationale.split())[:1024]},
        "help": {"text": rule.how_to_fix, "markdown": rule.documentation()},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": list(rule.tags), "precision": rule.precision},
    }


def render(result: LintResult, ruleset: RuleSet, context: ReportContext) -> str:
    rules = [r for r in ruleset.rules if context.enabled is None or r.code in context.enabled]
    index = {rule.code: i for i, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for d in result.diagnostics:
        entry: dict[str, Any] = {
            "ruleId": d.code,
            "level": _LEVELS[d.severity],
            "message": {"text": d.message},
        }
        if d.code in index:
            entry["ruleIndex"] = index[d.code]
        if d.file:
            entry["locations"] = [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(d.file)},
                        "region": {
                            "startLine": d.span.line,
                            "startColumn": d.span.column,
                            "endLine": d.span.end_line,
                            "endColumn": d.span.end_column,
                        },
                    }
                }
            ]
        results.append(entry)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "blueprint-lint",
                        "semanticVersion": context.version,
                        "informationUri": INFORMATION_URI,
                        "rules": [_descriptor(rule) for rule in rules],
                    }
                },
                "invocations": [{"executionSuccessful": not result.internal_error}],
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
