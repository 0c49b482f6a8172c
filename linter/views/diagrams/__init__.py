"""``blueprint-lint diagram``: the blueprint drawn as its integration diagram, its interaction
diagrams and its mapping tables (issue 15), as Mermaid, Graphviz DOT, SVG, Markdown or HTML text.

The public face, for the command line and the report:

- :func:`integration`: systems grouped by hosting, platforms in the path of the interfaces that use
  them, one edge per interface (``--goal`` / ``--process`` / ``--system`` slices);
- :func:`interactions`: one sequence diagram per process;
- :func:`mapping_tables`: one table per mapping;
- :func:`marked_interfaces`: the interfaces with error findings, whose edges are marked.

``link(id) -> href`` is asked for every system, platform and interface id drawn (an empty string
means no link); SVG wraps the node or edge in ``<a href>``, DOT sets ``URL``, Mermaid adds a
``click`` line for the nodes (Mermaid has no links on edges).

Everything is a pure function of the model: same blueprint, same bytes.
"""

from __future__ import annotations

from collections.abc import Callable

from linter.api import Blueprint, Diagnostic, LintResult, Severity

from . import dot, mermaid, sequence, svg, tables
from .graph import Graph, UnknownId, build

__all__ = [
    "INTEGRATION_FORMATS",
    "INTERACTION_FORMATS",
    "MAPPING_FORMATS",
    "Graph",
    "UnknownId",
    "integration",
    "interactions",
    "mapping_tables",
    "marked_interfaces",
]

INTEGRATION_FORMATS = ("mermaid", "dot", "svg")
INTERACTION_FORMATS = ("mermaid", "svg")
MAPPING_FORMATS = ("markdown", "html")


def _check(fmt: str, allowed: tuple[str, ...], what: str) -> None:
    if fmt not in allowed:
        raise ValueError(f"the {what} is not drawn as {fmt!r}; formats: {', '.join(allowed)}")


def integration(
    model: Blueprint,
    fmt: str,
    *,
    goal: str | None = None,
    process: str | None = None,
    system: str | None = None,
    marked: frozenset[str] = frozenset(),
    link: Callable[[str], str] | None = None,
) -> str:
    """The integration diagram (``fmt``: mermaid, dot or svg) of the blueprint or of one slice.
    Raises :class:`UnknownId` when a slice names an id the blueprint does not declare."""
    _check(fmt, INTEGRATION_FORMATS, "integration diagram")
    graph = build(model, goal=goal, process=process, system=system, marked=marked)
    if fmt == "mermaid":
        return mermaid.integration(graph, link)
    if fmt == "dot":
        return dot.integration(graph, link)
    sliced = [f"{name} {value}" for name, value in (("goal", goal), ("process", process), ("system", system)) if value]
    return svg.integration(graph, link, title=" · ".join(["Integration diagram", *sliced]))


def interactions(model: Blueprint, fmt: str, *, process: str | None = None) -> list[tuple[str, str]]:
    """``[(process id, diagram text)]`` in process order (``fmt``: mermaid or svg)."""
    _check(fmt, INTERACTION_FORMATS, "interaction diagram")
    render = mermaid.interaction if fmt == "mermaid" else svg.interaction
    return [(s.process, render(s)) for s in sequence.sequences(model, process)]


def mapping_tables(model: Blueprint, fmt: str) -> list[tuple[str, str]]:
    """``[(mapping id, table text)]`` in mapping order (``fmt``: markdown or html)."""
    _check(fmt, MAPPING_FORMATS, "mapping table")
    return tables.tables(model, fmt)


def findings_by_interface(result: LintResult, model: Blueprint) -> dict[tuple[str, str], list[Diagnostic]]:
    """The findings inside each interface, keyed by (file, the interface's pointer): those in its
    file whose JSON pointer is the interface's or lies under it."""
    # An entity's pointer is always ``/<section>/<index>``, so a finding's first two segments name
    # the entity it lies in: one lookup per finding (comparing every finding with every interface
    # of its file took seconds on a large blueprint).
    keys = {(interface.source.display, interface.pointer) for interface in model.interfaces}
    found: dict[tuple[str, str], list[Diagnostic]] = {}
    for diagnostic in result.diagnostics:
        if not diagnostic.pointer:
            continue
        key = (diagnostic.file, "/".join(diagnostic.pointer.split("/", 3)[:3]))
        if key in keys:
            found.setdefault(key, []).append(diagnostic)
    return found


def marked_interfaces(result: LintResult, model: Blueprint) -> frozenset[str]:
    """Ids of the interfaces with an error-severity finding (see :func:`findings_by_interface`)."""
    inside = findings_by_interface(result, model)
    return frozenset(
        interface.id
        for interface in model.interfaces
        if interface.id
        and any(d.severity is Severity.ERROR for d in inside.get((interface.source.display, interface.pointer), ()))
    )
