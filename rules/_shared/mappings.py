"""What rules ask about the field mappings of an interface."""

from __future__ import annotations

from linter.api import Blueprint, Entity


def mapping_fields(model: Blueprint, interface: Entity) -> list[tuple[Entity, int, dict[str, object]]]:
    """(mapping, index, field) for every field of every mapping of ``interface``."""
    found = []
    for mapping in model.mappings_for(interface.id) if interface.id else []:
        for index, field in enumerate(mapping.get_list("fields")):
            if isinstance(field, dict):
                found.append((mapping, index, field))
    return found
