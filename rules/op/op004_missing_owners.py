"""OP004 missing-owners: Every interface has a business and a technical owner; every system has an owner."""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from ._common import CHALLENGES_ARTICLE, PLATFORM_ARTICLE


class MissingOwners(Rule):
    code = "OP004"
    judges = ("interface", "system")
    name = "missing-owners"
    severity = Severity.WARNING
    tags = ("operability", "governance")
    precision = "very-high"
    summary = "Every interface has a business and a technical owner; every system has an owner."
    rationale = f"""
{CHALLENGES_ARTICLE} names missing application owners and stakeholders for dependent applications,
and misaligned business owners, among the business challenges that derail integration projects;
{PLATFORM_ARTICLE} asks who responds to alerts. Without owners nobody decides on a change, a
failure or a data-quality question.
"""
    how_to_fix = "Add `owners: {business: ..., technical: ...}` to the interface and `owner:` to the system (a person, role or team)."
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-SHOP, kind: saas, owner: E-commerce Manager}
interfaces:
  - id: IF-ORDERS
    source: SYS-SHOP
    target: SYS-FO
    owners: {business: Head of Sales, technical: integration-team@contoso.example}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-SHOP, kind: saas}
interfaces:
  - id: IF-ORDERS
    source: SYS-SHOP
    target: SYS-FO
    owners: {technical: integration-team@contoso.example}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            owners = interface.get("owners")
            if owners is not None and not isinstance(owners, dict):
                continue
            missing = [role for role in ("business", "technical") if not interface.has(f"owners/{role}")]
            if missing:
                yield Finding.at(
                    interface,
                    "owners",
                    f"{interface.label} has no {' and no '.join(missing)} owner",
                )
        for system in model.systems:
            if system.get_bool("context_only"):
                continue
            if not system.has("owner"):
                yield Finding.at(system, "owner", f"{system.label} has no owner")
