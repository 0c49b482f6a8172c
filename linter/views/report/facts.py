"""The report's content as plain data, from one run's result and the models it linted.

:func:`build` gathers everything the report shows (the diagrams already drawn in the format the
renderer needs, the traceability matrix with its gaps, the coverage figures, the capacity tables,
the findings with their masked excerpts and their rule's help, one card per interface); the
renderers (``html.py``, ``markdown.py``) only lay it out. Nothing here is escaped: the renderers
escape every string for their format.

Secrets: excerpts come from ``LintResult.sources`` (masked by the run); a card value that a
redacting rule (SE002) points at, or in which that rule's scanner finds a secret, is shown as
``[redacted]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from linter.api import (
    Blueprint,
    Diagnostic,
    Entity,
    Figure,
    LintResult,
    Severity,
    coverage,
    escape_pointer,
    rule_counts,
)
from linter.core import codes
from linter.core.lines import LINE_BREAK
from linter.views import capacity, diagrams

REDACTED = "[redacted]"
_EXCERPT_CONTEXT = 1  # lines shown before and after a finding's span
_EXCERPT_MAX = 8  # most lines an excerpt shows
_MAX_VALUE = 400  # longest value a card shows (longer text is cut with an ellipsis)

# ALM link types by the matrix column they fill.
DESIGN_TYPES = ("functional_design", "technical_design")
STORY_TYPES = ("user_story", "requirement")
TEST_TYPES = ("test_case", "test_criteria")

# The facts of an interface card, in order: (label, field path).
CARD_FIELDS: tuple[tuple[str, str], ...] = (
    ("Description", "description"),
    ("Process", "process"),
    ("Goals", "goals"),
    ("Direction", "direction"),
    ("Dynamics 365 perspective", "d365_perspective"),
    ("Integration type", "integration_type"),
    ("Timing", "timing"),
    ("Pattern", "pattern"),
    ("Mechanism", "mechanism"),
    ("Platform", "platform"),
    ("Identity", "identity"),
    ("Trigger", "trigger"),
    ("Trigger actions", "trigger_actions"),
    ("Frequency", "frequency"),
    ("Volume", "volume"),
    ("Payload", "payload"),
    ("Latency SLA", "latency_sla"),
    ("Owners", "owners"),
    ("System of record", "ownership"),
    ("Data classification", "data_classification"),
    ("Personal data", "personal_data"),
    ("Personal data categories", "personal_data_categories"),
    ("Regulations", "regulations"),
    ("Security", "security"),
    ("Error handling", "error_handling"),
    ("Idempotency", "idempotency"),
    ("Monitoring", "monitoring"),
    ("Criticality", "criticality"),
    ("Continuity", "continuity"),
    ("Testing", "testing"),
    ("Status", "status"),
)


@dataclass(frozen=True)
class AlmLink:
    id: str
    type: str
    title: str
    ref: str
    acceptance_criteria: str = ""


@dataclass(frozen=True)
class Card:
    """Everything the blueprint says about one interface."""

    id: str
    anchor: str
    name: str
    source: str  # "SYS-WEB (Public website)"
    target: str
    facts: tuple[tuple[str, str], ...]  # (label, value as text), only the facts the blueprint states
    alm: tuple[AlmLink, ...]
    mappings: tuple[tuple[str, str], ...]  # (mapping id, table in the renderer's format)
    findings: int  # findings on the interface
    marked: bool  # it has an error finding


@dataclass(frozen=True)
class SystemRow:
    """A system or platform of the integration diagram, the target of its node's link."""

    id: str
    anchor: str
    kind: str  # "system" or "platform"
    name: str
    type: str  # the entity's ``kind`` field, in words
    hosting: str
    owner: str
    interfaces: tuple[tuple[str, str], ...]  # (interface id, its card's anchor), in model order


