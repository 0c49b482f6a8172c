"""CA010 dataverse-request-rate-after-growth: The peak HTTP requests per 5 minutes of each identity
that calls Dataverse stay within the service protection limit at the end of the stated growth
horizon (`volume.growth`).
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Severity

from ._core import format_number
from ._growth import grown_figure, grown_share, growth_anchor, growth_contributors, horizon
from ._rule import (
    DATAVERSE_EXAMPLE_HEAD,
    PER_USER_NOTE,
    SERVICE_PROTECTION,
    CapacityRule,
    scaled_limit,
    source_tag,
)


class DataverseRequestRateAfterGrowth(CapacityRule):
    code = "CA010"
    # Held back while a file of the workspace did not load: the identity, systems or licences the sum depends on may be in a file that did not load.
    needs_complete_blueprint = True
    name = "dataverse-request-rate-after-growth"
    severity = Severity.WARNING
    precision = "high"
    limit_keys = ("dataverse_requests_per_5_minutes", "web_servers")
    summary = "The peak HTTP requests per 5 minutes of each identity that calls Dataverse stay within the service protection limit at the end of the stated growth horizon (`volume.growth`)."
    rationale = f"""
{SERVICE_PROTECTION} The integration checklist asks whether the pattern sustains the expected
volumes in the short *and* the long term, and the blueprint guidance asks for current and future
volumes. This rule applies each interface's `volume.growth` to its peak, compounded yearly (today's
requests × (1 + `percent_per_year`/100) ^ `horizon_years`), sums the identity as CA001 does (only
peaks whose daily windows overlap add up, weighed at the horizon), and warns when the sum at the end of the horizon exceeds the limit while today's peak does not (today's
excess is CA001's error). {PER_USER_NOTE} Interfaces that state no growth count at today's figure.
A warning: the growth is a forecast, and the design has the horizon to act.
"""
    how_to_fix = "Plan the headroom now: batch the writes (`records_per_message`), spread the load over several identities, smooth the peak with a queue, or set `web_servers` when the environment is known to have more than one; or correct the growth forecast."
    passing_example = (
        DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - id: IF-ORDERS
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    volume:
      average: {count: 10000, per: hour}
      peak: {count: 36000, per: hour}
      growth: {percent_per_year: 10, horizon_years: 3}
    avg_execution_ms: 50
"""
    )
    failing_example = (
        DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - id: IF-ORDERS
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    volume:
      average: {count: 10000, per: hour}
      peak: {count: 48000, per: hour}
      growth: {percent_per_year: 20, horizon_years: 3}
    avg_execution_ms: 50
"""
    )

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        limit, limit_words = scaled_limit(profile, "dataverse_requests_per_5_minutes", "")
        for whole in self.model(model).identities:
            if not whole.grows or not whole.known("requests"):
                continue
            # Only peaks that can coincide add up (their daily windows overlap), as in CA001;
            # the busiest set at the horizon may differ from today's.
            today = whole.coincident("requests").total("requests")
            identity = whole.coincident("requests", grown=True)
            grown = identity.grown_total("requests")
            if today > limit or grown <= limit:
                continue
            share = grown_share(grown, limit)
            yield Finding.at(
                growth_anchor(identity, "requests").interface,
                "volume/growth",
                f"at the end of {horizon(identity)}, {identity.label} makes a peak of {grown_figure(grown)} requests "
                f"per 5 minutes (today {format_number(today)}), above {limit_words}{share} "
                f"{source_tag(profile, 'dataverse_requests_per_5_minutes')}{growth_contributors(identity, 'requests')}",
            )
