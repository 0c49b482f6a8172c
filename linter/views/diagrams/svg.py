"""SVG renderers in pure Python: the integration diagram (over ``layout.py``) and the interaction
diagrams (a small sequence renderer: lifelines, arrows, labels, notes).

The output is self-contained (no font, image or script is loaded: the text uses the generic
``sans-serif`` family), every blueprint text is XML-escaped, and the same input gives the same
bytes. Each system node is ``<g class="bl-node" data-id="SYS-…">``, each interface edge
``<g class="bl-edge" data-id="IF-…">`` (both hops of an interface routed through a platform are in
one group; its labels are ``<g class="bl-label" data-id="IF-…">``, drawn after every line so no
line crosses a label), each with a ``<title>`` tooltip; with ``link`` they are wrapped in
``<a href="…">``. A platform is ``<g class="bl-platform" data-id="MW-…">``. A marked edge and its
labels carry ``data-marked="true"`` (red, and the label starts with ``⚠``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .escape import xml
from .graph import Graph
from .layout import CHAR_W, MAX_LABEL_CHARS, layout
from .mermaid import MARK
from .sequence import Message, Note, Sequence

MARKED = "#c0392b"
_STYLE = (
    "<style>"
    "text{font-family:sans-serif;font-size:11px;fill:#222}"
    ".bl-group rect{fill:#f7f7f9;stroke:#b8b8c0;stroke-dasharray:4 3}"
    ".bl-group text{font-weight:bold;fill:#555}"
    ".bl-node rect{fill:#fff;stroke:#334;stroke-width:1.2}"
    ".bl-platform rect{fill:#eef3fb;stroke:#4a6fa5;stroke-width:1.2}"
    ".bl-kind{font-size:9.5px;fill:#666}"
    ".bl-edge path{fill:none;stroke:#667;stroke-width:1.3}"
    ".bl-label rect{fill:#fff;fill-opacity:.92;stroke:none}"
    ".bl-label text{font-size:10px}"
    '.bl-edge[data-marked="true"] path{stroke:' + MARKED + ";stroke-width:2.6}"
    '.bl-label[data-marked="true"] text{fill:' + MARKED + ";font-weight:bold}"
    ".bl-life{stroke:#999;stroke-dasharray:4 3}"
    ".bl-note rect{fill:#fff8d6;stroke:#c9b458}"
    ".bl-msg path{fill:none;stroke:#445;stroke-width:1.2}"
    '.bl-msg[data-style="reply"] path{stroke-dasharray:5 3}'
    "</style>"
)


def _defs() -> str:
    def marker(name: str, colour: str, orient: str) -> str:
        return (
            f'<marker id="{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="{orient}"><path d="M0,0L10,5L0,10z" fill="{colour}"/></marker>'
        )

    return (
        "<defs>"
        + marker("bl-arrow", "#667", "auto")
        + marker("bl-arrow-start", "#667", "auto-start-reverse")
        + marker("bl-arrow-marked", MARKED, "auto")
        + marker("bl-arrow-marked-start", MARKED, "auto-start-reverse")
        + marker("bl-open", "#445", "auto")
        + '<marker id="bl-async" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto"><path d="M0,0L10,5L0,10" fill="none" stroke="#445" stroke-width="1.5"/></marker>' + "</defs>"
    )


def _n(value: float) -> str:
    """A coordinate, rounded to one decimal and written without a trailing ``.0``."""
    text = f"{round(value, 1):.1f}"
    return text[:-2] if text.endswith(".0") else text


def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def _lines(text: str, chars: int, most: int) -> list[str]:
    """Words filled into at most ``most`` lines of ``chars`` characters, the last one cut with ``…``."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = [*lines[: most - 1], " ".join(lines[most - 1 :])]
    return [_cut(line, chars) for line in lines] or [""]


def _wrap(body: str, href: str) -> str:
    return f'<a href="{xml(href)}">{body}</a>' if href else body


def _open(width: float, height: float, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" role="img">',
        f"<title>{xml(title)}</title>",
        _STYLE,
        _defs(),
    ]


