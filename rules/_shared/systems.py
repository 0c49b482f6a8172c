"""What rules need to know about the systems at either end of an interface."""

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
