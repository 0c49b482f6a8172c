"""What rules ask about the field mappings of an interface."""

from __future__ import annotations

from typing import Any

from linter.api import Blueprint, Entity


def mapping_fields(model: Blueprint, interface: Entity) -> list[tuple[Entity, int, dict[str, object]]]:
    """(mapping, index, field) for every field of every mapping of ``interface``."""
    found = []
    for mapping in model.mappings_for(interface.id) if interface.id else []:
        for index, field in enumerate(mapping.get_list("fields")):
            if isinstance(field, dict):
                found.append((mapping, index, field))
    return found


def field_name(field: dict[str, Any], index: int) -> Any:
    """How messages name a mapped field: its target, else its source, else its position (``#2``)."""
    return field.get("target") or field.get("source") or f"#{index + 1}"
