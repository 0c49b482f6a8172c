"""CA011 daily-request-entitlement-after-growth: The Dataverse operations per 24 hours of each licensed
identity, and of all application users together, stay within the request entitlement at the end of
the stated growth horizon (`volume.growth`).
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Severity

from ._core import format_number
from ._growth import grown_figure, grown_share, growth_anchor, growth_contributors, horizon
from ._model import analyse, pool_formula
from ._rule import CapacityRule, source_tag


class DailyRequestEntitlementAfterGrowth(CapacityRule):
    code = "CA011"
    # Held back while a file of the workspace did not load: the identity, systems or licences the sum depends on may be in a file that did not load.
    needs_complete_blueprint = True
    name = "daily-request-entitlement-after-growth"
    severity = Severity.WARNING
    precision = "high"
    limit_keys = (
        "licensed_requests_per_day",
        "per_app_requests_per_day",
        "per_flow_requests_per_day",
        "pool_base_requests_per_day",
        "pool_requests_per_usl",
        "pool_max_requests_per_day",
        "add_on_requests_per_day",
    )
    summary = "The Dataverse operations per 24 hours of each licensed identity, and of all application users together, stay within the request entitlement at the end of the stated growth horizon (`volume.growth`)."
    rationale = """
The 24-hour request entitlement of CA004 (Microsoft's *Power Platform requests limits and
allocations*: per licensed user, and pooled per tenant for application and non-interactive users)
checked against the volumes at the end of each interface's growth horizon, compounded yearly
(today's operations × (1 + `percent_per_year`/100) ^ `horizon_years`). The integration checklist
asks whether the pattern sustains the expected volumes in the short and the long term; the blueprint
guidance asks for current and future volumes. Reported only when today's figure is within the
entitlement (today's excess is CA004's). Interfaces that state no growth count at today's figure.
A warning: the growth is a forecast, and capacity can be bought before the horizon.
"""
    how_to_fix = "Plan the capacity the growth needs (capacity add-ons, licences declared in `project.tenant_licenses`), move bulk loads to a mechanism that does not go through the API, or correct the growth forecast."
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
      growth: {percent_per_year: 10, horizon_years: 3}
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
      peak: {count: 30000, per: day}
      growth: {percent_per_year: 25, horizon_years: 3}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        capacity = analyse(model, profile)
        source = source_tag(profile, "licensed_requests_per_day")
        for identity in capacity.identities:
            kind, limit = identity.entitlement(profile)
            if kind != "licensed" or limit is None or identity.entity is None or not identity.grows:
                continue
            today = identity.total("operations_per_day")
            grown = identity.grown_total("operations_per_day")
            if today > limit or grown <= limit:
                continue
            share = grown_share(grown, limit)
            yield Finding.at(
                growth_anchor(identity, "operations_per_day").interface,
                "volume/growth",
                f"at the end of {horizon(identity)}, {identity.label} makes {grown_figure(grown)} Dataverse operations "
                f"per 24 hours (today {format_number(today)}), above the {format_number(limit)} its "
                f"{identity.entity.get_str('license')} license includes{share} {source}"
                f"{growth_contributors(identity, 'operations_per_day')}",
            )
        pool = capacity.pool
        growing = [identity for identity in pool.identities if identity.grows]
        if not growing:
            return
        today = pool.operations_per_day
        grown = sum(identity.grown_total("operations_per_day") for identity in pool.identities)
        if today > pool.limit or grown <= pool.limit:
            return
        anchor = max(
            (growth_anchor(identity, "operations_per_day") for identity in growing),
            key=lambda load: load.grown("operations_per_day") or 0.0,
        )
        names = ", ".join(identity.key for identity in pool.identities)
        who = (
            f"application users {names} together make"
            if len(pool.identities) > 1
            else f"application user {names} makes"
        )
        share = grown_share(grown, pool.limit)
        yield Finding.at(
            anchor.interface,
            "volume/growth",
            f"at the end of the growth horizon, {who} {grown_figure(grown)} Dataverse operations per 24 hours "
            f"(today {format_number(today)}), above the tenant pool of {format_number(pool.limit)}{share} ("
            f"{pool_formula(profile, pool.usl, pool.add_ons, pool.capped)}) {source}",
        )
