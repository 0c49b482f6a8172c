"""CA006 payload-over-channel-limit: The largest message (`payload.max_kb`) fits the channel: Service
Bus 256 KB standard / 100 MB premium, Event Grid 1 MB, Power Automate 100 MB, dual-write to finance
and operations 116.85 MB.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Entity, Finding, Severity

from .._shared import systems
from .._shared.systems import FINANCE_OPERATIONS
from ._core import format_number, format_percent, percent
from ._rule import (
    CapacityRule,
    source_tag,
)


class PayloadOverChannelLimit(CapacityRule):
    code = "CA006"
    judges = ("interface",)
    name = "payload-over-channel-limit"
    severity = Severity.ERROR
    limit_keys = (
        "service_bus_standard_message_kb",
        "service_bus_premium_message_kb",
        "event_grid_event_kb",
        "power_automate_message_kb",
        "dual_write_to_fo_payload_kb",
    )
    summary = "The largest message (`payload.max_kb`) fits the channel: Service Bus 256 KB standard / 100 MB premium, Event Grid 1 MB, Power Automate 100 MB, dual-write to finance and operations 116.85 MB."
    rationale = """
Each channel refuses messages above its size limit: *Azure Service Bus quotas* (256 KB per message
on Standard, 100 MB on Premium), *Azure Event Grid event schema* (1 MB per event), *Power Automate
limits and configuration* (100 MB per message without chunking) and *Dual-write live sync limits*
(116.85 MB per Dataverse → finance and operations transaction). *Choose the right pattern* keeps
large payloads out of synchronous patterns and names volume limits among the batching concerns. The channel is the mechanism, or the kind of the interface's
platform; Service Bus is taken as Standard unless the platform's `tier` says premium. 1 MB = 1,024 KB.
"""
    how_to_fix = "Send a reference (claim check: store the document, send its URL), split the message, or declare the premium tier on the Service Bus platform."
    passing_example = """
blueprint_version: 1
platforms:
  - {id: MW-SB, kind: azure_service_bus, tier: premium}
interfaces:
  - {id: IF-DOCS, source: SYS-A, target: SYS-B, mechanism: service_bus, platform: MW-SB, payload: {format: binary, max_kb: 512}}
"""
    failing_example = """
blueprint_version: 1
platforms:
  - {id: MW-SB, kind: azure_service_bus, tier: standard}
interfaces:
  - {id: IF-DOCS, source: SYS-A, target: SYS-B, mechanism: service_bus, platform: MW-SB, payload: {format: binary, max_kb: 512}}
"""

    def _channels(self, model: Blueprint, interface: Entity) -> list[tuple[str, str]]:
        mechanism = interface.get_str("mechanism") or ""
        platform = systems.platform(model, interface)
        platform_kind = platform.get_str("kind") if platform is not None else None
        channels: list[tuple[str, str]] = []
        if mechanism in ("service_bus", "dataverse_service_bus_endpoint") or platform_kind == "azure_service_bus":
            tier = (
                (platform.get_str("tier") or "")
                if platform is not None and platform_kind == "azure_service_bus"
                else ""
            )
            if "premium" in tier.lower():
                channels.append(("service_bus_premium_message_kb", "Service Bus Premium's {limit} KB per message"))
            else:
                channels.append(("service_bus_standard_message_kb", "Service Bus Standard's {limit} KB per message"))
        if mechanism == "event_grid" or platform_kind == "azure_event_grid":
            channels.append(("event_grid_event_kb", "Event Grid's {limit} KB per event"))
        if mechanism == "power_automate_flow" or platform_kind == "power_automate":
            channels.append(("power_automate_message_kb", "Power Automate's {limit} KB per message"))
        if mechanism == "dual_write" and systems.kind(model, interface, "target") == FINANCE_OPERATIONS:
            channels.append(("dual_write_to_fo_payload_kb", "dual-write's {limit} KB per transaction"))
        return channels

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        for interface in model.interfaces:
            size = interface.get_number("payload/max_kb")
            if size is None:
                continue
            exceeded = [
                (profile.value(key), key, words)
                for key, words in self._channels(model, interface)
                if size > profile.value(key)
            ]
            if not exceeded:
                continue
            limit, key, words = min(exceeded)  # the tightest channel the message does not fit
            yield Finding.at(
                interface,
                "payload/max_kb",
                f"the largest message of interface {interface.id} ({format_number(size)} KB) exceeds "
                f"{words.format(limit=format_number(limit))} ({format_percent(percent(size, limit))}) "
                f"{source_tag(profile, key)}",
            )
