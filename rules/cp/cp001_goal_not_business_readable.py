"""CP001 goal-not-business-readable: Every goal has a statement, at least one benefit, a horizon and a
business owner.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from .._shared.text import listing

# (key, how the message names it when it is missing), in the order messages list them.
_PARTS: tuple[tuple[str, str], ...] = (
    ("statement", "statement"),
    ("benefits", "benefits"),
    ("horizon", "horizon (short_term, long_term or both)"),
    ("owner", "business owner"),
)


class GoalNotBusinessReadable(Rule):
    code = "CP001"
    judges = ("goal",)
    name = "goal-not-business-readable"
    severity = Severity.WARNING
    tags = ("completeness", "traceability")
    precision = "very-high"
    summary = "Every goal has a statement, at least one benefit, a horizon and a business owner."
    rationale = """
Microsoft's Dynamics 365 implementation guide (*Align your Dynamics 365 integration with business
goals*) starts an integration project by writing the goals from the business perspective with the
benefits the business expects; the integration checklist asks to record goals and benefits in
terms the business understands (item 1) and to confirm the integration supports both short-term
and long-term goals (item 2). *Overcome integration challenges* lists missing or misaligned
business owners among the first causes of failure. A goal without these cannot be prioritised,
defended or cut.
"""
    how_to_fix = "Add the missing `statement`, `benefits: [...]`, `horizon` and `owner` (a business role, not the integration team)."
    passing_example = """
blueprint_version: 1
goals:
  - id: G-01
    statement: Citizens follow the progress of their request online
    benefits: [fewer status calls]
    horizon: both
    owner: Head of Citizen Services
"""
    failing_example = """
blueprint_version: 1
goals:
  - id: G-01
    statement: Citizens follow the progress of their request online
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for goal in model.goals:
            missing = [words for key, words in _PARTS if not goal.has(key)]
            if not missing:
                continue
            yield Finding.at(goal, "", f"{goal.label} has no {listing(missing)}")