@dataclass(frozen=True)
class MatrixRow:
    """One goal → process → interface path; a gap leaves its part empty and names itself in ``gaps``."""

    goal: str
    goal_text: str
    process: str
    process_name: str
    interface: str
    interface_anchor: str
    design: tuple[AlmLink, ...]
    stories: tuple[AlmLink, ...]
    tests: tuple[AlmLink, ...]
    gaps: tuple[str, ...]


@dataclass(frozen=True)
class FindingFacts:
    severity: str
    code: str
    name: str
    message: str
    file: str
    line: int
    column: int
    excerpt: tuple[tuple[int, str], ...]  # (line number, masked text)
    summary: str
    how_to_fix: str


@dataclass(frozen=True)
class WorkspaceFacts:
    root: str
    title: str
    description: str
    integration: str  # the integration diagram in the renderer's format
    systems: tuple[SystemRow, ...]
    interactions: tuple[tuple[str, str, str], ...]  # (process id, process name, diagram)
    matrix: tuple[MatrixRow, ...]
    figures: tuple[Figure, ...]
    capacity: capacity.WorkspaceCapacity | None
    cards: tuple[Card, ...]
    counts: dict[str, int] = field(default_factory=dict)  # entities by kind


@dataclass(frozen=True)
class ReportFacts:
    title: str
    files: tuple[str, ...]
    unloaded: tuple[FindingFacts, ...]  # the files that could not be loaded: on top of the report
    workspaces: tuple[WorkspaceFacts, ...]
    severity_counts: tuple[tuple[str, int], ...]  # ("error", n), ("warning", n), ("info", n)
    rule_counts: tuple[tuple[str, str, int], ...]
    findings: tuple[tuple[str, tuple[tuple[str, tuple[FindingFacts, ...]], ...]], ...]  # severity → file → findings
    suppressed: int
    capacity_sources: tuple[str, ...]


# -- text of values --------------------------------------------------------------------------------
# Keys whose values are words of the schema's vocabulary (``near_real_time``): shown as words.
_VOCABULARY = frozenset(
    {
        "direction", "d365_perspective", "integration_type", "timing", "pattern", "mechanism",
        "data_classification", "personal_data_categories", "criticality", "status", "mode", "type",
        "auth", "transport", "strategy", "backoff", "error_classes", "ordering", "ordering_mechanism",
        "on_target_outage", "tools", "test_types", "format", "unit", "per", "severity",
    }
)  # fmt: skip
_WORD = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")


_HUMANISED: dict[str, str] = {}


def _humanise(key: str) -> str:
    """``near_real_time`` as ``near real time`` (memoised: a card asks this of every key)."""
    text = _HUMANISED.get(key)
    if text is None:
        text = key.replace("_", " ").replace("-", " ")
        if len(_HUMANISED) < 100_000:
            _HUMANISED[key] = text
    return text


def _quantity(value: dict[str, Any]) -> str | None:
    """``{count: 900, per: hour, when: …}`` as ``900 per hour (…)``."""
    count, per = value.get("count"), value.get("per")
    if isinstance(count, bool) or not isinstance(count, (int, float)) or not isinstance(per, str):
        return None
    when = value.get("when")
    return f"{_scalar(count)} per {_humanise(per)}" + (f" ({when})" if isinstance(when, str) and when else "")


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


