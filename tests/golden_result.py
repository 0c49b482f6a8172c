"""A small synthetic lint result for the reporter goldens (tests/test_golden.py).

A few rules of every origin and severity, a few findings of every kind (with and without a file,
one suppressed inline, one with an excerpt holding a multi-byte character): everything a
reporter renders, and nothing that changes when a real rule is added or reworded.
"""

from __future__ import annotations

from collections.abc import Iterable

from linter.api import Blueprint, Diagnostic, Finding, LintResult, Rule, Severity, Span
from linter.core.diagnostics import Suppression
from linter.core.figures import Figure, WorkspaceCoverage

CWD = "/golden/repository"
SPEC = """\
blueprint_version: 1
interfaces:
  - id: IF-ORDERS
    target: SYS-CRM
    volume: {peak: {count: 9000, per: hour}}
"""
OTHER = """\
blueprint_version: 1
goals:
  - id: G-Straße  # blueprint-lint: disable=GL003 -- named by the client
"""


class _Synthetic(Rule):
    passing_example = "blueprint_version: 1\n"
    failing_example = "blueprint_version: 1\ninterfaces: [{id: IF-1}]\n"

    def check(self, model: Blueprint) -> Iterable[Finding]:
        return ()


class Unresolved(_Synthetic):
    code = "GL001"
    name = "golden-unresolved"
    severity = Severity.ERROR
    summary = "A reference names something undeclared."
    rationale = "A synthetic rule for the reporter goldens (built-in, error)."
    how_to_fix = "Declare it."
    tags = ("traceability",)


class PeakTooHigh(_Synthetic):
    code = "GL002"
    name = "golden-peak"
    severity = Severity.WARNING
    summary = "A peak is higher than the platform allows."
    rationale = "A synthetic security rule from a plugin (warning)."
    how_to_fix = "Batch it."
    tags = ("security",)
    precision = "medium"


class GoalCase(_Synthetic):
    code = "GL003"
    name = "golden-goal-case"
    severity = Severity.INFO
    summary = "A goal id is not upper case."
    rationale = "A synthetic rule declared in a configuration (info)."
    how_to_fix = "Rename it."


class Crashed(_Synthetic):
    code = "IE001"
    name = "internal-error"
    severity = Severity.ERROR
    summary = "A rule crashed."
    rationale = "A synthetic engine rule (core)."
    how_to_fix = "Report it."


def _rule(cls: type[Rule], origin: str) -> Rule:
    rule = cls()
    rule.origin = origin
    return rule


def synthetic_result() -> LintResult:
    rules = [
        _rule(Unresolved, "built-in"),
        _rule(PeakTooHigh, "acme-rules 1.2.3"),
        _rule(GoalCase, "config"),
        _rule(Crashed, "core"),
    ]
    rules.sort(key=lambda r: r.code)
    spec, other = f"{CWD}/spec.yaml", f"{CWD}/goals/other.yaml"
    diagnostics = [
        Diagnostic(
            "GL001",
            "golden-unresolved",
            Severity.ERROR,
            "interface IF-ORDERS refers to undeclared system 'SYS-CRM'",
            "spec.yaml",
            Span(4, 13, 4, 20),
            "/interfaces/0/target",
            spec,
        ),
        Diagnostic(
            "GL002",
            "golden-peak",
            Severity.WARNING,
            "interface IF-ORDERS peaks at 9,000 requests per hour",
            "spec.yaml",
            Span(5, 13, 5, 44),
            "/interfaces/0/volume/peak",
            spec,
        ),
        Diagnostic(
            "IE001",
            "internal-error",
            Severity.ERROR,
            "rule GL009 (golden-crash, built-in) crashed: ZeroDivisionError: division by zero",
            "",
            Span(1, 1, 1, 1),
            "",
        ),
    ]
    suppressed = [
        Diagnostic(
            "GL003",
            "golden-goal-case",
            Severity.INFO,
            "goal G-Straße is not upper case",
            "goals/other.yaml",
            Span(3, 9, 3, 17),
            "/goals/0/id",
            other,
            Suppression("inSource", "named by the client"),
        ),
    ]
    return LintResult(
        diagnostics=diagnostics,
        files=["goals/other.yaml", "spec.yaml", "unchanged.yaml"],
        sources={"spec.yaml": SPEC, "goals/other.yaml": OTHER},
        internal_error=True,
        suppressed=suppressed,
        enabled=frozenset(r.code for r in rules),
        rules=list(rules),
        plugins=[("acme-rules", "1.2.3")],
    )


def synthetic_statistics_result() -> LintResult:
    """The synthetic result with the coverage figures of two workspaces (``check --statistics``):
    one with nothing to count (100 %), one with gaps, and a root needing escapes."""
    result = synthetic_result()
    result.coverage = [
        WorkspaceCoverage(
            ".",
            (
                Figure("goal-trace", "interfaces traced to a goal", 2, 3, ("IF-ORDERS",)),
                Figure("mapping", "interfaces with a field mapping", 0, 3, ("IF-A", "IF-B", "IF-ORDERS")),
                Figure("goals-served", "goals served by an interface or process", 0, 0, ()),
            ),
        ),
        WorkspaceCoverage(
            "goals\x1b[31m",
            (
                Figure("goal-trace", "interfaces traced to a goal", 9_999, 10_000, ("IF-9",)),
                Figure("mapping", "interfaces with a field mapping", 10_000, 10_000, ()),
                Figure("goals-served", "goals served by an interface or process", 1, 2, ("G-Straße",)),
            ),
        ),
    ]
    return result
