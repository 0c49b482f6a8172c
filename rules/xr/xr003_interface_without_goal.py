"""XR003 interface-without-goal: Every interface traces to at least one declared business goal,
directly or through its process.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from ._common import GOALS_ARTICLE


class InterfaceWithoutGoal(Rule):
    code = "XR003"
    judges = ("interface",)
    # Held back while a file of the workspace did not load: the goal or process may be declared in a file that did not load.
    needs_complete_blueprint = True
    name = "interface-without-goal"
    severity = Severity.ERROR
    tags = ("traceability",)
    precision = "very-high"
    summary = "Every interface traces to at least one declared business goal, directly or through its process."
    rationale = f"""
An interface that serves no stated goal is scope nobody asked for, and it cannot be prioritised or
cut when the budget tightens. Source: {GOALS_ARTICLE}.
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
