"""CN014 synchronous-dependency-less-available: A synchronous call does not make its caller depend on a
system that is less available than the caller.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from .._shared import systems
from .._shared.mechanisms import UI_MECHANISMS
from ._calls import availability, caller_and_callee

# Continuity behaviours in which the caller keeps working while the called system is down.
_DEGRADES = frozenset({"manual_fallback", "skip", "queue"})


def _percent(value: float) -> str:
    return f"{value:g}%"


class SynchronousDependencyLessAvailable(Rule):
    code = "CN014"
    judges = ("interface",)
    name = "synchronous-dependency-less-available"
    severity = Severity.WARNING
    tags = ("consistency", "timing", "architecture")
    precision = "medium"
    summary = "A synchronous call does not make its caller depend on a system that is less available than the caller."
    rationale = """
The integration checklist of Microsoft's Dynamics 365 implementation guide asks that each
integration fit the overall architecture, and *Choose the right pattern for your integration
strategy* warns that synchronous patterns couple the systems: the caller waits for the answer, so
it is only up when the system it calls is up, and a customer-facing channel that calls a legacy
system live inherits the legacy system's maintenance windows and its peak-hour slowness. The rule
reads `systems[].availability` (e.g. `99.9%`) and flags a `timing: synchronous` interface whose
caller is run to a higher availability than the system it calls. The caller is the client of
an API that Dataverse or finance and operations serves (`dataverse_web_api`, `fo_odata`…), else
the source, or the target when the receiver fetches (`pattern: pull`, `trigger.type:
receiver_poll`). When an
availability is not stated, it flags the case the checklist names: a `portal` calling an
`on_premises` system live. Left alone: a caller that keeps working without the answer
(`continuity.on_target_outage: manual_fallback`, `skip` or `queue`) and user-interface embeddings.
A warning: the dependency may be accepted on purpose.
"""
    how_to_fix = (
        "Decouple the call (replicate the data the caller needs, or make it asynchronous), state how the caller "
        "degrades when the called system is down (`continuity.on_target_outage: manual_fallback`), or raise the "
        "called system's availability."
    )
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-WEB, kind: portal, hosting: cloud, availability: "99.95%"}
  - {id: SYS-PERMITS, kind: on_premises_lob, hosting: on_premises, availability: "99.5%"}
interfaces:
  - id: IF-PERMIT-LOOKUP
    source: SYS-WEB
    target: SYS-PERMITS
    timing: synchronous
    continuity: {on_target_outage: manual_fallback, dr_notes: The page shows the last nightly copy}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-WEB, kind: portal, hosting: cloud, availability: "99.95%"}
  - {id: SYS-PERMITS, kind: on_premises_lob, hosting: on_premises, availability: "99.5%"}
interfaces:
  - {id: IF-PERMIT-LOOKUP, source: SYS-WEB, target: SYS-PERMITS, timing: synchronous}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            if interface.get_str("timing") != "synchronous" or interface.get_str("integration_type") == "ui":
                continue
            if interface.get_str("mechanism") in UI_MECHANISMS:
                continue
            if interface.get_str("continuity/on_target_outage") in _DEGRADES:
                continue
            caller_end, callee_end = caller_and_callee(model, interface)
            caller = systems.system(model, interface, caller_end)
            callee = systems.system(model, interface, callee_end)
            if caller is None or callee is None or caller is callee:
                continue
            mine, theirs = availability(caller), availability(callee)
            if mine is not None and theirs is not None:
                if theirs < mine:
                    yield Finding.at(
                        interface,
                        "timing",
                        f"{interface.label} makes '{caller.id}' ({_percent(mine)} available) wait synchronously on "
                        f"'{callee.id}' ({_percent(theirs)} available): the caller is down whenever the called system is",
                    )
            elif caller.get_str("kind") == "portal" and callee.get_str("hosting") == "on_premises":
                yield Finding.at(
                    interface,
                    "timing",
                    f"{interface.label} makes portal '{caller.id}' call on-premises '{callee.id}' live: the portal is "
                    "down whenever the on-premises system is; state the availability of both or decouple the call",
                )
