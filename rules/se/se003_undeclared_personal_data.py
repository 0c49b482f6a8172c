"""SE003 undeclared-personal-data: Mapping fields whose names look like personal data (email, phone,
birth date, address, national id, IBAN, salary, health…) are marked `personal_data`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from ._common import PII_ARTICLES, field_label, field_names
from ._pii import personal_data_category


class UndeclaredPersonalData(Rule):
    code = "SE003"
    name = "undeclared-personal-data"
    severity = Severity.WARNING
    tags = ("security", "privacy")
    precision = "medium"
    summary = "Mapping fields whose names look like personal data (email, phone, birth date, address, national id, IBAN, salary, health…) are marked `personal_data`."
    rationale = f"""
Personal data that is not tagged is not protected: it ends up in logs, test copies and regions
where it should not be, and nobody can answer a data-subject request. Sources: {PII_ARTICLES.strip()}.
The rule guesses from the source and target field names, word by word (`emailaddress1`,
`HolderEmail`, `date_of_birth`, `address1_postalcode`; not `adobe_id`, `business_unit`,
`webaddress` or `health_check`). IP addresses count: GDPR recital 30 names them among the online
identifiers. It also reports an interface that declares `personal_data: false` while its mapping
carries fields that are, or look like, personal data.
"""
    how_to_fix = (
        "Mark the field `personal_data: true` (with a `classification`) and the interface `personal_data: true`; "
        "if the field is not about a person (a shared mailbox, a company address), say so with `personal_data: false`."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE, personal_data: true, data_classification: confidential}
mappings:
  - id: MAP-CASES
    interface: IF-CASES
    fields:
      - {source: requestId, target: bps_externalrequestid}
      - {source: citizen.email, target: contact.emailaddress1, personal_data: true, classification: confidential}
      - {source: supportMailbox, target: bps_replyto_email, personal_data: false}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE, data_classification: confidential}
mappings:
  - id: MAP-CASES
    interface: IF-CASES
    fields:
      - {source: requestId, target: bps_externalrequestid}
      - {source: citizen.email, target: contact.emailaddress1}
"""

    # Mappings are judged for their fields; an interface for what its own mappings carry (its direct
    # referrers), so an edit re-judges the interface and its mappings only.
    judges = ("interface", "mapping")

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for mapping in model.mappings:
            for index, label, guessed, flag in _personal_fields(mapping):
                if guessed is not None and flag is None:
                    yield Finding.at(
                        mapping,
                        f"fields/{index}",
                        f"field {label} of {mapping.label} looks like personal data ({guessed}) but is not marked personal_data: true",
                    )
        for interface in model.interfaces:
            if not interface.id or interface.get_bool("personal_data") is not False:
                continue
            if model.get("interface", interface.id) is not interface:
                continue  # a duplicate id: its mappings are the first declaration's (XR002 reports it)
            for mapping in model.mappings_for(interface.id):
                personal = [label for _, label, _, flag in _personal_fields(mapping) if flag is not False]
                if personal:
                    more = f" and {len(personal) - 1} more" if len(personal) > 1 else ""
                    yield Finding.at(
                        interface,
                        "personal_data",
                        f"{interface.label} declares personal_data: false but {mapping.label} carries personal data (field {personal[0]}{more})",
                    )


def _personal_fields(mapping: Entity) -> Iterator[tuple[int, str, str | None, Any]]:
    """(index, label, guessed category, the field's personal_data flag) for each field of the
    mapping that is marked personal or looks personal by its names."""
    for index, field in enumerate(mapping.get_list("fields")):
        if not isinstance(field, dict):
            continue
        flag = field.get("personal_data")
        names = field_names(field)
        guessed = next((c for n in names if (c := personal_data_category(n)) is not None), None)
        if flag is True or guessed is not None:
            yield index, field_label(names, index), guessed, flag
