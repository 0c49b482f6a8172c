"""CP006 missing-latency-sla: Every synchronous or near-real-time interface states its end-to-end latency SLA."""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from .._shared.sources import PATTERN_ARTICLE


class MissingLatencySla(Rule):
    code = "CP006"
    judges = ("interface",)
    name = "missing-latency-sla"
    severity = Severity.WARNING
    tags = ("completeness",)
    precision = "very-high"
    summary = "Every synchronous or near-real-time interface states its end-to-end latency SLA."
    rationale = f"""
{PATTERN_ARTICLE} names the SLA, the end-to-end cycle latency, as a messaging factor ("orders reach
the warehouse in under five minutes") and data availability (real time or end of day) as a pattern
factor. An interface chosen for its speed without a stated latency cannot be tested, monitored or
told apart from one that merely runs often. `latency_sla` is an ISO-8601 duration such as `PT5M`.
"""
    how_to_fix = "Add `latency_sla: PT…` (the freshness the business needs, e.g. PT5M), or change the timing if speed is not needed."
    passing_example = """
blueprint_version: 1
interfaces:
  - {id: IF-REQUEST, source: SYS-WEB, target: SYS-CE, timing: near_real_time, latency_sla: PT5M}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - {id: IF-REQUEST, source: SYS-WEB, target: SYS-CE, timing: near_real_time}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            timing = interface.get_str("timing")
            if timing in ("synchronous", "near_real_time") and not interface.has("latency_sla"):
                words = "synchronous" if timing == "synchronous" else "near real time"
                yield Finding.at(interface, "timing", f"{interface.label} is {words} but states no latency SLA")
