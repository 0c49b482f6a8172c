"""The integration diagram as Graphviz DOT (``dot -Tsvg``), hosting groups as clusters."""

from __future__ import annotations

from collections.abc import Callable

from .escape import dot_string
from .graph import Graph
from .mermaid import MARK

MARKED_COLOUR = "#c0392b"


def integration(graph: Graph, link: Callable[[str], str] | None = None) -> str:
    lines = [
        "digraph integration {",
        "  rankdir=LR;",
        '  graph [fontname="Helvetica", fontsize=11, nodesep=0.4, ranksep=1.2];',
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
    ]
    for key, label, members in graph.groups():
        lines.append(f"  subgraph {dot_string('cluster_' + key)} {{")
        lines.append(f'    label={dot_string(label)}; style="rounded,dashed"; color="#999999";')
        for node in members:
            text = node.name + (f"\n{node.kind}" if node.kind else "")
            attrs = [f"label={dot_string(text)}", f"tooltip={dot_string(node.title)}", 'class="bl-node"']
            attrs.append(f"id={dot_string('node-' + node.id)}")
            if node.platform:
                attrs += ["shape=hexagon", 'fillcolor="#eef3fb"', 'class="bl-platform"']
                attrs.remove('class="bl-node"')
            href = link(node.id) if link is not None else ""
            if href:
                attrs.append(f"URL={dot_string(href)}")
            lines.append(f"    {dot_string(node.id)} [{', '.join(attrs)}];")
        lines.append("  }")
    for edge in graph.edges:
        hops = edge.path
        for index in range(len(hops) - 1):
            text = edge.label if index == 0 else edge.id
            attrs = [
                f"label={dot_string((MARK if edge.marked else '') + text)}",
                f"tooltip={dot_string(edge.title)}",
                'class="bl-edge"',
                f"id={dot_string(f'edge-{edge.id}-{index}')}",
            ]
            if edge.bidirectional:
                attrs.append("dir=both")
            if edge.marked:
                attrs += [f'color="{MARKED_COLOUR}"', f'fontcolor="{MARKED_COLOUR}"', "penwidth=2.5", 'style="bold"']
            href = link(edge.id) if link is not None else ""
            if href:
                attrs.append(f"URL={dot_string(href)}")
            lines.append(f"  {dot_string(hops[index])} -> {dot_string(hops[index + 1])} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
