"""SE007 unattended-on-interactive-user: An unattended integration runs on an application user or a
managed identity, not on a licensed interactive user.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from ._common import TECHTALK

# Triggers nobody is present for: the integration runs on its own.
_UNATTENDED_TRIGGERS = frozenset({"schedule", "receiver_poll", "system_event", "data_state_change", "file_arrival"})
_ATTENDED_TRIGGERS = frozenset({"user_action", "manual"})


def _unattended(interface: Entity) -> str | None:
    """Why the interface runs without a person present, or None when it is attended or unknown."""
    trigger = interface.get_str("trigger/type")
    if trigger in _ATTENDED_TRIGGERS or interface.get_str("security/auth") == "entra_user_delegated":
        return None
    if trigger in _UNATTENDED_TRIGGERS:
        return f"its trigger is '{trigger}'"
    if trigger is None and interface.get_str("timing") == "scheduled_batch":
        return "it is a scheduled batch"
    return None


class UnattendedOnInteractiveUser(Rule):
    code = "SE007"
    judges = ("interface",)
    name = "unattended-on-interactive-user"
    severity = Severity.WARNING
    tags = ("security", "identity")
    precision = "high"
    summary = "An unattended integration runs on an application user or a managed identity, not on a licensed interactive user."
    rationale = f"""
Microsoft's Dynamics 365 implementation guide, *Select the ideal platform for your Dynamics 365
apps integration*, asks how authentication works across the systems, and {TECHTALK}. An integration
that runs with nobody present (on a schedule, on a system event or a data change, polling, or when
a file arrives) and signs in as a licensed interactive user (`identities[].kind: licensed_user`)
stops the day that person leaves, changes password or is asked for multifactor authentication; it
acts with everything the person may do, and its calls are counted against a person's licence.
Dataverse application users (server-to-server authentication, Microsoft Entra ID app
registrations) and managed identities exist for unattended work; the *Requests limits and
allocations* page gives non-interactive and application users their own request entitlements.
Interfaces a user starts (`trigger.type: user_action` or `manual`) or that call on the signed-in
user's behalf (`security.auth: entra_user_delegated`) are attended and left alone; so is an
interface whose trigger is not stated (nothing says it runs unattended).
"""
    how_to_fix = (
        "Run the integration as an application user (`kind: application_user`, an Entra ID app registration) or a "
        "managed identity; keep a licensed user only for calls a user makes in person."
    )
    passing_example = """
blueprint_version: 1
identities:
  - {id: ID-BATCH, kind: application_user}
  - {id: ID-AGENT, kind: licensed_user, license: d365_enterprise}
interfaces:
  - {id: IF-NIGHTLY, source: SYS-STAGING, target: SYS-CE, identity: ID-BATCH, trigger: {type: schedule}}
  - id: IF-LOOKUP
    source: SYS-ERP
    target: SYS-CE
    identity: ID-AGENT
    trigger: {type: user_action}
    security: {auth: entra_user_delegated}
"""
    failing_example = """
blueprint_version: 1
identities:
  - {id: ID-JANE, kind: licensed_user, license: d365_enterprise}
interfaces:
  - {id: IF-NIGHTLY, source: SYS-STAGING, target: SYS-CE, identity: ID-JANE, trigger: {type: schedule}}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            identity_id = interface.get_str("identity")
            identity = model.get("identity", identity_id) if identity_id else None
            if identity is None or identity.get_str("kind") != "licensed_user":
                continue
            why = _unattended(interface)
            if why is None:
                continue
            yield Finding.at(
                interface,
                "identity",
                f"{interface.label} runs unattended ({why}) on '{identity_id}', a licensed interactive user; "
                "use an application user or a managed identity",
            )
