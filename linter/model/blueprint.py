"""The blueprint model: every spec file of a workspace, entities indexed by id, references resolved.

Rules ask this model questions (``model.interfaces``, ``model.get("goal", "G-1")``,
``model.referrers("system", "SYS-FO")``); they never read files or walk raw YAML. The model is
built once per workspace and is read-only afterwards.

Schema errors do not stop the model from being built, so entity data may hold values of the wrong
type. The typed getters (:meth:`Entity.get_str`, :meth:`Entity.get_dict`, …) return ``None`` for a value of
the wrong type, which keeps rules simple and crash-free on half-written blueprints.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from linter.core.locator import Locator
from linter.core.pointer import escape

# Section key in a spec file → entity kind, in the order entities are reported.
SECTIONS: dict[str, str] = {
    "goals": "goal",
    "systems": "system",
    "platforms": "platform",
    "identities": "identity",
    "processes": "process",
    "interfaces": "interface",
    "mappings": "mapping",
    "alm_links": "alm_link",
}
KINDS: tuple[str, ...] = tuple(SECTIONS.values())
KIND_LABELS: dict[str, str] = {
    "goal": "goal",
    "system": "system",
    "platform": "platform",
    "identity": "identity",
    "process": "process",
    "interface": "interface",
    "mapping": "mapping",
    "alm_link": "ALM link",
}

_MISSING = object()
_T = TypeVar("_T")
# The per-entity facts of a model (Blueprint.memo_of): file display → (key, pointer) → value.
EntityFacts = dict[str, dict[tuple[Hashable, str], Any]]


@dataclass(eq=False)
class SourceFile:
    """One loaded spec file. ``requested`` is False for files loaded only to resolve references.

    A file whose data comes from the cache may be **deferred** (:meth:`deferred`): the model knows
    what it declares from its :class:`Outline`, and its data (and each entity's) is decoded on the
    first read of ``data``. An edit re-run of a large workspace then never decodes the files no
    rule reads (linter/run/engine.py)."""

    path: Path
    display: str
    data: dict[str, Any] | None
    locator: Locator | None
    requested: bool = True
    # What the model derives from this file's data alone, built on first use and kept with the
    # file: a long-lived process reuses an unchanged file's SourceFile from one lint to the next
    # (linter/core/memory.py), and with it its entities and its part of each referrer index.
    _entities: list[Entity] | None = field(default=None, init=False, repr=False)
    _referrer_parts: dict[tuple[str, str], dict[str, list[Reference]]] = field(
        default_factory=dict, init=False, repr=False
    )
    # A deferred file's outline and how its data is read (None once read, or never deferred).
    _outline: Outline | None = field(default=None, init=False, repr=False)
    _read: Callable[[], dict[str, Any]] | None = field(default=None, init=False, repr=False)
    # The file's references as stored or found with it (references_outline), read on first use.
    _read_references: Callable[[], Sequence[StoredReference] | None] | None = field(
        default=None, init=False, repr=False
    )
    _references: list[list[Reference]] | None = field(default=None, init=False, repr=False)
    _positions: dict[int, int] | None = field(default=None, init=False, repr=False)

    @classmethod
    def deferred(
        cls,
        path: Path,
        display: str,
        outline: Outline,
        read: Callable[[], dict[str, Any]],
        locator: Locator | None,
        requested: bool = True,
        references: Callable[[], Sequence[StoredReference] | None] | None = None,
    ) -> SourceFile:
        """A file whose data (a mapping whose :func:`outline_of` is ``outline``) ``read`` gives on
        first use of ``data``; until then its entities are known, their data is not. With
        ``references`` (its :func:`references_outline`, None if unusable), who refers to whom in it
        is answered without its data too."""
        source = cls(path, display, None, locator, requested)
        del source.__dict__["data"]  # _Deferred answers ``data`` until it is read
        source._outline, source._read, source._read_references = outline, read, references
        return source

    def stored_references_of(self, entity: Entity) -> list[Reference] | None:
        """:meth:`stored_references` of one of the file's entities."""
        stored = self.stored_references()
        if stored is None:
            return None
        if self._positions is None:
            self._positions = {id(e): index for index, e in enumerate(self.entities())}
        index = self._positions.get(id(entity))
        return None if index is None else stored[index]

    def remember_references(self, read: Callable[[], Sequence[StoredReference] | None]) -> None:
        """Who refers to whom in this loaded file, as found when it was loaded or stored with its
        cache entry (:func:`references_outline` of its data): ``read`` gives them when
        :meth:`referenced_targets` is asked, so the incremental state does not walk the file's
        data for them (the model's References still come from the data, sharing its strings)."""
        self._read_references = read

    def stored_references(self) -> list[list[Reference]] | None:
        """Each entity's references, in :meth:`entities` order, from what the file stored or
        remembered (the very references its data gives); None when it has none to give."""
        if self._references is None:
            stored = self._stored_raw()
            if stored is None:
                return None
            entities = self.entities()
            self._references = [[] for _ in entities]
            for index, path, kind, target in stored:
                self._references[index].append(Reference(entities[index], path, kind, target))
        return self._references

    def referenced_targets(self) -> list[tuple[str, str]] | None:
        """(target kind, target id) of every reference the file makes, in :meth:`stored_references`
        order, without making a Reference of each (what the incremental state keeps of a file,
        linter/run/incremental.py); None when it has none stored."""
        if self._references is not None:
            return [(r.target_kind, r.target_id) for made in self._references for r in made]
        stored = self._stored_raw()
        return None if stored is None else [(kind, target) for _, _, kind, target in stored]

    def _stored_raw(self) -> Sequence[StoredReference] | None:
        """The stored references, read again at each call (not kept: their strings would double
        those of the data once it is read); None (and the data answers) when there are none or
        they do not fit the file's entities."""
        if self._read_references is None:
            return None
        stored = self._read_references()
        count = len(self.entities())
        if stored is None or any(not 0 <= r[0] < count for r in stored):
            self._read_references = None  # unusable: the data answers instead
            return None
        return stored

    @property
    def has_data(self) -> bool:
        """Whether the file loaded as a document (a deferred file did), without reading it."""
        return self._read is not None or self.data is not None

    def states_project(self) -> bool:
        """Whether the file holds a ``project`` section that is a mapping, without reading a
        deferred file's data."""
        if self._read is not None and self._outline is not None:
            return self._outline.project
        return isinstance(self.data, dict) and isinstance(self.data.get("project"), dict)

    def entities(self) -> list[Entity]:
        """The entities the file declares, in its order of sections (read-only, shared)."""
        if self._entities is None:
            if self._read is not None and self._outline is not None:
                self._entities = _outlined(self, self._outline, None)
            else:
                self._entities = _declared(self)
        return self._entities

    def referrers_from(self, kind: str, from_kind: str) -> dict[str, list[Reference]]:
        """The references the file's ``from_kind`` entities make to ``kind``, by target id, each
        list in entity order (read-only, shared)."""
        slot = (kind, from_kind)
        index = self._referrer_parts.get(slot)
        if index is None:
            entities = self.entities()
            # The stored references answer only for a file whose data is unread (a file's data
            # gives a single field's referrers faster than picking them out of every reference it
            # makes), and only if it has an entity of the kind asked about (every file of a
            # workspace without mappings is asked who its mappings refer to).
            unread = self._read is not None
            stored = self.stored_references() if unread and any(e.kind == from_kind for e in entities) else None
            if stored is None:
                index = _referrers_in(entities, kind, from_kind)
            else:
                index = _by_target(
                    r
                    for entity, refs in zip(entities, stored, strict=True)
                    if entity.kind == from_kind
                    for r in refs
                    if r.target_kind == kind
                )
            self._referrer_parts[slot] = index
        return index

    def _read_deferred(self) -> dict[str, Any]:
        """Read a deferred file's data, once, and give each of its entities its part."""
        assert self._read is not None and self._outline is not None
        data, outline = self._read(), self._outline
        if outline_of(data) != outline:
            raise ValueError(f"{self.display}: the cached data does not declare what its outline says")
        self.data, self._read = data, None
        if self._entities is not None:  # made from the outline, in its order
            for entity, (section, position, _) in zip(self._entities, outline.entities, strict=True):
                entity.data = data[section][position]
        return data


class Outline(NamedTuple):
    """What the model needs of a file's data before reading it: each entity it declares, in order,
    as (section, position in the section, raw id or ""), and whether its ``project`` is a mapping."""

    entities: tuple[tuple[str, int, str], ...]
    project: bool


def outline_of(data: dict[str, Any]) -> Outline:
    """The outline of a file's data: the entities :func:`_declared` makes of it, and its project."""
    found: list[tuple[str, int, str]] = []
    for section in SECTIONS:
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for position, item in enumerate(items):
            if isinstance(item, dict):
                raw_id = item.get("id")
                found.append((section, position, raw_id if isinstance(raw_id, str) else ""))
    return Outline(tuple(found), isinstance(data.get("project"), dict))


class _Deferred:
    """``data`` of a deferred file or entity (a non-data descriptor: once read, the value sits in
    the instance's ``__dict__`` and plain attribute access finds it first, at no cost)."""

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            raise AttributeError("data")
        if isinstance(instance, SourceFile):
            return instance._read_deferred()
        instance.source.data  # noqa: B018 - reading the file's data gives every entity its own
        return instance.__dict__["data"]


@dataclass(eq=False)
class Entity:
    """A goal, system, process, interface, … with where it lives."""

    kind: str
    id: str
    data: dict[str, Any]
    source: SourceFile
    pointer: str

    @property
    def label(self) -> str:
        """How messages name the entity: ``interface IF-ORDERS``."""
        return f"{KIND_LABELS[self.kind]} {self.id}" if self.id else f"{KIND_LABELS[self.kind]} at {self.pointer}"

    def get(self, path: str, default: Any = None) -> Any:
        """The raw value at a slash-separated ``path`` (``"volume/peak/count"``), or ``default``."""
        value: Any = self.data
        if "/" not in path and isinstance(value, dict):  # one key: the common case, asked millions of times
            return value.get(path, default)
        for part in path.split("/"):
            if isinstance(value, dict):
                value = value.get(part, _MISSING)
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                return default
            if value is _MISSING:
                return default
        return value

    def has(self, path: str) -> bool:
        """True when ``path`` exists and is not null or an empty string/list/mapping."""
        value = self.get(path)
        return value is not None and value != "" and value != [] and value != {}

    def get_str(self, path: str) -> str | None:
        # One key (the common case): straight from the data, which is always a mapping.
        value = self.data.get(path) if "/" not in path else self.get(path)
        return value if isinstance(value, str) else None

    def get_dict(self, path: str) -> dict[str, Any] | None:
        # One key (the common case): straight from the data, which is always a mapping.
        value = self.data.get(path) if "/" not in path else self.get(path)
        return value if isinstance(value, dict) else None

    def get_list(self, path: str) -> list[Any]:
        # One key (the common case): straight from the data, which is always a mapping.
        value = self.data.get(path) if "/" not in path else self.get(path)
        return value if isinstance(value, list) else []

    def get_number(self, path: str) -> float | None:
        value = self.get(path)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return float(value)

    def get_bool(self, path: str) -> bool | None:
        value = self.get(path)
        return value if isinstance(value, bool) else None

    def get_str_list(self, path: str) -> list[str]:
        """A list field that may also be written as a single string (``pattern: push``)."""
        value = self.data.get(path) if "/" not in path else self.get(path)
        if isinstance(value, str):
            return [value]
        return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


# A deferred file's or entity's ``data`` (SourceFile.deferred): set on the classes, not declared in
# them, so that the dataclasses' fields, and every type checker, still see plain ``data``.
setattr(SourceFile, "data", _Deferred())  # noqa: B010 - an assignment would not type-check
setattr(Entity, "data", _Deferred())  # noqa: B010


class Reference(NamedTuple):
    """A typed reference from one entity (at ``path``) to ``target_kind`` ``target_id``."""

    source: Entity
    path: str
    target_kind: str
    target_id: str


# Which fields hold references, per kind. ``[]`` marks "every item of this list".
REFERENCE_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "interface": (
        ("goals/[]", "goal"),
        ("process", "process"),
        ("source", "system"),
        ("target", "system"),
        ("platform", "platform"),
        ("identity", "identity"),
        ("ownership/system_of_record", "system"),
        ("alm/[]", "alm_link"),
    ),
    "process": (
        ("goals/[]", "goal"),
        ("upstream/[]", "process"),
        ("downstream/[]", "process"),
        ("steps/[]/interface", "interface"),
        ("steps/[]/system", "system"),
        ("trigger_points/[]/system", "system"),
        ("alm/[]", "alm_link"),
    ),
    "mapping": (
        ("interface", "interface"),
        ("fields/[]/owner", "system"),
    ),
}


