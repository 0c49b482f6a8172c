"""CP001, CP004, CP005, CP006, CP009 and CP010: fixture tables with inline `# expect:` markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import assert_rule_fixture, lint_files

CP001 = {
    "complete-goal": """
blueprint_version: 1
goals:
  - id: G-1
    statement: Citizens follow their request online
    benefits: [fewer status calls]
    horizon: short_term
    owner: Head of Citizen Services
""",
    "incomplete-goals": """
blueprint_version: 1
goals:
  - id: G-1  # expect: CP001
    statement: Citizens follow their request online
    benefits: []
    horizon: both
    owner: Head of Citizen Services
  - {id: G-2, statement: "", benefits: [x], horizon: both, owner: y}  # expect: CP001
  - id: G-3  # expect: CP001
""",
}

CP004 = {
    "complete-triggers": """
blueprint_version: 1
interfaces:
  - {id: IF-1, source: A, target: B, trigger: {type: user_action}}
  - {id: IF-2, source: A, target: B, trigger: {type: system_event, event: OrderPlaced}}
  - {id: IF-3, source: A, target: B, trigger: {type: schedule, schedule: "0 2 * * *"}}
  - {id: IF-4, source: A, target: B, trigger: {type: schedule}, frequency: {mode: scheduled, interval: PT15M}}
  - {id: IF-5, source: A, target: B, trigger: {type: receiver_poll}}
""",
    "missing-or-incomplete-triggers": """
blueprint_version: 1
interfaces:
  - {id: IF-1, source: A, target: B}  # expect: CP004
  - id: IF-2
    source: A
    target: B
    trigger: {event: OrderPlaced}  # expect: CP004
  - id: IF-3
    source: A
    target: B
    trigger:
      type: data_state_change  # expect: CP004
  - id: IF-4
    source: A
    target: B
    trigger: {type: schedule}  # expect: CP004
    frequency: {mode: scheduled}
""",
}

CP005 = {
    "complete-shape": """
blueprint_version: 1
interfaces:
  - id: IF-1
    source: A
    target: B
    direction: one_way
    integration_type: data
    timing: asynchronous
    pattern: push
    mechanism: service_bus
""",
    "missing-shape": """
blueprint_version: 1
interfaces:
  - id: IF-1  # expect: CP005
    source: A
    target: B
    direction: one_way
    integration_type: data
    timing: asynchronous
    pattern: []
    mechanism: service_bus
  - {id: IF-2, source: A, target: B}  # expect: CP005
""",
}

CP006 = {
    "latency-where-needed": """
blueprint_version: 1
interfaces:
  - {id: IF-1, source: A, target: B, timing: synchronous, latency_sla: PT2S}
  - {id: IF-2, source: A, target: B, timing: near_real_time, latency_sla: PT5M}
  - {id: IF-3, source: A, target: B, timing: asynchronous}
  - {id: IF-4, source: A, target: B, timing: scheduled_batch}
  - {id: IF-5, source: A, target: B}
""",
    "latency-missing": """
blueprint_version: 1
interfaces:
  - id: IF-1
    source: A
    target: B
    timing: synchronous  # expect: CP006
  - {id: IF-2, source: A, target: B, timing: near_real_time, latency_sla: ""}  # expect: CP006
""",
}

CP009 = {
    "system-of-record-or-owned-fields": """
blueprint_version: 1
interfaces:
  - {id: IF-1, source: A, target: B, integration_type: data, ownership: {system_of_record: A}}
  - {id: IF-2, source: A, target: B, integration_type: data}
  - {id: IF-3, source: A, target: B, integration_type: process}
mappings:
  - id: MAP-2
    interface: IF-2
    fields:
      - {source: x, target: x, owner: A}
      - {source: y, target: y, owner: B}
""",
    "no-owner": """
blueprint_version: 1
interfaces:
  - {id: IF-1, source: A, target: B, integration_type: data}  # expect: CP009
  - id: IF-2
    source: A
    target: B
    integration_type: data
    ownership: {conflict_resolution: source_wins}  # expect: CP009
  - {id: IF-3, source: A, target: B, integration_type: data}  # expect: CP009
