"""XR006 mapping-coverage, XR007 self-reference, XR008 process-step-order: fixture tables.

Each fixture is a small blueprint; `# expect: CODE` marks every line the rule under test must
report, and no other line may carry that code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import assert_rule_fixture, lint_files

SYSTEMS = """
systems:
  - {id: SYS-WEB, kind: portal, hosting: cloud}
  - {id: SYS-CE, kind: d365_customer_engagement, hosting: cloud}
  - {id: SYS-PERMITS, kind: on_premises_lob, hosting: on_premises}
  - {id: SYS-STAGING, kind: database, hosting: cloud}
  - {id: SYS-FO, kind: d365_finance_operations, hosting: cloud}
"""

XR006 = {
    "data-interface-with-mapping": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: SYS-WEB, target: SYS-CE, integration_type: data}
mappings:
  - id: MAP-A
    interface: IF-A
    integration_key: [requestId]
    fields:
      - {source: requestId, target: bps_id, owner: SYS-WEB}
      - {source: email, target: emailaddress1, owner: SYS-CE}
""",
    "data-interface-without-mapping": """
blueprint_version: 1
interfaces:
  - id: IF-A
    source: SYS-WEB
    target: SYS-CE
    integration_type: data  # expect: XR006
  - {id: IF-B, source: SYS-WEB, target: SYS-CE, integration_type: process}
  - {id: IF-C, source: SYS-WEB, target: SYS-CE, integration_type: ui}
""",
    "mapping-without-integration-key-or-fields": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: SYS-WEB, target: SYS-CE, integration_type: data}
mappings:
  - id: MAP-A  # expect: XR006, XR006
    interface: IF-A
  - id: MAP-B
    interface: IF-A
    integration_key: []  # expect: XR006
    fields:
      - {source: requestId, target: bps_id}
""",
    "owner-unrelated-to-the-interface": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: SYS-WEB, target: SYS-CE, integration_type: data}
mappings:
  - id: MAP-A
    interface: IF-A
    integration_key: [requestId]
    fields:
      - {source: requestId, target: bps_id, owner: SYS-WEB}
      - {source: creditLimit, target: creditlimit, owner: SYS-FO}  # expect: XR006
      - {source: other, target: other, owner: SYS-UNDECLARED}
""",
    "owner-is-the-system-of-record-or-a-direct-feeder": """
blueprint_version: 1
interfaces:
  - {id: IF-EXTRACT, source: SYS-PERMITS, target: SYS-STAGING, integration_type: data, ownership: {system_of_record: SYS-PERMITS}}
  - {id: IF-LOAD, source: SYS-STAGING, target: SYS-CE, integration_type: data, ownership: {system_of_record: SYS-FO}}
mappings:
  - id: MAP-EXTRACT
    interface: IF-EXTRACT
    integration_key: [PermitNumber]
    fields:
      - {source: PermitNumber, target: permit_number, owner: SYS-PERMITS}
  - id: MAP-LOAD
    interface: IF-LOAD
    integration_key: [permit_number]
    fields:
      - {source: permit_number, target: bps_sourcekey, owner: SYS-PERMITS}
      - {source: account, target: bps_account, owner: SYS-FO}
""",
    "feeders-count-one-hop-only": """
blueprint_version: 1
interfaces:
  - {id: IF-1, source: SYS-PERMITS, target: SYS-STAGING, integration_type: process}
  - {id: IF-2, source: SYS-STAGING, target: SYS-WEB, integration_type: process}
  - {id: IF-3, source: SYS-WEB, target: SYS-CE, integration_type: data}
mappings:
  - id: MAP-3
    interface: IF-3
    integration_key: [id]
    fields:
      - {source: id, target: bps_id, owner: SYS-STAGING}
      - {source: permit, target: bps_permit, owner: SYS-PERMITS}  # expect: XR006
""",
}

XR007 = {
    "distinct-ends-and-neighbours": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: SYS-WEB, target: SYS-CE}
processes:
  - {id: P-A, upstream: [P-B], downstream: [P-B]}
  - {id: P-B}
""",
    "interface-to-itself": """
blueprint_version: 1
interfaces:
  - id: IF-A
    source: SYS-CE
    target: SYS-CE  # expect: XR007
""",
    "process-its-own-neighbour": """
blueprint_version: 1
processes:
  - id: P-A
    upstream:
      - P-B
      - P-A  # expect: XR007
    downstream: [P-A]  # expect: XR007
  - {id: P-B}