class _Redactor:
    """Hides what the redacting rules found: their findings' pointers, and what their scanners see."""

    def __init__(self, result: LintResult) -> None:
        redacting = [rule for rule in result.rules if getattr(rule, "redacts_findings", False)]
        codes_ = {rule.code for rule in redacting}
        self._scanners: list[Callable[[str], Any]] = [rule.secret_spans for rule in redacting]  # type: ignore[attr-defined]
        self._pointers: dict[str, list[str]] = {}
        for diagnostic in [*result.diagnostics, *result.suppressed]:
            if diagnostic.code in codes_ and diagnostic.pointer:
                self._pointers.setdefault(diagnostic.file, []).append(diagnostic.pointer)
        # (key, text) -> the text a card shows for it (the scanners run once per distinct value)
        self.shown: dict[tuple[str, str], str] = {}

    def tracks(self, file: str) -> bool:
        """Whether a redacting finding points into ``file`` (then values are matched by pointer)."""
        return file in self._pointers

    def pointed(self, file: str, pointer: str) -> bool:
        """Whether a redacting finding points at the value at ``pointer``, into it or around it."""
        for found in self._pointers.get(file, ()):
            if found == pointer or found.startswith(pointer + "/") or pointer.startswith(found + "/"):
                return True
        return False

    def scanned(self, key: str, text: str) -> bool:
        """Whether a redacting rule's scanner finds a secret in ``key: text``."""
        return self._scan(key, text)

    def _scan(self, key: str, text: str) -> bool:
        line = f"{key}: {text}"
        start = len(key) + 2
        for scan in self._scanners:
            try:
                spans = list(scan(line))
            except Exception:  # a scanner must never raise; should one do, hide the value
                return True
            if any(end > start for _, end in spans):
                return True
        return False


def _value_text(value: Any, file: str, pointer: str | None, key: str, redactor: _Redactor) -> str:
    """A field's value as one readable line: mappings as ``key: value; …``, lists comma-separated.
    ``pointer`` is the value's JSON pointer, or None when no redacting finding points into the file.

    Called for every value of every interface card (a million on a 20,000-interface blueprint), so
    scalars are handled in the loops, without a call of their own."""
    kind = type(value)
    if kind is dict:
        parts = []
        if "count" in value and "per" in value:
            quantity = _quantity(value)
            if quantity is not None:
                parts.append(quantity)
                value = {k: v for k, v in value.items() if k not in ("count", "per", "when")}
        for sub_key, sub in value.items():
            name = sub_key if type(sub_key) is str else str(sub_key)
            sub_pointer = None if pointer is None else f"{pointer}/{escape_pointer(name)}"
            if type(sub) is str:
                text = _leaf(sub, file, sub_pointer, name, redactor) if sub else ""
            else:
                text = _value_text(sub, file, sub_pointer, name, redactor)
            if text:
                parts.append(f"{_humanise(name)}: {text}")
        return "; ".join(parts)
    if kind is list:
        texts = []
        nested = False
        for index, item in enumerate(value):
            item_pointer = None if pointer is None else f"{pointer}/{index}"
            if type(item) is str:
                text = _leaf(item, file, item_pointer, key, redactor) if item else ""
            else:
                nested = nested or type(item) is dict
                text = _value_text(item, file, item_pointer, key, redactor)
            if text:
                texts.append(text)
        return (" | " if nested else ", ").join(texts)
    if value is None or value == "":
        return ""
    return _leaf(value if kind is str else _scalar(value), file, pointer, key, redactor)


def _leaf(text: str, file: str, pointer: str | None, key: str, redactor: _Redactor) -> str:
    """A scalar as shown: ``[redacted]`` when it holds a secret, vocabulary words spelled out."""
    if pointer is not None and redactor.pointed(file, pointer):
        return REDACTED
    shown = redactor.shown.get((key, text))
    if shown is None:
        shown = redactor.shown[key, text] = _shown(text, key, redactor)
    return shown


def _shown(text: str, key: str, redactor: _Redactor) -> str:
    if redactor.scanned(key, text):
        return REDACTED
    if key in _VOCABULARY and _WORD.fullmatch(text):
        text = _humanise(text)
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


# -- parts -----------------------------------------------------------------------------------------
def _alm_link(data: dict[str, Any], entity_id: str = "") -> AlmLink:
    def text(key: str) -> str:
        value = data.get(key)
        return value if isinstance(value, str) else ""

    return AlmLink(entity_id or text("id"), text("type"), text("title"), text("ref"), text("acceptance_criteria"))


