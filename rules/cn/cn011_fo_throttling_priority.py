"""CN011 fo-throttling-priority: A real-time or critical interface that calls finance and operations
OData or custom services does not run on a low-priority identity.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from .._shared.dataverse_clients import FO_SOURCE_MECHANISMS, fo_client

# Priority-based throttling applies to OData and custom services only.
PRIORITY_THROTTLED = FO_SOURCE_MECHANISMS
URGENT_TIMINGS = frozenset({"synchronous", "near_real_time"})
URGENT_CRITICALITIES = frozenset({"mission_critical", "high"})


class FoThrottlingPriority(Rule):
    code = "CN011"
    judges = ("interface",)
    name = "fo-throttling-priority"
    severity = Severity.WARNING
    tags = ("consistency", "finance-operations")
    precision = "high"
    summary = "A real-time or critical interface that calls finance and operations OData or custom services does not run on a low-priority identity."
    rationale = """
Finance and operations *priority-based throttling* applies to OData and custom-service requests:
administrators assign each registered integration application (Microsoft Entra application or
user) a priority of low, medium or high, and when the service is under load the low-priority
integrations are throttled first (HTTP 429 with `Retry-After`). The cloud implementation guidance
asks to prioritise integrations by business impact. A synchronous or near-real-time interface, or
one of high or mission-critical criticality, on an identity declared `fo_throttling_priority: low`
is the first to be throttled exactly when the system is busiest. A warning: the priority may be
low on purpose for an interface whose criticality is stated generously.
"""
    how_to_fix = "Give the interface an identity of medium or high `fo_throttling_priority` (and register it so in the Throttling priority mapping page), or keep the low-priority identity for bulk and background integrations."
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-SHOP, kind: saas}
  - {id: SYS-FO, kind: d365_finance_operations}
identities:
  - {id: ID-SHOP, kind: application_user, fo_throttling_priority: high}
interfaces:
  - {id: IF-ORDERS, source: SYS-SHOP, target: SYS-FO, mechanism: fo_odata, identity: ID-SHOP, timing: synchronous}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-SHOP, kind: saas}
  - {id: SYS-FO, kind: d365_finance_operations}
identities:
  - {id: ID-SHOP, kind: application_user, fo_throttling_priority: low}
interfaces:
  - {id: IF-ORDERS, source: SYS-SHOP, target: SYS-FO, mechanism: fo_odata, identity: ID-SHOP, timing: synchronous}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            if interface.get_str("mechanism") not in PRIORITY_THROTTLED:
                continue
            timing, criticality = interface.get_str("timing"), interface.get_str("criticality")
            if timing not in URGENT_TIMINGS and criticality not in URGENT_CRITICALITIES:
                continue
            identity_id = interface.get_str("identity")
            identity = model.get("identity", identity_id) if identity_id else None
            if identity is None or identity.get_str("fo_throttling_priority") != "low":
                continue
            client = fo_client(model, interface)
            if client is None:
                continue
            why = " and ".join(
                part
                for part in (
                    f"{timing.replace('_', ' ')}" if timing in URGENT_TIMINGS else "",
                    f"{criticality.replace('_', '-')} criticality" if criticality in URGENT_CRITICALITIES else "",
                )
                if part
            )
            yield Finding.at(
                interface,
                "identity",
                f"{interface.label} ({why}) calls finance and operations {client.system_id} through "
                f"{client.mechanism} with identity {identity_id}, whose fo_throttling_priority is low: "
                f"priority-based throttling slows it first when the system is busiest",
            )
