"""CP004 missing-trigger: Every interface states what triggers it; an event trigger names its event and
a schedule trigger its schedule.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from .._shared.sources import PATTERN_ARTICLE


class MissingTrigger(Rule):
    code = "CP004"
    judges = ("interface",)
    name = "missing-trigger"
    severity = Severity.ERROR
    tags = ("completeness",)
    precision = "very-high"
    summary = (
        "Every interface states what triggers it; an event trigger names its event and a schedule trigger its schedule."
    )
    rationale = f"""
The interaction diagrams of the blueprint show system and user **trigger points** and event
sequences (*Align your Dynamics 365 integration with business goals*); {PATTERN_ARTICLE} lists
triggers among the factors that decide the pattern and asks, end to end, what triggers the
exchange and what it causes in the receiver. An event trigger without the event, or a schedule
trigger without a schedule or interval, leaves the question open.
"""
    how_to_fix = (
        "Add `trigger: {type: …}`; for `system_event` and `data_state_change` add `event:`; for "
        "`schedule` add `trigger.schedule` (cron) or `frequency.interval`."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-STATUS
    source: SYS-CE
    target: SYS-WEB
    trigger: {type: data_state_change, event: incident status changed}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-STATUS
    source: SYS-CE
    target: SYS-WEB
    trigger: {type: data_state_change}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            trigger = interface.get_dict("trigger")
            if trigger is None:
                if interface.get("trigger") is None:
                    yield Finding.at(interface, "trigger", f"{interface.label} has no trigger")
                continue  # a trigger of the wrong type is a schema error
            kind = trigger.get("type")
            if not kind:
                yield Finding.at(interface, "trigger", f"the trigger of {interface.label} has no type")
            elif kind in ("system_event", "data_state_change") and not trigger.get("event"):
                yield Finding.at(
                    interface, "trigger/type", f"{interface.label} is triggered by a {kind} but names no event"
                )
            elif kind == "schedule" and not (
                trigger.get("schedule") or interface.has("frequency/interval") or interface.has("frequency/schedule")
            ):
                yield Finding.at(
                    interface,
                    "trigger/type",
                    f"{interface.label} is triggered on a schedule but states neither the schedule nor an interval",
                )
