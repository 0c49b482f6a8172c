"""The incremental re-lint: after an edit, re-run only what the edit can change.

A cold run of a workspace leaves an **incremental state** in the result cache, keyed by
everything but the files' contents (tool, schema, options, configuration, rules): each file's
digest and *facts* (the ids it declares, the ids its entities refer to, whether it holds a
``project`` section), the findings of every rule that judges entities one at a time
(``Rule.judges``, linter/model/rule.py) grouped by the entity (or file) they belong to, and
the positions (spans) of the findings located in each file.

The next run of the same workspace loads every file as usual (unchanged files from the per-file
cache) and builds the whole model, then compares digests with the state. What an edit of the
changed, added and removed files can affect (the **dirty** entities):

* every entity of a changed or added file;
* every entity declared with an id a changed or removed file declares, before or after the
  edit (a duplicate appears or goes away; ``model.get`` may now resolve elsewhere);
* every entity a changed or removed file's entities refer to, before or after the edit (the
  set of entities referring to it changed: an orphan goal, an unmapped interface);
* every entity that refers, directly or through other entities, to an id a changed or removed
  file declares (what it reads through its references may have changed).

A rule whose findings also depend on which ids exist at all (``Rule.reads_declared_ids``: a "did
you mean" drawn from every declared id) runs on the whole model when the edit declares or removes
an id, and incrementally otherwise.

A rule that judges entities runs on a :class:`~linter.model.focus.FocusedBlueprint` listing only
the dirty entities of the kinds it judges (the changed files, for "document"); its findings on
clean entities come from the state. Every other rule runs on the whole model. Findings are
located through the state's spans where the file is unchanged. An edit of a ``project`` section,
a file that does not load, a rule that crashed or a found secret gives a full run instead
(which leaves a new state), and so does an edit of the files that hold every entity (a one-file
blueprint): nothing is left to carry over, and finding that out took longer than the rules. The
result is the cold run's, byte for byte: the differential test (tests/test_incremental.py)
compares them over random edits, additions and deletions.

Every rule's findings stay the rule's own: nothing here knows what a rule checks.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, TypeGuard

from linter.core.diagnostics import Span
from linter.model.blueprint import SECTIONS, Blueprint, Entity, SourceFile
from linter.model.focus import DOCUMENT, FocusedBlueprint
from linter.model.rule import Rule

# Bump when the layout of the state changes (a state of another format is a miss).
FORMAT = "1"

# (kind, id)
EntityKey = tuple[str, str]
# A finding as the rule runner returns it: (file index, pointer, message, on key).
Portable = tuple[int, str, str, bool]
# A stored finding: (owner pointer, pointer, message, on key); the owner is "/section/index" of the
# judged entity it belongs to, or "" for a "document" rule's finding.
Stored = tuple[str, str, str, bool]
# A file's facts: (digest, ids it declares, ids its entities refer to, holds a project section).
Facts = tuple[str, tuple[EntityKey, ...], tuple[EntityKey, ...], bool]
Position = tuple[int, int, int, int]


@dataclass
class State:
    files: dict[str, Facts] = field(default_factory=dict)
    # rule code → file display → its findings there
    findings: dict[str, dict[str, list[Stored]]] = field(default_factory=dict)
    # file display → (pointer, on key) → span (line, column, end line, end column), for the
    # findings located in it (tuples: a span object costs ten times as much to store and read)
    spans: dict[str, dict[tuple[str, bool], Position]] = field(default_factory=dict)

    def plain(self) -> tuple[Any, ...]:
        """What the cache stores (only built-in types and Span)."""
        return (FORMAT, self.files, self.findings, self.spans)


def from_plain(value: Any) -> State | None:
    """The state a cache entry holds, or None for anything else (a miss, never an error)."""
    if not (isinstance(value, tuple) and len(value) == 4 and value[0] == FORMAT):
        return None
    _, files, findings, spans = value
    if not (_is_files(files) and isinstance(findings, dict) and isinstance(spans, dict)):
        return None
    for by_file in findings.values():
        if not isinstance(by_file, dict):
            return None
        for stored in by_file.values():
            if not (isinstance(stored, list) and all(_is_stored(s) for s in stored)):
                return None
    for table in spans.values():
        if not (isinstance(table, dict) and _are_positions(table.values())):
            return None
    return State(files, findings, spans)


def _is_files(files: Any) -> TypeGuard[dict[str, Facts]]:
    return isinstance(files, dict) and all(
        isinstance(facts, tuple) and len(facts) == 4 and isinstance(facts[0], str) for facts in files.values()
    )


def _are_positions(items: Collection[Any]) -> bool:
    """Each item a tuple of four ints (tested in C: a state holds a position per finding)."""
    return (
        _TUPLE.issuperset(map(type, items))
        and _FOUR.issuperset(map(len, items))
        and _INT.issuperset(map(type, chain.from_iterable(items)))
    )


_TUPLE, _FOUR, _INT = frozenset({tuple}), frozenset({4}), frozenset({int})


def _is_stored(item: Any) -> bool:
    return (
        isinstance(item, tuple)
        and len(item) == 4
        and isinstance(item[0], str)
        and isinstance(item[1], str)
        and isinstance(item[2], str)
        and isinstance(item[3], bool)
    )


# -- what a file states -------------------------------------------------------------------------


def file_facts(model: Blueprint, digests: dict[str, str], known: dict[str, Facts]) -> dict[str, Facts]:
    """The facts of every loaded file of ``model`` (``digests`` by display); those of a file
    whose digest is in ``known`` are taken from there (the same bytes state the same facts)."""
    facts: dict[str, Facts] = {}
    fresh: dict[str, tuple[list[EntityKey], list[EntityKey]]] = {}
    for source in model.files:
        digest = digests.get(source.display, "")
        previous = known.get(source.display)
        if previous is not None and previous[0] == digest and digest:
            facts[source.display] = previous
        else:
            fresh[source.display] = ([], [])
    if fresh:
        # Only the fresh files' entities are visited: the whole blueprint's reference index is
        # not built for an edit of one file (the rules that need it build it).
        stored = {source.display: source.referenced_targets() for source in model.files if source.display in fresh}
        for display, lists in fresh.items():
            entities = model.entities_in(display)
            lists[0].extend((e.kind, e.id) for e in entities if e.id)
            targets = stored.get(display)
            if targets is not None:  # as found when the file was loaded, or stored with its entry
                lists[1].extend(targets)
                continue
            for entity in entities:
                lists[1].extend((r.target_kind, r.target_id) for r in model.references_of(entity))
        for source in model.files:
            if source.display in fresh:
                declared, targets = fresh[source.display]
                facts[source.display] = (
                    digests.get(source.display, ""),
                    tuple(declared),
                    tuple(dict.fromkeys(targets)),
                    isinstance(source.data, dict) and "project" in source.data,
                )
    return {source.display: facts[source.display] for source in model.files}


# -- what an edit can affect --------------------------------------------------------------------
@dataclass
class Plan:
    """The files an edit changed and the entities it can affect."""

    changed: set[str]  # displays of changed or added files
    removed: set[str]  # displays of files the state knows and the model no longer has
    dirty: set[int]  # id() of the dirty entities
    dirty_owners: set[tuple[str, str]]  # (display, pointer) of the dirty entities
    changed_sources: set[int]  # id() of the changed files' SourceFile
    by_kind: dict[str, list[Entity]]  # the dirty entities by kind, each list in model order
    # The edit declared or removed an id (or changed the kind an id is declared as): a rule with
    # ``Rule.reads_declared_ids`` then runs on the whole model.
    ids_changed: bool = False


def plan(state: State, model: Blueprint, facts: dict[str, Facts], targets: TargetIndex | None = None) -> Plan | None:
    """What changed since ``state``; None when everything may have (a ``project`` section edited)
    or has (every entity lies in a changed file: a one-file blueprint edited), and a full run
    costs less than finding out what to carry. ``targets`` is the index of which files name an
    id, as a previous run left it (patched here)."""
    changed = {d for d, f in facts.items() if not f[0] or d not in state.files or state.files[d][0] != f[0]}
    removed = set(state.files) - set(facts)
    before = [state.files[d] for d in (changed | removed) if d in state.files]
    after = [facts[d] for d in changed]
    if any(f[3] for f in (*before, *after)):
        return None  # the project section (defaults every rule may read) was edited
    declared = {key for f in (*before, *after) for key in f[1]}
    referred = {key for f in (*before, *after) for key in f[2]}
    ids_changed = {key for f in before for key in f[1]} != {key for f in after for key in f[1]}
    dirty: dict[int, Entity] = {}
    for display in changed:
        for entity in model.entities_in(display):
            dirty[id(entity)] = entity
    if len(dirty) == sum(len(model.entities_in(source.display)) for source in model.files):
        return None  # nothing is left to carry over (the walk below would only confirm it)
    for _, entity_id in declared:  # the same id declared elsewhere
        for entity in model.with_id(entity_id):
            dirty[id(entity)] = entity
    for kind, entity_id in referred:  # entities whose referrers changed
        for entity in model.with_id(entity_id):
            if entity.kind == kind:
                dirty[id(entity)] = entity
    # Everything that reads, through its references, what the changed files declare: found from
    # the files' facts (which files refer to an id) without the whole blueprint's reference
    # index. A reference to the id as any kind counts: a superset of the referrers of each
    # declared (kind, id), cheaper to find and never smaller.
    # A long-lived process patches its index; a single run scans the facts once per level of the
    # walk instead of indexing every reference of the workspace for a handful of ids.
    if targets is not None:
        targets.update(facts)
    referring = _Referrers(model, targets if targets is not None else _ScannedTargets(facts))
    level = {entity_id for _, entity_id in declared}
    seen = set(level)
    while level:
        following: set[str] = set()
        for entity in referring.to_any(level):
            dirty[id(entity)] = entity
            if entity.id and entity.id not in seen:
                seen.add(entity.id)
                following.add(entity.id)
        level = following
    return Plan(
        changed,
        removed,
        set(dirty),
        {(e.source.display, e.pointer) for e in dirty.values()},
        {id(s) for s in model.files if s.display in changed},
        _in_model_order(model, dirty.values()),
        ids_changed,
    )


def _in_model_order(model: Blueprint, entities: Iterable[Entity]) -> dict[str, list[Entity]]:
    """``entities`` by kind, each list in the order of ``model.entities(kind)``: by file, then by
    position in the file's section (the last part of the pointer)."""
    position = {source.display: index for index, source in enumerate(model.files)}
    by_kind: dict[str, list[Entity]] = {}
    for entity in entities:
        by_kind.setdefault(entity.kind, []).append(entity)
    for listed in by_kind.values():
        listed.sort(key=lambda e: (position[e.source.display], int(e.pointer.rpartition("/")[2])))
    return by_kind


