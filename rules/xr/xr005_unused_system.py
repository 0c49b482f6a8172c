"""XR005 unused-system: Every declared system is the source or target of at least one interface (or is
marked `context_only`).
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity


class UnusedSystem(Rule):
    code = "XR005"
    judges = ("system",)
    # Held back while a file of the workspace did not load: the interface using the system may be in a file that did not load.
    needs_complete_blueprint = True
    name = "unused-system"
    severity = Severity.WARNING
    tags = ("traceability",)
    summary = "Every declared system is the source or target of at least one interface (or is marked `context_only`)."
    rationale = """
The application integration diagram is the blueprint's first level: which systems are integrated
and what they exchange. A system no interface touches is either a missing interface or a stale
entry (Dynamics 365 implementation guide, *Align your Dynamics 365 integration with business
goals*; integration checklist item 3, explain the systems and integration points; *Overcome
integration challenges*, identify every affected application).
"""
    how_to_fix = "Add the interfaces that involve the system, remove it, or mark it `context_only: true` if it is shown for context only."
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-WEB, kind: portal}
  - {id: SYS-CE, kind: d365_customer_engagement}
  - {id: SYS-AD, kind: other, context_only: true}
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-WEB, kind: portal}
  - {id: SYS-CE, kind: d365_customer_engagement}
  - {id: SYS-SP, kind: microsoft_365}
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for system in model.systems:
            if not system.id or system.get_bool("context_only"):
                continue
            if model.has_referrer("system", system.id, "interface", ("source", "target")):
                continue
            yield Finding.at(system, "id", f"{system.label} is not the source or target of any interface")
