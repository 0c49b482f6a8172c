"""Does the pattern fit the volume? Synchronous and OData paths for bulk, reporting copies, chatty hybrids.

Volumes are compared per hour (see ``_rates``); the thresholds are heuristics from Microsoft's
guidance, not platform limits, so each is a rule option a team can tune.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from linter.api import Finding, Rule, Severity
from linter.model.blueprint import Blueprint, Entity

from . import _rates, _systems

_PATTERN_ARTICLE = (
    "Microsoft's Dynamics 365 implementation guide, *Choose the right pattern for your integration strategy*"
)
_CHALLENGES_ARTICLE = "*Overcome integration challenges in Dynamics 365 projects*"
_NORMALISATION = (
    "Volumes are compared per hour: a count per minute, day, week or month (30 days) is spread "
    "evenly; a count per run is spread over the run when `expected_duration` or `frequency.window` "
    "says it lasts longer than an hour, and otherwise counts whole in one hour (times the runs per "
    "hour when `frequency.interval` is shorter than an hour). The peak is used, or the average when "
    "no peak is stated."
)


def _positive_number_options(*names: str) -> Mapping[str, Any]:
    return {
        "type": "object",
        "properties": {name: {"type": "number", "exclusiveMinimum": 0} for name in names},
        "additionalProperties": False,
    }


def _busiest(interface: Entity) -> tuple[str, float] | None:
    """("peak" or "average", records per hour): the peak, or the average when no peak is stated."""
    for which in ("peak", "average"):
        value = _rates.hourly(interface, which)
        if value is not None:
            return which, value
    return None


class SynchronousHighVolume(Rule):
    code = "CN001"
    name = "synchronous-high-volume"
    severity = Severity.WARNING
    tags = ("consistency", "volume")
    summary = "Synchronous and request/response interfaces carry modest volumes and small payloads."
    rationale = f"""
{_PATTERN_ARTICLE} says synchronous patterns suit only small payloads, create coupling and should
be used only when real-time information is indispensable; {_CHALLENGES_ARTICLE} lists large
volumes in real time among the unrealistic expectations; the integration checklist (item 13)
prefers reliable asynchronous messaging for data exchange. The defaults, 10,000 records per hour at
peak and 1,024 KB per payload, are heuristics (options `max_peak_per_hour` and `max_payload_kb`).
{_NORMALISATION}
"""
    how_to_fix = "Move the bulk of the traffic to an asynchronous or batch pattern (queue, DMF package API, Data Factory), or keep the synchronous call for small lookups only."
    default_options: ClassVar[Mapping[str, Any]] = {"max_peak_per_hour": 10_000, "max_payload_kb": 1_024}
    options_schema = _positive_number_options("max_peak_per_hour", "max_payload_kb")
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-PRICE-LOOKUP
    source: SYS-CE
    target: SYS-PRICING
    timing: synchronous
    pattern: [request_response]
    volume: {average: {count: 300, per: hour}, peak: {count: 2000, per: hour}}
    payload: {format: json, max_kb: 8}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-ORDER-SYNC
    source: SYS-SHOP
    target: SYS-FO
    timing: synchronous
    pattern: [request_response]
    volume: {average: {count: 800, per: minute}, peak: {count: 2500, per: five_minutes}}
    payload: {format: json, max_kb: 4096}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        max_peak = float(self.options["max_peak_per_hour"])
        max_kb = float(self.options["max_payload_kb"])
        for interface in model.interfaces:
            if interface.get_str("timing") == "synchronous":
                what = "is synchronous"
            elif "request_response" in interface.get_str_list("pattern"):
                what = "uses request/response"
            else:
                continue
            busiest = _busiest(interface)
            if busiest is not None and busiest[1] > max_peak:
                which, _ = busiest
                yield Finding.at(
                    interface,
                    f"volume/{which}/count",
                    f"{interface.label} {what} with {_rates.describe(interface, which)}, above the "
                    f"{_rates.number(max_peak)} per hour a synchronous exchange should carry",
                )
            size = interface.get_number("payload/max_kb")
            if size is not None and size > max_kb:
                yield Finding.at(
                    interface,
                    "payload/max_kb",
                    f"{interface.label} {what} with payloads up to {_rates.number(size)} KB, above {_rates.number(max_kb)} KB",
                )


_FO_SYNCHRONOUS = frozenset({"fo_odata", "fo_custom_service"})


class FoSynchronousApiBulk(Rule):
    code = "CN002"
    name = "fo-synchronous-api-bulk"
    severity = Severity.WARNING
    tags = ("consistency", "volume", "finance-operations")
    summary = "Finance and operations OData and custom services are not used for bulk volumes or initial loads."
    rationale = """
