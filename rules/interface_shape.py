"""Completeness of an interface's design: trigger, shape, latency SLA and payload profile."""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Finding, Rule, Severity
from linter.model.blueprint import Blueprint, Entity

_PATTERN_ARTICLE = (
    "Microsoft's Dynamics 365 implementation guide, *Choose the right pattern for your integration strategy*"
)

# Mechanisms that carry discrete messages or API calls, where payload size and format matter.
MESSAGING_MECHANISMS = frozenset(
    {
        "service_bus",
        "event_grid",
        "dataverse_service_bus_endpoint",
        "dataverse_business_events",
        "dataverse_webhook",
        "dataverse_web_api",
        "dataverse_sdk",
        "fo_business_events",
        "fo_data_events",
        "fo_odata",
        "fo_custom_service",
        "fo_consume_web_service",
        "rest_api",
        "soap_api",
    }
)


def _listing(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


class MissingTrigger(Rule):
    code = "CP004"
    name = "missing-trigger"
    severity = Severity.ERROR
    tags = ("completeness",)
    precision = "very-high"
    summary = (
        "Every interface states what triggers it; an event trigger names its event and a schedule trigger its schedule."
    )
    rationale = f"""
The interaction diagrams of the blueprint show system and user **trigger points** and event
sequences (*Align your Dynamics 365 integration with business goals*); {_PATTERN_ARTICLE} lists
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


class MissingShape(Rule):
    code = "CP005"
    name = "missing-shape"
    severity = Severity.ERROR
    tags = ("completeness",)
    precision = "very-high"
    summary = "Every interface states its direction, integration type, timing, pattern and mechanism."
    rationale = f"""
These five fields are the design decision itself. *Choose the right design* classifies every
integration as UI, data or process integration; {_PATTERN_ARTICLE} asks for the flow direction
and the pattern, and warns not to confuse synchronous with near-real-time; *Overcome integration
challenges* lists synchronous versus asynchronous, single record versus batch, and frequency and
direction as the technology choices to document per interface. The consistency and capacity rules
can only check what is stated.
"""
    how_to_fix = "Add the missing keys: `direction`, `integration_type`, `timing`, `pattern` and `mechanism`."
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-REQUEST
    source: SYS-WEB
    target: SYS-CE
    direction: one_way
    integration_type: process
    timing: near_real_time
    pattern: [push, event_notification]
    mechanism: service_bus
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-REQUEST
    source: SYS-WEB
    target: SYS-CE
    timing: near_real_time
    mechanism: service_bus
"""

    _FIELDS: tuple[tuple[str, str], ...] = (
        ("direction", "direction"),
        ("integration_type", "integration type"),
        ("timing", "timing"),
        ("pattern", "pattern"),
        ("mechanism", "mechanism"),
    )

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            missing = [words for key, words in self._FIELDS if not interface.has(key)]
            if missing:
                yield Finding.at(interface, "", f"{interface.label} does not state its {_listing(missing)}")


class MissingLatencySla(Rule):
    code = "CP006"
    name = "missing-latency-sla"
    severity = Severity.WARNING
    tags = ("completeness",)
    precision = "very-high"
    summary = "Every synchronous or near-real-time interface states its end-to-end latency SLA."
    rationale = f"""
{_PATTERN_ARTICLE} names the SLA, the end-to-end cycle latency, as a messaging factor ("orders reach
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


def _needs_payload_profile(interface: Entity) -> str | None:
    """Why the interface needs a payload profile, or None when it does not."""
    if interface.get_str("timing") == "synchronous":
        return "is synchronous"
    if "request_response" in interface.get_str_list("pattern"):
        return "uses request/response"
    mechanism = interface.get_str("mechanism")
    if mechanism in MESSAGING_MECHANISMS:
        return f"sends messages or API calls ({mechanism})"
    return None


class MissingPayloadProfile(Rule):
    code = "CP010"
    name = "missing-payload-profile"
    severity = Severity.WARNING
    tags = ("completeness",)
    summary = "Synchronous, messaging and API interfaces state their payload format and maximum size; batching interfaces state the records per message."
    rationale = f"""
{_PATTERN_ARTICLE} lists data types and formats among the pattern factors, says synchronous
patterns suit only small payloads, and asks batching designs for the rows or records per message;
*Overcome integration challenges* asks for payloads designed to use the network efficiently.
Message channels have hard size limits (a Service Bus standard message is 256 KB, an Event Grid
event 1 MB), which can only be checked against a stated maximum.
"""
    how_to_fix = "Add `payload: {format: …, max_kb: …}`, and `records_per_message` when the pattern includes batching."
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-REQUEST
    source: SYS-WEB
    target: SYS-CE
    mechanism: service_bus
    payload: {format: json, avg_kb: 6, max_kb: 200, records_per_message: 1}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-REQUEST
    source: SYS-WEB
    target: SYS-CE
    mechanism: service_bus
    payload: {avg_kb: 6}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            if interface.get("payload") is not None and interface.get_dict("payload") is None:
                continue  # a payload of the wrong type is a schema error
            path = "payload" if interface.get_dict("payload") is not None else ""
            reason = _needs_payload_profile(interface)
            if reason:
                missing = [
                    words
                    for key, words in (("format", "format"), ("max_kb", "maximum size (max_kb)"))
                    if not interface.has(f"payload/{key}")
                ]
                if missing:
                    yield Finding.at(
                        interface, path, f"{interface.label} {reason} but its payload has no {_listing(missing)}"
                    )
            if "batching" in interface.get_str_list("pattern") and not interface.has("payload/records_per_message"):
                yield Finding.at(
                    interface, path, f"{interface.label} batches records but does not state the records per message"
                )
