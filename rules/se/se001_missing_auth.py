"""SE001 missing-auth: Every interface declares how it authenticates; `none` is only acceptable for a
UI embedding of public content.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from ._common import TECHTALK

_PLATFORM_ARTICLE = (
    "*Select the ideal platform for your Dynamics 365 apps integration* (Dynamics 365 implementation guide): "
    "a middleware selection criterion is security, meaning how authentication works across the systems "
    "and how authorization grants or denies access to endpoints, logic and data"
)


class MissingAuth(Rule):
    code = "SE001"
    name = "missing-auth"
    severity = Severity.ERROR
    tags = ("security",)
    precision = "very-high"
    summary = (
        "Every interface declares how it authenticates; `none` is only acceptable for a UI embedding of public content."
    )
    rationale = f"""
An interface whose authentication is not written down is either anonymous or relies on whatever
the developer chose, and nobody can review either. Source: {_PLATFORM_ARTICLE}; and {TECHTALK}.
Only a user-interface integration that embeds public content (data classified `public`, no
personal data) can do without authentication; an API, queue or file endpoint never can.
"""
    how_to_fix = (
        "Set `security.auth` (prefer `managed_identity` or `oauth2_client_credentials`); keep `none` only for "
        "`integration_type: ui` interfaces with `data_classification: public`."
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
            if interface.get_str("integration_type") != "ui":
                kind = interface.get_str("integration_type") or "non-UI"
                yield Finding.at(
                    interface,
                    "security/auth",
                    f"{interface.label} is a {kind} integration with security.auth none; only a UI embedding of public content may go without authentication",
                )
            elif interface.get_str("data_classification") != "public" or interface.get_bool("personal_data"):
                what = interface.get_str("data_classification") or "unclassified"
                if interface.get_bool("personal_data"):
                    what += " personal"
                yield Finding.at(
                    interface,
                    "security/auth",
                    f"{interface.label} embeds {what} content without authentication (security.auth none); only public content may be embedded anonymously",
                )