# REFERENCE_FIELDS with each path split once: the reference index visits every entity.
_REFERENCE_PARTS: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    kind: tuple((tuple(path.split("/")), target_kind) for path, target_kind in fields)
    for kind, fields in REFERENCE_FIELDS.items()
}
_new_reference = Reference._make  # from one (entity, path, kind, id) tuple


def referring_kinds(kind: str, source_kind: str | None = None) -> list[str]:
    """The kinds with a REFERENCE_FIELDS field that can name ``kind`` (only ``source_kind``, if
    given), in REFERENCE_FIELDS order: the order references to ``kind`` are listed in."""
    return [
        from_kind
        for from_kind, fields in _REFERENCE_PARTS.items()
        if (source_kind is None or from_kind == source_kind) and any(f[1] == kind for f in fields)
    ]


def any_reference_through(references: Iterable[Reference], paths: Collection[str] | None) -> bool:
    """Whether ``references`` holds one (made through a field in ``paths``, if given)."""
    if paths is None:
        return any(True for _ in references)
    return any(reference.path in paths for reference in references)


def _referrer_slot(kind: str, source_kind: str | None) -> str | tuple[str, str]:
    """Where ``Blueprint._referrers`` keeps the index of references to ``kind`` (by ``source_kind``)."""
    return kind if source_kind is None else (kind, source_kind)