class TargetIndex:
    """Which files refer to an id (as any kind), from the files' facts. Kept by a long-lived
    process between runs (linter/core/memory.py) and patched: :meth:`update` re-reads only the
    files whose facts are not the very objects it last saw."""

    def __init__(self) -> None:
        self._facts: dict[str, Facts] = {}
        self._files_by_id: dict[str, set[str]] = {}

    def update(self, facts: dict[str, Facts]) -> None:
        seen = self._facts
        for display in seen.keys() - facts.keys():
            self._drop(display, seen[display])
        for display, current in facts.items():
            before = seen.get(display)
            if before is current:
                continue
            if before is not None:
                self._drop(display, before)
            for _, target_id in current[2]:
                self._files_by_id.setdefault(target_id, set()).add(display)
        self._facts = dict(facts)

    def _drop(self, display: str, facts: Facts) -> None:
        for _, target_id in facts[2]:
            listed = self._files_by_id.get(target_id)
            if listed is not None:
                listed.discard(display)
                if not listed:
                    del self._files_by_id[target_id]

    def files_naming_any(self, entity_ids: Collection[str]) -> list[str]:
        return sorted({display for entity_id in entity_ids for display in self._files_by_id.get(entity_id, ())})

    def files_naming(self, entity_id: str) -> Collection[str]:
        """The files that refer to ``entity_id`` (read-only)."""
        return self._files_by_id.get(entity_id, frozenset())


