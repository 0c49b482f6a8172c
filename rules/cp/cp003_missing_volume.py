"""CP003 missing-volume: Every interface states its average and peak volume, each as a count per time unit."""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity, volume_gaps

from ._common import BLUEPRINT_SENTENCE


class MissingVolume(Rule):
    code = "CP003"
    judges = ("interface",)
    name = "missing-volume"
    severity = Severity.ERROR
    tags = ("completeness",)
    precision = "very-high"
    summary = "Every data and process interface states its average and peak volume, each as a count per time unit."
    rationale = f"""
Peak volume is the figure that drives the pattern choice and every capacity check against the
platform's service protection limits. {BLUEPRINT_SENTENCE}. *Select the ideal platform* asks that
persistent (average) and peak volumes be handled now and in the long term; the finance and operations
integration overview asks "what is the peak data volume?" before choosing a pattern. A
user-interface embedding (`integration_type: ui`, or a UI mechanism such as
`fo_embedded_power_bi` when no type is stated) moves no records, so it is not asked for a volume
(*Choose the right pattern*: with embedding the data stays where it is). Precision: very high.
"""
    how_to_fix = "Add `volume: {average: {count: …, per: hour}, peak: {count: …, per: hour}}` (per: minute, five_minutes, hour, day, week, month or run)."
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CASES
    source: SYS-WEB
    target: SYS-CE
    volume:
      unit: records
      average: {count: 400, per: hour}
      peak: {count: 2500, per: hour, when: Monday mornings}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CASES
    source: SYS-WEB
    target: SYS-CE
    volume:
      average: {count: 400, per: hour}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            for path, message in volume_gaps(interface):
                yield Finding.at(interface, path, message)
