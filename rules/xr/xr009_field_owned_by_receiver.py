"""XR009 field-owned-by-receiver: On a one-way interface, a mapped field is not owned by the system that
receives it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from .._shared.mappings import field_name
from .._shared.sources import DESIGN_ARTICLE

# A transform that resolves the value to a record the target already has: ``lookup(contact.emailaddress1)``.
_LOOKUP = re.compile(r"\b(?:lookup|match|resolve)", re.IGNORECASE)


def _key_names(mapping: Entity) -> set[str]:
    return {name for name in mapping.get_str_list("integration_key") if name}


class FieldOwnedByReceiver(Rule):
    code = "XR009"
    judges = ("mapping",)
    name = "field-owned-by-receiver"
    severity = Severity.WARNING
    tags = ("cross-reference", "mapping", "ownership")
    precision = "high"
    summary = "On a one-way interface, a mapped field is not owned by the system that receives it."
    rationale = f"""
{DESIGN_ARTICLE}. A field's `owner` is the system that masters the value; a one-way interface
carries values from its source into its target and never back. A field the interface sends to its
target while naming the target as the field's owner contradicts the flow: either the owner is
wrong, or the target's own value is overwritten by a copy of itself (a loop the target cannot win),
or the interface is really bidirectional and needs a conflict rule (CN004). `mapping-coverage`
(XR006) accepts the target as an owner because a bidirectional interface may split ownership; this
rule adds the direction. Left alone, as a good design writes them: fields in the mapping's
`integration_key` (a key the target assigned and the source keeps to match records, as a customer
account number), and fields without a `source` (a value the target fills itself, listed to say it
is not overwritten), fields whose `transform` is a lookup (`lookup(contact.emailaddress1)`: the
value finds a record the target owns rather than overwriting it), and fields marked `create_only:
true` (an initial value written when the interface creates the record, mastered by the owner
afterwards). A warning: the owner may be declared for documentation only.
"""
    how_to_fix = (
        "Correct the field's `owner` to the system the value comes from, remove the field from the mapping if "
        "the target masters it, mark an initial value `create_only: true`, or make the interface `direction: bidirectional` with a conflict rule."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - {id: IF-CUSTOMERS, source: SYS-CE, target: SYS-FO, direction: one_way}
mappings:
  - id: MAP-CUSTOMERS
    interface: IF-CUSTOMERS
    integration_key: [CustomerAccount]
    fields:
      - {source: accountnumber, target: CustomerAccount, owner: SYS-FO}
      - {source: name, target: OrganizationName, owner: SYS-CE}
      - {source: primarycontactid, target: ContactPersonId, transform: "lookup(ContactPerson)", owner: SYS-FO}
      - {source: address1_line1, target: AddressStreet, owner: SYS-FO, create_only: true}
      - {target: CreditLimit, owner: SYS-FO, notes: Mastered in finance; never sent}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - {id: IF-CUSTOMERS, source: SYS-CE, target: SYS-FO, direction: one_way}
mappings:
  - id: MAP-CUSTOMERS
    interface: IF-CUSTOMERS
    integration_key: [accountnumber]
    fields:
      - {source: creditlimit, target: CreditLimit, owner: SYS-FO}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for mapping in model.mappings:
            interface_id = mapping.get_str("interface")
            interface = model.get("interface", interface_id) if interface_id else None
            if interface is None or interface.get_str("direction") != "one_way":
                continue
            target = interface.get_str("target")
            if not target or target == interface.get_str("source"):
                continue
            keys: set[str] | None = None
            for index, field in enumerate(mapping.get_list("fields")):
                if not isinstance(field, dict) or field.get("owner") != target:
                    continue
                source_name = field.get("source")
                if not isinstance(source_name, str) or not source_name.strip():
                    continue  # filled by the target itself: nothing flows
                transform = field.get("transform")
                if field.get("create_only") is True or (isinstance(transform, str) and _LOOKUP.search(transform)):
                    continue  # an initial value, or a reference to a record the target owns
                if keys is None:
                    keys = _key_names(mapping)
                if source_name in keys or field.get("target") in keys:
                    continue
                yield Finding.at(
                    mapping,
                    f"fields/{index}/owner",
                    f"field '{field_name(field, index)}' of {mapping.label} is owned by '{target}', the system that "
                    f"receives it on one-way {interface.label}: the value would flow into its own owner",
                )