def _links_of(model: Blueprint, interface: Entity) -> tuple[AlmLink, ...]:
    """The ALM links of an interface (inline or by id), computed once per interface and model."""
    return model.memo(("report-alm-links", id(interface)), lambda: tuple(_resolve_links(model, interface)))


def _resolve_links(model: Blueprint, interface: Entity) -> list[AlmLink]:
    links = []
    for item in interface.get_list("alm"):
        if isinstance(item, dict):
            links.append(_alm_link(item))
        elif isinstance(item, str):
            target = model.get("alm_link", item)
            if target is not None:
                links.append(_alm_link(target.data, item))
    return links


def _system_label(model: Blueprint, system_id: str | None) -> str:
    if not system_id:
        return ""
    system = model.get("system", system_id) or model.get("platform", system_id)
    name = system.get_str("name") if system is not None else None
    return f"{system_id} ({name})" if name else system_id


def _card(
    model: Blueprint,
    interface: Entity,
    anchor: str,
    mappings: dict[str, str],
    findings: list[Diagnostic],
    redactor: _Redactor,
) -> Card:
    file = interface.source.display
    tracked = redactor.tracks(file)
    facts = []
    data = interface.data
    for label, path in CARD_FIELDS:
        value = data.get(path)
        pointer = f"{interface.pointer}/{path}" if tracked else None
        text = _value_text(value, file, pointer, path, redactor)
        if text:
            facts.append((label, text))
    own = tuple(
        (mapping.id, mappings[mapping.id])
        for mapping in model.mappings_for(interface.id)
        if mapping.id and mapping.id in mappings
    )
    return Card(
        id=interface.id,
        anchor=anchor,
        name=interface.get_str("name") or "",
        source=_system_label(model, interface.get_str("source")),
        target=_system_label(model, interface.get_str("target")),
        facts=tuple(facts),
        alm=_links_of(model, interface),
        mappings=own,
        findings=len(findings),
        marked=any(d.severity is Severity.ERROR for d in findings),
    )


def _matrix(model: Blueprint, anchors: dict[str, str]) -> list[MatrixRow]:
    rows: list[MatrixRow] = []
    goal_names = {goal.id: goal.get_str("statement") or goal.get_str("name") or "" for goal in model.goals}

    def row(goal: str, interface: Entity | None, process: Entity | None) -> MatrixRow:
        links = _links_of(model, interface) if interface is not None else ()
        design = tuple(link for link in links if link.type in DESIGN_TYPES)
        stories = tuple(link for link in links if link.type in STORY_TYPES)
        tests = tuple(link for link in links if link.type in TEST_TYPES)
        gaps = []
        if not goal:
            gaps.append("no goal")
        if interface is None:
            gaps.append("served by no interface")
        else:
            if process is None:
                gaps.append("no process")
            if not design:
                gaps.append("no design document")
            if not stories:
                gaps.append("no user story")
            elif not any(link.acceptance_criteria for link in stories):
                gaps.append("no acceptance criteria")
            if not tests:
                gaps.append("no test case")
        return MatrixRow(
            goal=goal,
            goal_text=goal_names.get(goal, ""),
            process=process.id if process is not None else "",
            process_name=(process.get_str("name") or "") if process is not None else "",
            interface=interface.id if interface is not None else "",
            interface_anchor=anchors.get(interface.id, "") if interface is not None else "",
            design=design,
            stories=stories,
            tests=tests,
            gaps=tuple(gaps),
        )

    by_goal: dict[str, list[Entity]] = {}
    untraced: list[Entity] = []
    for interface in model.interfaces:
        goals = [goal for goal in model.goals_of(interface) if goal in goal_names]
        for goal in goals:
            by_goal.setdefault(goal, []).append(interface)
        if not goals:
            untraced.append(interface)
    for entity in model.goals:
        serving = by_goal.get(entity.id, [])
        for interface in serving:
            process_id = interface.get_str("process")
            rows.append(row(entity.id, interface, model.get("process", process_id) if process_id else None))
        if not serving:
            rows.append(row(entity.id, None, None))
    for interface in untraced:
        process_id = interface.get_str("process")
        rows.append(row("", interface, model.get("process", process_id) if process_id else None))
    return rows


