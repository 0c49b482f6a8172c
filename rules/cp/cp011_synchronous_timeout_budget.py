"""CP011 synchronous-timeout-budget: Every synchronous interface states the caller's timeout budget, no
shorter than the call is expected to take.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from .._shared.mechanisms import UI_MECHANISMS
from .._shared.units import describe_seconds, duration_seconds

# Synchronous by design with a timeout the product fixes, not the design (CA007 checks it).
_PRODUCT_TIMEOUT = frozenset({"dual_write"})


class SynchronousTimeoutBudget(Rule):
    code = "CP011"
    judges = ("interface",)
    name = "synchronous-timeout-budget"
    severity = Severity.WARNING
    tags = ("completeness", "timing")
    precision = "high"
    summary = (
        "Every synchronous interface states the caller's timeout budget, no shorter than the call is expected to take."
    )
    rationale = """
The integration checklist of Microsoft's Dynamics 365 implementation guide asks that the design
fit the overall architecture, and *Choose the right pattern for your integration strategy* keeps
synchronous patterns for cases where the caller truly waits: the caller blocks a user or a
process until the answer comes, so how long it waits before it gives up and takes its failure path
is a design decision, bounded by the channel (a Logic Apps or Power Automate synchronous HTTP
request times out after 120 seconds, a Dataverse operation after 2 minutes) and by what the user
will bear. Without a stated `timeout` every hop picks its own default and a slow dependency ties
up the caller's threads; a timeout shorter than the `expected_duration` fails the call on an
ordinary day. Asked of `timing: synchronous` interfaces; user-interface embeddings and dual-write
(whose 2-minute transaction limit the product fixes, see CA007) are left alone.
"""
    how_to_fix = (
        "Add `timeout:` (an ISO-8601 duration such as PT10S) with what the caller does when it expires in "
        "`error_handling`; make it at least the `expected_duration`, or make the call asynchronous."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-ORDER-LOOKUP
    source: SYS-CE
    target: SYS-ERP
    timing: synchronous
    expected_duration: PT2S
    timeout: PT10S
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - {id: IF-ORDER-LOOKUP, source: SYS-CE, target: SYS-ERP, timing: synchronous}
  - id: IF-CREDIT-CHECK
    source: SYS-CE
    target: SYS-FO
    timing: synchronous
    expected_duration: PT30S
    timeout: PT5S
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            if interface.get_str("timing") != "synchronous" or interface.get_str("integration_type") == "ui":
                continue
            mechanism = interface.get_str("mechanism")
            if mechanism in UI_MECHANISMS or mechanism in _PRODUCT_TIMEOUT:
                continue
            if not interface.has("timeout"):
                yield Finding.at(
                    interface,
                    "timeout",
                    f"{interface.label} is synchronous but states no timeout budget for its caller",
                )
                continue
            timeout = duration_seconds(interface.get("timeout"))
            expected = duration_seconds(interface.get("expected_duration"))
            if timeout is not None and expected is not None and timeout < expected:
                yield Finding.at(
                    interface,
                    "timeout",
                    f"{interface.label} times out after {describe_seconds(timeout)}, before the "
                    f"{describe_seconds(expected)} the call is expected to take",
                )
