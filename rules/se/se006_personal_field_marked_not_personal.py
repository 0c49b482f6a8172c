"""SE006 personal-field-marked-not-personal: A mapped field whose name is unambiguously personal (a
national id, a birth date, a person's e-mail address or phone number) is not marked `personal_data: false`.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from ._common import PII_ARTICLES, field_label, field_names
from ._pii import unambiguous_personal_category


class PersonalFieldMarkedNotPersonal(Rule):
    code = "SE006"
    judges = ("mapping",)
    name = "personal-field-marked-not-personal"
    severity = Severity.WARNING
    tags = ("security", "privacy")
    precision = "high"
    summary = "A mapped field whose name is unambiguously personal (a national id, a birth date, a person's e-mail address or phone number) is not marked `personal_data: false`."
    rationale = f"""
`personal_data: false` is the team's judgement that a field is not about a person, and SE003 then
stays silent. For most names that judgement belongs to the team (a `support_email` may be a shared
mailbox, an `address1_line1` a company's), but some names leave no room for it: a national id, a
passport number, a date of birth or a gender is always about a person, and so is an e-mail address,
phone number, address or name the field name itself ties to a person (`citizen.email`,
`contact.mobilephone`, `employee_phone`, `home_address`, `first_name`). Marked not personal, such a
field escapes the classification, logging and residency checks that protect it. Sources:
{PII_ARTICLES.strip()}. A name with a word that points at a team or a function (`support`,
`shared`, `noreply`, `mailbox`, `service`…) is never reported.
"""
    how_to_fix = (
        "Mark the field `personal_data: true` with a `classification`, and the interface `personal_data: true`. "
        "If the value really is not about a person (synthetic test data, a pseudonym the target cannot resolve), "
        "say so in the field's `notes` and suppress SE006 on that line with the reason."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE, personal_data: true, data_classification: confidential}
mappings:
  - id: MAP-CASES
    interface: IF-CASES
    fields:
      - {source: citizen.email, target: contact.emailaddress1, personal_data: true, classification: confidential}
      - {source: supportMailbox, target: bps_replyto_email, personal_data: false}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE, personal_data: true, data_classification: confidential}
mappings:
  - id: MAP-CASES
    interface: IF-CASES
    fields:
      - {source: citizen.email, target: contact.emailaddress1, personal_data: false}
      - {source: citizen.birthDate, target: contact.birthdate, personal_data: false}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for mapping in model.mappings:
            for index, field in enumerate(mapping.get_list("fields")):
                if not isinstance(field, dict) or field.get("personal_data") is not False:
                    continue
                names = field_names(field)
                found = next(
                    ((n, c) for n in names if (c := unambiguous_personal_category(n)) is not None),
                    None,
                )
                if found is None:
                    continue
                yield Finding.at(
                    mapping,
                    f"fields/{index}/personal_data",
                    f"field {field_label(names, index)} of {mapping.label} is marked personal_data: false, "
                    f"but '{found[0]}' is a person's {found[1]}",
                )
