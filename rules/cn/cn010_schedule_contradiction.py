"""CN010 schedule-contradiction: The cron schedule, the frequency interval and the latency SLA of an
interface agree with one another and with what its mechanism can deliver.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from .._shared import systems
from .._shared.units import MINUTE, describe_seconds, duration_seconds, schedule_gaps
from ..ca import load_profile

_PROFILE = load_profile()
SYNAPSE_KEY = "synapse_link_incremental_min_interval_minutes"
# Batch data APIs of finance and operations: a package is queued to the batch framework and
# processed asynchronously (data management package REST API, recurring integrations).
BATCH_DATA_APIS = frozenset({"fo_dmf_package_api", "fo_recurring_integration"})
SCHEDULE_FIELDS = ("trigger/schedule", "frequency/schedule")


def _has_schedule(data: dict[str, Any]) -> bool:
    trigger, frequency = data.get("trigger"), data.get("frequency")
    return (isinstance(trigger, dict) and "schedule" in trigger) or (
        isinstance(frequency, dict) and "schedule" in frequency
    )


class ScheduleContradiction(Rule):
    code = "CN010"
    judges = ("interface",)
    name = "schedule-contradiction"
    severity = Severity.WARNING
    tags = ("consistency", "timing")
    precision = "high"
    default_options: ClassVar[Mapping[str, Any]] = {
        SYNAPSE_KEY: int(_PROFILE.value(SYNAPSE_KEY)),
        "batch_api_min_latency_minutes": 15,
    }
    options_schema: ClassVar[Mapping[str, Any]] = {
        "type": "object",
        "properties": {
            SYNAPSE_KEY: {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": f"{_PROFILE[SYNAPSE_KEY].scope}; default from {_PROFILE[SYNAPSE_KEY].source.title}",
            },
            "batch_api_min_latency_minutes": {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "shortest latency SLA taken as deliverable by the data management package API and recurring integrations (a blueprint-lint assumption, not a published limit)",
            },
        },
        "additionalProperties": False,
    }
    summary = "The cron schedule, the frequency interval and the latency SLA of an interface agree with one another and with what its mechanism can deliver."
    rationale = f"""
*Choose the right pattern* in Microsoft's Dynamics 365 implementation guide treats the trigger,
the frequency and the latency the business needs as separate factors that must fit together; the
blueprint guidance keeps the cadence (`frequency`) apart from the freshness SLA (`latency_sla`).
This rule reads the cron or ISO 8601 repeating schedule (`trigger.schedule`, `frequency.schedule`:
numeric cron fields, 5 or 6 of them) and reports:

* a schedule whose runs are further apart, or closer together, than `frequency.interval` says;
* a latency SLA shorter than the shortest gap between two scheduled runs (CN003 reports the same
  against `frequency.interval`), and, for a receiver that polls (`trigger.type: receiver_poll`),
  an SLA *equal to* its polling interval: a change made just after a poll waits the whole interval
  and then the processing, so the SLA is missed in the worst case. A scheduled batch with a
  `P1D` SLA and a daily run reads as "by the next run" and is not reported;
* an SLA the mechanism cannot deliver: Azure Synapse Link incremental updates are written at most
  every {_PROFILE.value(SYNAPSE_KEY):g} minutes (*{_PROFILE[SYNAPSE_KEY].source.title}*), so a
  shorter SLA on Synapse Link from finance and operations (whose tables are exported only
  incrementally), or with a `frequency.interval` under that minimum, cannot hold (the near-real-time
  in-place export of Dataverse tables is not reported); the data management package API and
  recurring integrations queue packages to the batch framework (*Integrate Dynamics 365 apps with
  other systems*), so an SLA under `batch_api_min_latency_minutes` (15 minutes, a blueprint-lint
  assumption, not a published figure) is reported.