class _ScannedTargets:
    """Which files refer to any of some ids, found by one pass over the files' facts (each file's
    references tested against the ids in every kind at once, in C: no index is built)."""

    _KINDS = tuple(sorted(set(SECTIONS.values())))

    def __init__(self, facts: dict[str, Facts]) -> None:
        self._facts = facts

    def files_naming_any(self, entity_ids: Collection[str]) -> list[str]:
        wanted = {(kind, entity_id) for kind in self._KINDS for entity_id in entity_ids}
        return sorted(display for display, facts in self._facts.items() if not wanted.isdisjoint(facts[2]))

    def files_naming_each(self, entity_ids: Collection[str]) -> dict[str, Collection[str]]:
        """For each of ``entity_ids``, the files that refer to it, in the same one pass (each
        file's references intersected with every (kind, id) wanted)."""
        wanted = {(kind, entity_id) for kind in self._KINDS for entity_id in entity_ids}
        found: dict[str, set[str]] = {entity_id: set() for entity_id in entity_ids}
        for display, facts in self._facts.items():
            for _, entity_id in wanted.intersection(facts[2]):
                found[entity_id].add(display)
        return dict(found)


class _Referrers:
    """The entities that refer to some ids (as any kind), looked up through the files' facts: only
    the files whose facts name one of them are visited, and only their entities' references read."""

    def __init__(self, model: Blueprint, targets: TargetIndex | _ScannedTargets) -> None:
        self._model = model
        self._targets = targets

    def to_any(self, entity_ids: Collection[str]) -> list[Entity]:
        found = []
        for display in self._targets.files_naming_any(entity_ids):
            for entity in self._model.entities_in(display):
                if any(r.target_id in entity_ids for r in self._model.references_of(entity)):
                    found.append(entity)
        return found


