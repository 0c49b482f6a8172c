"""What an interaction diagram shows, as plain data: one :class:`Sequence` per process.

Participants are the systems (and the persona of a user trigger point), in the order they first
take part. The trigger points come first (a message from the persona, or a note over the system
where a system event happens); a trigger point a step names (``steps[].trigger_point``) comes just
before that step instead. Each step is then a message on its interface's source → target with the
step's action and the interface's timing: a synchronous call is a request and its response, an
asynchronous or near-real-time exchange one one-way message, a scheduled batch a one-way message
after a note of its schedule. A step with a system but no interface is a note over that system.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linter.api import Blueprint, Entity

from .graph import UnknownId
from .labels import SEPARATOR, frequency_text, one_line, timing_text, words


@dataclass(frozen=True)
class Participant:
    key: str  # "system:SYS-CS" or "persona:Citizen"
    label: str
    actor: bool  # a person (drawn as an actor)


@dataclass(frozen=True)
class Message:
    source: str  # participant keys
    target: str
    text: str
    style: str  # "sync" (request), "reply" (its response), "async" (one way)
    interface: str = ""


@dataclass(frozen=True)
class Note:
    over: tuple[str, ...]  # one or two participant keys
    text: str


@dataclass(frozen=True)
class Sequence:
    process: str
    title: str
    participants: tuple[Participant, ...]
    events: tuple[Message | Note, ...]


def _system_key(system_id: str) -> str:
    return f"system:{system_id}"


def _steps(process: Entity) -> list[dict[str, Any]]:
    steps = [s for s in process.get_list("steps") if isinstance(s, dict)]
    numbers = [s.get("step") for s in steps]
    if all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
        return sorted(steps, key=lambda s: int(s["step"]))  # stable: equal numbers keep file order
    return steps


def _text(value: Any) -> str:
    return one_line(value) if isinstance(value, str) else ""


def build(model: Blueprint, process: Entity) -> Sequence:
    labels: dict[str, Participant] = {}
    order: list[str] = []
    events: list[Message | Note] = []

    def use(key: str) -> str:
        if key not in labels:
            kind, _, ident = key.partition(":")
            if kind == "system":
                system = model.get("system", ident)
                name = (system.get_str("name") or "").strip() if system is not None else ""
                labels[key] = Participant(key, one_line(name or ident, 80), False)
            else:
                labels[key] = Participant(key, one_line(ident, 80), True)
        if key not in order:
            order.append(key)
        return key

    points = [p for p in process.get_list("trigger_points") if isinstance(p, dict)]
    steps = _steps(process)
    named = {s.get("trigger_point") for s in steps if isinstance(s.get("trigger_point"), str)}
    shown: set[int] = set()

    def trigger(index: int) -> None:
        if index in shown:
            return
        shown.add(index)
        point = points[index]
        text = _text(point.get("description")) or "Trigger"
        system = point.get("system") if isinstance(point.get("system"), str) and point.get("system") else None
        persona = point.get("persona") if isinstance(point.get("persona"), str) and point["persona"].strip() else None
        if point.get("type") == "user" and persona:
            source = use(f"persona:{persona.strip()}")
            if system:
                events.append(Message(source, use(_system_key(system)), text, "async"))
            else:
                events.append(Note((source,), f"Trigger: {text}"))
        elif system:
            events.append(Note((use(_system_key(system)),), f"Trigger: {text}"))
        else:
            events.append(Note((), f"Trigger: {text}"))

    for index, point in enumerate(points):
        if point.get("id") not in named:
            trigger(index)
    for number, step in enumerate(steps, start=1):
        point_id = step.get("trigger_point")
        for index, point in enumerate(points):
            if isinstance(point_id, str) and point.get("id") == point_id:
                trigger(index)
        given = step.get("step")
        label = str(given) if isinstance(given, int) and not isinstance(given, bool) else str(number)
        action = _text(step.get("action"))
        interface = model.get("interface", step["interface"]) if isinstance(step.get("interface"), str) else None
        source = interface.get_str("source") if interface is not None else None
        target = interface.get_str("target") if interface is not None else None
        if interface is not None and source and target:
            timing = timing_text(interface)
            text = SEPARATOR.join(
                p for p in (f"{label}. {action}" if action else f"{label}.", interface.id, timing) if p
            )
            a, b = use(_system_key(source)), use(_system_key(target))
            kind = interface.get_str("timing")
            patterns = interface.get_str_list("pattern")
            if kind == "scheduled_batch":
                schedule = frequency_text(interface) or "scheduled"
                events.append(Note((a, b) if a != b else (a,), f"Scheduled: {schedule}"))
            if kind == "synchronous" or (kind is None and "request_response" in patterns):
                events.append(Message(a, b, text, "sync", interface.id))
                events.append(Message(b, a, f"{label}. response", "reply", interface.id))
            else:
                events.append(Message(a, b, text, "async", interface.id))
            continue
        system = step.get("system") if isinstance(step.get("system"), str) and step.get("system") else None
        if interface is not None and not system:
            system = source or target
        missing = f" (interface {step['interface']} not drawn)" if isinstance(step.get("interface"), str) else ""
        text = f"{label}. {action or words('step')}{missing}"
        events.append(Note((use(_system_key(system)),) if system else (), text))
    if not order:  # nothing to hang a note on: the process itself is the only participant
        labels["process:" + process.id] = Participant("process:" + process.id, one_line(process.id, 80), False)
        order.append("process:" + process.id)
    first = order[0]
    events = [Note((first,), e.text) if isinstance(e, Note) and not e.over else e for e in events]
    if not events:
        events.append(Note((first,), "no steps"))
    name = (process.get_str("name") or "").strip()
    title = SEPARATOR.join(p for p in (process.id, one_line(name, 120)) if p)
    return Sequence(process.id, title, tuple(labels[k] for k in order), tuple(events))


def sequences(model: Blueprint, process: str | None = None) -> list[Sequence]:
    """One sequence per process, in process order (or the one ``process`` names)."""
    if process is not None and model.get("process", process) is None:
        raise UnknownId(f"no process with id {process!r} in this blueprint")
    found = []
    seen: set[str] = set()
    for entity in model.processes:
        if not entity.id or entity.id in seen or (process is not None and entity.id != process):
            continue
        seen.add(entity.id)
        found.append(build(model, entity))
    return found
