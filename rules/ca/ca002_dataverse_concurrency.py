"""CA002 dataverse-concurrency: The declared `max_concurrency` of the interfaces sharing an identity
stays within Dataverse's 52 concurrent requests.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Severity

from ._core import format_number, format_percent, percent
from ._rule import (
    DATAVERSE_EXAMPLE_HEAD,
    SERVICE_PROTECTION,
    CapacityRule,
    contributors,
    scaled_limit,
    source_tag,
    window_note,
)


class DataverseConcurrency(CapacityRule):
    code = "CA002"
    # Held back while a file of the workspace did not load: the identity, systems or licences the sum depends on may be in a file that did not load.
    needs_complete_blueprint = True
    name = "dataverse-concurrency"
    severity = Severity.ERROR
    precision = "high"
    limit_keys = ("dataverse_concurrent_requests", "web_servers")
    summary = "The declared `max_concurrency` of the interfaces sharing an identity stays within Dataverse's 52 concurrent requests."
    rationale = f"""
{SERVICE_PROTECTION} Concurrency is summed, from their declared `max_concurrency`, over the
interfaces sharing an identity that can run at the same time: each runs in its daily window
(`volume.peak.window`, else `frequency.window`, as `HH:MM-HH:MM`) and the busiest set of
overlapping windows is added up, so a 02:00-05:00 batch and an 08:00-18:00 API do not add up. An
interface with neither window may run at any time and counts with every other (today's
conservative reading). More parallel requests than the limit are refused with HTTP 429 whatever
the volume. Precision: high; the windows are read in the blueprint's one time zone, and
interfaces without a window are assumed to run at the same time.
"""
    how_to_fix = "Lower `max_concurrency`, run the interfaces under separate identities, or set `web_servers` when the environment is known to have more than one."
    passing_example = (
        DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - id: IF-NIGHTLY
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    max_concurrency: 32
    frequency: {mode: scheduled, interval: P1D, window: "02:00-05:00"}
  - id: IF-DAYTIME
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    max_concurrency: 24
    volume: {peak: {count: 3000, per: hour, window: "08:00-18:00"}}
"""
    )
    failing_example = (
        DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - id: IF-NIGHTLY
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    max_concurrency: 32
    frequency: {mode: scheduled, interval: P1D, window: "02:00-05:00"}
  - id: IF-DAYTIME
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    max_concurrency: 24
    volume: {peak: {count: 3000, per: hour, window: "04:00-18:00"}}
"""
    )

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        limit, limit_words = scaled_limit(profile, "dataverse_concurrent_requests", " concurrent requests")
        for whole in self.model(model).identities:
            identity = whole.coincident("max_concurrency")
            if not identity.known("max_concurrency"):
                continue
            total = identity.total("max_concurrency")
            if total > limit:
                top = identity.top("max_concurrency")
                yield Finding.at(
                    top.interface,
                    "max_concurrency",
                    f"{identity.label} may make {format_number(total)} concurrent requests, above {limit_words} "
                    f"({format_percent(percent(total, limit))}) {source_tag(profile, 'dataverse_concurrent_requests')}"
                    f"{contributors(identity, 'max_concurrency')}{window_note(whole, identity)}",
                )
