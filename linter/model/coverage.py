"""Coverage figures of a blueprint: how much of it is traced, measured and linked.

Pure functions of the model (and, for :func:`rule_counts`, of the findings). Each figure counts the
interfaces (or goals) **declared in the requested files** of the workspace: files loaded only to
resolve references (``SourceFile.requested`` is False, e.g. a pre-commit run on one file of a
blueprint split over many) are not judged, but they still resolve references, so an interface of a
requested file traced to a goal declared elsewhere counts as traced. Pass ``requested`` to choose
the files another way.

Figures, by key (the keys of the configuration's ``coverage`` section):

- ``goal-trace``: interfaces traced to a goal that exists (their own ``goals`` or their process's);
- ``frequency``: interfaces that state their frequency, as CP002 defines it;
- ``volume``: interfaces that state an average and a peak volume, as CP003 defines it (user-interface
  embeddings move no records and are not counted);
- ``alm-links``: interfaces with at least one ALM link that resolves (inline, or an ``alm_links`` id);
- ``alm-<type>``, one per ``alm_type`` of the schema, spelled as the enum (``alm-user_story``,
  ``alm-test_case``): interfaces with a resolving ALM link of that type;
- ``mapping``: interfaces with a field mapping (a ``mappings`` entry whose ``interface`` is theirs);
- ``goals-served``: goals that at least one interface or process (of any loaded file) serves.

A figure over nothing (no interface, no goal) is 100 %: nothing is missing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from linter.core.diagnostics import Diagnostic
from linter.core.figures import Figure
from linter.model.blueprint import Blueprint, Entity, SourceFile
from linter.model.completeness import needs_volume, states_frequency, states_volume

__all__ = ["ALM_TYPES", "FIGURE_KEYS", "FIGURE_LABELS", "Figure", "coverage", "rule_counts"]

# The ``alm_type`` enum of ``schemas/blueprint-v1.schema.json``, in its order (a test keeps them equal).
ALM_TYPES: tuple[str, ...] = (
    "functional_design",
    "technical_design",
    "user_story",
    "requirement",
    "test_case",
    "test_criteria",
    "application_integration_diagram",
    "interaction_diagram",
    "process_documentation",
    "work_item",
    "repo",
)

# Every figure key, in report order, with its label.
FIGURE_LABELS: dict[str, str] = {
    "goal-trace": "interfaces traced to a goal",
    "frequency": "interfaces with a frequency",
    "volume": "interfaces with a volume",
    "alm-links": "interfaces with an ALM link",
    **{f"alm-{kind}": f"interfaces with an ALM link: {kind.replace('_', ' ')}" for kind in ALM_TYPES},
    "mapping": "interfaces with a field mapping",
    "goals-served": "goals served by an interface or process",
}
FIGURE_KEYS: tuple[str, ...] = tuple(FIGURE_LABELS)


def _name(entity: Entity) -> str:
    return entity.id or entity.label


def _figure(key: str, entities: list[Entity], covered: list[bool]) -> Figure:
    missing = tuple(_name(entity) for entity, ok in zip(entities, covered, strict=True) if not ok)
    return Figure(key, FIGURE_LABELS[key], len(entities) - len(missing), len(entities), missing)


def _is_requested(source: SourceFile) -> bool:
    return source.requested


def coverage(model: Blueprint, requested: Callable[[SourceFile], bool] | None = None) -> list[Figure]:
    """Every figure of ``FIGURE_KEYS`` for the entities declared in the requested files, in that order."""
    chosen = requested or _is_requested
    interfaces = [entity for entity in model.interfaces if chosen(entity.source)]
    goals = [entity for entity in model.goals if chosen(entity.source)]
    declared_goals = {goal.id for goal in model.goals if goal.id}
    mapped = {mapping.get_str("interface") for mapping in model.mappings}

    # One pass over the interfaces, each figure a column of it.
    served: set[str] = set()  # goals may be served by an entity of any loaded file
    traced: list[bool] = []
    linked: list[bool] = []
    types: list[set[str]] = []
    for interface in model.interfaces:
        goal_ids = model.goals_of(interface)
        served.update(goal_ids)
        if not chosen(interface.source):
            continue
        traced.append(any(goal_id in declared_goals for goal_id in goal_ids))
        links = model.alm_links_of(interface)
        linked.append(bool(links))
        # A link whose type is not a string (a schema error) counts as a link of no type.
        types.append({kind for _, data in links if isinstance(kind := data.get("type"), str)})
    for process in model.processes:
        served.update(process.get_str_list("goals"))
    volume_asked = [entity for entity in interfaces if needs_volume(entity)]

    figures = [
        _figure("goal-trace", interfaces, traced),
        _figure("frequency", interfaces, [states_frequency(entity) for entity in interfaces]),
        _figure("volume", volume_asked, [states_volume(entity) for entity in volume_asked]),
        _figure("alm-links", interfaces, linked),
    ]
    for kind in ALM_TYPES:
        figures.append(_figure(f"alm-{kind}", interfaces, [kind in found for found in types]))
    figures.append(_figure("mapping", interfaces, [bool(entity.id) and entity.id in mapped for entity in interfaces]))
    figures.append(_figure("goals-served", goals, [bool(goal.id) and goal.id in served for goal in goals]))
    return figures


def rule_counts(diagnostics: Iterable[Diagnostic]) -> list[tuple[str, str, int]]:
    """(code, name, count) of each code among ``diagnostics``, by code."""
    counts: Counter[tuple[str, str]] = Counter((diagnostic.code, diagnostic.name) for diagnostic in diagnostics)
    by_code: dict[str, tuple[str, int]] = {}
    for (code, name), count in sorted(counts.items()):
        if code in by_code:  # one code, two names (never for built-ins): keep the first, add up
            by_code[code] = (by_code[code][0], by_code[code][1] + count)
        else:
            by_code[code] = (name, count)
    return [(code, name, count) for code, (name, count) in sorted(by_code.items())]
