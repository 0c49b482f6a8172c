"""CP007 missing-alm-links: Every interface links a design document, a user story or requirement, and a
test case or test criteria; links are well formed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from ._common import BLUEPRINT_SENTENCE

# The reference forms ALM tools use, each a pattern of the whole reference.
_FORMS: tuple[tuple[str, str], ...] = (
    ("an https URL (a wiki page, `https://dev.azure.com/org/project/_workitems/edit/123`)", r"https://\S+"),
    ("an Azure Boards mention such as `AB#123`", r"[A-Za-z][A-Za-z0-9_-]{0,19}#\d+"),
    ("a Jira-style issue key such as `PROJ-123`", r"[A-Z][A-Z0-9_]{0,19}-\d+"),
    ("a GitHub issue reference such as `contoso/integrations#42`", r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+#\d+"),
    ("an Azure DevOps work-item URI such as `vstfs:///WorkItemTracking/WorkItem/123`", r"vstfs:///\S+"),
)
_WELL_FORMED_REF = re.compile("^(?:" + "|".join(pattern for _, pattern in _FORMS) + ")$")
ACCEPTED_FORMS = "; ".join(words for words, _ in _FORMS)

_CATEGORIES: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"functional_design", "technical_design"}), "a design document (functional or technical design)"),
    (frozenset({"user_story", "requirement"}), "a user story or requirement"),
    (frozenset({"test_case", "test_criteria"}), "a test case or test criteria"),
)


def _malformed(ref: Any) -> str | None:
    if not isinstance(ref, str):
        return None  # the schema reports a wrong type
    if _WELL_FORMED_REF.match(ref):
        return None
    if ref.startswith("http://"):
        return f"ALM link '{ref}' uses http; use an https URL"
    return f"ALM link '{ref}' is neither an https URL nor a tracker reference (AB#123, PROJ-123, owner/repo#42, vstfs:///…)"


class MissingAlmLinks(Rule):
    code = "CP007"
    judges = ("alm_link", "interface")
    # Held back while a file of the workspace did not load: ALM links referenced by id may be declared in a file that did not load.
    needs_complete_blueprint = True
    name = "missing-alm-links"
    severity = Severity.WARNING
    tags = ("completeness", "traceability")
    summary = "Every interface links a design document, a user story or requirement, and a test case or test criteria; links are well formed."
    rationale = f"""
{BLUEPRINT_SENTENCE}. The third blueprint level defines user stories and the system-to-system mapping
in functional or technical design documents, and agrees test criteria. The ALM article asks that
tools link work items, requirements and test cases so the chain can be followed from a business
requirement to its test. A link is a reference an ALM tool resolves; the accepted forms are
{ACCEPTED_FORMS}. Plain `http` URLs are reported (use https), and so is prose ("see Teams chat"),
which no tool can follow.
"""
    how_to_fix = "Add the missing kinds to `alm:` (ids of `alm_links` entries, or inline `{type: …, ref: …}`), and fix malformed references."
    passing_example = """
blueprint_version: 1
alm_links:
  - {id: FDD-07, type: functional_design, ref: "https://dev.azure.com/contoso/wiki/FDD-07"}
  - {id: US-123, type: user_story, ref: "AB#123"}
  - {id: TC-77, type: test_case, ref: "QA-77"}
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE, alm: [FDD-07, US-123, TC-77]}
"""
    failing_example = """
blueprint_version: 1
alm_links:
  - {id: US-123, type: user_story, ref: "see Teams chat"}
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE, alm: [US-123]}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for link in model.alm_links:
            problem = _malformed(link.get("ref"))
            if problem:
                yield Finding.at(link, "ref", f"{problem} ({link.label})")
        for interface in model.interfaces:
            yield from self._check_interface(model, interface)

    def _check_interface(self, model: Blueprint, interface: Entity) -> Iterator[Finding]:
        links = model.alm_links_of(interface)
        for path, data in links:
            if path and isinstance(interface.get(path), dict):  # inline link: check it here
                problem = _malformed(data.get("ref"))
                if problem:
                    yield Finding.at(interface, f"{path}/ref", f"{problem} ({interface.label})")
        # A link whose type is not a string (a schema error, reported as SC001) counts as untyped.
        types = {kind for _, data in links if isinstance(kind := data.get("type"), str)}
        if not interface.has("alm"):
            yield Finding.at(
                interface,
                "alm",
                f"{interface.label} has no ALM links (design document, user story or requirement, test case)",
            )
            return
        for accepted, words in _CATEGORIES:
            if not types & accepted:
                yield Finding.at(interface, "alm", f"{interface.label} has no link to {words}")
