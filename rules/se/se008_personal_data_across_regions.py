"""SE008 personal-data-across-regions: An interface that carries personal data between systems in
different regions states the regulations that apply.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from .._shared import systems
from ._common import PII_ARTICLES


def _region(model: Blueprint, interface: Entity, end: str) -> str | None:
    found = systems.system(model, interface, end)
    region = found.get_str("region") if found is not None else None
    return " ".join(region.split()).casefold() if region and region.strip() else None


def _carries_personal_data(model: Blueprint, interface: Entity) -> bool:
    declared = interface.get_bool("personal_data")
    if declared is not None:
        return declared
    return any(
        isinstance(field, dict) and field.get("personal_data") is True
        for mapping in (model.mappings_for(interface.id) if interface.id else [])
        for field in mapping.get_list("fields")
    )


class PersonalDataAcrossRegions(Rule):
    code = "SE008"
    judges = ("interface",)
    name = "personal-data-across-regions"
    severity = Severity.WARNING
    tags = ("security", "privacy")
    precision = "medium"
    summary = "An interface that carries personal data between systems in different regions states the regulations that apply."
    rationale = f"""
{PII_ARTICLES.strip()}. Personal data that leaves the region it is stored in is a transfer that
privacy law governs (GDPR chapter V, national data-residency rules): the design has to say which
rules apply so that the transfer is reviewed. The rule compares the `region` of the interface's
source and target systems (case and spacing ignored) when both are stated, and asks an interface
that carries personal data (`personal_data: true`, or, when the interface does not say, a mapped
field marked `personal_data: true`) between two regions for its `regulations`. A heuristic, hence a
warning: two region names can denote the same jurisdiction (`West Europe` and `Netherlands`);
stating the regulation answers it either way.
"""
    how_to_fix = (
        "List the regulations that govern the transfer in `regulations` (e.g. `[GDPR]`, with the transfer "
        "mechanism in `notes`), or correct a system's `region`."
    )
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-CE, kind: d365_customer_engagement, region: West Europe}
  - {id: SYS-PAYROLL, kind: saas, region: East US}
interfaces:
  - {id: IF-EMPLOYEES, source: SYS-CE, target: SYS-PAYROLL, personal_data: true, regulations: [GDPR]}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-CE, kind: d365_customer_engagement, region: West Europe}
  - {id: SYS-PAYROLL, kind: saas, region: East US}
interfaces:
  - {id: IF-EMPLOYEES, source: SYS-CE, target: SYS-PAYROLL, personal_data: true}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            if interface.has("regulations"):
                continue
            source, target = _region(model, interface, "source"), _region(model, interface, "target")
            if source is None or target is None or source == target:
                continue
            if not _carries_personal_data(model, interface):
                continue
            regions = [
                (systems.system(model, interface, end) or interface).get_str("region") or ""
                for end in ("source", "target")
            ]
            yield Finding.at(
                interface,
                "regulations",
                f"{interface.label} carries personal data from region '{regions[0]}' to '{regions[1]}' "
                "but states no regulations that govern the transfer",
            )