mappings:
  - id: MAP-3
    interface: IF-3
    fields:
      - {source: x, target: x, owner: A}
      - {source: y, target: y}
""",
}

CP010 = {
    "payload-profiles": """
blueprint_version: 1
interfaces:
  - {id: IF-1, source: A, target: B, mechanism: service_bus, payload: {format: json, max_kb: 64}}
  - {id: IF-2, source: A, target: B, timing: synchronous, payload: {format: json, max_kb: 8}}
  - {id: IF-3, source: A, target: B, mechanism: ssis, timing: scheduled_batch}
  - id: IF-4
    source: A
    target: B
    mechanism: dataverse_web_api
    pattern: [push, batching]
    payload: {format: json, max_kb: 900, records_per_message: 100}
  - {id: IF-5, source: A, target: B, mechanism: dual_write}
""",
    "payload-profile-missing": """
blueprint_version: 1
interfaces:
  - {id: IF-1, source: A, target: B, mechanism: event_grid}  # expect: CP010
  - id: IF-2
    source: A
    target: B
    timing: synchronous
    payload: {format: json}  # expect: CP010
  - id: IF-3
    source: A
    target: B
    pattern: [request_response]
    payload: {max_kb: 8}  # expect: CP010
  - id: IF-4
    source: A
    target: B
    mechanism: ssis
    pattern: [pull, batching]
    payload: {format: csv, max_kb: 4096}  # expect: CP010
""",
}

CASES = [
    pytest.param(code, text, id=f"{code}-{name}")
    for code, table in (
        ("CP001", CP001),
        ("CP004", CP004),
        ("CP005", CP005),
        ("CP006", CP006),
        ("CP009", CP009),
        ("CP010", CP010),
    )
    for name, text in table.items()
]


@pytest.mark.parametrize(("code", "text"), CASES)
def test_fixture(code: str, text: str, tmp_path: Path) -> None:
    assert_rule_fixture(tmp_path, code, text)


def _messages(tmp_path: Path, code: str, text: str) -> list[str]:
    result = lint_files(tmp_path, {"spec.yaml": text})
    return sorted(d.message for d in result.diagnostics if d.code == code)


def test_goal_message_lists_every_missing_part(tmp_path: Path) -> None:
    assert _messages(tmp_path, "CP001", "blueprint_version: 1\ngoals:\n  - {id: G-1, statement: Fewer calls}\n") == [
        "goal G-1 has no benefits, horizon (short_term, long_term or both) and business owner"
    ]


def test_shape_message_lists_every_missing_field(tmp_path: Path) -> None:
    assert _messages(tmp_path, "CP005", CP005["missing-shape"]) == [
        "interface IF-1 does not state its pattern",
        "interface IF-2 does not state its direction, integration type, timing, pattern and mechanism",
    ]


def test_system_of_record_message_counts_unowned_fields(tmp_path: Path) -> None:
    assert "interface IF-3 exchanges data but names no system of record and 1 of its 2 mapped fields have no owner" in (
        _messages(tmp_path, "CP009", CP009["no-owner"])
    )


@pytest.mark.parametrize(
    "interface",
    [
        "{id: IF-1, source: A, target: B, trigger: oops, payload: 5, pattern: 7, timing: [x]}",
        "{id: IF-1, source: A, target: B, trigger: [], payload: [], ownership: oops, integration_type: data}",
        "{id: IF-1, source: A, target: B, trigger: {type: [schedule]}, frequency: oops, mechanism: {x: 1}}",
    ],
)
def test_schema_invalid_values_do_not_crash(interface: str, tmp_path: Path) -> None:
    result = lint_files(
        tmp_path,
        {"spec.yaml": f"blueprint_version: 1\ngoals: [{{id: G, benefits: oops}}]\ninterfaces:\n  - {interface}\n"},
    )
    assert not [d for d in result.diagnostics if d.code == "IE001"]
