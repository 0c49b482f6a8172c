"""XR002 duplicate-id: Every id is declared once across the whole blueprint, whatever the file or kind."""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import KIND_LABELS, Blueprint, Entity, Finding, Rule, Severity


def _position(entity: Entity) -> str:
    locator = entity.source.locator
    line = locator.span(entity.pointer + "/id").line if locator else 1
    return f"{entity.source.display}:{line}"


class DuplicateId(Rule):
    code = "XR002"
    name = "duplicate-id"
    severity = Severity.ERROR
    tags = ("cross-reference",)
    precision = "very-high"
    summary = "Every id is declared once across the whole blueprint, whatever the file or kind."
    rationale = """
References are by id, so an id declared twice makes every reference to it ambiguous: the linter,
the reviewers and any generator would pick one of the two silently. Ids are unique across all files
and all kinds, as the blueprint vocabulary proposes (blueprint-guidance §3.1).
"""
    how_to_fix = "Rename one of the entities (and the references that meant it), or delete the copy."
    passing_example = """
blueprint_version: 1
goals:
  - {id: G-01, statement: Faster case handling}
  - {id: G-02, statement: Fewer manual re-keying errors}
"""
    failing_example = """
blueprint_version: 1
goals:
  - {id: G-01, statement: Faster case handling}
  - {id: G-01, statement: Fewer manual re-keying errors}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for entity_id, entities in sorted(model.ids().items()):
            if len(entities) < 2:
                continue
            for entity in entities:
                others = ", ".join(f"{KIND_LABELS[o.kind]} at {_position(o)}" for o in entities if o is not entity)
                yield Finding.at(entity, "id", f"id '{entity_id}' is declared more than once (also as {others})")
