"""The rule reference states each rule's precision honestly (issue 14, "How it is checked").

An ``error`` fails the build, so an error-severity rule must have no known false positive on a good
design (precision very-high or high); a heuristic (medium or low) is a warning or information. The
reference (``explain``, docs/rules.md, SARIF help) says which precision each rule has and what it
means, and the precision the docs state is the one SARIF and ``rules --format json`` carry.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linter.core.diagnostics import Severity
from linter.model.rule import PRECISION_MEANING
from tests.helpers import ruleset, run_cli

ROOT = Path(__file__).resolve().parent.parent
RULES = ruleset().rules
ERROR_PRECISIONS = ("very-high", "high")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_precision_is_a_known_level(rule) -> None:
    assert rule.precision in PRECISION_MEANING, f"{rule.code} declares precision {rule.precision!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_an_error_is_never_a_heuristic(rule) -> None:
    if rule.severity is Severity.ERROR:
        assert rule.precision in ERROR_PRECISIONS, (
            f"{rule.code} is an error with precision {rule.precision}: make it a warning or raise its precision"
        )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_the_docs_state_the_precision_and_what_it_means(rule) -> None:
    doc = rule.documentation()
    header = doc.splitlines()[2]
    assert f"*Precision:* {rule.precision} ({PRECISION_MEANING[rule.precision]})" in header, header


def test_the_generated_reference_carries_every_precision() -> None:
    reference = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in RULES:
        if rule.origin in ("core", "built-in"):
            assert f"| {rule.severity.label} | {rule.precision} |" in reference, rule.code
            assert f"*Precision:* {rule.precision}" in reference, rule.code


def test_rules_json_and_explain_say_the_same_precision() -> None:
    listed = {r["code"]: r for r in json.loads(run_cli("rules", "--format", "json").stdout)}
    for rule in RULES:
        assert listed[rule.code]["precision"] == rule.precision
    explained = run_cli("explain", "SE003").output
    assert "*Precision:* medium (a heuristic" in explained


def test_the_meaning_of_a_heuristic_says_it_is_not_an_error() -> None:
    for level in ("medium", "low"):
        assert "warning or information" in PRECISION_MEANING[level]
