"""CN008 unneeded-data: Mappings name the fields they move: no `*` wildcards, and every source field has a target."""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity


def _is_wildcard(value: object) -> bool:
    return isinstance(value, str) and "*" in value


class UnneededData(Rule):
    code = "CN008"
    judges = ("mapping",)
    name = "unneeded-data"
    severity = Severity.INFO
    tags = ("consistency", "mapping", "privacy")
    precision = "medium"
    summary = "Mappings name the fields they move: no `*` wildcards, and every source field has a target."
    rationale = """
The integration checklist of Microsoft's Dynamics 365 implementation guide (*Choose a design*,
item 11) says not to send or store data the solution does not need, and the finance and
operations data-management guidance adds not to store personal data unless it is needed. A
wildcard field (`*`, `contact.*`) moves whatever the source happens to hold today and tomorrow,
including columns nobody reviewed for privacy or volume; a source field with no target is read,
transferred and thrown away.
"""
    how_to_fix = "List the fields the target needs instead of a wildcard, and drop fields that have no target (or give them one)."
    passing_example = """
blueprint_version: 1
mappings:
  - id: MAP-CASES
    interface: IF-CASES
    fields:
      - {source: requestId, target: bps_externalid}
      - {source: subject, target: title}
"""
    failing_example = """
blueprint_version: 1
mappings:
  - id: MAP-CASES
    interface: IF-CASES
    fields:
      - {source: "contact.*", target: "contact.*"}
      - {source: internalNotes}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for mapping in model.mappings:
            for index, field in enumerate(mapping.get_list("fields")):
                if not isinstance(field, dict):
                    continue
                source, target = field.get("source"), field.get("target")
                if _is_wildcard(source) or _is_wildcard(target):
                    wildcard = source if _is_wildcard(source) else target
                    side = "source" if _is_wildcard(source) else "target"
                    yield Finding.at(
                        mapping,
                        f"fields/{index}/{side}",
                        f"{mapping.label} maps the wildcard '{wildcard}' instead of naming the fields it needs",
                    )
                elif isinstance(source, str) and source and not target:
                    yield Finding.at(
                        mapping,
                        f"fields/{index}",
                        f"field '{source}' of {mapping.label} has no target, so it is transferred but not used",
                    )
