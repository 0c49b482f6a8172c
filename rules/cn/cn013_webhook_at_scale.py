"""CN013 webhook-at-scale: Dataverse webhooks at high volume go through a queue (the Service Bus
endpoint) instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from linter.api import Blueprint, Finding, Rule, Severity

from .._shared import systems
from . import _volume
from ._common import NORMALISATION

# Platforms that put a queue or a broker between Dataverse and the receiver.
_QUEUES = frozenset({"azure_service_bus", "azure_event_hubs", "azure_event_grid", "ibm_mq"})


class WebhookAtScale(Rule):
    code = "CN013"
    judges = ("interface",)
    name = "webhook-at-scale"
    severity = Severity.WARNING
    tags = ("consistency", "volume", "dataverse")
    precision = "medium"
    summary = "Dataverse webhooks at high volume go through a queue (the Service Bus endpoint) instead."
    rationale = f"""
Microsoft's Dynamics 365 implementation guide (*Integrate Dynamics 365 apps with other systems*)
describes Dataverse webhooks as near-real-time HTTP calls that scale only as far as the receiving
service does, and recommends Azure Service Bus for many events and high scale: the Service Bus
endpoint queues each message, so a slow or unavailable receiver neither blocks Dataverse's
asynchronous service nor loses events (a synchronous webhook step even holds up the user's
operation). The rule flags a `dataverse_webhook` interface whose volume peaks above 10,000
messages per hour (option `max_peak_per_hour`, a heuristic threshold of this tool, not a published
limit) and states no queue: no platform of kind `azure_service_bus`, `azure_event_hubs`,
`azure_event_grid` or `ibm_mq`, and no `continuity.on_target_outage: queue`. {NORMALISATION}
"""
    how_to_fix = (
        "Register a Service Bus endpoint instead (`mechanism: dataverse_service_bus_endpoint` with an "
        "`azure_service_bus` platform) and let the receiver read the queue, or state the queue the receiver "
        "writes each call to (`continuity.on_target_outage: queue`)."
    )
    default_options: ClassVar[Mapping[str, Any]] = {"max_peak_per_hour": 10_000}
    options_schema = _volume.positive_number_options("max_peak_per_hour")
    passing_example = """
blueprint_version: 1
platforms:
  - {id: MW-SB, kind: azure_service_bus}
interfaces:
  - id: IF-CASE-EVENTS
    source: SYS-CE
    target: SYS-ERP
    mechanism: dataverse_service_bus_endpoint
    platform: MW-SB
    volume: {peak: {count: 40000, per: hour}}
  - id: IF-VIP-ALERT
    source: SYS-CE
    target: SYS-TEAMS
    mechanism: dataverse_webhook
    volume: {peak: {count: 50, per: hour}}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CASE-EVENTS
    source: SYS-CE
    target: SYS-ERP
    mechanism: dataverse_webhook
    volume: {peak: {count: 40000, per: hour}}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        threshold = float(self.options["max_peak_per_hour"])
        for interface in model.interfaces:
            if interface.get_str("mechanism") != "dataverse_webhook":
                continue
            if systems.platform_kind(model, interface) in _QUEUES:
                continue
            if interface.get_str("continuity/on_target_outage") == "queue":
                continue
            which = _volume.busiest_above(interface, threshold)
            if which is None:
                continue
            yield Finding.at(
                interface,
                "mechanism",
                f"{interface.label} sends a Dataverse webhook at {_volume.describe(interface, which)}, above "
                f"{_volume.number(threshold)} per hour, with no queue in between; use the Service Bus endpoint",
            )
