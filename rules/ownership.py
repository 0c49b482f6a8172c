"""Data ownership: who is the system of record, and who wins when both sides change a record."""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Finding, Rule, Severity
from linter.model.blueprint import Blueprint, Entity

_DESIGN_ARTICLE = (
    "Microsoft's Dynamics 365 implementation guide, *Choose the right design for your Dynamics 365 "
    "apps integration*: identify the system of record (owner) for each piece of data; ownership may "
    "be split by field, for example Sales owns name and contact data while Finance owns the credit "
    "limit and payment terms"
)


def _mapping_fields(model: Blueprint, interface: Entity) -> list[tuple[Entity, int, dict[str, object]]]:
    """(mapping, index, field) for every field of every mapping of ``interface``."""
    found = []
    for mapping in model.mappings_for(interface.id) if interface.id else []:
        for index, field in enumerate(mapping.get_list("fields")):
            if isinstance(field, dict):
                found.append((mapping, index, field))
    return found


class MissingSystemOfRecord(Rule):
    code = "CP009"
    name = "missing-system-of-record"
    severity = Severity.WARNING
    tags = ("completeness", "ownership")
    summary = "Every data interface names its system of record, or every field of its mappings names an owner."
    rationale = f"""
Two systems holding copies of the same data disagree sooner or later; the design decides in
advance which one is right. Source: {_DESIGN_ARTICLE}. *Choose the right pattern* adds that a
one-way sync needs a clear record keeper.
"""
    how_to_fix = "Add `ownership: {system_of_record: SYS-…}` to the interface, or give every mapped field an `owner`."
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-ACCOUNTS
    source: SYS-FO
    target: SYS-CE
    integration_type: data
    ownership: {system_of_record: SYS-FO}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - {id: IF-ACCOUNTS, source: SYS-FO, target: SYS-CE, integration_type: data}
mappings:
  - id: MAP-ACCOUNTS
    interface: IF-ACCOUNTS
    fields:
      - {source: AccountNumber, target: accountnumber, owner: SYS-FO}
      - {source: CreditLimit, target: creditlimit}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            if interface.get_str("integration_type") != "data" or interface.has("ownership/system_of_record"):
                continue
            fields = _mapping_fields(model, interface)
            if fields and all(field.get("owner") for _, _, field in fields):
                continue
            unowned = sum(1 for _, _, field in fields if not field.get("owner"))
            detail = f" and {unowned} of its {len(fields)} mapped fields have no owner" if fields else ""
            path = "ownership" if interface.get_dict("ownership") is not None else ""
            yield Finding.at(interface, path, f"{interface.label} exchanges data but names no system of record{detail}")


class BidirectionalWithoutConflictRule(Rule):
    code = "CN004"
    name = "bidirectional-without-conflict-rule"
    severity = Severity.WARNING
    tags = ("consistency", "ownership")
    summary = "A bidirectional interface states how conflicts are resolved; with field ownership, every mapped field names its owner."
    rationale = f"""
*Choose the right pattern* in Microsoft's Dynamics 365 implementation guide warns that in a
bidirectional sync conflict resolution is tricky, data is duplicated and some manual fixing is
needed; the design must say which side wins when both change the same record. Source also:
{_DESIGN_ARTICLE}. When the rule is `field_ownership`, a field without an owner has no rule at all.
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
                for mapping, index, field in _mapping_fields(model, interface):
                    if not field.get("owner"):
                        name = field.get("target") or field.get("source") or f"#{index + 1}"
                        yield Finding.at(
                            mapping,
                            f"fields/{index}",
                            f"field '{name}' of {mapping.label} has no owner, but {interface.label} resolves conflicts by field ownership",
                        )