def integration(graph: Graph, link: Callable[[str], str] | None = None, title: str = "Integration diagram") -> str:
    placed = layout(graph)
    out = _open(placed.width, placed.height, title)
    for key, label, box in placed.bands:
        out.append(
            f'<g class="bl-group" data-group="{xml(key)}"><rect x="{_n(box.x)}" y="{_n(box.y)}" '
            f'width="{_n(box.w)}" height="{_n(box.h)}" rx="8"/>'
            f'<text x="{_n(box.x + 10)}" y="{_n(box.y + 16)}">{xml(label)}</text></g>'
        )
    hops = {(h.edge, h.index): h for h in placed.hops}
    labels: list[str] = []
    for edge in graph.edges:
        title = f"<title>{xml(edge.title)}</title>"
        marked = ' data-marked="true"' if edge.marked else ""
        href = link(edge.id) if link is not None else ""
        paths = []
        suffix = "-marked" if edge.marked else ""
        for index in range(len(edge.path) - 1):
            hop = hops[(edge.id, index)]
            (x0, y0), (xm, ym), (x1, y1) = hop.points
            d1, d2 = (xm - x0) / 2, (x1 - xm) / 2
            d = (
                f"M{_n(x0)},{_n(y0)}C{_n(x0 + d1)},{_n(y0)} {_n(xm - d1)},{_n(ym)} {_n(xm)},{_n(ym)}"
                f"C{_n(xm + d2)},{_n(ym)} {_n(x1 - d2)},{_n(y1)} {_n(x1)},{_n(y1)}"
            )
            start = f' marker-start="url(#bl-arrow{suffix}-start)"' if edge.bidirectional else ""
            paths.append(f'<path d="{d}" marker-end="url(#bl-arrow{suffix})"{start}/>')
            text = (MARK if edge.marked else "") + _cut(hop.text, MAX_LABEL_CHARS)
            box = hop.label
            # Labels are drawn after every line, so no line crosses a label's text.
            labels.append(
                _wrap(
                    f'<g class="bl-label" data-id="{xml(edge.id)}"{marked}>'
                    f"{title}"
                    f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.w)}" height="{_n(box.h)}" rx="3"/>'
                    f'<text x="{_n(box.cx)}" y="{_n(box.y + 11)}" text-anchor="middle">{xml(text)}</text></g>',
                    href,
                )
            )
        out.append(_wrap(f'<g class="bl-edge" data-id="{xml(edge.id)}"{marked}>{title}{"".join(paths)}</g>', href))
    out.extend(labels)
    chars = int((190 - 14) / CHAR_W)
    for node in graph.nodes:
        box = placed.nodes[node.id]
        cls = "bl-platform" if node.platform else "bl-node"
        lines = _lines(node.name, chars, 2)
        texts = [(line, "") for line in lines] + (
            [(_cut(node.kind, chars + 4), ' class="bl-kind"')] if node.kind else []
        )
        first = box.cy - (len(texts) - 1) * 6.5 + 4
        spans = "".join(
            f'<text{cls_attr} x="{_n(box.cx)}" y="{_n(first + i * 13)}" text-anchor="middle">{xml(text)}</text>'
            for i, (text, cls_attr) in enumerate(texts)
        )
        rx = 14 if node.platform else 5
        body = (
            f'<g class="{cls}" data-id="{xml(node.id)}"><title>{xml(node.title)}</title>'
            f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.w)}" height="{_n(box.h)}" rx="{rx}"/>'
            f"{spans}</g>"
        )
        out.append(_wrap(body, link(node.id) if link is not None else ""))
    out.append("</svg>")
    return "\n".join(out) + "\n"


# -- interaction diagrams ---------------------------------------------------------------------------
_COL_W = 190.0
_HEAD_H = 40.0
_ROW_H = 42.0
_TOP = 44.0


def _two(text: str) -> list[str]:
    """A message's text as two lines: the step and its action, then the interface and its timing."""
    head, sep, tail = text.partition(" · ")
    return [head, tail] if sep else [head]