# -- owners -------------------------------------------------------------------------------------
_KIND_OF_SECTION = {f"/{section}": kind for section, kind in SECTIONS.items()}


def owner(pointer: str, judges: Sequence[str]) -> str | None:
    """The "/section/index" of the judged entity ``pointer`` is in ("" for a "document" rule),
    or None when it is in none (the rule broke its promise: linter/model/rule.py)."""
    if DOCUMENT in judges:
        return ""
    head, _, rest = pointer[1:].partition("/")
    index = rest.partition("/")[0]
    kind = _KIND_OF_SECTION.get(f"/{head}")
    if kind is None or kind not in judges or not index.isdigit():
        return None
    return f"/{head}/{index}"


# -- one run ------------------------------------------------------------------------------------
# How many ids a focused model's referrers find by scanning the files' facts before an index of
# them all is built (Session._files_naming).
_SCANS_BEFORE_INDEXING = 8


class Session:
    """One workspace's rules run incrementally against ``previous`` (None: a full run that only
    records the state for the next one)."""

    def __init__(
        self, previous: State | None, model: Blueprint, digests: dict[str, str], targets: TargetIndex | None = None
    ) -> None:
        self.model = model
        self.facts = file_facts(model, digests, previous.files if previous is not None else {})
        self.previous = previous
        self.plan = plan(previous, model, self.facts, targets) if previous is not None else None
        self._targets = targets
        # Session._files_naming: the files naming each id asked about, and how many were not dirty.
        self._naming: dict[str, Collection[str]] | None = None
        self._misses = 0
        self._views: dict[tuple[str, ...], FocusedBlueprint] = {}
        self._displays = [source.display for source in model.files]
        self._positions = {display: index for index, display in enumerate(self._displays)}
        # Positions found in this run, by file; the unchanged files' known ones are looked up.
        self.spans: dict[str, dict[tuple[str, bool], Position]] = {}
        self.findings: dict[str, dict[str, list[Stored]]] = {}

    def incremental(self, rule: Rule) -> bool:
        """Whether ``rule`` runs on the focused model, its other findings taken from the state."""
        return (
            self.plan is not None
            and self.previous is not None
            and bool(rule.judges)
            and rule.code in self.previous.findings
            and not (rule.reads_declared_ids and self.plan.ids_changed)
        )

    def model_for(self, rule: Rule) -> Blueprint:
        if not self.incremental(rule):
            return self.model
        assert self.plan is not None
        judges = tuple(sorted(rule.judges))
        view = self._views.get(judges)
        if view is None:
            view = self._views[judges] = FocusedBlueprint(
                self.model, judges, self.plan.by_kind, self.plan.changed_sources, self._files_naming
            )
        return view

    def _files_naming(self, entity_id: str) -> Collection[str]:
        """The files whose facts refer to ``entity_id`` (as any kind). A long-lived process keeps
        an index of them (patched by :func:`plan`). A single run finds them for every dirty
        entity's id in one pass over the facts (what a focused rule asks about), any other id by
        a pass of its own, and after a few of those builds the index (0.1-0.15 s for 2,000 files)."""
        if self._targets is None and self._misses >= _SCANS_BEFORE_INDEXING:
            self._targets = TargetIndex()
            self._targets.update(self.facts)
        if self._targets is not None:
            return self._targets.files_naming(entity_id)
        if self._naming is None:
            assert self.plan is not None
            dirty_ids = {e.id for listed in self.plan.by_kind.values() for e in listed if e.id}
            self._naming = _ScannedTargets(self.facts).files_naming_each(dirty_ids)
        found = self._naming.get(entity_id)
        if found is None:
            self._misses += 1
            found = self._naming[entity_id] = _ScannedTargets(self.facts).files_naming_each((entity_id,))[entity_id]
        return found

    def merge(self, rule: Rule, fresh: list[Portable]) -> list[Portable] | None:
        """The rule's findings on the whole blueprint: ``fresh`` (from the focused model) and its
        stored findings on the clean entities; None when a fresh finding lies outside the dirty
        entities (the rule must then run on the whole model)."""
        assert self.plan is not None and self.previous is not None
        plan, judges = self.plan, rule.judges
        for index, pointer, _, _ in fresh:
            display = self._displays[index]
            place = owner(pointer, judges)
            if place is None:
                return None
            if place == "" and display not in plan.changed:
                return None
            if place and (display, place) not in plan.dirty_owners:
                return None
        merged = list(fresh)
        for display, stored in self.previous.findings[rule.code].items():
            position = self._positions.get(display)
            if position is None or display in plan.changed:
                continue  # removed, or re-judged in full above
            for place, pointer, message, on_key in stored:
                if place and (display, place) in plan.dirty_owners:
                    continue
                merged.append((position, pointer, message, on_key))
        return merged

    def record(self, rule: Rule, findings: Iterable[Portable]) -> None:
        """Keep a judging rule's findings (of the whole blueprint) for the next run, by owner; a
        rule with a finding no judged entity owns is not kept (the next run runs it whole)."""
        if not rule.judges:
            return
        by_file: dict[str, list[Stored]] = {}
        for index, pointer, message, on_key in findings:
            place = owner(pointer, rule.judges)
            if place is None:
                return
            by_file.setdefault(self._displays[index], []).append((place, pointer, message, on_key))
        self.findings[rule.code] = by_file

    def known_spans(self, source: SourceFile) -> Mapping[tuple[str, bool], Position] | None:
        """The positions the previous run found in ``source``, by (pointer, on key); None when
        the file changed (or there is no previous run): its findings are located afresh."""
        if self.plan is None or self.previous is None or source.display in self.plan.changed:
            return None
        return self.previous.spans.get(source.display)

    def note_span(self, source: SourceFile, pointer: str, on_key: bool, span: Span) -> None:
        position = (span.line, span.column, span.end_line, span.end_column)
        self.spans.setdefault(source.display, {})[(pointer, on_key)] = position

    def state(self) -> State:
        """The state the next run starts from: this run's facts and findings, and the positions
        known in each file (the previous run's too, for a file that did not change)."""
        spans: dict[str, dict[tuple[str, bool], Position]] = {}
        unchanged = set() if self.plan is None else set(self.facts) - self.plan.changed
        if self.previous is not None:
            for display in unchanged:
                if display in self.previous.spans:
                    spans[display] = dict(self.previous.spans[display])
        for display, table in self.spans.items():
            spans.setdefault(display, {}).update(table)
        return State(self.facts, self.findings, spans)
