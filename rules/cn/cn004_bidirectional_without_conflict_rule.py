"""CN004 bidirectional-without-conflict-rule: A bidirectional interface states how conflicts are
resolved; with field ownership, every mapped field names its owner.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from .._shared.mappings import field_name, mapping_fields
from .._shared.sources import DESIGN_ARTICLE


class BidirectionalWithoutConflictRule(Rule):
    code = "CN004"
    judges = ("interface",)
    name = "bidirectional-without-conflict-rule"
    severity = Severity.WARNING
    tags = ("consistency", "ownership")
    summary = "A bidirectional interface states how conflicts are resolved; with field ownership, every mapped field names its owner."
    rationale = f"""
*Choose the right pattern* in Microsoft's Dynamics 365 implementation guide warns that in a
bidirectional sync conflict resolution is tricky, data is duplicated and some manual fixing is
needed; the design must say which side wins when both change the same record. Source also:
{DESIGN_ARTICLE}. When the rule is `field_ownership`, a field without an owner has no rule at all.
"""
    how_to_fix = (
        "Add `ownership.conflict_resolution` (source_wins, target_wins, last_writer_wins, field_ownership "
        "or manual); with `field_ownership`, set `owner` on every field of the interface's mappings."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CUSTOMERS
    source: SYS-FO
    target: SYS-CE
    direction: bidirectional
    ownership: {system_of_record: SYS-FO, conflict_resolution: last_writer_wins}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CUSTOMERS
    source: SYS-FO
    target: SYS-CE
    direction: bidirectional
    ownership: {system_of_record: SYS-FO}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            patterns = interface.get_str_list("pattern")
            if interface.get_str("direction") == "bidirectional":
                where = "direction"
            elif "bidirectional_sync" in patterns:
                where = "pattern"
            else:
                continue
            rule = interface.get_str("ownership/conflict_resolution")
            if not rule:
                yield Finding.at(
                    interface,
                    where,
                    f"{interface.label} syncs in both directions but states no conflict resolution (ownership.conflict_resolution)",
                )
            elif rule == "field_ownership":
                for mapping, index, field in mapping_fields(model, interface):
                    if not field.get("owner"):
                        name = field_name(field, index)
                        yield Finding.at(
                            mapping,
                            f"fields/{index}",
                            f"field '{name}' of {mapping.label} has no owner, but {interface.label} resolves conflicts by field ownership",
                        )
