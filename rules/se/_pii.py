"""Guessing personal data from field names (``emailaddress1``, ``HolderEmail``, ``date_of_birth``).

A name is split into lower-case words at separators (``.``, ``_``, ``-``, spaces), at camelCase
boundaries and at digits, and the words are also joined back into one compact string so the
concatenated names Dataverse uses (``emailaddress1``, ``mobilephone``, ``birthdate``) still match.

* Distinctive stems match anywhere in the compact string: ``email``, ``phone``, ``birth``,
  ``passport``, ``salary``… (``telephone1``, ``holder_email``, ``dateofbirth``).
* Short or ambiguous stems match whole words only: ``dob``, ``ssn``, ``nin``, ``bsn``, ``pan``,
  ``income`` (so ``adobe``, ``business`` and ``company`` do not match); ``zip`` only as the last word
  (``billing_zip``, not ``zip_file``).
* ``mobile``, ``fax`` and ``wage`` must start a word (``mobilephone`` yes, ``automobile`` no).
* ``address`` matches personal addresses (``address1_line1``, ``home_address``, ``emailaddress1``) and,
  deliberately, IP addresses (``ipaddress``): GDPR recital 30 counts IP addresses among the online
  identifiers that make a person identifiable. It does not match technical addresses: ``web``,
  ``server``, ``host``, ``endpoint``, ``service``, ``queue``, ``gateway``, ``url`` and ``reply``
  addresses.
* ``address`` does not match the address of a place a company runs (``warehouse_address``,
  ``SiteAddress``, ``office_address``, ``legal_entity_address``): any word of the name naming such a
  place or organisation (``_ORGANISATION_WORDS``) rules the address category out.
* ``email`` does not match things about e-mail that are not an address (``email_template_id``,
  ``email_subject``, ``emailstatus``), nor ``phone`` a phone-call activity (``phonecallid``).
* A person's name: ``first_name``, ``LastName``, ``surname``, ``fullname``…, and the name of a
  delivery or invoice contact (``ShipToName``, ``BillToName``, ``DeliveryName``, ``contact_name``).
* ``health`` does not match ``healthcheck`` / ``health_probe`` / ``health_endpoint``.

A field the team has judged is marked ``personal_data: true`` or ``personal_data: false``; SE003
only reports fields that say neither. Some names leave no room for that judgement
(:func:`unambiguous_personal_category`): a national id, a passport number or a birth date is always
about a person, and so is an e-mail address, phone number, address or name the name itself ties to
a person (``citizen.email``, ``contact.mobilephone``, ``home_address``); SE006 reports those when
they are marked ``personal_data: false``.
"""

from __future__ import annotations

import re
from functools import lru_cache

