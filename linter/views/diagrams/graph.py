"""What the integration diagram shows, as plain data: nodes (systems, platforms), hosting groups
and one edge per interface, with the ``--goal`` / ``--process`` / ``--system`` slices.

The renderers (``mermaid.py``, ``dot.py``, ``svg.py``) only draw a :class:`Graph`; every decision
about what is shown and how it is labelled is made here, once.
"""

from __future__ import annotations

from dataclasses import dataclass

from linter.api import Blueprint, Entity

from .labels import interface_label, kind_words

# Hosting groups, in drawing order (``system.hosting`` of the schema; an ``external_party`` kind is
# its own group whatever its hosting, since who runs it matters more than where).
GROUPS: tuple[tuple[str, str], ...] = (
    ("external", "External party"),
    ("cloud", "Cloud"),
    ("platform", "Integration platforms"),
    ("hybrid", "Hybrid"),
    ("on_premises", "On-premises"),
    ("unknown", "Hosting not stated"),
)
_GROUP_OF_HOSTING = {"cloud": "cloud", "on_premises": "on_premises", "hybrid": "hybrid"}


class UnknownId(ValueError):
    """A ``--goal`` / ``--process`` / ``--system`` (or ``--process`` of the interactions) that names nothing."""


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    kind: str  # in words ("d365 customer engagement"), "" when not stated
    group: str  # a key of GROUPS
    platform: bool = False
    declared: bool = True  # False for an id an interface names but no entity declares

    @property
    def title(self) -> str:
        """The tooltip: id, name and kind."""
        parts = [self.id] + ([self.name] if self.name != self.id else []) + ([self.kind] if self.kind else [])
        return " · ".join(parts) + ("" if self.declared else " (not declared)")


@dataclass(frozen=True)
class Edge:
    id: str
    source: str
    target: str
    via: str | None  # the platform id in the path, or None
    label: str  # "IF-ORDERS · near real time · 6,000/h peak"
    bidirectional: bool
    marked: bool  # the interface has an error finding
    title: str  # the tooltip: the label and the interface's name

    @property
    def path(self) -> tuple[str, ...]:
        """The nodes the edge passes through, source first."""
        return (self.source, self.via, self.target) if self.via else (self.source, self.target)


@dataclass(frozen=True)
class Graph:
    nodes: tuple[Node, ...]  # sorted by (group order, id)
    edges: tuple[Edge, ...]  # sorted by interface id (then file order)

    def groups(self) -> list[tuple[str, str, list[Node]]]:
        """(key, label, nodes) for each group that holds a node, in drawing order."""
        found = []
        for key, label in GROUPS:
            members = [n for n in self.nodes if n.group == key]
            if members:
                found.append((key, label, members))
        return found


def _group(system: Entity | None) -> str:
    if system is None:
        return "unknown"
    if system.get_str("kind") == "external_party":
        return "external"
    return _GROUP_OF_HOSTING.get(system.get_str("hosting") or "", "unknown")


def _node(model: Blueprint, kind: str, entity_id: str) -> Node:
    entity = model.get(kind, entity_id)
    if entity is None:
        return Node(
            entity_id, entity_id, "", "platform" if kind == "platform" else "unknown", kind == "platform", False
        )
    name = (entity.get_str("name") or "").strip() or entity_id
    group = "platform" if kind == "platform" else _group(entity)
    return Node(entity_id, name, kind_words(entity.get_str("kind")), group, kind == "platform")


def _drawable(interface: Entity) -> bool:
    return bool(interface.id and interface.get_str("source") and interface.get_str("target"))


def slice_interfaces(
    model: Blueprint, *, goal: str | None = None, process: str | None = None, system: str | None = None
) -> list[Entity]:
    """The interfaces a slice keeps (every drawable one without a slice); ``UnknownId`` when a
    slice names an id the blueprint does not declare."""
    for kind, wanted in (("goal", goal), ("process", process), ("system", system)):
        if wanted is not None and model.get(kind, wanted) is None:
            raise UnknownId(f"no {kind} with id {wanted!r} in this blueprint")
    kept = []
    for interface in model.interfaces:
        if not _drawable(interface):
            continue
        if goal is not None and goal not in model.goals_of(interface):
            continue
        if process is not None and interface.get_str("process") != process and not _step_of(model, process, interface):
            continue
        if system is not None and system not in (interface.get_str("source"), interface.get_str("target")):
            continue
        kept.append(interface)
    return kept


def _step_of(model: Blueprint, process_id: str, interface: Entity) -> bool:
    """Whether a process's steps name the interface (a step may use an interface of another process)."""
    process = model.get("process", process_id)
    if process is None:
        return False
    return any(isinstance(step, dict) and step.get("interface") == interface.id for step in process.get_list("steps"))


def build(
    model: Blueprint,
    *,
    goal: str | None = None,
    process: str | None = None,
    system: str | None = None,
    marked: frozenset[str] = frozenset(),
) -> Graph:
    """The integration graph of a blueprint, or of one slice of it."""
    interfaces = slice_interfaces(model, goal=goal, process=process, system=system)
    nodes: dict[tuple[str, str], Node] = {}
    edges: list[Edge] = []
    seen: set[str] = set()
    for interface in sorted(interfaces, key=lambda i: i.id):
        if interface.id in seen:  # a duplicated id is drawn once (XR reports the duplicate)
            continue
        seen.add(interface.id)
        source, target = interface.get_str("source") or "", interface.get_str("target") or ""
        via = interface.get_str("platform") or None
        for node_id in (source, target):
            nodes.setdefault(("system", node_id), _node(model, "system", node_id))
        if via:
            nodes.setdefault(("platform", via), _node(model, "platform", via))
        label = interface_label(interface)
        name = (interface.get_str("name") or "").strip()
        is_marked = interface.id in marked
        title = label + (f"\n{name}" if name else "") + ("\nhas error findings" if is_marked else "")
        edges.append(
            Edge(
                interface.id,
                source,
                target,
                via,
                label,
                interface.get_str("direction") == "bidirectional",
                is_marked,
                title,
            )
        )
    order = {key: index for index, (key, _) in enumerate(GROUPS)}
    # A platform and a system could share an id (XR reports it); the platform keeps its own node.
    unique: dict[str, Node] = {}
    for node in sorted(nodes.values(), key=lambda n: (order[n.group], n.id)):
        unique.setdefault(node.id, node)
    return Graph(tuple(unique.values()), tuple(edges))
