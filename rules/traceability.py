"""Traceability: interfaces serve goals, goals are served, systems take part."""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Finding, Rule, Severity
from linter.model.blueprint import Blueprint

_GOALS_ARTICLE = (
    "Microsoft's Dynamics 365 implementation guide, *Align your Dynamics 365 integration with business "
    "goals*: write the goals from the business perspective first, then match every cross-system "
    "process requirement to one of them (integration checklist items 1-2)"
)


class InterfaceWithoutGoal(Rule):
    code = "XR003"
    name = "interface-without-goal"
    severity = Severity.ERROR
    tags = ("traceability",)
    precision = "very-high"
    summary = "Every interface traces to at least one declared business goal, directly or through its process."
    rationale = f"""
An interface that serves no stated goal is scope nobody asked for, and it cannot be prioritised or
cut when the budget tightens. Source: {_GOALS_ARTICLE}.
"""
    how_to_fix = "Add `goals: [G-…]` to the interface, or set `process:` to a process whose `goals` cover it."
    passing_example = """
blueprint_version: 1
goals:
  - {id: G-01, statement: Citizens track their cases online}
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE, goals: [G-01]}
"""
    failing_example = """
blueprint_version: 1
goals:
  - {id: G-01, statement: Citizens track their cases online}
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            if any(model.get("goal", goal_id) for goal_id in model.goals_of(interface)):
                continue
            if interface.has("goals") or interface.has("process"):
                message = f"{interface.label} is not traced to any declared business goal (its goals and process name none that exist)"
                path = "goals" if interface.has("goals") else "process"
            else:
                message = f"{interface.label} is not traced to any business goal: it has no goals and no process"
                path = ""
            yield Finding.at(interface, path, message)


class OrphanGoal(Rule):
    code = "XR004"
    name = "orphan-goal"
    severity = Severity.WARNING
    tags = ("traceability",)
    summary = "Every goal is served by at least one interface or process."
    rationale = f"""
A goal that no interface or process serves is either out of date or a gap in the design: the
business expects an outcome that nothing delivers. Source: {_GOALS_ARTICLE}; checklist item 4
(everyone understands the integration's purpose and scope).
"""
    how_to_fix = "Reference the goal from the interfaces or processes that deliver it, or remove the goal if it is no longer pursued."
    passing_example = """
blueprint_version: 1
goals:
  - {id: G-01, statement: Citizens track their cases online}
processes:
  - {id: P-CASE, name: Case intake, goals: [G-01]}
"""
    failing_example = """
blueprint_version: 1
goals:
  - {id: G-01, statement: Citizens track their cases online}
  - {id: G-02, statement: One view of every citizen}
processes:
  - {id: P-CASE, name: Case intake, goals: [G-01]}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for goal in model.goals:
            if not goal.id:
                continue
            if any(ref.source.kind in ("interface", "process") for ref in model.referrers("goal", goal.id)):
                continue
            yield Finding.at(goal, "id", f"{goal.label} is not served by any interface or process")


class UnusedSystem(Rule):
    code = "XR005"
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
            if any(
                ref.source.kind == "interface" and ref.path in ("source", "target")
                for ref in model.referrers("system", system.id)
            ):
                continue
            yield Finding.at(system, "id", f"{system.label} is not the source or target of any interface")
