"""Which end of an interface makes the call, and how available a system is run to.

The blueprint names a ``source`` and a ``target``; the system that opens the connection is:

- for an API that Dataverse or finance and operations serves (``dataverse_web_api``,
  ``dataverse_sdk``, ``fo_odata``, ``fo_custom_service``, ``fo_dmf_package_api``,
  ``fo_recurring_integration``), the other end: the client calls the Dynamics 365 system, whichever
  way the data flows;
- otherwise the source, unless the interface says the receiver fetches (``pattern: pull`` or
  ``trigger.type: receiver_poll``), when it is the target.

CN014 and CN015 share this reading.
"""

from __future__ import annotations

import re

from linter.api import Blueprint, Entity

from .._shared import systems

# APIs a Dynamics 365 system serves, with the system kinds that serve them.
_SERVED_APIS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("dataverse_web_api", "dataverse_sdk"), systems.DATAVERSE_KINDS),
    **dict.fromkeys(
        ("fo_odata", "fo_custom_service", "fo_dmf_package_api", "fo_recurring_integration"),
        frozenset({systems.FINANCE_OPERATIONS}),
    ),
}

_PERCENT = re.compile(r"^\s*(\d{1,3}(?:\.\d+)?)\s?%\s*$")


def receiver_fetches(interface: Entity) -> bool:
    return "pull" in interface.get_str_list("pattern") or interface.get_str("trigger/type") == "receiver_poll"


def caller_and_callee(model: Blueprint, interface: Entity) -> tuple[str, str]:
    """("source", "target") or ("target", "source"): the end that calls, then the end it calls."""
    servers = _SERVED_APIS.get(interface.get_str("mechanism") or "")
    if servers is not None:
        source_serves = systems.kind(model, interface, "source") in servers
        target_serves = systems.kind(model, interface, "target") in servers
        if source_serves != target_serves:
            return ("target", "source") if source_serves else ("source", "target")
    return ("target", "source") if receiver_fetches(interface) else ("source", "target")


def availability(system: Entity | None) -> float | None:
    """A system's ``availability`` (``"99.9%"``) as a percentage, or None when absent or malformed."""
    if system is None:
        return None
    match = _PERCENT.match(system.get_str("availability") or "")
    if match is None:
        return None
    value = float(match.group(1))
    return value if 0 < value <= 100 else None
