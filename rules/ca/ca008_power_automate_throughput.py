"""CA008 power-automate-throughput: A Power Automate flow's peak operations per 5 minutes stay within
the 100,000 actions a flow may run per 5 minutes.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Severity

from .._shared import systems
from ._core import format_number, format_percent, percent
from ._model import peak_operations
from ._rule import (
    CapacityRule,
    source_tag,
)


class PowerAutomateThroughput(CapacityRule):
    code = "CA008"
    judges = ("interface",)
    name = "power-automate-throughput"
    severity = Severity.WARNING
    limit_keys = ("power_automate_actions_per_5_minutes",)
    summary = "A Power Automate flow's peak operations per 5 minutes stay within the 100,000 actions a flow may run per 5 minutes."
    rationale = """
*Power Automate limits and configuration* caps a flow version at 100,000 actions per 5 minutes and
slows it down beyond that. The article lists that figure as a **transition-period limit** (the copy
read is dated 2022-10-10), so the rule quotes it with that label and date; re-check the current page
and override `power_automate_actions_per_5_minutes` if it has changed. *Select the ideal platform* asks that the chosen platform handle the
persistent and peak volumes now and in the long term. The figure is the interface's peak operations
per 5 minutes (records × `requests_per_record`, burst included), a lower bound on the flow's
actions, so a finding is certain to be real.
"""
    how_to_fix = (
        "Move the high-volume path to Logic Apps, Functions or Service Bus, batch the records, or split the flow."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-FILES
    source: SYS-A
    target: SYS-B
    mechanism: power_automate_flow
    volume:
      average: {count: 1000, per: hour}
      peak: {count: 6000, per: hour}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-FILES
    source: SYS-A
    target: SYS-B
    mechanism: power_automate_flow
    volume:
      average: {count: 100000, per: hour}
      peak: {count: 1500000, per: hour}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        key = "power_automate_actions_per_5_minutes"
        limit = profile.value(key)
        for interface in model.interfaces:
            is_flow = (
                interface.get_str("mechanism") == "power_automate_flow"
                or systems.platform_kind(model, interface) == "power_automate"
            )
            if not is_flow:
                continue
            operations, basis = peak_operations(interface)
            if operations is None or operations <= limit:
                continue
            yield Finding.at(
                interface,
                "volume/peak",
                f"peak {format_number(operations)} operations per 5 minutes for Power Automate interface "
                f"{interface.id} ({basis}) exceed the {format_number(limit)} actions a flow may run per 5 minutes "
                f"({format_percent(percent(operations, limit))}) {source_tag(profile, key)}",
            )