def _systems(model: Blueprint, anchors: dict[str, str], prefix: str) -> tuple[SystemRow, ...]:
    from linter.views.markup import anchor as make_anchor

    touching: dict[str, list[str]] = {}
    for interface in model.interfaces:
        if not interface.id:
            continue
        ends = dict.fromkeys(
            v for v in (interface.get_str("source"), interface.get_str("target"), interface.get_str("platform")) if v
        )
        for end in ends:
            touching.setdefault(end, []).append(interface.id)
    rows = []
    for entity in [*model.systems, *model.platforms]:
        if not entity.id:
            continue
        kind = entity.get_str("kind") or ""
        rows.append(
            SystemRow(
                id=entity.id,
                anchor=prefix + make_anchor(entity.id),
                kind=entity.kind,
                name=entity.get_str("name") or "",
                type=_humanise(kind) if _WORD.fullmatch(kind) else kind,
                hosting=_humanise(entity.get_str("hosting") or ""),
                owner=entity.get_str("owner") or "",
                interfaces=tuple((i, anchors[i]) for i in touching.get(entity.id, ()) if i in anchors),
            )
        )
    return tuple(rows)


def _excerpt(diagnostic: Diagnostic, lines: list[str] | None) -> tuple[tuple[int, str], ...]:
    if not lines or diagnostic.span.line < 1:
        return ()
    first = max(1, diagnostic.span.line - _EXCERPT_CONTEXT)
    last = min(len(lines), max(diagnostic.span.end_line, diagnostic.span.line) + _EXCERPT_CONTEXT)
    last = min(last, first + _EXCERPT_MAX - 1)
    return tuple((number, lines[number - 1]) for number in range(first, last + 1))


def _finding(diagnostic: Diagnostic, lines: list[str] | None, help_of: dict[str, tuple[str, str]]) -> FindingFacts:
    summary, how_to_fix = help_of.get(diagnostic.code, ("", ""))
    return FindingFacts(
        severity=diagnostic.severity.label,
        code=diagnostic.code,
        name=diagnostic.name,
        message=diagnostic.message,
        file=diagnostic.file,
        line=diagnostic.span.line,
        column=diagnostic.span.column,
        excerpt=_excerpt(diagnostic, lines),
        summary=summary,
        how_to_fix=how_to_fix,
    )


def _anchors(model: Blueprint, prefix: str) -> dict[str, str]:
    from linter.views.markup import anchor as make_anchor

    return {i.id: prefix + make_anchor(i.id) for i in model.interfaces if i.id}


def integration_diagram(result: LintResult, model: Blueprint, fmt: str, prefix: str = "") -> str:
    """The workspace's integration diagram as the report shows it: error findings marked, each
    interface linked to its card and each system or platform to its row (``prefix``: the
    workspace's anchor prefix, ``w2-`` when the report has several)."""
    from linter.views.markup import anchor as make_anchor

    anchors = _anchors(model, prefix)
    targets = {**{row.id: row.anchor for row in _systems(model, anchors, prefix)}, **anchors}
    marked = diagrams.marked_interfaces(result, model)
    return diagrams.integration(model, fmt, marked=marked, link=lambda i: "#" + targets.get(i, make_anchor(i)))