# (category shown in messages, pattern over the compact lower-case name: words joined without separators)
_STEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "email address",
        re.compile(
            r"email(?!template|subject|body|message|campaign|status|type|count|enabled|sent|notification"
            r"|activit|setting|config|server|domain|queue|router|signature|attachment|tracking|format)"
        ),
    ),
    ("phone number", re.compile(r"phone(?!call)")),
    ("date of birth", re.compile(r"birth")),
    (
        "address",
        re.compile(
            r"(?<!web)(?<!server)(?<!host)(?<!endpoint)(?<!service)(?<!queue)(?<!gateway)(?<!url)(?<!reply)"
            r"(?<!warehouse)(?<!site)(?<!office)(?<!company)(?<!business)(?<!store)(?<!branch)(?<!plant)"
            r"(?<!depot)(?<!facility)(?<!factory)address"
        ),
    ),
    ("postal code", re.compile(r"postal|postcode|zipcode")),
    ("passport number", re.compile(r"passport")),
    ("national id", re.compile(r"nationalid|nationalidentity|nationalinsurance|governmentid|socialsecurity")),
    ("tax id", re.compile(r"taxpayerid|personaltaxid|taxidentificationnumber")),
    ("driving licence", re.compile(r"(?:driver|drivers|driving)licen[cs]e")),
    ("bank account", re.compile(r"iban|bankaccount|sortcode")),
    ("payment card", re.compile(r"creditcard|cardnumber")),
    ("salary", re.compile(r"salary|annualincome")),
    ("health data", re.compile(r"health(?!check|probe|endpoint|state)|medical|diagnos|disabilit")),
    ("special category data", re.compile(r"ethnic|religio|sexualorientation|tradeunion|biometric")),
    ("gender", re.compile(r"gender")),
    (
        "person name",
        re.compile(
            r"firstname|lastname|surname|fullname|givenname|familyname|middlename|maidenname"
            r"|(?:shipto|billto|soldto|deliverto|invoiceto|delivery|contact|recipient|addressee|attention|holder)name"
        ),
    ),
)
# Words naming a place a company runs, or an organisation: its address is not personal data.
_ORGANISATION_WORDS = frozenset(
    {
        "warehouse", "site", "store", "shop", "office", "company", "business", "branch", "plant", "depot",
        "facility", "factory", "legal", "entity", "organisation", "organization", "headquarters", "hq",
    }
)  # fmt: skip
# Categories that are about a person whatever the context…
_INTRINSIC = frozenset(
    {"date of birth", "national id", "passport number", "driving licence", "gender", "special category data"}
)
# …the compact names of a person's own name…
_OWN_NAME = re.compile(r"firstname|lastname|surname|givenname|familyname|middlename|maidenname")
# …and words that tie an e-mail address, phone number, address or name to a person.
_PERSON_WORDS = frozenset(
    {
        "contact", "person", "personal", "citizen", "employee", "worker", "patient", "applicant", "candidate",
        "student", "member", "holder", "resident", "guardian", "private", "home", "individual",
    }
)  # fmt: skip
# Words that say the value belongs to a team or a function, not a person.
_SHARED_WORDS = frozenset(
    {
        "support", "shared", "noreply", "info", "company", "business", "office", "team", "department",
        "mailbox", "generic", "service", "general", "helpdesk", "group", "replyto", "reply", "sender",
    }
)  # fmt: skip
_CONTEXTUAL = frozenset({"email address", "phone number", "address", "person name"})
# Short or ambiguous stems that match only a whole word (``dob``, not ``adobe``)…
_WORDS: dict[str, str] = {
    "dob": "date of birth",
    "ssn": "national id",
    "nin": "national id",
    "bsn": "national id",
    "pan": "payment card",
    "income": "salary",
}
# …or the start of a word (``mobilephone``, not ``automobile``).
_WORD_STARTS: dict[str, str] = {
    "mobile": "phone number",
    "fax": "phone number",
    "wage": "salary",
}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPLIT = re.compile(r"[^A-Za-z]+")


def words(name: str) -> list[str]:
    """``contact.emailAddress1`` → ``['contact', 'email', 'address']``."""
    found: list[str] = []
    for part in _SPLIT.split(name):
        found.extend(w.lower() for w in _CAMEL.split(part) if w)
    return found


# Mappings repeat the same few field names thousands of times on a large blueprint; the answer
# depends on the name alone, so each distinct name is judged once (bounded, for long-lived processes).
@lru_cache(maxsize=1 << 16)
def personal_data_category(name: str) -> str | None:
    """The kind of personal data a field name suggests (``'email address'``), or None."""
    parts = words(name)
    for part in parts:
        if part in _WORDS:
            return _WORDS[part]
        for start, category in _WORD_STARTS.items():
            if part.startswith(start):
                return category
    if parts and parts[-1] == "zip":  # billing_zip, but not zip_file
        return "postal code"
    compact = "".join(parts)
    company_place = any(part in _ORGANISATION_WORDS for part in parts)
    for category, pattern in _STEMS:
        if category == "address" and company_place:
            continue
        if pattern.search(compact):
            return category
    return None


@lru_cache(maxsize=1 << 16)
def unambiguous_personal_category(name: str) -> str | None:
    """The kind of personal data a field name states beyond doubt, or None when the name leaves
    room for the team's judgement (``support_email`` may be a shared mailbox; ``email`` alone may be)."""
    category = personal_data_category(name)
    if category is None:
        return None
    if category in _INTRINSIC:
        return category
    if category not in _CONTEXTUAL:
        return None  # a salary band, an IBAN, a health flag: the team may know better
    parts = words(name)
    if any(part in _SHARED_WORDS for part in parts):
        return None
    if category == "person name" and _OWN_NAME.search("".join(parts)):
        return category
    return category if any(part in _PERSON_WORDS for part in parts) else None
