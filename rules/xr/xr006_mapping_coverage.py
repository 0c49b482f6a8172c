"""XR006 mapping-coverage: Every data interface has a field mapping; every mapping has an integration
key and fields; field owners are systems the data comes from.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from .._shared.mappings import field_name
from .._shared.text import quoted_list


def feeders(model: Blueprint) -> dict[str, set[str]]:
    """For each system, the systems that send data straight into it through a declared interface.

    A staging database's rows are owned by the applications that fill it, so a field of a mapping
    out of staging may name one of those as its owner without being "unrelated". Only one hop
    counts: in a hub landscape every system eventually feeds the hub, and following the chain
    further would excuse any owner at all.
    """
    found: dict[str, set[str]] = {}
    for interface in model.interfaces:
        source, target = interface.get_str("source"), interface.get_str("target")
        if not source or not target:
            continue
        found.setdefault(target, set()).add(source)
        if interface.get_str("direction") == "bidirectional":
            found.setdefault(source, set()).add(target)
    return found


class _Feeders:
    """:func:`feeders`, computed on the first question: most field owners are the interface's own
    source or target, so a blueprint may never need the index (a pass over every interface)."""

    def __init__(self, model: Blueprint) -> None:
        self._model = model
        self._found: dict[str, set[str]] | None = None

    def of(self, system_id: str) -> set[str]:
        if self._found is None:
            self._found = feeders(self._model)
        return self._found.get(system_id, set())


def states_its_fields_elsewhere(interface: Entity) -> bool:
    """Whole-table replication, or a payload in a named standard format: the tool's table schema or
    the standard defines the fields, and a field list is not the design artefact."""
    standard = interface.get_str("payload/standard_format")
    return interface.get_str("replication") == "whole_table" or bool(standard and standard.strip())


class MappingCoverage(Rule):
    code = "XR006"
    # Held back while a file of the workspace did not load: the mapping may be in a file that did not load.
    needs_complete_blueprint = True
    name = "mapping-coverage"
    severity = Severity.WARNING
    tags = ("cross-reference", "mapping")
    summary = "Every data interface has a field mapping; every mapping has an integration key and fields; field owners are systems the data comes from."
    rationale = """
The third level of the blueprint in Microsoft's Dynamics 365 implementation guide (*Align your
Dynamics 365 integration with business goals*) starts the system-to-system field mapping in the
functional or technical design; a data integration without one has not agreed what it moves. The
reliable data-sync reference architecture matches records across systems by an integration key
(source and target row ids); without it, retries and re-runs create duplicates. *Choose the right
design* asks to identify the owner (system of record) of each piece of data, possibly field by
field: a field owner must be the interface's source or target, its declared system of record, or a
system that sends data straight into the source (as applications fill a staging store). Any other system is unrelated to the exchange and the
owner is a mistake.

A field list is not the design artefact of every data interface: whole-table replication (Azure
Synapse Link for Dataverse, a dual-write template) copies tables as the tool defines them, and a
file in a named standard format (a BAI2 or ISO 20022 camt.053 bank statement) has the fields the
standard fixes. Such an interface states it with `replication: whole_table` or
`payload.standard_format`, and needs no mapping; a mapping it has is still checked.
"""
    how_to_fix = (
        "Add a `mappings:` entry with `interface: <id>`, `integration_key` and `fields`; for whole-table "
        "replication set `replication: whole_table`, for a named standard file format "
        "`payload.standard_format`; correct a field's `owner` to the system that really owns the value."
    )
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-WEB, kind: portal}
  - {id: SYS-CE, kind: d365_customer_engagement}
  - {id: SYS-LAKE, kind: data_lake}
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE, integration_type: data}
  - {id: IF-CE-LAKE, source: SYS-CE, target: SYS-LAKE, integration_type: data, mechanism: synapse_link, replication: whole_table}
mappings:
  - id: MAP-CASES
    interface: IF-CASES
    integration_key: [requestId]
    fields:
      - {source: requestId, target: bps_externalid, owner: SYS-WEB}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-WEB, kind: portal}
  - {id: SYS-CE, kind: d365_customer_engagement}
  - {id: SYS-FO, kind: d365_finance_operations}
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE, integration_type: data}
  - {id: IF-STATUS, source: SYS-CE, target: SYS-WEB, integration_type: data}
mappings:
  - id: MAP-CASES
    interface: IF-CASES
    fields:
      - {source: requestId, target: bps_externalid, owner: SYS-FO}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        # What each entity says on its own is a per-entity fact (Blueprint.memo_of): the language
        # server carries it to the next lint for every entity an edit cannot affect. Only whether
        # an interface has a mapping, and the feeders of a source, are looked up on this model.
        for interface in model.interfaces:
            if model.memo_of(_WANTS_MAPPING, interface, partial(_wants_mapping, interface)) and not model.mappings_for(
                interface.id
            ):
                yield Finding.at(
                    interface,
                    "integration_type",
                    f"{interface.label} exchanges data but no mapping describes its fields "
                    "(nor does it state replication: whole_table or a payload.standard_format)",
                )
        incoming = _Feeders(model)
        for mapping in model.mappings:
            facts = model.memo_of(_MAPPING_FACTS, mapping, partial(_mapping_facts, model, mapping))
            if facts is None:
                continue
            missing_key, missing_fields, source, owners = facts
            if missing_key:
                yield Finding.at(
                    mapping,
                    "integration_key",
                    f"{mapping.label} has no integration key to match records across the two systems",
                )
            if missing_fields:
                yield Finding.at(mapping, "fields", f"{mapping.label} lists no fields")
            for index, owner, message in owners:
                if source and owner in incoming.of(source):
                    continue
                yield Finding.at(mapping, f"fields/{index}/owner", message)


_WANTS_MAPPING = "XR006 wants-mapping"
_MAPPING_FACTS = "XR006 mapping"

# A mapping's own facts: (no integration key, no fields, its interface's source, and each field
# owner unrelated to the interface as (index, owner, message)); None when there is nothing to say.
_MappingFacts = tuple[bool, bool, str | None, tuple[tuple[int, str, str], ...]]


def _wants_mapping(interface: Entity) -> bool:
    """A data interface that does not state its fields elsewhere (it needs a mapping)."""
    return (
        interface.get_str("integration_type") == "data"
        and bool(interface.id)
        and not states_its_fields_elsewhere(interface)
    )


def _mapping_facts(model: Blueprint, mapping: Entity) -> _MappingFacts | None:
    """What XR006 says about a mapping from its data, its interface and the systems it names (the
    field owners a feeder of the interface's source may still excuse)."""
    missing_key, missing_fields = not mapping.has("integration_key"), not mapping.has("fields")
    source: str | None = None
    owners: list[tuple[int, str, str]] = []
    interface_id = mapping.get_str("interface")
    interface = model.get("interface", interface_id) if interface_id else None
    if interface is not None:
        source, target = interface.get_str("source"), interface.get_str("target")
        related = {s for s in (source, target, interface.get_str("ownership/system_of_record")) if s}
        for index, field in enumerate(mapping.get_list("fields")):
            owner = field.get("owner") if isinstance(field, dict) else None
            if not isinstance(owner, str) or owner in related or model.get("system", owner) is None:
                continue
            name = field_name(field, index)
            ends = quoted_list([s for s in (source, target) if s])
            owners.append(
                (
                    index,
                    owner,
                    f"field '{name}' of {mapping.label} is owned by '{owner}', a system unrelated to "
                    f"{interface.label} ({ends})",
                )
            )
    if not (missing_key or missing_fields or owners):
        return None
    return missing_key, missing_fields, source, tuple(owners)
