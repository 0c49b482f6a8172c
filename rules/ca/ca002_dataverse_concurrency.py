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
)


class DataverseConcurrency(CapacityRule):
    code = "CA002"
    # Held back while a file of the workspace did not load: the identity, systems or licences the sum depends on may be in a file that did not load.
    needs_complete_blueprint = True
    name = "dataverse-concurrency"
    severity = Severity.ERROR
    limit_keys = ("dataverse_concurrent_requests", "web_servers")
    summary = "The declared `max_concurrency` of the interfaces sharing an identity stays within Dataverse's 52 concurrent requests."
    rationale = f"""
{SERVICE_PROTECTION} Concurrency is summed over the interfaces sharing an identity, from their
declared `max_concurrency`; more parallel requests than the limit are refused with HTTP 429
whatever the volume.
"""
    how_to_fix = "Lower `max_concurrency`, run the interfaces under separate identities, or set `web_servers` when the environment is known to have more than one."
    passing_example = (
        DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - {id: IF-ORDERS, source: SYS-ERP, target: SYS-CE, mechanism: dataverse_web_api, identity: ID-INT, max_concurrency: 16}
  - {id: IF-PRICES, source: SYS-ERP, target: SYS-CE, mechanism: dataverse_web_api, identity: ID-INT, max_concurrency: 16}
"""
    )
    failing_example = (
        DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - {id: IF-ORDERS, source: SYS-ERP, target: SYS-CE, mechanism: dataverse_web_api, identity: ID-INT, max_concurrency: 32}
  - {id: IF-PRICES, source: SYS-ERP, target: SYS-CE, mechanism: dataverse_web_api, identity: ID-INT, max_concurrency: 24}
"""
    )

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        limit, limit_words = scaled_limit(profile, "dataverse_concurrent_requests", " concurrent requests")
        for identity in self.model(model).identities:
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
                    f"{contributors(identity, 'max_concurrency')}",
                )