def interaction(sequence: Sequence) -> str:
    """A sequence diagram: a box per participant, dashed lifelines, one row per message or note."""
    columns = {p.key: i for i, p in enumerate(sequence.participants)}
    # Widen the columns so the longest message between neighbours fits.
    longest = max([len(part) for e in sequence.events if isinstance(e, Message) for part in _two(e.text)] or [0])
    col_w = max(_COL_W, min(longest, 80) * CHAR_W + 30)
    width = 20 + col_w * max(len(columns), 1)
    rows = len(sequence.events)
    height = _TOP + _HEAD_H + 20 + rows * _ROW_H + 20

    def cx(key: str) -> float:
        return 20 + col_w * columns[key] + (col_w - 20) / 2

    out = _open(width, height, f"Interaction diagram {sequence.title}")
    out.append(f'<text x="20" y="22" style="font-size:13px;font-weight:bold">{xml(sequence.title)}</text>')
    bottom = height - 10
    chars = int((col_w - 36) / CHAR_W)
    for participant in sequence.participants:
        x = cx(participant.key)
        ident = participant.key.partition(":")[2]
        cls = "bl-node" if participant.key.startswith("system:") else "bl-actor"
        shape = (
            f'<rect x="{_n(x - (col_w - 40) / 2)}" y="{_n(_TOP)}" width="{_n(col_w - 40)}" height="{_n(_HEAD_H - 8)}" '
            f'rx="{16 if participant.actor else 4}" style="fill:{"#f3f7ee" if participant.actor else "#fff"};stroke:#334"/>'
        )
        out.append(
            f'<g class="{cls}" data-id="{xml(ident)}"><title>{xml(participant.label)}</title>'
            f'<line class="bl-life" x1="{_n(x)}" y1="{_n(_TOP + _HEAD_H - 8)}" x2="{_n(x)}" y2="{_n(bottom)}"/>'
            f"{shape}"
            f'<text x="{_n(x)}" y="{_n(_TOP + 20)}" text-anchor="middle">'
            f"{xml(_cut(participant.label, chars))}</text></g>"
        )
    y = _TOP + _HEAD_H + 20
    for event in sequence.events:
        if isinstance(event, Note):
            xs = [cx(k) for k in event.over]
            left, right = min(xs) - (col_w - 50) / 2, max(xs) + (col_w - 50) / 2
            text = _cut(event.text, int((right - left - 10) / CHAR_W))
            out.append(
                f'<g class="bl-note"><title>{xml(event.text)}</title>'
                f'<rect x="{_n(left)}" y="{_n(y - 4)}" width="{_n(right - left)}" height="22" rx="2"/>'
                f'<text x="{_n((left + right) / 2)}" y="{_n(y + 11)}" text-anchor="middle">{xml(text)}</text></g>'
            )
        else:
            x0, x1 = cx(event.source), cx(event.target)
            if x0 == x1:
                d = f"M{_n(x0)},{_n(y + 6)}h40v14h-40"
                tx, anchor, room = x0 + 46, "start", col_w - 60
            else:
                d = f"M{_n(x0)},{_n(y + 14)}L{_n(x1)},{_n(y + 14)}"
                tx, anchor, room = (x0 + x1) / 2, "middle", abs(x1 - x0) - 10
            keep = max(int(room / CHAR_W), 8)
            texts = [_cut(part, keep) for part in _two(event.text)]
            spans = "".join(
                f'<text x="{_n(tx)}" y="{_n(y + 9 - (len(texts) - 1 - i) * 12)}" text-anchor="{anchor}">{xml(t)}</text>'
                for i, t in enumerate(texts)
            )
            data = f' data-interface="{xml(event.interface)}"' if event.interface else ""
            out.append(
                f'<g class="bl-msg" data-style="{event.style}"{data}><title>{xml(event.text)}</title>'
                f'<path d="{d}" marker-end="url(#{"bl-async" if event.style == "async" else "bl-open"})"/>{spans}</g>'
            )
        y += _ROW_H
    out.append("</svg>")
    return "\n".join(out) + "\n"


def stack(documents: list[tuple[str, str]], gap: float = 24.0) -> str:
    """Several SVG documents one under the other in one SVG (nested ``<svg>`` elements), each
    preceded by its heading: for ``diagram --format svg`` when there is more than one picture."""
    size = re.compile(r'^<svg xmlns="http://www\.w3\.org/2000/svg" width="([0-9.]+)" height="([0-9.]+)"')
    y, width, parts = 0.0, 0.0, []
    for heading, document in documents:
        match = size.match(document)
        w, h = (float(match.group(1)), float(match.group(2))) if match else (800.0, 600.0)
        parts.append(
            f'<text x="8" y="{_n(y + 16)}" style="font-family:sans-serif;font-size:14px">{xml(heading)}</text>'
        )
        y += 24
        parts.append(document.replace("<svg ", f'<svg x="0" y="{_n(y)}" ', 1).rstrip("\n"))
        y += h + gap
        width = max(width, w)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(y)}" '
        f'viewBox="0 0 {_n(width)} {_n(y)}">'
    )
    return "\n".join([head, *parts, "</svg>"]) + "\n"
