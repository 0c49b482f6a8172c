"""CA001 dataverse-request-rate: The peak HTTP requests per 5 minutes of each identity that calls
Dataverse stay within the 6,000-request service protection limit.
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


class DataverseRequestRate(CapacityRule):
    code = "CA001"
    # Held back while a file of the workspace did not load: the identity, systems or licences the sum depends on may be in a file that did not load.
    needs_complete_blueprint = True
    name = "dataverse-request-rate"
    severity = Severity.ERROR
    precision = "high"
    limit_keys = ("dataverse_requests_per_5_minutes", "web_servers", "connector_write_batch_size")
    summary = "The peak HTTP requests per 5 minutes of each identity that calls Dataverse stay within the 6,000-request service protection limit."
    rationale = f"""
{SERVICE_PROTECTION} {PER_USER_NOTE} Requests per 5 minutes are worked out from the peak volume
(§3.11 of the blueprint guidance): count × 5 ÷ minutes in the period × `burst_factor` ×
`requests_per_record`, divided by the records one request carries: `payload.records_per_message`
for mechanisms that really batch (Web API `$batch`, SDK ExecuteMultiple) and for Web API or SDK
reads (rows per page); `write_batch_size` for Data Factory and SSIS writes, whose Dataverse
connector writes 10 records per request by default (*Copy and transform data in Dynamics 365
(Microsoft Dataverse)*, sink property `writeBatchSize`; option `connector_write_batch_size`); a
`per: run` peak is spread over the shortest of `expected_duration`, `frequency.window` and
`frequency.interval`. Above the limit the identity is throttled at every peak. Between the warning
threshold and the limit, CA009 warns instead. Precision: high; the figures are the blueprint's
own and peaks in windows that never overlap are not added up, but peaks without a window are
assumed to coincide.
"""
    how_to_fix = "Batch the writes (`$batch`/ExecuteMultiple with `records_per_message`, or a larger `write_batch_size` for Data Factory and SSIS), state the daily `volume.peak.window` of peaks that never coincide, spread the load over several identities (application users), smooth the peak with a queue, or set `web_servers` when the environment is known to have more than one."
    passing_example = (
        DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - id: IF-ORDERS
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    volume:
      average: {count: 20000, per: hour}
      peak: {count: 60000, per: hour}
    payload: {format: json, records_per_message: 100}
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
      average: {count: 5000, per: hour}
      peak: {count: 60000, per: hour}
    avg_execution_ms: 50
  - id: IF-PRICES
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    volume:
      average: {count: 500, per: hour}
      peak: {count: 28800, per: hour}
    avg_execution_ms: 50
"""
    )

    def check(self, model: Blueprint) -> Iterator[Finding]:
        yield from request_rate_findings(self, model, exceeded=True)
