"""The integration diagram as a Mermaid ``flowchart`` (renders in GitHub and Azure DevOps wikis)."""

from __future__ import annotations

from collections.abc import Callable

from .escape import mermaid_ids, mermaid_text
from .graph import Graph
from .sequence import Note, Sequence

MARK = "⚠ "
_MARKED_STYLE = "stroke:#c0392b,stroke-width:3px,color:#c0392b"


def integration(graph: Graph, link: Callable[[str], str] | None = None) -> str:
    ids = mermaid_ids([n.id for n in graph.nodes], "n")
    lines = ["flowchart LR"]
    for key, label, members in graph.groups():
        lines.append(f'  subgraph g_{key}["{mermaid_text(label)}"]')
        lines.append("    direction TB")
        for node in members:
            text = mermaid_text(node.name)
            if node.kind:
                text += "<br/><small>" + mermaid_text(node.kind) + "</small>"
            if node.platform:
                lines.append(f'    {ids[node.id]}{{{{"{text}"}}}}')
            else:
                lines.append(f'    {ids[node.id]}["{text}"]')
        lines.append("  end")
    marked_links: list[int] = []
    count = 0
    for edge in graph.edges:
        arrow = "<-->" if edge.bidirectional else "-->"
        label = (MARK if edge.marked else "") + edge.label
        hops = edge.path
        for index in range(len(hops) - 1):
            # The whole label on the first hop; the hop out of a platform names the interface only.
            text = label if index == 0 else (MARK if edge.marked else "") + edge.id
            lines.append(f'  {ids[hops[index]]} {arrow}|"{mermaid_text(text)}"| {ids[hops[index + 1]]}')
            if edge.marked:
                marked_links.append(count)
            count += 1
    lines.append("  classDef platform fill:#eef3fb,stroke:#4a6fa5")
    platforms = [ids[n.id] for n in graph.nodes if n.platform]
    if platforms:
        lines.append(f"  class {','.join(platforms)} platform")
    if marked_links:
        lines.append(f"  linkStyle {','.join(str(i) for i in marked_links)} {_MARKED_STYLE}")
    if link is not None:
        for node in graph.nodes:
            href = link(node.id)
            if href:
                lines.append(f'  click {ids[node.id]} href "{_href(href)}" "{mermaid_text(node.title)}"')
    return "\n".join(lines) + "\n"


def _href(href: str) -> str:
    """A link target inside Mermaid's double quotes: no quote, no line break, no script scheme."""
    cleaned = "".join(c for c in href if c not in '"\n\r\t<>`')
    return "#" if cleaned.strip().lower().startswith(("javascript:", "data:", "vbscript:")) else cleaned


_ARROWS = {"sync": "->>", "reply": "-->>", "async": "-)"}


def interaction(sequence: Sequence) -> str:
    """One process as a Mermaid ``sequenceDiagram``."""
    ids = mermaid_ids([p.key.partition(":")[2] or p.key for p in sequence.participants], "p")
    by_key = {p.key: ids[p.key.partition(":")[2] or p.key] for p in sequence.participants}
    # personas and systems may share a name: keys, not names, pick the identifier
    if len(set(by_key.values())) != len(by_key):
        by_key = {p.key: f"p{i}" for i, p in enumerate(sequence.participants)}
    lines = ["sequenceDiagram", f"  %% {mermaid_text(sequence.title)}"]
    for participant in sequence.participants:
        word = "actor" if participant.actor else "participant"
        lines.append(f"  {word} {by_key[participant.key]} as {mermaid_text(participant.label)}")
    for event in sequence.events:
        if isinstance(event, Note):
            over = ",".join(by_key[k] for k in event.over)
            lines.append(f"  Note over {over}: {mermaid_text(event.text)}")
        else:
            arrow = _ARROWS[event.style]
            lines.append(f"  {by_key[event.source]}{arrow}{by_key[event.target]}: {mermaid_text(event.text)}")
    return "\n".join(lines) + "\n"
