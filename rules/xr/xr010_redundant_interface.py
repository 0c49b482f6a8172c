"""XR010 redundant-interface: No two interfaces move the same entity from the same source to the same
target.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from linter.api import Blueprint, Entity, Finding, Rule, Severity

# Key: (source, target, source entity, target entity), entities compared case-insensitively.
_Key = tuple[str, str, str, str]
_KEY_FACT = "XR010 key and interface"


def _entity_name(mapping: Entity, which: str) -> str:
    value = mapping.get_str(which)
    return value.strip().lower() if value else ""


def _target_fields(model: Blueprint, interface: Entity, key: _Key) -> set[str]:
    found: set[str] = set()
    for mapping in model.mappings_for(interface.id):
        if (_entity_name(mapping, "source_entity"), _entity_name(mapping, "target_entity")) != key[2:]:
            continue
        for field in mapping.get_list("fields"):
            name = field.get("target") if isinstance(field, dict) else None
            if isinstance(name, str) and name:
                found.add(name.strip().lower())
    return found


def _filters(model: Blueprint, interface: Entity, key: _Key) -> set[str]:
    return {
        text.strip().lower()
        for mapping in model.mappings_for(interface.id)
        if (_entity_name(mapping, "source_entity"), _entity_name(mapping, "target_entity")) == key[2:]
        for text in [mapping.get_str("filters")]
        if text and text.strip()
    }


def _event(interface: Entity) -> str:
    event = interface.get_str("trigger/event")
    return event.strip().lower() if event else ""


class RedundantInterface(Rule):
    code = "XR010"
    # Held back while a file of the workspace did not load: the mapping that tells the two apart may be in it.
    needs_complete_blueprint = True
    name = "redundant-interface"
    severity = Severity.WARNING
    tags = ("cross-reference", "interface", "mapping")
    precision = "medium"
    summary = "No two interfaces move the same entity from the same source to the same target."
    rationale = """
Microsoft's Dynamics 365 implementation guide (*Align your Dynamics 365 integration with business
goals*) builds the interface catalogue so that every cross-system requirement is met once, and
*Choose the right design* asks for one owner and one path per piece of data: two interfaces
carrying the same entity between the same two systems (one through dual-write, another through
OData, say) double the load, race each other on every record and leave two things to run and fix.
Interfaces are compared by source, target and the mappings' `source_entity` and `target_entity`
(case-insensitive). A heuristic, hence a warning: the rule leaves alone the designs that
legitimately split one flow, as a good design writes them: a one-off initial load beside the
ongoing sync (`frequency.mode: one_off`), an interface being replaced (`status: retired`), subsets
of the records (both mappings state different `filters`), different business events (both state a
different `trigger.event`, as order created and order cancelled), and different fields (both list
target fields and no field is in both).
"""
    how_to_fix = (
        "Merge the two interfaces into one, retire one of them (`status: retired`), or state what tells them "
        "apart: different `filters`, different `trigger.event`s, different fields, or `frequency.mode: one_off` "
        "for an initial load."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - {id: IF-CUST-INITIAL, source: SYS-CE, target: SYS-FO, frequency: {mode: one_off}}
  - {id: IF-CUST-SYNC, source: SYS-CE, target: SYS-FO, frequency: {mode: near_real_time}}
mappings:
  - {id: MAP-1, interface: IF-CUST-INITIAL, source_entity: account, target_entity: CustCustomerV3Entity}
  - {id: MAP-2, interface: IF-CUST-SYNC, source_entity: account, target_entity: CustCustomerV3Entity}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - {id: IF-CUST-DW, source: SYS-CE, target: SYS-FO, mechanism: dual_write}
  - {id: IF-CUST-ODATA, source: SYS-CE, target: SYS-FO, mechanism: fo_odata}
mappings:
  - {id: MAP-1, interface: IF-CUST-DW, source_entity: account, target_entity: CustCustomerV3Entity}
  - {id: MAP-2, interface: IF-CUST-ODATA, source_entity: account, target_entity: CustCustomerV3Entity}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        first: dict[_Key, list[Entity]] = {}
        for mapping in model.mappings:
            # The mapping's key is a per-entity fact (Blueprint.memo_of), carried by the language
            # server to the next lint for every mapping an edit cannot affect.
            # With the interface's id, so that a mapping no other shares a key with is never read.
            keyed = model.memo_of(_KEY_FACT, mapping, partial(self._keyed, model, mapping))
            if keyed is None:
                continue
            key, interface_id = keyed
            interface = model.get("interface", interface_id)
            assert interface is not None  # the key was found through it
            seen = first.setdefault(key, [])
            if any(other is interface for other in seen):
                continue
            earlier = next((other for other in seen if not self._apart(model, other, interface, key)), None)
            seen.append(interface)
            if earlier is None:
                continue
            entity = mapping.get_str("target_entity") or mapping.get_str("source_entity")
            yield Finding.at(
                interface,
                "",
                f"{interface.label} moves '{entity}' from '{key[0]}' to '{key[1]}' as {earlier.label} already does; "
                "merge them, retire one, or state what tells them apart",
            )

    @classmethod
    def _keyed(cls, model: Blueprint, mapping: Entity) -> tuple[_Key, str] | None:
        """What the mapping's interface moves, and the interface's id; None when it moves nothing
        comparable (no interface, one not ongoing, no source or target, no entity named)."""
        interface_id = mapping.get_str("interface")
        interface = model.get("interface", interface_id) if interface_id else None
        if interface is None or not interface_id or not cls._ongoing(interface):
            return None
        source, target = interface.get_str("source"), interface.get_str("target")
        entities = (_entity_name(mapping, "source_entity"), _entity_name(mapping, "target_entity"))
        if not source or not target or not any(entities):
            return None
        return (source, target, *entities), interface_id

    @staticmethod
    def _ongoing(interface: Entity) -> bool:
        return interface.get_str("status") != "retired" and interface.get_str("frequency/mode") != "one_off"

    @staticmethod
    def _apart(model: Blueprint, one: Entity, other: Entity, key: _Key) -> bool:
        """Whether the two interfaces state what tells them apart."""
        events = (_event(one), _event(other))
        if all(events) and events[0] != events[1]:
            return True
        filters = (_filters(model, one, key), _filters(model, other, key))
        if all(filters) and filters[0] != filters[1]:
            return True
        fields = (_target_fields(model, one, key), _target_fields(model, other, key))
        return all(fields) and not (fields[0] & fields[1])
