"""CN015 cloud-to-on-premises-without-gateway: A cloud system reaches an on-premises one through a
gateway, a relay, a private network or middleware, never directly.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from .._shared import systems
from .._shared.mechanisms import UI_MECHANISMS
from ._calls import caller_and_callee

# Transports that are a connectivity path into the on-premises network.
_PATHS = frozenset({"gateway", "relay", "vpn", "express_route", "private_link"})
# Platforms that bridge the two: a gateway or relay, a broker either side can reach, middleware
# that runs on premises or reaches it through its own agent (an SSIS server, a Data Factory
# self-hosted integration runtime, an API gateway in a connected network).
_BRIDGES = frozenset(
    {
        "on_premises_data_gateway",
        "azure_relay",
        "azure_service_bus",
        "azure_event_hubs",
        "azure_api_management",
        "azure_data_factory",
        "ssis",
        "biztalk",
        "ibm_mq",
        "other_middleware",
    }
)


class CloudToOnPremisesWithoutGateway(Rule):
    code = "CN015"
    judges = ("interface",)
    name = "cloud-to-on-premises-without-gateway"
    severity = Severity.WARNING
    tags = ("consistency", "hybrid", "architecture")
    precision = "high"
    summary = "A cloud system reaches an on-premises one through a gateway, a relay, a private network or middleware, never directly."
    rationale = """
*Choose the right pattern for your integration strategy* (Dynamics 365 implementation guide)
treats the landscape's topology (cloud, on-premises, hybrid) as a deciding factor, and *Select the
ideal platform* expects hybrid integrations to go through middleware; the integration checklist
asks that each design fit the overall architecture. A cloud service that opens a connection into
an on-premises system needs a way in: the on-premises data gateway (Power Automate, Logic Apps,
Power BI), an Azure Relay hybrid connection, a site-to-site VPN or ExpressRoute, or middleware
the on-premises side reaches out to (a Service Bus queue it reads, an SSIS server or a Data
Factory self-hosted integration runtime inside the network). Without one the design either opens
an inbound port to the internet or does not work. The rule flags an interface whose caller is a
`hosting: cloud` system and whose called system is `hosting: on_premises` (the caller is the
client of an API that Dataverse or finance and operations serves, such as `dataverse_web_api` or
`fo_odata`; else the source, or the target when the receiver fetches: `pattern: pull`,
`trigger.type: receiver_poll`) when neither `security.transport` names a path (`gateway`, `relay`, `vpn`,
`express_route`, `private_link`) nor the `platform` is one that bridges. On-premises systems
calling out to the cloud, and user-interface embeddings (the browser connects), are left alone.
"""
    how_to_fix = (
        "Route the call through the on-premises data gateway or an Azure Relay hybrid connection "
        "(`security.transport: gateway` or `relay`), a private network (`vpn`, `express_route`), or middleware the "
        "on-premises side reaches (`platform:` a Service Bus namespace it reads, an SSIS or self-hosted runtime)."
    )
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-CE, kind: d365_customer_engagement, hosting: cloud}
  - {id: SYS-PERMITS, kind: on_premises_lob, hosting: on_premises}
platforms:
  - {id: MW-FLOW, kind: power_automate}
interfaces:
  - id: IF-PERMIT-UPDATE
    source: SYS-CE
    target: SYS-PERMITS
    platform: MW-FLOW
    security: {auth: windows_integrated, transport: gateway}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-CE, kind: d365_customer_engagement, hosting: cloud}
  - {id: SYS-PERMITS, kind: on_premises_lob, hosting: on_premises}
interfaces:
  - id: IF-PERMIT-UPDATE
    source: SYS-CE
    target: SYS-PERMITS
    mechanism: rest_api
    security: {auth: basic, transport: https_tls12}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            if interface.get_str("integration_type") == "ui" or interface.get_str("mechanism") in UI_MECHANISMS:
                continue
            caller_end, callee_end = caller_and_callee(model, interface)
            if systems.hosting(model, interface, caller_end) != "cloud":
                continue
            if systems.hosting(model, interface, callee_end) != "on_premises":
                continue
            if interface.get_str("security/transport") in _PATHS:
                continue
            if systems.platform_kind(model, interface) in _BRIDGES:
                continue
            caller, callee = interface.get_str(caller_end), interface.get_str(callee_end)
            yield Finding.at(
                interface,
                "security/transport" if interface.has("security/transport") else "",
                f"{interface.label} has cloud system '{caller}' call on-premises '{callee}' with no gateway, relay, "
                "private network or bridging middleware in the path",
            )
