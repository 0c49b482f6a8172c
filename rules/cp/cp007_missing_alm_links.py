"""CP007 missing-alm-links: Every interface links a design document, a user story or requirement, and a
test case or test criteria; links are well formed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from ._common import BLUEPRINT_SENTENCE

# An https URL, or a work-item reference such as AB#123 (Azure Boards) or JIRA#42.
_WELL_FORMED_REF = re.compile(r"^(https://\S+|[A-Za-z][A-Za-z0-9_-]{0,19}#\d+)$")

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
    return f"ALM link '{ref}' is neither an https URL nor a work-item reference such as AB#123"


class MissingAlmLinks(Rule):
    code = "CP007"
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
requirement to its test. A link is an https URL or a work-item reference such as `AB#123`.
"""
    how_to_fix = "Add the missing kinds to `alm:` (ids of `alm_links` entries, or inline `{type: …, ref: …}`), and fix malformed references."
    passing_example = """
blueprint_version: 1
alm_links:
  - {id: FDD-07, type: functional_design, ref: "https://dev.azure.com/contoso/wiki/FDD-07"}
  - {id: US-123, type: user_story, ref: "AB#123"}
  - {id: TC-77, type: test_case, ref: "AB#77"}
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