def _collect(
    found: list[Reference], entity: Entity, data: Any, parts: Sequence[str], prefix: str, target_kind: str
) -> None:
    """Append a Reference for each non-empty string at a REFERENCE_FIELDS path (``parts``) over ``data``."""
    head, rest = parts[0], parts[1:]
    if head == "[]":
        if not isinstance(data, list):
            return
        for index, item in enumerate(data):
            rel = f"{prefix}/{index}" if prefix else str(index)
            if rest:
                _collect(found, entity, item, rest, rel, target_kind)
            elif isinstance(item, str) and item:
                found.append(_new_reference((entity, rel, target_kind, item)))
    elif isinstance(data, dict) and head in data:
        value = data[head]
        rel = f"{prefix}/{head}" if prefix else head
        if rest:
            _collect(found, entity, value, rest, rel, target_kind)
        elif isinstance(value, str) and value:
            found.append(_new_reference((entity, rel, target_kind, value)))


def _references_into(found: list[Reference], entity: Entity, fields: tuple[tuple[tuple[str, ...], str], ...]) -> None:
    data = entity.data
    for parts, target_kind in fields:
        if len(parts) > 1:
            _collect(found, entity, data, parts, "", target_kind)
            continue
        # a plain field (``source``, ``process``): the common case, inline
        value = data.get(parts[0])
        if isinstance(value, str) and value:
            found.append(_new_reference((entity, parts[0], target_kind, value)))


