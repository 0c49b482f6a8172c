"""A deterministic layered layout for the integration diagram, in pure Python.

Hosting groups are horizontal bands (``graph.GROUPS`` order); inside every band a node's column is
its layer (longest path from a source in the graph of hops, after the back edges of a depth-first
walk are reversed, so cycles cost nothing). Nodes sharing a band and a column are stacked and then
ordered by the mean height of their neighbours, a few sweeps (the barycentre heuristic of
Sugiyama-style layouts). Edge labels sit in the gaps between columns, beside the end of their line
whose node has fewer lines (so the labels of a hub's lines spread out with the nodes at their other
end) or halfway when both have as many, each moved up or down until it overlaps nothing placed
before it, and every edge is drawn through its label, so a label is never far from its line. Same graph, same coordinates: everything is sorted, nothing is random.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .graph import Graph, Node

NODE_W, NODE_H = 190.0, 54.0
V_GAP = 22.0
BAND_PAD = 16.0
BAND_HEAD = 22.0
BAND_GAP = 18.0
CHAR_W = 6.1  # width of one character of the 11 px sans-serif text, an estimate (no font metrics)
LABEL_CHAR_W = 5.6  # the same for the 10 px edge labels
LABEL_H = 15.0
MIN_GAP = 90.0
MAX_LABEL_CHARS = 90
SWEEPS = 4


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )


@dataclass(frozen=True)
class Hop:
    edge: str  # interface id
    index: int  # 0 for the hop out of the source, 1 for the hop out of the platform
    source: str
    target: str
    text: str  # the label drawn on this hop
    label: Box
    points: tuple[tuple[float, float], ...]  # start, through the label, end (the renderer curves it)


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    nodes: dict[str, Box]
    bands: list[tuple[str, str, Box]]  # (group key, label, box)
    hops: list[Hop]


def label_width(text: str) -> float:
    return min(len(text), MAX_LABEL_CHARS) * LABEL_CHAR_W + 8


def _layers(nodes: list[str], hops: list[tuple[str, str]]) -> dict[str, int]:
    """Longest-path layers over the hops with a depth-first walk's back edges reversed."""
    out: dict[str, list[str]] = defaultdict(list)
    for source, target in hops:
        if source != target:
            out[source].append(target)
    state: dict[str, int] = {}  # 1 on the walk's stack, 2 done
    forward: list[tuple[str, str]] = []
    order: list[str] = []
    targets = {t for s, t in hops if s != t}
    roots = [n for n in nodes if n not in targets] + [n for n in nodes if n in targets]
    for start in roots:
        if start in state:
            continue
        stack = [(start, iter(sorted(set(out[start]))))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                order.append(node)
                stack.pop()
                continue
            if state.get(child) == 1:  # a back edge: reversed, so the layers stay acyclic
                forward.append((child, node))
                continue
            forward.append((node, child))
            if child not in state:
                state[child] = 1
                stack.append((child, iter(sorted(set(out[child])))))
    preds: dict[str, list[str]] = defaultdict(list)
    for source, target in forward:
        preds[target].append(source)
    layer: dict[str, int] = {}
    for node in reversed(order):  # reverse post-order is a topological order of the forward edges
        layer[node] = max((layer[p] + 1 for p in preds[node] if p in layer), default=0)
    return layer


def layout(graph: Graph) -> Layout:
    node_ids = [n.id for n in graph.nodes]
    by_id: dict[str, Node] = {n.id: n for n in graph.nodes}
    hop_pairs: list[tuple[str, str]] = []
    for edge in graph.edges:
        path = edge.path
        hop_pairs.extend((path[i], path[i + 1]) for i in range(len(path) - 1))
    layer = _layers(node_ids, hop_pairs)
    neighbours: dict[str, list[str]] = defaultdict(list)
    for source, target in hop_pairs:
        if source != target:
            neighbours[source].append(target)
            neighbours[target].append(source)

    # The widest label leaving a column sets the gap after it.
    columns = max(layer.values(), default=0) + 1
    gap = [MIN_GAP] * columns
    for edge in graph.edges:
        path = edge.path
        for i in range(len(path) - 1):
            text = edge.label if i == 0 else edge.id
            left = min(layer[path[i]], layer[path[i + 1]])
            gap[left] = max(gap[left], label_width(text) + 40)
    column_x = [0.0] * columns
    x = BAND_PAD + 10
    for c in range(columns):
        column_x[c] = x
        x += NODE_W + gap[c]
    width = x - gap[-1] + BAND_PAD + 10

    # Cells: (group, column) → stacked node ids; first in id order, then by neighbours' heights.
    cells: dict[tuple[str, int], list[str]] = defaultdict(list)
    for node in graph.nodes:
        cells[(node.group, layer[node.id])].append(node.id)
    groups = graph.groups()
    rows = {key: max(len(cells[(key, c)]) for c in range(columns)) for key, _, _ in groups}

    def heights() -> dict[str, float]:
        found: dict[str, float] = {}
        top = 0.0
        for key, _, _ in groups:
            for c in range(columns):
                for i, node_id in enumerate(cells[(key, c)]):
                    found[node_id] = top + i
            top += rows[key] + 1
        return found

    for _ in range(SWEEPS):
        y = heights()
        for cell in cells.values():
            cell.sort(key=lambda n: (_mean([y[m] for m in neighbours[n]], y[n]), n))

    nodes: dict[str, Box] = {}
    bands: list[tuple[str, str, Box]] = []
    top = BAND_PAD
    for key, label, _ in groups:
        band_h = BAND_HEAD + rows[key] * (NODE_H + V_GAP) - V_GAP + 2 * BAND_PAD
        bands.append((key, label, Box(BAND_PAD, top, width - 2 * BAND_PAD, band_h)))
        for c in range(columns):
            for i, node_id in enumerate(cells[(key, c)]):
                nodes[node_id] = Box(column_x[c], top + BAND_HEAD + BAND_PAD + i * (NODE_H + V_GAP), NODE_W, NODE_H)
        top += band_h + BAND_GAP
    height = top - BAND_GAP + BAND_PAD

    hops = _route(graph, nodes, by_id)
    bottom = max([height, *(h.label.y + h.label.h + BAND_PAD for h in hops)])
    top_most = min([0.0, *(h.label.y - BAND_PAD for h in hops)])
    if top_most < 0:  # a label pushed above the first band: move everything down
        shift = -top_most
        nodes = {k: Box(b.x, b.y + shift, b.w, b.h) for k, b in nodes.items()}
        bands = [(k, t, Box(b.x, b.y + shift, b.w, b.h)) for k, t, b in bands]
        hops = [
            Hop(
                h.edge,
                h.index,
                h.source,
                h.target,
                h.text,
                Box(h.label.x, h.label.y + shift, h.label.w, h.label.h),
                tuple((px, py + shift) for px, py in h.points),
            )
            for h in hops
        ]
        bottom += shift
    return Layout(round(width, 1), round(bottom, 1), nodes, bands, hops)


def _mean(values: list[float], default: float) -> float:
    return sum(values) / len(values) if values else default


def _route(graph: Graph, nodes: dict[str, Box], by_id: dict[str, Node]) -> list[Hop]:
    """Ports spread along each node's side, labels placed without overlap, a polyline of three points."""
    pairs: list[tuple[str, int, str, str, str]] = []
    for edge in graph.edges:
        path = edge.path
        for i in range(len(path) - 1):
            pairs.append((edge.id, i, path[i], path[i + 1], edge.label if i == 0 else edge.id))
    # How many hops leave / enter each node's side, to spread their ports.
    out_count: dict[str, int] = defaultdict(int)
    in_count: dict[str, int] = defaultdict(int)
    for _, _, s, t, _ in pairs:
        out_count[s] += 1
        in_count[t] += 1
    out_seen: dict[str, int] = defaultdict(int)
    in_seen: dict[str, int] = defaultdict(int)
    placed = _Grid()
    for node_box in nodes.values():
        placed.add(node_box)
    hops: list[Hop] = []
    # Shorter hops first: they have the least room to move.
    order = sorted(pairs, key=lambda p: (abs(nodes[p[3]].x - nodes[p[2]].x), p[0], p[1]))
    for edge_id, index, s, t, text in order:
        a, b = nodes[s], nodes[t]
        out_seen[s] += 1
        in_seen[t] += 1
        ay = a.y + a.h * out_seen[s] / (out_count[s] + 1)
        by = b.y + b.h * in_seen[t] / (in_count[t] + 1)
        if b.x > a.x:  # forward: right side to left side
            start, end = (a.x + a.w, ay), (b.x, by)
        elif b.x < a.x:  # backward: left side to right side
            start, end = (a.x, ay), (b.x + b.w, by)
        else:  # same column: out of the right side and back in, the label beside the column
            start, end = (a.x + a.w, ay), (b.x + b.w, by)
        w = label_width(text)
        mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        if b.x == a.x:
            mx = a.x + a.w + 20 + w / 2
        else:
            # Beside the end with fewer lines (not at a hub, where every label would meet):
            # the labels of the lines into a busy node spread out with the nodes they come from.
            ends = out_count[s] + in_count[s], out_count[t] + in_count[t]
            sign = 1 if b.x > a.x else -1
            if ends[0] < ends[1]:
                mx, my = start[0] + sign * (w / 2 + _Grid.CELL + 2), start[1]
            elif ends[1] < ends[0]:
                mx, my = end[0] - sign * (w / 2 + _Grid.CELL + 2), end[1]
        box = placed.free(Box(mx - w / 2, my - LABEL_H / 2, w, LABEL_H))
        placed.add(box)
        hops.append(Hop(edge_id, index, s, t, text, box, (start, (box.cx, box.cy), end)))
    hops.sort(key=lambda h: (h.edge, h.index))
    return hops


class _Grid:
    """What is taken, as rows of one label height in columns of a fixed width. A label goes to the
    nearest row free in every column it spans; each column keeps, for its taken rows, a pointer to
    the next row down and up (a union-find with path compression), so a search skips a whole stack
    of labels at once and placing thousands of labels beside one node stays near linear."""

    CELL = 20.0
    ROW = LABEL_H + 2

    def __init__(self) -> None:
        self.down: dict[int, dict[int, int]] = defaultdict(dict)
        self.up: dict[int, dict[int, int]] = defaultdict(dict)

    def _columns(self, box: Box) -> range:
        return range(int(box.x // self.CELL), int((box.x + box.w) // self.CELL) + 1)

    def _rows(self, box: Box) -> range:
        return range(int(box.y // self.ROW), int((box.y + box.h - 0.01) // self.ROW) + 1)

    def add(self, box: Box) -> None:
        for column in self._columns(box):
            down, up = self.down[column], self.up[column]
            for row in self._rows(box):
                down[row] = row + 1
                up[row] = row - 1

    @staticmethod
    def _find(parent: dict[int, int], row: int) -> int:
        root = row
        while root in parent:
            root = parent[root]
        while row in parent and parent[row] != root:
            parent[row], row = root, parent[row]
        return root

    def _scan(self, parents: list[dict[int, int]], row: int) -> int:
        moved = True
        while moved:
            moved = False
            for parent in parents:
                found = self._find(parent, row)
                if found != row:
                    row, moved = found, True
        return row

    def free(self, box: Box) -> Box:
        """The box moved to the nearest row free in all its columns (below on a tie)."""
        columns = list(self._columns(box))
        first = int(box.y // self.ROW)
        below = self._scan([self.down[c] for c in columns], first)
        above = self._scan([self.up[c] for c in columns], first)
        row = below if below - first <= first - above else above
        return Box(box.x, row * self.ROW, box.w, box.h)
