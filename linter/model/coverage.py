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
from dataclasses import dataclass

from linter.core.diagnostics import Diagnostic
from linter.model.blueprint import Blueprint, Entity, SourceFile
from linter.model.completeness import needs_volume, states_frequency, states_volume

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


@dataclass(frozen=True)
class Figure:
    """One coverage figure: ``covered`` of ``total`` entities; ``missing`` names the others (ids, in
    file order; an entity without an id is named by its label, ``interface at /interfaces/3``)."""

    key: str
    label: str
    covered: int
    total: int
    missing: tuple[str, ...]

    @property
    def percent(self) -> float:
        """The share covered, 0–100; 100.0 when there is nothing to cover."""
        return 100.0 if self.total == 0 else 100.0 * self.covered / self.total


def _name(entity: Entity) -> str:
    return entity.id or entity.label


def _figure(key: str, entities: list[Entity], covered: Callable[[Entity], bool]) -> Figure:
    missing = tuple(_name(entity) for entity in entities if not covered(entity))
    return Figure(key, FIGURE_LABELS[key], len(entities) - len(missing), len(entities), missing)


def _is_requested(source: SourceFile) -> bool:
    return source.requested


def coverage(model: Blueprint, requested: Callable[[SourceFile], bool] | None = None) -> list[Figure]:
    """Every figure of ``FIGURE_KEYS`` for the entities declared in the requested files, in that order."""
    chosen = requested or _is_requested
    interfaces = [entity for entity in model.interfaces if chosen(entity.source)]
    goals = [entity for entity in model.goals if chosen(entity.source)]

    def traced(interface: Entity) -> bool:
        return any(model.get("goal", goal_id) is not None for goal_id in model.goals_of(interface))

    link_types: dict[int, set[str]] = {}
    for interface in interfaces:
        links = model.alm_links_of(interface)
        # A link whose type is not a string (a schema error) counts as a link of no type.
        link_types[id(interface)] = {kind for _, data in links if isinstance(kind := data.get("type"), str)}

    served: set[str] = set()
    for interface in model.interfaces:
        served.update(model.goals_of(interface))
    for process in model.processes:
        served.update(process.get_str_list("goals"))

    figures = [
        _figure("goal-trace", interfaces, traced),
        _figure("frequency", interfaces, states_frequency),
        _figure("volume", [entity for entity in interfaces if needs_volume(entity)], states_volume),
        _figure("alm-links", interfaces, lambda entity: bool(model.alm_links_of(entity))),
    ]
    for kind in ALM_TYPES:

        def typed(entity: Entity, kind: str = kind) -> bool:
            return kind in link_types[id(entity)]

        figures.append(_figure(f"alm-{kind}", interfaces, typed))
    figures.append(_figure("mapping", interfaces, lambda entity: bool(entity.id and model.mappings_for(entity.id))))
    figures.append(_figure("goals-served", goals, lambda goal: bool(goal.id) and goal.id in served))
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
