"""CN003 timing-contradiction: Timing, trigger, frequency, latency SLA and mechanism do not contradict one another."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from .._shared.units import MINUTE, describe_seconds, duration_seconds

# Mechanisms that cannot answer a caller within the same call: queues, events, batch packages,
# exports. The guidance names DMF, recurring integrations and Service Bus (asynchronous steps
# only); Dataverse and F&O business and data events are asynchronous by design.
ASYNCHRONOUS_MECHANISMS = frozenset(
    {
        "fo_dmf_package_api",
        "fo_recurring_integration",
        "fo_business_events",
        "fo_data_events",
        "dataverse_service_bus_endpoint",
        "dataverse_business_events",
        "synapse_link",
        "export_to_data_lake",
        "service_bus",
        "event_grid",
        "azure_data_factory",
        "ssis",
    }
)

_CONTINUOUS_MODES = ("real_time", "near_real_time", "continuous")


class TimingContradiction(Rule):
    code = "CN003"
    judges = ("interface",)
    name = "timing-contradiction"
    severity = Severity.ERROR
    tags = ("consistency", "timing")
    precision = "very-high"
    default_options: ClassVar[Mapping[str, Any]] = {"near_real_time_max_interval_minutes": 60}
    options_schema: ClassVar[Mapping[str, Any]] = {
        "type": "object",
        "properties": {"near_real_time_max_interval_minutes": {"type": "number", "exclusiveMinimum": 0}},
        "additionalProperties": False,
    }
    summary = "Timing, trigger, frequency, latency SLA and mechanism do not contradict one another."
    rationale = """
*Choose the right pattern* in Microsoft's Dynamics 365 implementation guide warns not to confuse
synchronous (a blocking call that depends on the other system being available) with near real
time (frequent asynchronous updates that tolerate outages), and treats data availability, the
latency SLA and the trigger as separate factors that must fit together. The same article
defines *pull* as triggered by the receiver on a schedule and near real time as updates "every
few minutes", so a near-real-time pull on a frequent schedule is consistent. The guidance for
finance and operations and Dataverse (*Integrate Dynamics 365 apps with other systems*) describes
the DMF package API, recurring integrations, business events and Service Bus as asynchronous. A
synchronous interface started by a schedule, a near-real-time interface whose schedule runs only
every hour or less often (option `near_real_time_max_interval_minutes`, 60), a batch that runs
continuously, a latency SLA shorter than the schedule interval that feeds it, or a synchronous
interface on an asynchronous mechanism cannot all be true; one of the statements is wrong. A
near-real-time schedule whose interval is not stated (a cron expression alone) is not judged.
Precision: very high; each finding is two of the blueprint's own statements that cannot both hold.
"""
    how_to_fix = (
        "Decide which statement is right and correct the others: the timing, the trigger type, the "
        "frequency mode or interval, the latency SLA, or the mechanism. A near-real-time pull runs every "
        "few minutes (`trigger: {type: schedule}` or `receiver_poll` with a short `frequency.interval`); "
        "a job that runs hourly or daily on a timer is `timing: scheduled_batch`."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-STAGING-LOAD
    source: SYS-STAGING
    target: SYS-CE
    timing: scheduled_batch
    mechanism: dataverse_web_api
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
    timing: synchronous
    mechanism: fo_dmf_package_api
    trigger: {type: schedule, schedule: "0 2 * * *"}
    frequency: {mode: scheduled, interval: P1D}
    latency_sla: PT1H
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        max_interval = float(self.options["near_real_time_max_interval_minutes"]) * MINUTE
        for interface in model.interfaces:
            yield from self._check(interface, max_interval)

    def _check(self, interface: Entity, max_interval: float) -> Iterator[Finding]:
        timing = interface.get_str("timing")
        label = interface.label
        scheduled = interface.get_str("trigger/type") == "schedule"
        if timing == "synchronous" and scheduled:
            yield Finding.at(interface, "trigger/type", f"{label} is synchronous but is triggered by a schedule")
        interval = duration_seconds(interface.get("frequency/interval"))
        if timing == "near_real_time" and scheduled and interval is not None and interval >= max_interval:
            yield Finding.at(
                interface,
                "frequency/interval",
                f"{label} is near real time but its schedule runs only every {describe_seconds(interval)} "
                f"(interval {interface.get('frequency/interval')}); near real time is every few minutes, "
                f"a timer this slow is a scheduled batch",
            )
        mode = interface.get_str("frequency/mode")
        if timing == "scheduled_batch" and mode in _CONTINUOUS_MODES:
            yield Finding.at(
                interface,
                "frequency/mode",
                f"{label} is a scheduled batch but its frequency mode is {mode}",
            )
        latency = duration_seconds(interface.get("latency_sla"))
        if interval and latency is not None and latency < interval:
            yield Finding.at(
                interface,
                "latency_sla",
                f"{label} promises data within {describe_seconds(latency)} (latency_sla {interface.get('latency_sla')}) "
                f"but runs only every {describe_seconds(interval)} (interval {interface.get('frequency/interval')})",
            )
        mechanism = interface.get_str("mechanism")
        if timing == "synchronous" and mechanism in ASYNCHRONOUS_MECHANISMS:
            yield Finding.at(
                interface,
                "mechanism",
                f"{label} is synchronous but {mechanism} is an asynchronous mechanism",
            )