Microsoft's guidance for finance and operations apps (*Integrate Dynamics 365 apps with other
systems* in the implementation guide, and the finance and operations integration overview) says
OData fits when volume and payload are relatively low, that OData and custom services are subject
to priority-based throttling, and that above "a few hundred thousand records" the asynchronous
batch data APIs (the DMF package REST API or recurring integrations) are the right tool. The
defaults, a peak of 100,000 records per hour or per run and an initial load of 200,000 records,
are heuristics derived from that sentence (options `max_peak` and `max_initial_load`). A peak
stated per run is compared as written, since the guidance's figure is records per job; any other
peak is first converted to records per hour.
"""
    how_to_fix = "Use `mechanism: fo_dmf_package_api` or `fo_recurring_integration` for the bulk path (and the initial load), and keep OData for low-volume, near-real-time calls."
    default_options: ClassVar[Mapping[str, Any]] = {"max_peak": 100_000, "max_initial_load": 200_000}
    options_schema = _positive_number_options("max_peak", "max_initial_load")
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-ITEMS
    source: SYS-PLM
    target: SYS-FO
    mechanism: fo_dmf_package_api
    volume: {average: {count: 50000, per: run}, peak: {count: 300000, per: run}, initial_load: {count: 1500000}}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-ITEMS
    source: SYS-PLM
    target: SYS-FO
    mechanism: fo_odata
    volume: {average: {count: 50000, per: run}, peak: {count: 300000, per: run}, initial_load: {count: 1500000}}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        max_peak = float(self.options["max_peak"])
        max_initial = float(self.options["max_initial_load"])
        for interface in model.interfaces:
            mechanism = interface.get_str("mechanism")
            if mechanism not in _FO_SYNCHRONOUS:
                continue
            rate = _rates.rate_of(interface, "peak")
            if rate is not None:
                count, per = rate
                # "per run" is compared as written: the guidance's figure is records per job.
                figure = count if per == "run" else _rates.hourly(interface, "peak")
                if figure is not None and figure >= max_peak:
                    yield Finding.at(
                        interface,
                        "volume/peak/count",
                        f"{interface.label} moves {_rates.describe(interface, 'peak')} through {mechanism}, at or above "
                        f"{_rates.number(max_peak)}; use the DMF package API or recurring integrations",
                    )
            initial = interface.get_number("volume/initial_load/count")
            if initial is not None and initial >= max_initial:
                yield Finding.at(
                    interface,
                    "volume/initial_load/count",
                    f"{interface.label} has an initial load of {_rates.number(initial)} {_rates.unit_word(interface)} through "
                    f"{mechanism}, at or above {_rates.number(max_initial)}; load it with the DMF package API",
                )


class ReportingReplicationAntiPattern(Rule):
    code = "CN006"
    name = "reporting-replication-anti-pattern"
    severity = Severity.WARNING
    tags = ("consistency", "volume", "architecture")
    summary = "Data copied only for reporting does not go into Dynamics 365 or Dataverse at high volume."
    rationale = f"""
{_CHALLENGES_ARTICLE} names synchronising lots of data into Dynamics 365 for reporting as an
anti-pattern and recommends a dedicated reporting store; the implementation guide's public-sector
case study paid for replicating everything into Customer Service in storage cost and throttling
and moved the aggregated view to a data lake; *Select the ideal platform* warns against using the
ERP as a data warehouse. The rule looks at interfaces whose goals are all of category
`reporting_extract` and whose target is a Dynamics 365 or Dataverse system, above a peak of
5,000 records per hour (option `max_peak_per_hour`). {_NORMALISATION}
"""
    how_to_fix = "Send the data to a reporting store instead (Azure Synapse Link or export to a data lake, a warehouse) and report from there; bring only what users act on into Dynamics 365."
    default_options: ClassVar[Mapping[str, Any]] = {"max_peak_per_hour": 5_000}
    options_schema = _positive_number_options("max_peak_per_hour")
    passing_example = """
