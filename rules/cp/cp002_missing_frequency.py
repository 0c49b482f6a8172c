"""CP002 missing-frequency: Every interface states how often it runs; a scheduled one states its
interval or schedule.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity, frequency_gaps

from ._common import BLUEPRINT_SENTENCE


class MissingFrequency(Rule):
    code = "CP002"
    judges = ("interface",)
    name = "missing-frequency"
    severity = Severity.ERROR
    tags = ("completeness",)
    precision = "very-high"
    summary = "Every interface states how often it runs; a scheduled one states its interval or schedule."
    rationale = f"""
Frequency decides the pattern, the load on the target and whether the latency SLA can be met. {BLUEPRINT_SENTENCE}.
The integration checklist (item 14) asks for a pattern that matches the expected amount, frequency
and service protection limits, which cannot be judged without it.
"""
    how_to_fix = "Add `frequency: {mode: …}`; for `mode: scheduled` also give `interval` (ISO-8601, e.g. PT15M) or `schedule` (cron)."
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-STAGING
    source: SYS-SQL
    target: SYS-CE
    frequency: {mode: scheduled, interval: P1D, window: "01:00-04:00"}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-STAGING
    source: SYS-SQL
    target: SYS-CE
    frequency: {mode: scheduled}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            for path, message in frequency_gaps(interface):
                yield Finding.at(interface, path, message)