A warning: a schedule this rule cannot read is not judged, and the batch threshold is an assumption.
"""
    how_to_fix = "Make the schedule, `frequency.interval` and `latency_sla` say the same thing; poll more often than the SLA; for an SLA of minutes, choose an event-driven mechanism (business or data events, Service Bus) instead of Synapse Link increments or data packages."
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-STAGING-LOAD
    source: SYS-STAGING
    target: SYS-CE
    timing: scheduled_batch
    trigger: {type: schedule, schedule: "0 2 * * *"}
    frequency: {mode: scheduled, interval: P1D}
    latency_sla: P1D
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-STAGING-LOAD
    source: SYS-STAGING
    target: SYS-CE
    timing: scheduled_batch
    trigger: {type: schedule, schedule: "0 2 * * *"}
    frequency: {mode: scheduled, interval: PT1H}
    latency_sla: PT2H
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        synapse_minimum = float(self.options.get(SYNAPSE_KEY, self.default_options[SYNAPSE_KEY])) * MINUTE
        batch_minimum = float(self.options.get("batch_api_min_latency_minutes", 15)) * MINUTE
        for interface in model.interfaces:
            data = interface.data
            if not isinstance(data, dict) or not (data.get("latency_sla") or _has_schedule(data)):
                continue  # nothing to compare (the common case, kept cheap)
            latency = duration_seconds(data.get("latency_sla"))
            yield from self._schedules(interface, latency)
            if latency is not None:
                yield from self._mechanism(model, interface, latency, synapse_minimum, batch_minimum)

    @staticmethod
    def _schedules(interface: Entity, latency: float | None) -> Iterator[Finding]:
        label = interface.label
        interval = duration_seconds(interface.get("frequency/interval")) or None
        sla = interface.get("latency_sla")
        for field in SCHEDULE_FIELDS:
            text = interface.get(field)
            gaps = schedule_gaps(text)
            if gaps is None:
                continue
            shortest, longest = gaps
            if interval is not None and (interval < shortest * 0.999 or (longest and interval > longest * 1.001)):
                runs = (
                    f"every {describe_seconds(shortest)}"
                    if longest == shortest
                    else f"at gaps of {describe_seconds(shortest)}"
                    + (f" to {describe_seconds(longest)}" if longest else " or more")
                )
                yield Finding.at(
                    interface,
                    field,
                    f"{label}'s schedule '{text}' runs {runs}, but frequency.interval says every "
                    f"{describe_seconds(interval)} ({interface.get('frequency/interval')})",
                )
            if latency is not None and interval is None and latency < shortest:
                yield Finding.at(
                    interface,
                    "latency_sla",
                    f"{label} promises data within {describe_seconds(latency)} (latency_sla {sla}) but its schedule "
                    f"'{text}' runs at most every {describe_seconds(shortest)}",
                )
        if interface.get_str("trigger/type") != "receiver_poll" or latency is None:
            return
        poll = interval or next(
            (gaps[0] for f in SCHEDULE_FIELDS if (gaps := schedule_gaps(interface.get(f))) is not None), None
        )
        if poll is not None and abs(latency - poll) < 0.001:
            yield Finding.at(
                interface,
                "latency_sla",
                f"{label} polls every {describe_seconds(poll)} and promises data within the same "
                f"{describe_seconds(latency)} (latency_sla {sla}): a change made just after a poll waits the whole "
                f"interval plus the processing",
            )

    @staticmethod
    def _mechanism(
        model: Blueprint, interface: Entity, latency: float, synapse_minimum: float, batch_minimum: float
    ) -> Iterator[Finding]:
        mechanism = interface.get_str("mechanism")
        label, sla = interface.label, interface.get("latency_sla")
        if mechanism == "synapse_link" and latency < synapse_minimum:
            from_fo = systems.kind(model, interface, "source") == systems.FINANCE_OPERATIONS
            interval = duration_seconds(interface.get("frequency/interval"))
            if from_fo or (interval is not None and interval < synapse_minimum):
                why = (
                    "finance and operations tables are exported only as incremental updates"
                    if from_fo
                    else f"its frequency.interval {interface.get('frequency/interval')} is below that minimum"
                )
                yield Finding.at(
                    interface,
                    "latency_sla",
                    f"{label} promises data within {describe_seconds(latency)} (latency_sla {sla}) through Synapse Link, "
                    f"whose incremental updates come at most every {describe_seconds(synapse_minimum)} ({why})",
                )
        elif mechanism in BATCH_DATA_APIS and latency < batch_minimum:
            yield Finding.at(
                interface,
                "latency_sla",
                f"{label} promises data within {describe_seconds(latency)} (latency_sla {sla}) through {mechanism}, "
                f"which queues packages to the batch framework; an SLA under {describe_seconds(batch_minimum)} calls for "
                f"an event-driven or API mechanism",
            )
