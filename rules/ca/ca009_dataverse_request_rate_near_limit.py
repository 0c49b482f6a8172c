"""CA009 dataverse-request-rate-near-limit: The peak HTTP requests per 5 minutes of each identity that
calls Dataverse stay below 80% of the service protection limit.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Severity

from ._rule import (
    DATAVERSE_EXAMPLE_HEAD,
    PER_USER_NOTE,
    SERVICE_PROTECTION,
    CapacityRule,
    request_rate_findings,
)


class DataverseRequestRateNearLimit(CapacityRule):
    code = "CA009"
    # Held back while a file of the workspace did not load: the identity, systems or licences the sum depends on may be in a file that did not load.
    needs_complete_blueprint = True
    name = "dataverse-request-rate-near-limit"
    severity = Severity.WARNING
    limit_keys = ("dataverse_requests_per_5_minutes", "web_servers", "near_limit_percent", "connector_write_batch_size")
    summary = "The peak HTTP requests per 5 minutes of each identity that calls Dataverse stay below 80% of the service protection limit."
    rationale = f"""
{SERVICE_PROTECTION} {PER_USER_NOTE} An identity whose peak reaches the warning threshold
(`near_limit_percent`, 80% by default) has no headroom for growth or retries: the checklist asks
for volumes sustained in the short and long term and for performance tests near the limits. Above
the limit itself, CA001 reports an error instead.
"""
    how_to_fix = "Plan for growth: batch the writes, spread the load over several identities, smooth the peak, and include a performance test at peak volume."
    passing_example = (
        DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - id: IF-ORDERS
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    volume:
      average: {count: 12000, per: hour}
      peak: {count: 36000, per: hour}
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
      average: {count: 20000, per: hour}
      peak: {count: 61200, per: hour}
    avg_execution_ms: 50
"""
    )

    def check(self, model: Blueprint) -> Iterator[Finding]:
        yield from request_rate_findings(self, model, exceeded=False)