def _workspace(
    root: str,
    model: Blueprint,
    result: LintResult,
    fmt: str,
    figures: capacity.WorkspaceCapacity | None,
    prefix: str,
    redactor: _Redactor,
    draw: bool,
) -> WorkspaceFacts:
    anchors = _anchors(model, prefix)
    systems = _systems(model, anchors, prefix)
    by_entity = diagrams.findings_by_interface(result, model)
    integration = integration_diagram(result, model, fmt, prefix) if draw else ""
    names = {process.id: process.get_str("name") or "" for process in model.processes}
    interactions = tuple(
        (process_id, names.get(process_id, ""), text)
        for process_id, text in diagrams.interactions(model, "mermaid" if fmt == "mermaid" else "svg")
    )
    mappings = dict(diagrams.mapping_tables(model, "markdown" if fmt == "mermaid" else "html"))
    cards = tuple(
        _card(model, i, anchors[i.id], mappings, by_entity.get((i.source.display, i.pointer), []), redactor)
        for i in model.interfaces
        if i.id in anchors
    )
    project = model.project or {}
    name = project.get("name")
    description = project.get("description")
    return WorkspaceFacts(
        root=root,
        title=name if isinstance(name, str) else "",
        description=description if isinstance(description, str) else "",
        integration=integration,
        systems=systems,
        interactions=interactions,
        matrix=tuple(_matrix(model, anchors)),
        figures=tuple(coverage(model)),
        capacity=figures,
        cards=cards,
        counts={kind: len(model.entities(kind)) for kind in ("goal", "system", "process", "interface", "mapping")},
    )


def prefix(index: int, several: bool) -> str:
    """The anchor prefix of the workspace at ``index``: none for a report of one workspace."""
    return f"w{index + 1}-" if several else ""


def build(
    result: LintResult, workspaces: Sequence[tuple[str, Blueprint, Any]], fmt: str, *, integration: bool = True
) -> ReportFacts:
    """The report's content. ``workspaces``: (root, model, rules of the workspace) in run order;
    ``fmt``: the diagrams' format, ``"svg"`` (HTML) or ``"mermaid"`` (Markdown). With
    ``integration=False`` the integration diagrams are left empty, for a caller that draws them
    itself with :func:`integration_diagram` (in parallel)."""
    profile = capacity.profile_for(workspaces[0][2] if workspaces else result.rules)  # type: ignore[arg-type]
    tables = capacity.capacities([(root, model) for root, model, _ in workspaces], profile)
    redactor = _Redactor(result)
    several = len(workspaces) > 1
    spaces = tuple(
        _workspace(root, model, result, fmt, tables[index], prefix(index, several), redactor, integration)
        for index, (root, model, _) in enumerate(workspaces)
    )
    help_of = {rule.code: (rule.summary, rule.how_to_fix) for rule in result.rules}
    split: dict[str, list[str]] = {}

    def lines(file: str) -> list[str] | None:
        if file not in result.sources:
            return None
        if file not in split:
            text = result.sources[file]
            # YAML's line breaks (linter/core/lines.py); without a CR, a plain split is the same, 5x faster.
            split[file] = text.split("\n") if "\r" not in text else LINE_BREAK.split(text)
        return split[file]

    unloaded = tuple(_finding(d, lines(d.file), help_of) for d in result.diagnostics if d.code in codes.UNLOADABLE)
    grouped: list[tuple[str, tuple[tuple[str, tuple[FindingFacts, ...]], ...]]] = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        by_file: dict[str, list[FindingFacts]] = {}
        for d in result.diagnostics:
            if d.severity is severity:
                by_file.setdefault(d.file, []).append(_finding(d, lines(d.file), help_of))
        if by_file:
            grouped.append((severity.label, tuple((file, tuple(items)) for file, items in sorted(by_file.items()))))
    titles = [space.title for space in spaces if space.title]
    return ReportFacts(
        title=titles[0] if len(titles) == 1 else "",
        files=tuple(result.files),
        unloaded=unloaded,
        workspaces=spaces,
        severity_counts=tuple(
            (s.label, sum(1 for d in result.diagnostics if d.severity is s))
            for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        ),
        rule_counts=tuple(rule_counts(result.diagnostics)),
        findings=tuple(grouped),
        suppressed=len(result.suppressed),
        capacity_sources=tuple(capacity.source_notes(profile)),
    )
