"""CN005 mechanism-topology-mismatch: The mechanism can work between the interface's systems:
dual-write and virtual tables, F&O and Dataverse mechanisms, UI mechanisms.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from .._shared import systems
from .._shared.mechanisms import UI_MECHANISMS
from .._shared.systems import DATAVERSE_KINDS, FINANCE_OPERATIONS

# Mechanisms a Dataverse table raises or hosts, so the data leaves Dataverse: the source is Dataverse.
_DATAVERSE_SOURCE = frozenset({"dataverse_webhook", "dataverse_service_bus_endpoint", "dataverse_business_events"})

# Azure Synapse Link for Dataverse exports Dataverse tables and finance and operations tables.
_EXPORT_SOURCE = frozenset({"synapse_link"})

# Mechanisms that run in, or call into, Dataverse: one end is Dataverse.
_DATAVERSE_END = frozenset({"dataverse_plugin", "dataverse_web_api", "dataverse_sdk", "dataverse_virtual_table"})

# Finance and operations events are raised inside F&O: the source is F&O.
_FO_SOURCE = frozenset({"fo_business_events", "fo_data_events"})

# Cross-app mechanisms between F&O and Dataverse.
_CLOUD_ONLY_FO = frozenset({"dual_write", "fo_virtual_tables"})

# What an on-premises F&O deployment does not offer: it integrates only through the data management
# package REST API (F&O integration overview), so OData, custom services, recurring integrations,
# business and data events, the cross-app mechanisms and the lake exports are cloud-only.
_NOT_ON_PREMISES_FO = _CLOUD_ONLY_FO | frozenset(
    {
        "fo_odata",
        "fo_custom_service",
        "fo_recurring_integration",
        "fo_business_events",
        "fo_data_events",
        "synapse_link",
        "export_to_data_lake",
    }
)

_DATAVERSE_WORDS = "Dataverse (dataverse, d365_customer_engagement or power_platform_app)"


class MechanismTopologyMismatch(Rule):
    code = "CN005"
    judges = ("interface",)
    name = "mechanism-topology-mismatch"
    severity = Severity.ERROR
    tags = ("consistency", "architecture")
    precision = "very-high"
    summary = "The mechanism can work between the interface's systems: dual-write and virtual tables, F&O and Dataverse mechanisms, UI mechanisms."
    rationale = """
Microsoft's guidance (*Integrate Dynamics 365 apps with other systems* in the implementation
guide, and the finance and operations integration overview) ties each mechanism to where it runs:
dual-write synchronises finance and operations apps with Dataverse and nothing else; on-premises
finance and operations integrates only through the data management (DMF) package REST API, so
OData, custom services, recurring integrations, business and data events, dual-write, virtual
tables, Synapse Link and Export to Data Lake against an on-premises deployment will not run;
business and data events are raised by the app that owns the data; Dataverse webhooks, plug-ins,
Service Bus endpoints and business events run in Dataverse; Azure Synapse Link for Dataverse
exports Dataverse tables and finance and operations tables (*Choose finance and operations data in
Azure Synapse Link for Dataverse*), so its source is one of the two; IFrames, PCF controls, canvas
apps, HTML web resources, Channel Integration Framework and embedded Power Apps or Power BI are
user-interface integration (*Choose the right design*). A mechanism named between systems it
cannot connect is a design that will not run. Systems whose kind or hosting is not stated are not
judged on it. Precision: very high.
"""
    how_to_fix = "Choose a mechanism that fits the two systems (for on-premises finance and operations, `fo_dmf_package_api`), correct the system's `kind` or `hosting`, or set `integration_type: ui` for an embedding."
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-FO, kind: d365_finance_operations, hosting: cloud}
  - {id: SYS-CE, kind: d365_customer_engagement, hosting: cloud}
interfaces:
  - {id: IF-CUSTOMERS, source: SYS-FO, target: SYS-CE, mechanism: dual_write, integration_type: data}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-FO, kind: d365_finance_operations, hosting: on_premises}
  - {id: SYS-CE, kind: d365_customer_engagement, hosting: cloud}
  - {id: SYS-SHOP, kind: saas, hosting: cloud}
interfaces:
  - {id: IF-CUSTOMERS, source: SYS-FO, target: SYS-CE, mechanism: dual_write, integration_type: data}
  - {id: IF-ORDERS, source: SYS-SHOP, target: SYS-CE, mechanism: fo_business_events, integration_type: data}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            mechanism = interface.get_str("mechanism")
            if mechanism:
                message = self._mismatch(model, interface, mechanism)
                if message:
                    yield Finding.at(interface, "mechanism", message)

    def _mismatch(self, model: Blueprint, interface: Entity, mechanism: str) -> str | None:
        label = interface.label
        if mechanism in UI_MECHANISMS:
            integration_type = interface.get_str("integration_type")
            if integration_type and integration_type != "ui":
                return f"{label} uses the user-interface mechanism {mechanism} but its integration type is {integration_type}, not ui"
        source_kind = systems.kind(model, interface, "source")
        target_kind = systems.kind(model, interface, "target")
        if source_kind is None or target_kind is None:
            return None  # an unknown end: unresolved-reference or an incomplete system reports it
        kinds = (source_kind, target_kind)
        ends = f"{interface.get_str('source')} ({source_kind}) and {interface.get_str('target')} ({target_kind})"
        if mechanism in _CLOUD_ONLY_FO:
            fo_and_dataverse = FINANCE_OPERATIONS in kinds and any(
                k in DATAVERSE_KINDS for k in kinds if k != FINANCE_OPERATIONS
            )
            if not fo_and_dataverse:
                return f"{label} uses {mechanism} between {ends}; it only connects finance and operations with {_DATAVERSE_WORDS}"
        if mechanism in _NOT_ON_PREMISES_FO:
            for end in ("source", "target"):
                if (
                    systems.kind(model, interface, end) == FINANCE_OPERATIONS
                    and systems.hosting(model, interface, end) == "on_premises"
                ):
                    return (
                        f"{label} uses {mechanism} with on-premises finance and operations {interface.get_str(end)}, "
                        "which integrates only through the data management package REST API; use fo_dmf_package_api"
                    )
        if mechanism in _FO_SOURCE and source_kind != FINANCE_OPERATIONS:
            return f"{label} uses {mechanism} but its source {interface.get_str('source')} ({source_kind}) is not finance and operations"
        if mechanism.startswith("fo_") and FINANCE_OPERATIONS not in kinds:
            return f"{label} uses {mechanism} between {ends}, neither of which is finance and operations"
        if mechanism in _DATAVERSE_SOURCE and source_kind not in DATAVERSE_KINDS:
            return f"{label} uses {mechanism} but its source {interface.get_str('source')} ({source_kind}) is not {_DATAVERSE_WORDS}"
        if mechanism in _EXPORT_SOURCE and source_kind not in DATAVERSE_KINDS | {FINANCE_OPERATIONS}:
            return (
                f"{label} uses {mechanism} but its source {interface.get_str('source')} ({source_kind}) is neither "
                f"{_DATAVERSE_WORDS} nor finance and operations"
            )
        if mechanism in _DATAVERSE_END and not any(k in DATAVERSE_KINDS for k in kinds):
            return f"{label} uses {mechanism} between {ends}, neither of which is {_DATAVERSE_WORDS}"
        return None
