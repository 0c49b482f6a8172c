"""Which interfaces call the Dataverse or the finance and operations API as a client: the one
definition the capacity model (CA001-CA011), the error-handling rule (OP001) and the retry rule
(OP008) share, so that an interface counted against an identity's request budget is also one that
must retry when it is throttled, and the other way round.

**Dataverse** (service protection limits per user, HTTP 429 + ``Retry-After``). An interface is a
client of a Dataverse-backed system (kinds ``dataverse``, ``d365_customer_engagement``,
``power_platform_app``):

* when the system is its *target* and its mechanism (declared or not: an undeclared mechanism
  is counted, conservatively) is not one that never calls the API as a client (:data:`NON_CLIENT_MECHANISMS`: Synapse Link, export to data lake, virtual tables,
  plug-ins running inside Dataverse, embedded UI). Whatever carries the data (a Function, a flow,
  a Logic App, a Service Bus consumer, the receiver of finance and operations business events)
  ends by writing through the API;
* or when the system is its *source* and the mechanism reads Dataverse through the API with the
  interface's identity (:data:`SOURCE_READ_MECHANISMS`: Web API, SDK, change tracking, a flow, a
  Logic App, Data Factory, SSIS). A ``rest_api``, ``soap_api`` or ``azure_function`` interface
  *from* Dataverse names the API of the system it calls (a plug-in calling an ERP's REST API),
  not a read of Dataverse; push mechanisms Dataverse drives itself (Service Bus endpoint, webhooks,
  business events, Synapse Link) use no identity's budget.

**Finance and operations** (priority-based and resource-based throttling, HTTP 429 +
``Retry-After``): the system is the *target* of an API mechanism (:data:`FO_TARGET_MECHANISMS`),
or the *source* of an OData or custom-service read (priority-based throttling applies to OData and
custom services).

``retries_owned`` says whether the design controls the client's retries: dual-write is run by the
platform inside the finance and operations transaction and has no retry policy to declare, so it
is counted for capacity but asked for no retry policy.
"""

from __future__ import annotations

from dataclasses import dataclass

from linter.api import Blueprint, Entity

from . import systems
from .mechanisms import UI_MECHANISMS

# Mechanisms that never call the Dataverse API as a client, even with Dataverse as target.
NON_CLIENT_MECHANISMS: frozenset[str] = (
    frozenset(
        {"synapse_link", "export_to_data_lake", "dataverse_virtual_table", "fo_virtual_tables", "dataverse_plugin"}
    )
    | UI_MECHANISMS
)
# Mechanisms that read from a Dataverse source through the API, with the interface's identity.
SOURCE_READ_MECHANISMS: frozenset[str] = frozenset(
    {
        "dataverse_web_api",
        "dataverse_sdk",
        "change_tracking",
        "power_automate_flow",
        "logic_app",
        "azure_data_factory",
        "ssis",
    }
)
# Mechanisms that reach a finance and operations target through its throttled API (directly, or
# from middleware that calls it).
FO_TARGET_MECHANISMS: frozenset[str] = frozenset(
    {
        "fo_odata",
        "fo_custom_service",
        "rest_api",
        "soap_api",
        "azure_function",
        "logic_app",
        "power_automate_flow",
        "service_bus",
        "azure_data_factory",
        "ssis",
    }
)
# Reads from a finance and operations source that priority-based throttling applies to.
FO_SOURCE_MECHANISMS: frozenset[str] = frozenset({"fo_odata", "fo_custom_service"})
# Clients the platform runs itself: counted for capacity, but with no retry policy to declare.
PLATFORM_MANAGED_MECHANISMS: frozenset[str] = frozenset({"dual_write"})

DATAVERSE = "Dataverse"
FINANCE_OPERATIONS = "finance and operations"


@dataclass(frozen=True)
class ApiClient:
    """How an interface calls a throttled API: which platform, which system, from which end."""

    platform: str  # DATAVERSE or FINANCE_OPERATIONS
    system_id: str
    side: str  # "target" or "source"
    mechanism: str

    @property
    def mechanism_words(self) -> str:
        return self.mechanism or "an undeclared mechanism"

    @property
    def retries_owned(self) -> bool:
        return self.mechanism not in PLATFORM_MANAGED_MECHANISMS


def dataverse_client(model: Blueprint, interface: Entity) -> ApiClient | None:
    """The Dataverse system whose API the interface calls, or None."""
    mechanism = interface.get_str("mechanism") or ""
    for end, calls in (
        ("target", mechanism not in NON_CLIENT_MECHANISMS),
        ("source", mechanism in SOURCE_READ_MECHANISMS),
    ):
        found = systems.system(model, interface, end) if calls else None
        if found is not None and found.get_str("kind") in systems.DATAVERSE_KINDS:
            return ApiClient(DATAVERSE, found.id, end, mechanism)
    return None


def fo_client(model: Blueprint, interface: Entity) -> ApiClient | None:
    """The finance and operations system whose API the interface calls, or None."""
    mechanism = interface.get_str("mechanism") or ""
    for end, calls in (
        ("target", mechanism in FO_TARGET_MECHANISMS),
        ("source", mechanism in FO_SOURCE_MECHANISMS),
    ):
        found = systems.system(model, interface, end) if calls else None
        if found is not None and found.get_str("kind") == systems.FINANCE_OPERATIONS:
            return ApiClient(FINANCE_OPERATIONS, found.id, end, mechanism)
    return None


def api_client(model: Blueprint, interface: Entity) -> ApiClient | None:
    """The throttled API (Dataverse first, then finance and operations) the interface calls, or None."""
    return dataverse_client(model, interface) or fo_client(model, interface)
