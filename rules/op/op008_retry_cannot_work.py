"""OP008 retry-cannot-work: An interface that calls the throttled Dataverse or finance and operations
API allows at least one retry (`max_attempts` of 2 or more).
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from .._shared.dataverse_clients import api_client
from ._common import PATTERN_ARTICLE


class RetryCannotWork(Rule):
    code = "OP008"
    judges = ("interface",)
    name = "retry-cannot-work"
    severity = Severity.WARNING
    tags = ("operability",)
    precision = "high"
    summary = "An interface that calls the throttled Dataverse or finance and operations API allows at least one retry (`max_attempts` of 2 or more)."
    rationale = f"""
Dataverse service protection limits answer an excess of requests with HTTP 429 and a `Retry-After`
interval, and expect the client to wait and try again (Dataverse *Service protection API limits*:
the developer is responsible for managing the retry); finance and operations priority-based
throttling does the same (*Priority-based throttling*). {PATTERN_ARTICLE} names platform limits
and throttling among the common causes of integration errors and asks for retries on transient
errors. `max_attempts` counts attempts, the first included: `0` or `1` means the first throttled
call fails the message or the load, however well the backoff and `Retry-After` are declared. The
rule applies to exactly the interfaces the capacity model counts as API clients (the definition
OP001 shares); dual-write, whose retries the platform runs, is left out. An interface whose
strategy is `user_feedback` (a person is told and tries again) is left out too: a user-facing call
cannot wait minutes for `Retry-After`. OP001 reports a missing retry policy; this rule reports
one that never retries. A warning: the design may rely on a retry this field does not describe.
"""
    how_to_fix = "Set `error_handling.retry.max_attempts` to 2 or more (5 is common) with exponential backoff and `honor_retry_after: true`, or, for a call a person makes, use `strategy: user_feedback`."
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
      strategy: dead_letter
      retry: {max_attempts: 0, backoff: exponential, honor_retry_after: true}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            attempts = interface.get_number("error_handling/retry/max_attempts")
            if attempts is None or attempts >= 2:
                continue
            if interface.get_str("error_handling/strategy") == "user_feedback":
                continue
            client = api_client(model, interface)
            if client is None or not client.retries_owned:
                continue
            retries = "no attempt at all" if attempts < 1 else "a single attempt and no retry"
            yield Finding.at(
                interface,
                "error_handling/retry/max_attempts",
                f"{interface.label} calls throttled {client.platform} through {client.mechanism_words} but its retry "
                f"policy allows {retries} (max_attempts {attempts:g}): the first HTTP 429 fails it",
            )
