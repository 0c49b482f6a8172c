"""The coverage figures as plain values, so a result (and the result cache) can carry them.

They are computed by ``linter.model.coverage`` (which re-exports :class:`Figure`); this module only
holds them and adds them up over workspaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# A figure as the result cache stores it (plain data): (key, label, covered, total, missing).
PlainFigure = tuple[str, str, int, int, tuple[str, ...]]


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

    def plain(self) -> PlainFigure:
        return (self.key, self.label, self.covered, self.total, self.missing)

    @classmethod
    def from_plain(cls, value: PlainFigure) -> Figure:
        key, label, covered, total, missing = value
        return cls(key, label, covered, total, tuple(missing))


def is_plain_figures(value: object) -> bool:
    """Whether ``value`` is a list of :data:`PlainFigure` (a cache entry is checked before use)."""
    return isinstance(value, list) and all(
        isinstance(item, tuple)
        and len(item) == 5
        and isinstance(item[0], str)
        and isinstance(item[1], str)
        and type(item[2]) is int
        and type(item[3]) is int
        and isinstance(item[4], tuple)
        and all(isinstance(name, str) for name in item[4])
        for item in value
    )


@dataclass(frozen=True)
class WorkspaceCoverage:
    """The figures of one workspace (``root`` as shown, ``.`` for the current directory)."""

    root: str
    figures: tuple[Figure, ...]


def total(workspaces: Sequence[WorkspaceCoverage]) -> list[Figure]:
    """The figures of several workspaces added up, key by key (covered and total summed, the missing
    ids concatenated in workspace order); one workspace's figures unchanged."""
    if len(workspaces) == 1:
        return list(workspaces[0].figures)
    order: dict[str, Figure] = {}
    for workspace in workspaces:
        for figure in workspace.figures:
            known = order.get(figure.key)
            order[figure.key] = (
                figure
                if known is None
                else Figure(
                    figure.key,
                    figure.label,
                    known.covered + figure.covered,
                    known.total + figure.total,
                    known.missing + figure.missing,
                )
            )
    return list(order.values())


def percent_text(figure: Figure) -> str:
    """The percentage with one decimal, never rounded up to 100.0 while something is missing."""
    value = figure.percent
    text = f"{value:.1f}"
    if text == "100.0" and figure.covered < figure.total:
        text = "99.9"
    return f"{text}%"


def below(figure: Figure, minimum: float) -> bool:
    """Whether the figure is below ``minimum`` percent, in exact arithmetic (2 of 3 is not below 66.666…%)."""
    return figure.covered * 100 < minimum * figure.total


def plain(figures: Iterable[Figure]) -> list[PlainFigure]:
    return [figure.plain() for figure in figures]
