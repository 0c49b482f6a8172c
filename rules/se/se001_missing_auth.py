"""SE001 missing-auth: Every interface declares how it authenticates; `none` is only acceptable for
public content: a UI embedding, or a feed of public reference data that states why.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from ._common import TECHTALK

_PLATFORM_ARTICLE = (
    "*Select the ideal platform for your Dynamics 365 apps integration* (Dynamics 365 implementation guide): "
    "a middleware selection criterion is security, meaning how authentication works across the systems "
    "and how authorization grants or denies access to endpoints, logic and data"
)


class MissingAuth(Rule):
    code = "SE001"
    judges = ("interface",)
    name = "missing-auth"
    severity = Severity.ERROR
    tags = ("security",)
    precision = "very-high"
    summary = (
        "Every interface declares how it authenticates; `none` is only acceptable for public content: a UI "
        "embedding, or a public reference-data feed that states why (`security.auth_reason`)."
    )
    rationale = f"""
An interface whose authentication is not written down is either anonymous or relies on whatever
the developer chose, and nobody can review either. Source: {_PLATFORM_ARTICLE}; and {TECHTALK}.
Only public content (data classified `public`, no personal data) can do without authentication:
a user-interface integration that embeds it, or a data feed of public reference data a publisher
offers openly (a central bank's daily exchange rates, a postal service's postal codes) whose
`security.auth_reason` says why no credential exists. Anything classified above public, or
unclassified, or carrying personal data, must authenticate, whatever the reason given.
"""
    how_to_fix = (
        "Set `security.auth` (prefer `managed_identity` or `oauth2_client_credentials`); keep `none` only for "
        "`data_classification: public` content without personal data: a `integration_type: ui` embedding, or a "
        "data feed whose `security.auth_reason` states why it needs no credential."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CASES
    source: SYS-WEB
    target: SYS-CE
    integration_type: data
    security: {auth: managed_identity, transport: https_tls12}
  - id: IF-OPENING-HOURS
    source: SYS-WEB
    target: SYS-CE
    integration_type: ui
    data_classification: public
    security: {auth: none}
  - id: IF-EXCHANGE-RATES
    source: SYS-ECB
    target: SYS-FO
    integration_type: data
    data_classification: public
    personal_data: false
    security: {auth: none, auth_reason: "the central bank publishes its reference rates openly", transport: https_tls12}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CASES
    source: SYS-WEB
    target: SYS-CE
    integration_type: data
    security: {transport: https_tls12}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            auth = interface.get("security/auth")
            if auth is None or auth == "":
                if interface.get("security") is None or interface.get_dict("security") is not None:
                    yield Finding.at(
                        interface,
                        "security/auth",
                        f"{interface.label} does not declare how it authenticates (security.auth)",
                    )
                continue
            if auth != "none":
                continue
            public = interface.get_str("data_classification") == "public" and not interface.get_bool("personal_data")
            if interface.get_str("integration_type") == "ui":
                if not public:
                    yield Finding.at(
                        interface,
                        "security/auth",
                        f"{interface.label} embeds {self._what(interface)} content without authentication (security.auth none); only public content may be embedded anonymously",
                    )
                continue
            kind = interface.get_str("integration_type") or "non-UI"
            if not public:
                yield Finding.at(
                    interface,
                    "security/auth",
                    f"{interface.label} is a {kind} integration carrying {self._what(interface)} data with security.auth none; only public content may go without authentication",
                )
            elif not (interface.get_str("security/auth_reason") or "").strip():
                yield Finding.at(
                    interface,
                    "security/auth",
                    f"{interface.label} is a {kind} integration with security.auth none and no security.auth_reason; "
                    "public reference data may go without authentication only when the blueprint says why",
                )

    @staticmethod
    def _what(interface: Entity) -> str:
        what = interface.get_str("data_classification") or "unclassified"
        return what + " personal" if interface.get_bool("personal_data") else what
