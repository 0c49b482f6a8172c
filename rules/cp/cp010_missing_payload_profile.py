"""CP010 missing-payload-profile: Synchronous, messaging and API interfaces state their payload format
and maximum size; batching interfaces state the records per message.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from .._shared.mechanisms import is_ui_integration
from .._shared.sources import PATTERN_ARTICLE
from .._shared.text import listing

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


def _needs_payload_profile(interface: Entity) -> str | None:
    """Why the interface needs a payload profile, or None when it does not."""
    if is_ui_integration(interface):
        return None  # an embedding renders data where it lives; it sends no message payload
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
    judges = ("interface",)
    name = "missing-payload-profile"
    severity = Severity.WARNING
    precision = "high"
    tags = ("completeness",)
    summary = "Synchronous, messaging and API interfaces state their payload format and maximum size; batching interfaces state the records per message."
    rationale = f"""
{PATTERN_ARTICLE} lists data types and formats among the pattern factors, says synchronous
patterns suit only small payloads, and asks batching designs for the rows or records per message;
*Overcome integration challenges* asks for payloads designed to use the network efficiently.
Message channels have hard size limits (a Service Bus standard message is 256 KB, an Event Grid
event 1 MB), which can only be checked against a stated maximum. A user-interface embedding
(`integration_type: ui`, or a UI mechanism when no type is stated) shows data where it lives and
sends no message payload, so it is not asked for one, even when it is marked synchronous.
Precision: high.
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
                        interface, path, f"{interface.label} {reason} but its payload has no {listing(missing)}"
                    )
            batching = "batching" in interface.get_str_list("pattern") and not is_ui_integration(interface)
            if batching and not interface.has("payload/records_per_message"):
                yield Finding.at(
                    interface, path, f"{interface.label} batches records but does not state the records per message"
                )
