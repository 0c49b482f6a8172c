"""CA004 daily-request-entitlement: The Dataverse operations per 24 hours of each licensed identity,
and of all application users together, stay within the Power Platform request entitlement.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from linter.api import Blueprint, Finding, Severity

from ._core import format_number, format_percent, percent
from ._model import InterfaceLoad, analyse, pool_formula
from ._rule import (
    CapacityRule,
    contributors,
    source_tag,
)


class DailyRequestEntitlement(CapacityRule):
    code = "CA004"
    # Held back while a file of the workspace did not load: the identity, systems or licences the sum depends on may be in a file that did not load.
    needs_complete_blueprint = True
    name = "daily-request-entitlement"
    severity = Severity.WARNING
    limit_keys = (
        "licensed_requests_per_day",
        "per_app_requests_per_day",
        "per_flow_requests_per_day",
        "pool_base_requests_per_day",
        "pool_base_power_platform_only_requests_per_day",
        "pool_requests_per_usl",
        "pool_max_requests_per_day",
        "add_on_requests_per_day",
    )
    summary = "The Dataverse operations per 24 hours of each licensed identity, and of all application users together, stay within the Power Platform request entitlement."
    rationale = """
Microsoft's *Power Platform requests limits and allocations* article gives each licensed user a
24-hour request entitlement (40,000 for Dynamics 365 Enterprise/Professional and paid Power
Platform licenses, 6,000 for per-app and Team Member, 250,000 for Power Automate per flow), and
pools the requests of application, non-interactive and SYSTEM users per tenant. The pool depends on
the tenant's licence mix (`project.tenant_licenses`): with Dynamics 365 Enterprise or Professional
subscriptions it is 500,000 + 5,000 per Dynamics 365 Enterprise/Professional user license
(`d365_enterprise_professional_usl`), at most 10,000,000; a tenant with only Power Apps or Power
Automate subscriptions (`subscriptions: [power_apps]`, `[power_automate]`) gets 25,000 with no
accrual; the larger applies when there are several. A blueprint that states no subscriptions and no
user licenses is judged against the Dynamics 365 base of 500,000 (the behaviour before the licence
mix could be stated): declare the mix when the tenant has no Dynamics 365. Capacity add-ons
(`capacity_add_ons`) are never added to what an application user may spend: the same article says
they can't be assigned to users yet, application, administrative and non-interactive users included
(the `add_on_requests_per_day` option is kept for configurations that set it). Every operation
of a write counts, batched or not (*Dataverse service protection API limits*); a read retrieves
a page of rows (`payload.records_per_message`, up to 5,000) per request. The daily figure is the average
volume over 24 hours, or the peak when it is stated per day, week, month or run, × `requests_per_record`.
"""
    how_to_fix = "Declare the tenant's licenses in `project.tenant_licenses`, move bulk loads to a mechanism that does not go through the API, reduce the operations per record, or agree extra capacity with Microsoft (add-ons can't yet be assigned to application users)."
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-CE, kind: dataverse}
  - {id: SYS-ERP, kind: on_premises_lob}
identities:
  - {id: ID-SYNC, kind: licensed_user, license: d365_enterprise}
interfaces:
  - id: IF-ORDERS
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-SYNC
    volume:
      average: {count: 20000, per: day}
      peak: {count: 30000, per: day}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-CE, kind: dataverse}
  - {id: SYS-ERP, kind: on_premises_lob}
identities:
  - {id: ID-SYNC, kind: licensed_user, license: d365_enterprise}
interfaces:
  - id: IF-ORDERS
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-SYNC
    volume:
      average: {count: 20000, per: day}
      peak: {count: 50000, per: day}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        capacity = analyse(model, profile)
        source = source_tag(profile, "licensed_requests_per_day")
        for identity in capacity.identities:
            kind, limit = identity.entitlement(profile)
            total = identity.total("operations_per_day")
            if kind != "licensed" or limit is None or total <= limit or identity.entity is None:
                continue
            license_ = identity.entity.get_str("license")
            yield Finding.at(
                identity.top("operations_per_day").interface,
                "volume",
                f"{identity.label} makes {format_number(total)} Dataverse operations per 24 hours, above the "
                f"{format_number(limit)} its {license_} license includes ({format_percent(percent(total, limit))}) "
                f"{source}{contributors(identity, 'operations_per_day')}",
            )
        pool = capacity.pool
        total = pool.operations_per_day
        if pool.identities and total > pool.limit:
            loads: Sequence[InterfaceLoad] = [load for identity in pool.identities for load in identity.loads]
            top = max(loads, key=lambda load: load.operations_per_day or 0.0)
            names = ", ".join(identity.key for identity in pool.identities)
            who = (
                f"application users {names} together make"
                if len(pool.identities) > 1
                else f"application user {names} makes"
            )
            yield Finding.at(
                top.interface,
                "volume",
                f"{who} {format_number(total)} Dataverse operations per 24 hours, "
                f"above the tenant pool of {format_number(pool.limit)} ({format_percent(percent(total, pool.limit))}; "
                f"{pool_formula(profile, pool.usl, pool.add_ons, pool.capped, pool.base)}) {source}",
            )
