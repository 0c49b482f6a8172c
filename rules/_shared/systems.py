"""What rules need to know about the systems at either end of an interface, and its platform."""

from __future__ import annotations

from linter.api import Blueprint, Entity

FINANCE_OPERATIONS = "d365_finance_operations"
# Kinds whose data lives in Dataverse: Customer Engagement apps and model-driven Power Apps run on it.
DATAVERSE_KINDS = frozenset({"dataverse", "d365_customer_engagement", "power_platform_app"})
# Kinds that are Dynamics 365 or Dataverse, where storage and API capacity are metered.
DYNAMICS_KINDS = frozenset({FINANCE_OPERATIONS, "d365_customer_engagement", "dataverse", "business_central"})


def system(model: Blueprint, interface: Entity, end: str) -> Entity | None:
    """The declared system at ``end`` ("source" or "target"), or None (unresolved is XR001's job)."""
    system_id = interface.get_str(end)
    return model.get("system", system_id) if system_id else None


def kind(model: Blueprint, interface: Entity, end: str) -> str | None:
    found = system(model, interface, end)
    return found.get_str("kind") if found is not None else None


def hosting(model: Blueprint, interface: Entity, end: str) -> str | None:
    found = system(model, interface, end)
    return found.get_str("hosting") if found is not None else None


def is_dataverse(model: Blueprint, interface: Entity, end: str) -> bool:
    """Whether the system at ``end`` is declared with a Dataverse-backed kind."""
    return kind(model, interface, end) in DATAVERSE_KINDS


def platform(model: Blueprint, interface: Entity) -> Entity | None:
    """The declared platform the interface runs on, or None."""
    platform_id = interface.get_str("platform")
    return model.get("platform", platform_id) if platform_id else None


def platform_kind(model: Blueprint, interface: Entity) -> str | None:
    found = platform(model, interface)
    return found.get_str("kind") if found is not None else None
