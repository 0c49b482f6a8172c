"""CN007 chatty-hybrid-interface: Interfaces between on-premises and cloud systems batch records
instead of sending one per message at volume.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from linter.api import Blueprint, Finding, Rule, Severity

from .._shared import systems
from . import _volume
from ._common import CHALLENGES_ARTICLE, NORMALISATION

# Message brokers: a sender keeps one connection to the broker and each event is a message of its
# own, not a point-to-point call per record.
_BROKER_MECHANISMS = frozenset({"service_bus", "event_grid", "dataverse_service_bus_endpoint"})
_BROKER_PLATFORMS = frozenset({"azure_service_bus", "azure_event_grid", "azure_event_hubs", "ibm_mq"})


class ChattyHybridInterface(Rule):
    code = "CN007"
    judges = ("interface",)
    name = "chatty-hybrid-interface"
    severity = Severity.WARNING
    precision = "medium"
    tags = ("consistency", "volume", "hybrid")
    summary = (
        "Interfaces between on-premises and cloud systems batch records instead of sending one per message at volume."
    )
    rationale = f"""
{CHALLENGES_ARTICLE} names repeated per-record connections between on-premises and cloud systems
as an anti-pattern (each crossing pays the network latency) and recommends sending batches; the
implementation guide's public-sector case study found its batch scenarios slow because services
were called point to point per record, and fixed it with staged batches. *Choose the right
pattern* lists records per message among the batching factors. The rule flags an on-premises to
cloud interface (either way) that sends one record per message, has no batching pattern and peaks
above 1,000 records per hour (option `max_peak_per_hour`). Events through a message broker (a
Service Bus, Event Grid or Dataverse Service Bus endpoint mechanism, or a Service Bus, Event Grid,
Event Hubs or IBM MQ platform) are not the anti-pattern: each event is a message in its own right
and the sender keeps its connection to the broker, so they are not judged unless the interface is
batch work (`timing: scheduled_batch`) sent one record at a time. {NORMALISATION} A heuristic,
hence a warning.
"""
    how_to_fix = "Batch the records (`pattern: [batching]`, `records_per_message` above 1), for example through a staging store in the cloud region, or justify the per-record design and suppress the finding."
    default_options: ClassVar[Mapping[str, Any]] = {"max_peak_per_hour": 1_000}
    options_schema = _volume.positive_number_options("max_peak_per_hour")
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-PERMITS, kind: on_premises_lob, hosting: on_premises}
  - {id: SYS-STAGING, kind: database, hosting: cloud}
interfaces:
  - id: IF-PERMITS
    source: SYS-PERMITS
    target: SYS-STAGING
    pattern: [pull, batching]
    volume: {average: {count: 25000, per: run}, peak: {count: 80000, per: run}}
    payload: {format: binary, max_kb: 65536, records_per_message: 5000}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-PERMITS, kind: on_premises_lob, hosting: on_premises}
  - {id: SYS-CE, kind: d365_customer_engagement, hosting: cloud}
interfaces:
  - id: IF-PERMITS
    source: SYS-PERMITS
    target: SYS-CE
    pattern: [push]
    volume: {average: {count: 1200, per: hour}, peak: {count: 6000, per: hour}}
    payload: {format: json, max_kb: 8, records_per_message: 1}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        threshold = float(self.options["max_peak_per_hour"])
        for interface in model.interfaces:
            hostings = {systems.hosting(model, interface, "source"), systems.hosting(model, interface, "target")}
            if hostings != {"on_premises", "cloud"}:
                continue
            if interface.get_number("payload/records_per_message") != 1:
                continue
            if "batching" in interface.get_str_list("pattern"):
                continue
            brokered = (
                interface.get_str("mechanism") in _BROKER_MECHANISMS
                or systems.platform_kind(model, interface) in _BROKER_PLATFORMS
            )
            if brokered and interface.get_str("timing") != "scheduled_batch":
                continue
            which = _volume.busiest_above(interface, threshold)
            if which is None:
                continue
            yield Finding.at(
                interface,
                "payload/records_per_message",
                f"{interface.label} crosses between on-premises and cloud one record per message at "
                f"{_volume.describe(interface, which)}, above {_volume.number(threshold)} per hour; send batches",
            )
