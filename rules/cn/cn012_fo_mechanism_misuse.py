"""CN012 fo-mechanism-misuse: Finance and operations OData is not used to feed reporting, and
business events are not used for bulk data export or large payloads.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from .._shared import systems
from .._shared.text import listing
from ..ca import load_profile

_PROFILE = load_profile()
PAYLOAD_KEY = "service_bus_standard_message_kb"
ANALYTICS_KINDS = frozenset({"data_warehouse", "data_lake"})


def _patterns(interface: Entity) -> set[str]:
    value = interface.get("pattern")
    if isinstance(value, str):
        return {value}
    return {p for p in value if isinstance(p, str)} if isinstance(value, list) else set()


class FoMechanismMisuse(Rule):
    code = "CN012"
    judges = ("interface",)
    name = "fo-mechanism-misuse"
    severity = Severity.WARNING
    tags = ("consistency", "finance-operations")
    precision = "high"
    default_options: ClassVar[Mapping[str, Any]] = {PAYLOAD_KEY: int(_PROFILE.value(PAYLOAD_KEY))}
    options_schema: ClassVar[Mapping[str, Any]] = {
        "type": "object",
        "properties": {
            PAYLOAD_KEY: {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": f"largest business event payload taken as reasonable (KB); default: {_PROFILE[PAYLOAD_KEY].scope}, from {_PROFILE[PAYLOAD_KEY].source.title}",
            }
        },
        "additionalProperties": False,
    }
    summary = "Finance and operations OData is not used to feed reporting, and business events are not used for bulk data export or large payloads."
    rationale = f"""
Microsoft's *Business events overview* for finance and operations apps says business events must
not be considered a mechanism for exporting data: they are lightweight notifications and are not
intended to carry large payloads. This rule reports a `fo_business_events` interface from finance
and operations that runs as a scheduled batch or batching pattern, carries an initial load, packs
several records per event (`payload.records_per_message` above 1), targets a data lake or
warehouse, or whose `payload.max_kb` exceeds {_PROFILE.value(PAYLOAD_KEY):g} KB (the smallest
common endpoint's message limit, {_PROFILE[PAYLOAD_KEY].scope} in *{_PROFILE[PAYLOAD_KEY].source.title}*;
option `{PAYLOAD_KEY}`). The finance and operations integration guidance reserves OData for
low-volume, near-real-time calls subject to priority-based throttling and points analytics to
Azure Synapse Link (or the data management export); an `fo_odata` interface from finance and
operations into a data lake or warehouse, or with the `aggregation` pattern, is reporting on the
transactional API. A warning: a small, deliberate extract may still be fine.
"""
    how_to_fix = "Export data with Azure Synapse Link for Dataverse or the data management package API (`fo_dmf_package_api`); keep business events small (ids and the key facts a receiver needs, one record each) and let the receiver read the rest."
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-FO, kind: d365_finance_operations}
  - {id: SYS-LAKE, kind: data_lake}
interfaces:
  - {id: IF-FO-LAKE, source: SYS-FO, target: SYS-LAKE, mechanism: synapse_link, timing: asynchronous}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-FO, kind: d365_finance_operations}
  - {id: SYS-LAKE, kind: data_lake}
interfaces:
  - {id: IF-FO-LAKE, source: SYS-FO, target: SYS-LAKE, mechanism: fo_business_events, timing: scheduled_batch}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        max_kb = float(self.options.get(PAYLOAD_KEY, self.default_options[PAYLOAD_KEY]))
        for interface in model.interfaces:
            mechanism = interface.get_str("mechanism")
            if mechanism not in ("fo_business_events", "fo_odata"):
                continue
            if systems.kind(model, interface, "source") != systems.FINANCE_OPERATIONS:
                continue
            target_kind = systems.kind(model, interface, "target")
            patterns = _patterns(interface)
            if mechanism == "fo_odata":
                reasons = []
                if target_kind in ANALYTICS_KINDS:
                    reasons.append(f"feeds a {target_kind.replace('_', ' ')}")
                if "aggregation" in patterns:
                    reasons.append("aggregates data for reporting")
                if reasons:
                    yield Finding.at(
                        interface,
                        "mechanism",
                        f"{interface.label} {listing(reasons)} through finance and operations OData, which is meant for "
                        f"low-volume calls and is throttled; use Synapse Link or a data management export",
                    )
                continue
            reasons = []
            if interface.get_str("timing") == "scheduled_batch" or "batching" in patterns:
                reasons.append("runs as a batch")
            initial = interface.get_number("volume/initial_load/count")
            if initial:
                reasons.append(f"carries an initial load of {initial:,.0f} records")
            per_message = interface.get_number("payload/records_per_message")
            if per_message and per_message > 1:
                reasons.append(f"packs {per_message:,.0f} records per event")
            if target_kind in ANALYTICS_KINDS:
                reasons.append(f"feeds a {target_kind.replace('_', ' ')}")
            size = interface.get_number("payload/max_kb")
            if size is not None and size > max_kb:
                reasons.append(f"carries payloads up to {size:,.0f} KB (above {max_kb:g} KB)")
            if reasons:
                yield Finding.at(
                    interface,
                    "mechanism",
                    f"{interface.label} uses finance and operations business events as a data export: it "
                    f"{listing(reasons)}; business events are lightweight notifications, not meant for exporting data "
                    f"or large payloads",
                )