blueprint_version: 1
goals:
  - {id: G-INSIGHT, statement: One view of demand across channels, category: reporting_extract}
systems:
  - {id: SYS-CE, kind: d365_customer_engagement}
  - {id: SYS-LAKE, kind: data_lake}
interfaces:
  - id: IF-LAKE-EXPORT
    goals: [G-INSIGHT]
    source: SYS-CE
    target: SYS-LAKE
    volume: {average: {count: 2000, per: hour}, peak: {count: 15000, per: hour}}
"""
    failing_example = """
blueprint_version: 1
goals:
  - {id: G-INSIGHT, statement: One view of demand across channels, category: reporting_extract}
systems:
  - {id: SYS-ERP, kind: legacy}
  - {id: SYS-CE, kind: d365_customer_engagement}
interfaces:
  - id: IF-ERP-HISTORY
    goals: [G-INSIGHT]
    source: SYS-ERP
    target: SYS-CE
    volume: {average: {count: 2000, per: hour}, peak: {count: 15000, per: hour}}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        threshold = float(self.options["max_peak_per_hour"])
        for interface in model.interfaces:
            target_kind = _systems.kind(model, interface, "target")
            if target_kind not in _systems.DYNAMICS_KINDS:
                continue
            goals = [model.get("goal", goal_id) for goal_id in model.goals_of(interface)]
            resolved = [goal for goal in goals if goal is not None]
            if not resolved or any(goal.get_str("category") != "reporting_extract" for goal in resolved):
                continue
            busiest = _busiest(interface)
            if busiest is None or busiest[1] <= threshold:
                continue
            which, _ = busiest
            yield Finding.at(
                interface,
                "target",
                f"{interface.label} copies {_rates.describe(interface, which)} into {interface.get_str('target')} "
                f"({target_kind}) only for reporting goals; above {_rates.number(threshold)} per hour, report from a "
                "data lake or warehouse instead",
            )


class ChattyHybridInterface(Rule):
    code = "CN007"
    name = "chatty-hybrid-interface"
    severity = Severity.WARNING
    tags = ("consistency", "volume", "hybrid")
    summary = (
        "Interfaces between on-premises and cloud systems batch records instead of sending one per message at volume."
    )
    rationale = f"""
{_CHALLENGES_ARTICLE} names repeated per-record connections between on-premises and cloud systems
as an anti-pattern (each crossing pays the network latency) and recommends sending batches; the
implementation guide's public-sector case study found its batch scenarios slow because services
were called point to point per record, and fixed it with staged batches. *Choose the right
pattern* lists records per message among the batching factors. The rule flags an on-premises to
cloud interface (either way) that sends one record per message, has no batching pattern and peaks
above 1,000 records per hour (option `max_peak_per_hour`). {_NORMALISATION}
"""
    how_to_fix = "Batch the records (`pattern: [batching]`, `records_per_message` above 1), for example through a staging store in the cloud region, or justify the per-record design and suppress the finding."
    default_options: ClassVar[Mapping[str, Any]] = {"max_peak_per_hour": 1_000}
    options_schema = _positive_number_options("max_peak_per_hour")
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
            hostings = {_systems.hosting(model, interface, "source"), _systems.hosting(model, interface, "target")}
            if hostings != {"on_premises", "cloud"}:
                continue
            if interface.get_number("payload/records_per_message") != 1:
                continue
            if "batching" in interface.get_str_list("pattern"):
                continue
            busiest = _busiest(interface)
            if busiest is None or busiest[1] <= threshold:
                continue
            which, _ = busiest
            yield Finding.at(
                interface,
                "payload/records_per_message",
                f"{interface.label} crosses between on-premises and cloud one record per message at "
                f"{_rates.describe(interface, which)}, above {_rates.number(threshold)} per hour; send batches",
            )