# A reference as a file's cache entry keeps it: (index of the entity in the file, path, kind, id).
StoredReference = tuple[int, str, str, str]


def references_outline(data: dict[str, Any], outline: Outline | None = None) -> list[StoredReference]:
    """Every reference a file's data makes, as (entity index, path, target kind, target id), in
    the order the model lists them (each entity's, in :func:`outline_of` order; ``outline``: the
    data's, when the caller has it already)."""
    stored: list[StoredReference] = []
    known = outline_of(data) if outline is None else outline
    for index, entity in enumerate(_outlined(SourceFile(Path(), "", data, None), known, data)):
        found: list[Reference] = []
        _references_into(found, entity, _REFERENCE_PARTS.get(entity.kind, ()))
        stored += [(index, r.path, r.target_kind, r.target_id) for r in found]
    return stored


def _all_references_into(
    found: list[Reference], entity: Entity, fields: tuple[tuple[tuple[str, ...], str], ...]
) -> None:
    """Every reference ``entity`` makes (``fields``: all its kind's): a deferred entity's from its
    file's stored references, when there are any, else from its data (whose strings the
    references then share)."""
    stored = None if "data" in entity.__dict__ else entity.source.stored_references_of(entity)
    if stored is None:
        _references_into(found, entity, fields)
    else:
        found += stored


def _declared(source: SourceFile) -> list[Entity]:
    """The entities ``source`` declares, in its order of sections."""
    if source.data is None:
        return []
    return _outlined(source, outline_of(source.data), source.data)


