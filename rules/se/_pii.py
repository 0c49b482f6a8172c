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
* ``health`` does not match ``healthcheck`` / ``health_probe`` / ``health_endpoint``.

A field the team has judged is marked ``personal_data: true`` or ``personal_data: false``; the rule
only reports fields that say neither.
"""

from __future__ import annotations

import re
from functools import lru_cache

# (category shown in messages, pattern over the compact lower-case name: words joined without separators)
_STEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email address", re.compile(r"email")),
    ("phone number", re.compile(r"phone")),
    ("date of birth", re.compile(r"birth")),
    (
        "address",
        re.compile(
            r"(?<!web)(?<!server)(?<!host)(?<!endpoint)(?<!service)(?<!queue)(?<!gateway)(?<!url)(?<!reply)address"
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
)
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
    for category, pattern in _STEMS:
        if pattern.search(compact):
            return category
    return None