""",
}

XR008 = {
    "ordered-and-consistent": """
blueprint_version: 1
processes:
  - id: P-A
    steps:
      - {step: 1, interface: IF-A}
      - {step: 2, system: SYS-CE, action: Agent works the case}
      - {step: 5, interface: IF-B}
      - {interface: IF-SHARED}
interfaces:
  - {id: IF-A, process: P-A, source: SYS-WEB, target: SYS-CE}
  - {id: IF-B, process: P-A, source: SYS-CE, target: SYS-WEB}
  - {id: IF-SHARED, source: SYS-CE, target: SYS-WEB}
  - {id: IF-UNKNOWN-PROCESS, process: P-MISSING, source: SYS-CE, target: SYS-WEB}
""",
    "duplicate-and-decreasing-numbers": """
blueprint_version: 1
processes:
  - id: P-A
    steps:
      - {step: 1, action: Submit}
      - {step: 3, action: Triage}
      - {step: 3, action: Assign}  # expect: XR008
      - {step: 2, action: Resolve}  # expect: XR008
      - {step: 4, action: Close}
""",
    "step-names-an-interface-of-another-process": """
blueprint_version: 1
processes:
  - id: P-A
    steps:
      - {step: 1, interface: IF-A}
      - {step: 2, interface: IF-B}  # expect: XR008
      - {step: 3, interface: IF-UNDECLARED}
  - {id: P-B}
interfaces:
  - {id: IF-A, process: P-A, source: SYS-WEB, target: SYS-CE}
  - {id: IF-B, process: P-B, source: SYS-CE, target: SYS-WEB}
""",
    "interface-missing-from-its-process-steps": """
blueprint_version: 1
processes:
  - id: P-A
    steps:
      - {step: 1, interface: IF-A}
  - {id: P-NO-STEPS}
interfaces:
  - {id: IF-A, process: P-A, source: SYS-WEB, target: SYS-CE}
  - id: IF-B
    process: P-A  # expect: XR008
    source: SYS-CE
    target: SYS-WEB
  - {id: IF-C, process: P-NO-STEPS, source: SYS-CE, target: SYS-WEB}
""",
}

CASES = [
    pytest.param(code, text, id=f"{code}-{name}")
    for code, table in (("XR006", XR006), ("XR007", XR007), ("XR008", XR008))
    for name, text in table.items()
]


@pytest.mark.parametrize(("code", "text"), CASES)
def test_fixture(code: str, text: str, tmp_path: Path) -> None:
    assert_rule_fixture(tmp_path, code, text + SYSTEMS)


def test_mapping_coverage_names_the_owner_and_the_interface(tmp_path: Path) -> None:
    result = lint_files(tmp_path, {"spec.yaml": XR006["owner-unrelated-to-the-interface"] + SYSTEMS})
    [message] = [d.message for d in result.diagnostics if d.code == "XR006"]
    assert message == (
        "field 'creditlimit' of mapping MAP-A is owned by 'SYS-FO', a system unrelated to interface IF-A ('SYS-WEB' and 'SYS-CE')"
    )


def test_process_step_order_messages_name_the_numbers(tmp_path: Path) -> None:
    result = lint_files(tmp_path, {"spec.yaml": XR008["duplicate-and-decreasing-numbers"]})
    assert sorted(d.message for d in result.diagnostics if d.code == "XR008") == [
        "process P-A lists step 2 after step 3",
        "process P-A numbers more than one step as step 3",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "processes:\n  - {id: P-A, steps: oops, upstream: P-A}\n",
        "processes:\n  - {id: P-A, steps: [oops, {step: x}, {step: true}, {interface: 5}]}\n",
        "interfaces:\n  - {id: IF-A, source: [SYS-A], target: [SYS-A], process: {x: 1}}\n",
        "mappings:\n  - {id: MAP-A, interface: IF-A, fields: [oops, {owner: [SYS-A]}], integration_key: {}}\n"
        "interfaces:\n  - {id: IF-A, source: SYS-A, target: SYS-B, integration_type: data}\n",
    ],
)
def test_schema_invalid_values_do_not_crash(text: str, tmp_path: Path) -> None:
    result = lint_files(tmp_path, {"spec.yaml": "blueprint_version: 1\n" + text})
    assert not [d for d in result.diagnostics if d.code == "IE001"]
