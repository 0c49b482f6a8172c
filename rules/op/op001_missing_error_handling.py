"""OP001 missing-error-handling: Every interface declares an error-handling strategy; API calls into
Dataverse, Customer Engagement or finance and operations retry with backoff and honour Retry-After.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from .._shared.dataverse_clients import api_client
from .._shared.mechanisms import is_ui_integration
from ._common import PATTERN_ARTICLE


class MissingErrorHandling(Rule):
    code = "OP001"
    judges = ("interface",)
    name = "missing-error-handling"
    severity = Severity.ERROR
    tags = ("operability",)
    precision = "high"
    summary = "Every interface declares an error-handling strategy; API calls into Dataverse, Customer Engagement or finance and operations retry with backoff and honour Retry-After."
    rationale = f"""
More touchpoints mean more failures; error handling is part of the design, not an afterthought
({PATTERN_ARTICLE}: plan for failure, retry or undo depending on transient or persistent errors;
platform limits and throttling are named among the common causes). Dataverse service protection
limits answer an excess of requests with HTTP 429 and a `Retry-After` interval (Dataverse *Service
protection API limits*), and finance and operations priority-based throttling does the same (*Priority-based
throttling*): a client that retries immediately, without backoff, or ignores `Retry-After`, turns a
short throttle into a failed load. The *Case study in integration strategy* made its batch load
reliable by building in retries. A user-interface embedding (`integration_type: ui`, or a UI
mechanism when no type is stated, such as an embedded Power BI tile) has no message to retry,
park or resubmit: the host page shows the embedded content's own error, so it is not asked for a
strategy (it is still asked for a retry policy if it names an API mechanism into a throttled
target). Precision: high.
"""
    how_to_fix = (
        "Add `error_handling.strategy`; for API calls into Dataverse, Customer Engagement or finance and operations add "
        "`error_handling.retry: {max_attempts: 5, backoff: exponential, honor_retry_after: true}`."
    )
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-SQL, kind: database}
  - {id: SYS-CE, kind: d365_customer_engagement}
interfaces:
  - id: IF-LOAD
    source: SYS-SQL
    target: SYS-CE
    mechanism: dataverse_web_api
    error_handling:
      strategy: retry
      retry: {max_attempts: 6, backoff: exponential, honor_retry_after: true}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-SQL, kind: database}
  - {id: SYS-CE, kind: d365_customer_engagement}
interfaces:
  - id: IF-LOAD
    source: SYS-SQL
    target: SYS-CE
    mechanism: dataverse_web_api
    error_handling:
      strategy: retry
      retry: {max_attempts: 6}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            handling = interface.get("error_handling")
            if handling is not None and not isinstance(handling, dict):
                continue  # wrong type: a schema error already
            if not interface.has("error_handling/strategy") and not is_ui_integration(interface):
                yield Finding.at(
                    interface,
                    "error_handling/strategy",
                    f"{interface.label} does not declare an error-handling strategy (error_handling.strategy)",
                )
            # The interfaces that call a throttled API: the capacity model's definition.
            client = api_client(model, interface)
            if client is None or not client.retries_owned:
                continue
            yield from self._check_retry(interface, client.mechanism_words, client.platform)

    @staticmethod
    def _check_retry(interface: Entity, mechanism: str | None, target: str) -> Iterator[Finding]:
        retry = interface.get("error_handling/retry")
        if retry is None:
            yield Finding.at(
                interface,
                "error_handling/retry",
                f"{interface.label} calls throttled {target} through {mechanism} but has no retry policy (max_attempts, backoff, honor_retry_after: true)",
            )
            return
        if not isinstance(retry, dict):
            return
        missing = []
        if interface.get_number("error_handling/retry/max_attempts") is None:
            missing.append("max_attempts")
        if interface.get_str("error_handling/retry/backoff") in (None, "none"):
            missing.append("a backoff other than none")
        if interface.get_bool("error_handling/retry/honor_retry_after") is not True:
            missing.append("honor_retry_after: true")
        if missing:
            yield Finding.at(
                interface,
                "error_handling/retry",
                f"the retry policy of {interface.label}, which calls throttled {target} through {mechanism}, lacks {' and '.join(missing)}",
            )