def _outlined(source: SourceFile, outline: Outline, data: dict[str, Any] | None) -> list[Entity]:
    """The entities of ``outline``, with their part of ``data``; without (deferred) when None."""
    found: list[Entity] = []
    prefixes = {section: f"/{escape(section)}/" for section in SECTIONS}
    for section, position, entity_id in outline.entities:
        kind, pointer = SECTIONS[section], f"{prefixes[section]}{position}"
        if data is not None:
            found.append(Entity(kind, entity_id, data[section][position], source, pointer))
            continue
        entity = Entity(kind, entity_id, _NO_DATA, source, pointer)
        del entity.__dict__["data"]  # _Deferred reads it with the file's
        found.append(entity)
    return found


_NO_DATA: dict[str, Any] = {}


def _referrers_in(entities: Sequence[Entity], kind: str, from_kind: str) -> dict[str, list[Reference]]:
    """The references ``entities`` of ``from_kind`` make to ``kind``, by target id, in order."""
    wanted = tuple(f for f in _REFERENCE_PARTS.get(from_kind, ()) if f[1] == kind)
    found: list[Reference] = []
    if len(wanted) == 1 and len(wanted[0][0]) == 1:
        # One plain field (``platform``, a mapping's ``interface``): the common case, inline.
        key = wanted[0][0][0]
        for entity in entities:
            if entity.kind == from_kind:
                value = entity.data.get(key)
                if isinstance(value, str) and value:
                    found.append(Reference(entity, key, kind, value))
    elif wanted:
        for entity in entities:
            if entity.kind == from_kind:
                _references_into(found, entity, wanted)
    # Each entity's fields are visited in order, so the per-entity order holds.
    return _by_target(found)


def _by_target(found: Iterable[Reference]) -> dict[str, list[Reference]]:
    """``found`` by target id, each list in the order given."""
    index: dict[str, list[Reference]] = {}
    for reference in found:
        listed = index.get(reference.target_id)
        if listed is None:
            index[reference.target_id] = [reference]
        else:
            listed.append(reference)
    return index


