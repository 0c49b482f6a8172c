"""The SVG integration diagram's layout: the built-in pure-Python layered layout
(``linter/views/diagrams/layout.py``) against ``grandalf`` (pure-Python Sugiyama, PyPI), on the
public-sector example and on a generated blueprint, whole and sliced by one goal.

    python bench/generate.py --count 2000 --layout workspace --out /tmp/bench/ws-2000
    pip install grandalf   # only for this comparison; blueprint-lint does not depend on it
    python bench/diagram_layout.py examples/public-sector /tmp/bench/ws-2000 --goal G-0002 --out /tmp/bench/svg

Prints the best of ``--repeat`` runs (seconds) of each layout and writes each picture as SVG under
``--out`` (grandalf's positions drawn with straight hops and the same labels), to look at.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from linter.api import lint_with_models
from linter.views.diagrams import graph as graph_module
from linter.views.diagrams import svg
from linter.views.diagrams.escape import xml
from linter.views.diagrams.layout import NODE_H, NODE_W, layout


def best(repeat: int, work: Callable[[], object]) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - start)
    return min(times), value


def grandalf_svg(graph: graph_module.Graph) -> str:
    from grandalf.graphs import Edge, Graph, Vertex
    from grandalf.layouts import SugiyamaLayout

    class View:
        w, h = NODE_W, NODE_H

    vertices = {n.id: Vertex(n.id) for n in graph.nodes}
    for v in vertices.values():
        v.view = View()
    hops = []
    for edge in graph.edges:
        path = edge.path
        for i in range(len(path) - 1):
            hops.append((edge, i, path[i], path[i + 1]))
    g = Graph(list(vertices.values()), [Edge(vertices[s], vertices[t]) for _, _, s, t in hops if s != t])
    positions: dict[str, tuple[float, float]] = {}
    offset = 0.0
    for component in g.C:  # grandalf lays out each connected component on its own
        sug = SugiyamaLayout(component)
        sug.init_all()
        sug.draw()
        xs = [v.view.xy[0] for v in component.sV]
        left = min(xs) - NODE_W
        for v in component.sV:
            x, y = v.view.xy
            positions[v.data] = (x - left + offset, y)  # top to bottom: y is the layer
        offset += max(xs) - left + NODE_W
    width = max(x for x, _ in positions.values()) + NODE_W
    height = max(y for _, y in positions.values()) + NODE_H * 2
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}">']
    out.append("<style>text{font-family:sans-serif;font-size:10px}</style>")
    for edge, i, s, t in hops:
        (x0, y0), (x1, y1) = positions[s], positions[t]
        out.append(f'<line x1="{x0:.0f}" y1="{y0:.0f}" x2="{x1:.0f}" y2="{y1:.0f}" stroke="#667"/>')
        text = edge.label if i == 0 else edge.id
        out.append(f'<text x="{(x0 + x1) / 2:.0f}" y="{(y0 + y1) / 2:.0f}" text-anchor="middle">{xml(text)}</text>')
    for node in graph.nodes:
        x, y = positions[node.id]
        out.append(
            f'<rect x="{x - NODE_W / 2:.0f}" y="{y - NODE_H / 2:.0f}" width="{NODE_W:.0f}" height="{NODE_H:.0f}" '
            f'fill="#fff" stroke="#334"/><text x="{x:.0f}" y="{y:.0f}" text-anchor="middle">{xml(node.name[:30])}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--goal", help="also time the slice of this goal (skipped where it is not declared)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write the SVGs here")
    parser.add_argument("--grandalf-max", type=int, default=500, help="skip grandalf above this many interfaces")
    args = parser.parse_args()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    for path in args.paths:
        _, workspaces = lint_with_models([path])
        model = workspaces[0].model
        slices: list[tuple[str, dict[str, str]]] = [("whole", {})]
        if args.goal and model.get("goal", args.goal) is not None:
            slices.append((f"goal {args.goal}", {"goal": args.goal}))
        for name, kw in slices:
            g = graph_module.build(model, **kw)  # type: ignore[arg-type]
            size = f"{len(g.nodes)} nodes, {len(g.edges)} interfaces"
            own_time, _ = best(args.repeat, lambda g=g: layout(g))
            svg_time, own = best(args.repeat, lambda g=g: svg.integration(g))
            line = f"{path.name} {name} ({size}): built-in layout {own_time:.3f} s, whole SVG {svg_time:.3f} s"
            stem = f"{path.name}-{name.replace(' ', '-')}"
            if args.out:
                (args.out / f"{stem}-builtin.svg").write_text(str(own), encoding="utf-8")
            if len(g.edges) <= args.grandalf_max:
                try:
                    ga_time, picture = best(args.repeat, lambda g=g: grandalf_svg(g))
                    line += f"; grandalf layout + SVG {ga_time:.3f} s"
                    if args.out:
                        (args.out / f"{stem}-grandalf.svg").write_text(str(picture), encoding="utf-8")
                except ImportError:
                    line += "; grandalf not installed"
            else:
                line += f"; grandalf skipped (over {args.grandalf_max} interfaces)"
            print(line, flush=True)


if __name__ == "__main__":
    main()
