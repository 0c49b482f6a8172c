"""CP012 process-without-alm-links: Every cross-system process links its user stories or requirements,
with acceptance criteria.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

_STORY_TYPES = frozenset({"user_story", "requirement"})


class ProcessWithoutAlmLinks(Rule):
    code = "CP012"
    judges = ("process",)
    # Held back while a file of the workspace did not load: ALM links referenced by id may be declared in a file that did not load.
    needs_complete_blueprint = True
    name = "process-without-alm-links"
    severity = Severity.WARNING
    tags = ("completeness", "alm", "process")
    precision = "high"
    summary = "Every cross-system process links its user stories or requirements, with acceptance criteria."
    rationale = """
Microsoft's Dynamics 365 implementation guide, *Align your Dynamics 365 integration with business
goals*, documents each cross-system process with its business requirements and asks that the
blueprint carry links to ALM resources; its process documentation attaches the user stories, each
with its acceptance criteria, to the cross-system process they deliver, because a process spans
several interfaces and is accepted as a whole (a citizen request is "done" when the case exists
*and* the citizen sees its status). The rule asks each process for `alm` links (ids of `alm_links`
entries or inline links) and, among them, a `user_story` or `requirement` that states its
`acceptance_criteria`. Links on the process's interfaces do not count: they document an interface
(CP007), not the process. Links that do not resolve are left to `unresolved-reference`. A warning:
a process still being discovered may not have its stories yet.
"""
    how_to_fix = (
        "Add `alm:` to the process with the ids (or inline entries) of its user stories or requirements, "
        "and give each story its `acceptance_criteria`."
    )
    passing_example = """
blueprint_version: 1
processes:
  - id: P-INTAKE
    name: Citizen request intake
    alm: [US-210]
alm_links:
  - id: US-210
    type: user_story
    ref: "AB#210"
    title: As a citizen I submit a request online
    acceptance_criteria: The case exists in Customer Service within 5 minutes
"""
    failing_example = """
blueprint_version: 1
processes:
  - id: P-INTAKE
    name: Citizen request intake
  - id: P-STATUS
    name: Citizen follows the request
    alm: [US-214]
alm_links:
  - {id: US-214, type: user_story, ref: "AB#214", title: As a citizen I see my request status}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for process in model.processes:
            declared = process.get_list("alm")
            links = [data for _, data in model.alm_links_of(process)]
            if declared and not links:
                continue  # only unresolved ids: unresolved-reference reports them
            if not declared:
                yield Finding.at(
                    process,
                    "alm",
                    f"{process.label} has no ALM links: link the user stories or requirements it delivers, "
                    "with their acceptance criteria",
                )
                continue
            stories = [link for link in links if link.get("type") in _STORY_TYPES]
            if not stories:
                yield Finding.at(process, "alm", f"{process.label} links no user story or requirement")
            elif not any(
                isinstance(s.get("acceptance_criteria"), str) and s["acceptance_criteria"].strip() for s in stories
            ):
                yield Finding.at(
                    process,
                    "alm",
                    f"none of the user stories or requirements linked from {process.label} states its acceptance criteria",
                )
