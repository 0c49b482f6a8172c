"""The model as an incremental run shows it to a rule that judges entities one at a time.

A rule with ``Rule.judges`` (linter/model/rule.py) promises that what it says about an entity
depends only on the entity and its neighbours. After an edit, the engine therefore runs it on a
:class:`FocusedBlueprint`: the lists of the kinds it judges (and ``documents()`` for "document")
hold only the entities the edit can affect, while every lookup (``get``, ``referrers``,
``references``, ``ids``) and every other kind's list answers for the whole blueprint. The rule
itself is unchanged: it iterates ``model.interfaces`` as always and simply sees fewer of them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterator, Mapping
from typing import Any

from linter.model.blueprint import (
    KINDS,
    Blueprint,
    Entity,
    Reference,
    SourceFile,
    any_reference_through,
    referring_kinds,
)

DOCUMENT = "document"
# What ``Rule.judges`` may name: an entity kind, or "document" (a whole file at a time).
JUDGEABLE: tuple[str, ...] = (*KINDS, DOCUMENT)


class FocusedBlueprint(Blueprint):
    """``whole`` with the lists of ``judged`` kinds narrowed to ``entities`` (by kind, each list in
    the whole model's order) and, if "document" is judged, ``documents()`` narrowed to ``files``
    (ids of SourceFile). Read-only, like the model it narrows."""

    def __init__(
        self,
        whole: Blueprint,
        judged: Collection[str],
        entities: Mapping[str, list[Entity]],
        files: Collection[int],
        files_naming: Callable[[str], Collection[str]] | None = None,
    ) -> None:
        # No dataclass __post_init__: the indexes are the whole model's, shared, never rebuilt.
        self.files = whole.files
        self._index = whole._index
        self._by_file = whole._by_file
        self._by_kind = {
            kind: entities.get(kind, []) if kind in judged else listed for kind, listed in whole._by_kind.items()
        }
        # Its own memo: an analysis computed over narrowed lists must never reach a rule that
        # runs on the whole model (and the whole model's analyses are not valid here either).
        self._memo: dict[Hashable, Any] = {}
        # Per-entity facts hold for an entity whichever view asks (Blueprint.memo_of).
        self._entity_memo = whole._entity_memo
        self._whole = whole
        self._files = files if DOCUMENT in judged else None
        # The files that may refer to an id (a superset, from the files' facts): a rule asking who
        # refers to a few dirty entities reads those files, not the whole blueprint's index.
        self._files_naming = files_naming

    @property
    def references(self) -> list[Reference]:
        return self._whole.references

    def referrers(self, kind: str, entity_id: str, source_kind: str | None = None) -> list[Reference]:
        whole = self._whole
        if self._wants_index(kind, source_kind):
            return whole.referrers(kind, entity_id, source_kind)
        assert self._files_naming is not None
        return whole.referrers_within(kind, entity_id, source_kind, self._files_naming(entity_id))

    def has_referrer(
        self, kind: str, entity_id: str, source_kind: str | None = None, paths: Collection[str] | None = None
    ) -> bool:
        whole = self._whole
        if self._wants_index(kind, source_kind):
            return whole.has_referrer(kind, entity_id, source_kind, paths)
        assert self._files_naming is not None
        # Read file by file, in the order referrers lists them, up to the first that answers: every
        # interface of a workspace names its one platform, and OP007 only asks whether one does.
        found = whole.referrers_within_each(kind, entity_id, source_kind, self._files_naming(entity_id))
        return any_reference_through(found, paths)

    def _wants_index(self, kind: str, source_kind: str | None) -> bool:
        """Whether a question about who refers to ``kind`` is answered from the whole model's index:
        with no files' facts to narrow it, once the index is built, or when building it is the
        cheaper. The index costs a visit of every entity that could refer; finding the files that
        do costs a pass over every file's facts. With fewer such entities than files (no mappings
        yet, a few processes), the index is the cheaper."""
        whole = self._whole
        if self._files_naming is None or whole.has_referrer_index(kind, source_kind):
            return True
        return sum(len(whole._by_kind[k]) for k in referring_kinds(kind, source_kind)) <= len(whole.files)

    def documents(self) -> Iterator[tuple[SourceFile, dict[str, Any]]]:
        if self._files is None:
            yield from self._whole.documents()
            return
        for source in self._whole.files:  # the file first: the others' data is never read
            if id(source) in self._files and isinstance(source.data, dict):
                yield source, source.data

    @property
    def project(self) -> dict[str, Any] | None:
        return self._whole.project
