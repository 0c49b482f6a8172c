"""``linter.model.coverage``: the coverage figures of a blueprint and the per-rule counts."""

from __future__ import annotations

import json
from pathlib import Path

from linter.api import (
    ALM_TYPES,
    FIGURE_KEYS,
    Blueprint,
    Diagnostic,
    Figure,
    Severity,
    SourceFile,
    coverage,
    load_yaml,
    rule_counts,
)

ROOT = Path(__file__).resolve().parent.parent

BLUEPRINT = """
blueprint_version: 1
goals:
  - {id: G-1, statement: Cases are answered within a day}
  - {id: G-2, statement: Orders reach the ERP}
  - {id: G-3, statement: Nobody serves this one}
processes:
  - {id: P-1, goals: [G-2]}
alm_links:
  - {id: US-1, type: user_story, ref: AB#1}
  - {id: TC-1, type: test_case, ref: QA-1}
interfaces:
  - id: IF-A        # traced (own goal), frequency, volume, ALM (id), mapping
    goals: [G-1]
    source: SYS-A
    target: SYS-B
    frequency: {mode: event}
    volume: {average: {count: 1, per: hour}, peak: {count: 5, per: hour}}
    alm: [US-1, TC-1]
  - id: IF-B        # traced through its process; scheduled without interval; peak lacks per
    process: P-1
    source: SYS-A
    target: SYS-B
    frequency: {mode: scheduled}
    volume: {average: {count: 1, per: hour}, peak: {count: 5}}
    alm: [{type: functional_design, ref: "https://example.org/fdd"}]
  - id: IF-C        # goal that does not exist; ALM id that does not resolve; no frequency/volume
    goals: [G-404]
    source: SYS-A
    target: SYS-B
    alm: [US-404]
  - id: IF-UI       # an embedding: not asked for a volume
    integration_type: ui
    source: SYS-A
    target: SYS-B
    frequency: {mode: on_demand}
mappings:
  - {id: M-1, interface: IF-A, fields: []}
"""


def _model(*texts: str, requested: tuple[bool, ...] | None = None) -> Blueprint:
    files = []
    for index, text in enumerate(texts):
        flag = True if requested is None else requested[index]
        files.append(SourceFile(Path(f"f{index}.yaml"), f"f{index}.yaml", load_yaml(text), None, flag))
    return Blueprint(files)


def _by_key(figures: list[Figure]) -> dict[str, Figure]:
    return {figure.key: figure for figure in figures}


def test_every_figure_has_its_known_count() -> None:
    figures = _by_key(coverage(_model(BLUEPRINT)))
    assert list(figures) == list(FIGURE_KEYS)
    expect = {
        "goal-trace": (2, 4, ("IF-C", "IF-UI")),
        "frequency": (2, 4, ("IF-B", "IF-C")),
        "volume": (1, 3, ("IF-B", "IF-C")),
        "alm-links": (2, 4, ("IF-C", "IF-UI")),
        "alm-user_story": (1, 4, ("IF-B", "IF-C", "IF-UI")),
        "alm-test_case": (1, 4, ("IF-B", "IF-C", "IF-UI")),
        "alm-functional_design": (1, 4, ("IF-A", "IF-C", "IF-UI")),
        "alm-repo": (0, 4, ("IF-A", "IF-B", "IF-C", "IF-UI")),
        "mapping": (1, 4, ("IF-B", "IF-C", "IF-UI")),
        "goals-served": (2, 3, ("G-3",)),
    }
    for key, (covered, total, missing) in expect.items():
        figure = figures[key]
        assert (figure.covered, figure.total, figure.missing) == (covered, total, missing), key
    assert figures["volume"].percent == 100.0 / 3
    assert figures["goals-served"].label == "goals served by an interface or process"


def test_an_empty_blueprint_is_fully_covered() -> None:
    for figure in coverage(_model("blueprint_version: 1\n")):
        assert (figure.covered, figure.total, figure.missing, figure.percent) == (0, 0, (), 100.0)


def test_only_the_requested_files_are_judged_but_all_resolve() -> None:
    goals = "blueprint_version: 1\ngoals:\n  - {id: G-1, statement: s}\n  - {id: G-2, statement: t}\n"
    interfaces = "blueprint_version: 1\ninterfaces:\n  - {id: IF-1, goals: [G-1], source: A, target: B}\n"
    other = "blueprint_version: 1\ninterfaces:\n  - {id: IF-2, source: A, target: B}\n"
    model = _model(goals, interfaces, other, requested=(False, True, False))
    figures = _by_key(coverage(model))
    assert (figures["goal-trace"].covered, figures["goal-trace"].total) == (1, 1)  # IF-2 not judged
    assert figures["goals-served"].total == 0  # the goals file was not requested
    everything = _by_key(coverage(model, lambda source: True))
    assert (everything["goal-trace"].covered, everything["goal-trace"].total) == (1, 2)
    assert everything["goals-served"].missing == ("G-2",)


def test_wrong_types_never_crash_and_count_as_missing() -> None:
    text = """
blueprint_version: 1
goals: [{statement: no id}]
interfaces:
  - {source: A, target: B, goals: G-1, frequency: daily, volume: 5, alm: [{type: 3}, 7]}
  - {id: IF-2, frequency: {mode: event}, volume: {average: 1, peak: 2}}
"""
    figures = _by_key(coverage(_model(text)))
    assert figures["frequency"].missing == ("interface at /interfaces/0",)
    assert figures["volume"].missing == ("interface at /interfaces/0", "IF-2")
    assert figures["alm-links"].covered == 1  # an inline link of a wrong type is still a link
    assert figures["alm-user_story"].covered == 0
    assert figures["goals-served"].missing == ("goal at /goals/0",)


def test_alm_types_are_the_schema_enum() -> None:
    schema = json.loads((ROOT / "schemas" / "blueprint-v1.schema.json").read_text(encoding="utf-8"))
    assert tuple(schema["$defs"]["alm_type"]["enum"]) == ALM_TYPES
    assert [key for key in FIGURE_KEYS if key.startswith("alm-") and key != "alm-links"] == [
        f"alm-{kind}" for kind in ALM_TYPES
    ]


def test_rule_counts_by_code() -> None:
    def diag(code: str, name: str) -> Diagnostic:
        return Diagnostic(code, name, Severity.ERROR, "m", "f.yaml")

    found = [diag("CP002", "missing-frequency"), diag("XR001", "unresolved"), diag("CP002", "missing-frequency")]
    assert rule_counts(found) == [("CP002", "missing-frequency", 2), ("XR001", "unresolved", 1)]
    assert rule_counts([]) == []