@dataclass
class Blueprint:
    """All spec files of one workspace, indexed."""

    files: list[SourceFile]
    _by_kind: dict[str, list[Entity]] = field(init=False)
    _index: dict[str, list[Entity]] = field(init=False)
    _by_file: dict[str, list[Entity]] = field(init=False)
    _memo: dict[Hashable, Any] = field(init=False, default_factory=dict)
    # file display → (key, pointer) → a derived fact about one entity (memo_of): by file, so that
    # an edit re-run takes over an unchanged file's facts whole (carry_facts)
    _entity_memo: EntityFacts = field(init=False, default_factory=dict)
    # target kind → target id → the references to it (built on first use, per kind)
    _referrers: dict[str | tuple[str, str], dict[str, list[Reference]]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        by_kind: dict[str, list[Entity]] = {kind: [] for kind in KINDS}
        index: defaultdict[str, list[Entity]] = defaultdict(list)
        self._by_kind, self._index, self._by_file = by_kind, index, {}
        for source in self.files:
            declared = self._by_file[source.display] = source.entities()
            for entity in declared:
                by_kind[entity.kind].append(entity)
                if entity.id:
                    index[entity.id].append(entity)

    # -- entities ---------------------------------------------------------------------------
    def entities_in(self, display: str) -> list[Entity]:
        """The entities one file declares (by its display path), in its order of sections."""
        return self._by_file.get(display, [])

    def entities(self, kind: str | None = None) -> list[Entity]:
        if kind is not None:
            return self._by_kind[kind]
        return [entity for k in KINDS for entity in self._by_kind[k]]

    @property
    def goals(self) -> list[Entity]:
        return self._by_kind["goal"]

    @property
    def systems(self) -> list[Entity]:
        return self._by_kind["system"]

    @property
    def platforms(self) -> list[Entity]:
        return self._by_kind["platform"]

    @property
    def identities(self) -> list[Entity]:
        return self._by_kind["identity"]

    @property
    def processes(self) -> list[Entity]:
        return self._by_kind["process"]

    @property
    def interfaces(self) -> list[Entity]:
        return self._by_kind["interface"]

    @property
    def mappings(self) -> list[Entity]:
        return self._by_kind["mapping"]

    @property
    def alm_links(self) -> list[Entity]:
        return self._by_kind["alm_link"]

    def get(self, kind: str, entity_id: str) -> Entity | None:
        """The entity of ``kind`` with ``entity_id`` (the first one if the id is duplicated)."""
        for entity in self._index.get(entity_id, ()):
            if entity.kind == kind:
                return entity
        return None

    def with_id(self, entity_id: str) -> list[Entity]:
        """Every entity, of any kind, declared with ``entity_id`` (more than one is a duplicate)."""
        return self._index.get(entity_id, [])

    def ids(self) -> dict[str, list[Entity]]:
        return self._index

    # -- references -------------------------------------------------------------------------
    @cached_property
    def references(self) -> list[Reference]:
        """Every typed reference in the blueprint, in entity order."""
        found: list[Reference] = []
        for kind, fields in _REFERENCE_PARTS.items():
            for entity in self._by_kind[kind]:
                _all_references_into(found, entity, fields)
        return found

    def references_of(self, entity: Entity) -> list[Reference]:
        """The references ``entity`` makes, in the order :attr:`references` lists them (for a
        question about a few entities, without the whole blueprint's index)."""
        found: list[Reference] = []
        fields = _REFERENCE_PARTS.get(entity.kind)
        if fields:
            _all_references_into(found, entity, fields)
        return found

    def referrers(self, kind: str, entity_id: str, source_kind: str | None = None) -> list[Reference]:
        """References that point at ``kind`` ``entity_id`` (only those made by entities of
        ``source_kind``, if given: cheaper to index when that is all a rule asks)."""
        slot = _referrer_slot(kind, source_kind)
        index = self._referrers.get(slot)
        if index is None:
            index = self._referrers[slot] = self._referrer_index(kind, source_kind)
        return index.get(entity_id, [])

    def has_referrer(
        self, kind: str, entity_id: str, source_kind: str | None = None, paths: Collection[str] | None = None
    ) -> bool:
        """Whether anything refers to ``kind`` ``entity_id`` (an entity of ``source_kind``, through
        a field in ``paths``, if given): ``any(model.referrers(...))`` for a rule that only asks
        whether there is one (an unused system, an orphan goal). A focused model answers it from
        the first file that refers (linter/model/focus.py), not from every referrer."""
        return any_reference_through(self.referrers(kind, entity_id, source_kind), paths)

    def _referrer_index(self, kind: str, source_kind: str | None) -> dict[str, list[Reference]]:
        """The references to ``kind`` by target id, in :attr:`references` order. Built per kind
        (and source kind), from the fields that can name that kind only: a rule asking who refers
        to a platform does not pay for the index of every reference (unless it is already built)."""
        index: dict[str, list[Reference]] = defaultdict(list)
        whole_kind = self._referrers.get(kind) if source_kind is not None else None
        if whole_kind is not None:  # filtered from the kind's index (each list keeps its order)
            for target_id, listed in whole_kind.items():
                kept = [r for r in listed if r.source.kind == source_kind]
                if kept:
                    index[target_id] = kept
            return index
        if "references" in self.__dict__:
            for reference in self.references:
                if reference.target_kind == kind and (source_kind is None or reference.source.kind == source_kind):
                    index[reference.target_id].append(reference)
            return index
        # Assembled from each file's part (kept with the file, linter/model/blueprint.SourceFile),
        # kinds in REFERENCE_FIELDS order and files in model order: the order of `references`.
        for from_kind in referring_kinds(kind, source_kind):
            for source in self.files:
                for target_id, listed in source.referrers_from(kind, from_kind).items():
                    index[target_id].extend(listed)
        return index

    def has_referrer_index(self, kind: str, source_kind: str | None = None) -> bool:
        """Whether :meth:`referrers` already built the index it answers ``kind`` (``source_kind``) from."""
        return _referrer_slot(kind, source_kind) in self._referrers

    def referrers_within(
        self, kind: str, entity_id: str, source_kind: str | None, displays: Collection[str]
    ) -> list[Reference]:
        """:meth:`referrers`, read only from the files in ``displays`` (which must hold every file
        that refers to ``entity_id``): the same references in the same order, without the whole
        blueprint's index (an incremental run asks about a few entities, linter/model/focus.py)."""
        return list(self.referrers_within_each(kind, entity_id, source_kind, displays))

    def referrers_within_each(
        self, kind: str, entity_id: str, source_kind: str | None, displays: Collection[str]
    ) -> Iterator[Reference]:
        """:meth:`referrers_within`, one reference at a time (a file's part is read when reached)."""
        for from_kind in referring_kinds(kind, source_kind):
            for source in self.files:
                if source.display in displays:
                    yield from source.referrers_from(kind, from_kind).get(entity_id, ())

    def resolve(self, reference: Reference) -> Entity | None:
        return self.get(reference.target_kind, reference.target_id)

    # -- whole documents ----------------------------------------------------------------------
    def documents(self) -> Iterator[tuple[SourceFile, dict[str, Any]]]:
        """Every loaded file with its whole document, in file order.

        For the few rules that must look at *every* value whatever section it sits in (inline
        secrets); everything else asks for entities.
        """
        for source in self.files:
            if isinstance(source.data, dict):
                yield source, source.data

    @property
    def project(self) -> dict[str, Any] | None:
        """The ``project`` section: the first file (in file order) that has one as a mapping."""
        # Asked without reading: a deferred file's outline says whether it holds one.
        for source in self.files:
            if source.states_project():
                assert source.data is not None
                project: dict[str, Any] = source.data["project"]
                return project
        return None

    # -- derived analyses ---------------------------------------------------------------------
    def memo(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """A derived analysis, computed once per model and ``key`` (e.g. the capacity model
        under one limits profile), for rules that share it. ``key`` must identify everything
        the analysis depends on besides the model; the model itself never changes."""
        if key not in self._memo:
            self._memo[key] = compute()
        value: _T = self._memo[key]
        return value

    def memo_of(self, key: Hashable, entity: Entity, compute: Callable[[], _T]) -> _T:
        """A derived fact about one entity, computed once per ``key`` and entity: for a value that
        depends only on the entity's data, on the entities its references resolve to
        (transitively), on the project section and on ``key`` (which must identify the rule
        options it uses), never on other entities of its kind or on who refers to it.

        Such a fact may outlive the model: a long-lived process (the language server) carries it
        over to the next run for every entity the edit cannot affect (linter/run/incremental.py),
        so a whole-blueprint sum over thousands of entities recomputes only the dirty ones. A value
        that holds the entity itself (an ``Entity`` field) is one of a previous model's: rebind it."""
        facts = self._entity_memo.get(entity.source.display)
        if facts is None:
            facts = self._entity_memo[entity.source.display] = {}
        slot = (key, entity.pointer)
        if slot not in facts:
            facts[slot] = compute()
        value: _T = facts[slot]
        return value

    def entity_facts(self) -> EntityFacts:
        """The facts :meth:`memo_of` computed, by file, for the next run to carry over."""
        return self._entity_memo

    def carry_facts(self, previous: EntityFacts, dirty: Collection[tuple[str, str]], files: Collection[str]) -> None:
        """Take over a previous model's facts, but for the ``dirty`` entities ((file display,
        pointer)) and every entity of the changed or removed ``files``: an unchanged file without
        a dirty entity's facts are taken whole (a copy of its table, not a test of each fact)."""
        dirty_pointers: dict[str, set[str]] = {}
        for display, pointer in dirty:
            dirty_pointers.setdefault(display, set()).add(pointer)
        memo = self._entity_memo
        for display, facts in previous.items():
            if display in files:
                continue
            pointers = dirty_pointers.get(display)
            kept = dict(facts) if not pointers else {s: v for s, v in facts.items() if s[1] not in pointers}
            mine = memo.get(display)
            if mine is None:
                memo[display] = kept
            else:
                mine.update(kept)

    # -- derived questions rules ask ----------------------------------------------------------
    def goals_of(self, interface: Entity) -> list[str]:
        """Goal ids an interface serves: its own, plus its process's (deduplicated, in order)."""
        goal_ids = interface.get_str_list("goals")
        process_id = interface.get_str("process")
        if process_id:
            process = self.get("process", process_id)
            if process is not None:
                goal_ids = goal_ids + process.get_str_list("goals")
        return list(dict.fromkeys(goal_ids))

    def mappings_for(self, interface_id: str) -> list[Entity]:
        return [ref.source for ref in self.referrers("interface", interface_id, "mapping")]

    def alm_links_of(self, interface: Entity) -> list[tuple[str, dict[str, Any]]]:
        """(relative path, link data) for each ALM link of an interface, inline or by id.

        Links referenced by an id that does not resolve are left out (unresolved-reference
        reports them).
        """
        links: list[tuple[str, dict[str, Any]]] = []
        for index, item in enumerate(interface.get_list("alm")):
            if isinstance(item, dict):
                links.append((f"alm/{index}", item))
            elif isinstance(item, str):
                target = self.get("alm_link", item)
                if target is not None:
                    links.append((f"alm/{index}", target.data))
        return links
