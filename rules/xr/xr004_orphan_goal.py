"""XR004 orphan-goal: Every goal is served by at least one interface or process."""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from ._common import GOALS_ARTICLE


class OrphanGoal(Rule):
    code = "XR004"
    judges = ("goal",)
    # Held back while a file of the workspace did not load: the interface serving the goal may be in a file that did not load.
    needs_complete_blueprint = True
    name = "orphan-goal"
    severity = Severity.WARNING
    tags = ("traceability",)
    summary = "Every goal is served by at least one interface or process."
    rationale = f"""
A goal that no interface or process serves is either out of date or a gap in the design: the
business expects an outcome that nothing delivers. Source: {GOALS_ARTICLE}; checklist item 4
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
            if model.has_referrer("goal", goal.id, "interface") or model.has_referrer("goal", goal.id, "process"):
                continue
            yield Finding.at(goal, "id", f"{goal.label} is not served by any interface or process")
