"""CP009 missing-system-of-record: Every data interface names its system of record, or every field of
its mappings names an owner.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from .._shared.mappings import mapping_fields
from .._shared.sources import DESIGN_ARTICLE


class MissingSystemOfRecord(Rule):
    code = "CP009"
    judges = ("interface",)
    # Held back while a file of the workspace did not load: the mapping naming field owners may be in a file that did not load.
    needs_complete_blueprint = True
    name = "missing-system-of-record"
    severity = Severity.WARNING
    tags = ("completeness", "ownership")
    summary = "Every data interface names its system of record, or every field of its mappings names an owner."
    rationale = f"""
Two systems holding copies of the same data disagree sooner or later; the design decides in
advance which one is right. Source: {DESIGN_ARTICLE}. *Choose the right pattern* adds that a
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
            fields = mapping_fields(model, interface)
            if fields and all(field.get("owner") for _, _, field in fields):
                continue
            unowned = sum(1 for _, _, field in fields if not field.get("owner"))
            detail = f" and {unowned} of its {len(fields)} mapped fields have no owner" if fields else ""
            path = "ownership" if interface.get_dict("ownership") is not None else ""
            yield Finding.at(interface, path, f"{interface.label} exchanges data but names no system of record{detail}")
