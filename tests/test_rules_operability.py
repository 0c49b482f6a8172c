"""Operability rules (OP001-OP007): fixtures with their expected findings inline."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import assert_rule_fixture

SYSTEMS = """
systems:
  - {id: SYS-SQL, kind: database, owner: DBA}
  - {id: SYS-CE, kind: d365_customer_engagement, owner: CRM owner}
  - {id: SYS-FO, kind: d365_finance_operations, owner: ERP owner}
  - {id: SYS-DV, kind: dataverse, owner: Platform owner}
  - {id: SYS-WEB, kind: portal, owner: Web owner}
"""

OP001 = {
    "declared": f"""
blueprint_version: 1
{SYSTEMS}
interfaces:
  - id: IF-A
    source: SYS-SQL
    target: SYS-CE
    mechanism: dataverse_web_api
    error_handling: {{strategy: retry, retry: {{max_attempts: 6, backoff: exponential, honor_retry_after: true}}}}
  - id: IF-B
    source: SYS-CE
    target: SYS-WEB
    mechanism: rest_api
    error_handling: {{strategy: fail_fast}}
  - id: IF-C
    source: SYS-SQL
    target: SYS-FO
    mechanism: fo_dmf_package_api
    error_handling: {{strategy: manual_resubmit}}
  - id: IF-D
    source: SYS-FO
    target: SYS-DV
    mechanism: dual_write
    error_handling: {{strategy: manual_resubmit}}
""",
    "no-strategy": f"""
blueprint_version: 1
{SYSTEMS}
interfaces:
  - {{id: IF-A, source: SYS-CE, target: SYS-WEB}}  # expect: OP001
  - {{id: IF-B, source: SYS-CE, target: SYS-WEB, error_handling: {{dead_letter: true}}}}  # expect: OP001
""",
    "throttled-target-without-full-retry": f"""
blueprint_version: 1
{SYSTEMS}
interfaces:
  - {{id: IF-A, source: SYS-SQL, target: SYS-CE, mechanism: dataverse_sdk, error_handling: {{strategy: retry}}}}  # expect: OP001
  - id: IF-B
    source: SYS-SQL
    target: SYS-FO
    mechanism: fo_odata
    error_handling:
      strategy: retry
      retry: {{max_attempts: 3, backoff: none, honor_retry_after: true}}  # expect: OP001
  - id: IF-C
    source: SYS-WEB
    target: SYS-DV
    mechanism: power_automate_flow
    error_handling:
      strategy: dead_letter
      retry: {{backoff: exponential}}  # expect: OP001
""",
}

OP002 = {
    "idempotent-with-dlq": """
blueprint_version: 1
interfaces:
  - id: IF-A
    source: S1
    target: S2
    timing: asynchronous
    error_handling: {strategy: dead_letter}
    idempotency: {key: orderId, duplicate_detection: true}
  - id: IF-B
    source: S1
    target: S2
    timing: scheduled_batch
    error_handling: {strategy: retry, dead_letter: true}
    idempotency: {key: alternate key, duplicate_detection: true}
  - {id: IF-C, source: S1, target: S2, timing: synchronous, error_handling: {strategy: fail_fast}}
  - {id: IF-D, source: S1, target: S2, timing: near_real_time, mechanism: dual_write}
  - {id: IF-E, source: S1, target: S2, timing: asynchronous, mechanism: synapse_link}
  - id: IF-F
    source: S1
    target: S2
    timing: scheduled_batch
    mechanism: fo_dmf_package_api
    error_handling: {strategy: manual_resubmit, poll_status: true}
    idempotency: {key: journal number, duplicate_detection: true}
  - id: IF-G
    source: S1
    target: S2
    timing: synchronous
    error_handling: {strategy: retry, retry: {max_attempts: 0}}
""",
    "missing": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: S1, target: S2, timing: asynchronous}  # expect: OP002, OP002
  - id: IF-B
    source: S1
    target: S2
    timing: near_real_time
    error_handling: {strategy: retry, dead_letter: false}  # expect: OP002
    idempotency: {key: messageId}  # expect: OP002
  - id: IF-C
    source: S1
    target: S2
    timing: synchronous
    error_handling: {strategy: retry, retry: {max_attempts: 3}}
    idempotency: {duplicate_detection: true}  # expect: OP002
  - id: IF-D
    source: S1
    target: S2
    timing: scheduled_batch
    mechanism: fo_recurring_integration
    error_handling: {strategy: manual_resubmit}  # expect: OP002
    idempotency: {key: message id, duplicate_detection: true}
""",
}

OP003 = {
    "monitored": """
blueprint_version: 1
interfaces:
  - id: IF-A
    source: S1
    target: S2
    monitoring:
      tools: [app_insights]
      alerts:
        - {condition: failures > 0}
        - {condition: dead-letter > 0, notify: [support@example.org]}
""",
    "missing": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: S1, target: S2}  # expect: OP003
  - {id: IF-B, source: S1, target: S2, monitoring: {correlation_id: true}}  # expect: OP003, OP003
  - id: IF-C
    source: S1
    target: S2
    monitoring:
      tools: [app_insights]
      alerts: [{condition: failures > 0, notify: []}]  # expect: OP003
""",
}

OP004 = {
    "owned": """
blueprint_version: 1
systems:
  - {id: S1, owner: Someone}
  - {id: S2, owner: Someone else}
  - {id: S3, context_only: true}
interfaces:
  - {id: IF-A, source: S1, target: S2, owners: {business: Sales lead, technical: it@example.org}}
""",
    "missing": """
blueprint_version: 1
systems:
  - {id: S1, owner: Someone}
  - {id: S2}  # expect: OP004
  - {id: S3, owner: ""}  # expect: OP004
interfaces:
  - {id: IF-A, source: S1, target: S2}  # expect: OP004
  - {id: IF-B, source: S1, target: S3, owners: {business: Sales lead}}  # expect: OP004
""",
}

OP005 = {
    "planned": """
blueprint_version: 1
platforms:
  - {id: MW-A, capabilities: [ha, dr, queueing]}
  - {id: MW-B, capabilities: [queueing]}
interfaces:
  - {id: IF-A, source: S1, target: S2, platform: MW-A, criticality: mission_critical, continuity: {on_target_outage: queue, replay: true}}
  - {id: IF-B, source: S1, target: S2, platform: MW-B, criticality: high, continuity: {on_target_outage: fail_user_action, replay: false}}
  - {id: IF-C, source: S1, target: S2, platform: MW-B, criticality: medium}
  - {id: IF-D, source: S1, target: S2, criticality: mission_critical, continuity: {on_target_outage: queue, replay: true}}
""",
    "missing": """
blueprint_version: 1
platforms:
  - {id: MW-B, capabilities: [queueing, ha]}
interfaces:
  - {id: IF-A, source: S1, target: S2, criticality: high}  # expect: OP005
  - id: IF-B
    source: S1
    target: S2
    platform: MW-B  # expect: OP005
    criticality: mission_critical
    continuity: {on_target_outage: queue}  # expect: OP005
""",
}

OP006 = {
    "planned": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: S1, target: S2, timing: asynchronous, criticality: medium, testing: {test_types: [end_to_end]}}
  - {id: IF-B, source: S1, target: S2, timing: synchronous, testing: {test_types: [interface, performance]}}
  - {id: IF-C, source: S1, target: S2, criticality: high, testing: {test_types: [interface, performance]}}
""",
    "missing": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: S1, target: S2}  # expect: OP006
  - {id: IF-B, source: S1, target: S2, testing: {test_types: [uat]}}  # expect: OP006
  - {id: IF-C, source: S1, target: S2, timing: synchronous, testing: {test_types: [interface]}}  # expect: OP006
  - {id: IF-D, source: S1, target: S2, criticality: mission_critical}  # expect: OP006, OP006
""",
}

OP007 = {
    "governed": """
blueprint_version: 1
platforms:
  - {id: MW-A, capabilities: [monitoring, alerting], alm: {repo: "https://dev.azure.com/c/int/_git/a", pipeline: a-release}}
  - {id: MW-B, capabilities: [monitoring, alerting, version_control, alm_pipeline]}
  - {id: MW-UNUSED, capabilities: []}
interfaces:
  - {id: IF-A, source: S1, target: S2, platform: MW-A}
  - {id: IF-B, source: S1, target: S2, platform: MW-B}
""",
    "ungoverned": """
blueprint_version: 1
platforms:
  - {id: MW-A, capabilities: [monitoring], alm: {repo: "https://dev.azure.com/c/int/_git/a", pipeline: a-release}}  # expect: OP007
  - {id: MW-B, capabilities: [monitoring, alerting, version_control]}  # expect: OP007
  - {id: MW-C}  # expect: OP007, OP007
interfaces:
  - {id: IF-A, source: S1, target: S2, platform: MW-A}
  - {id: IF-B, source: S1, target: S2, platform: MW-B}
  - {id: IF-C, source: S1, target: S2, platform: MW-C}
""",
}

CASES = [
    (code, name, text)
    for code, table in (
        ("OP001", OP001),
        ("OP002", OP002),
        ("OP003", OP003),
        ("OP004", OP004),
        ("OP005", OP005),
        ("OP006", OP006),
        ("OP007", OP007),
    )
    for name, text in table.items()
]


@pytest.mark.parametrize(("code", "name", "text"), CASES, ids=[f"{c}-{n}" for c, n, _ in CASES])
def test_rule_fixture(code: str, name: str, text: str, tmp_path: Path) -> None:
    assert_rule_fixture(tmp_path, code, text)


def test_schema_invalid_values_do_not_crash(tmp_path: Path) -> None:
    text = """
blueprint_version: 1
platforms:
  - {id: MW-A, capabilities: monitoring, alm: nope}
interfaces:
  - id: IF-A
    source: S1
    target: S2
    platform: MW-A
    timing: 5
    criticality: [high]
    error_handling: retry
    idempotency: yes
    monitoring: [app_insights]
    owners: someone
    continuity: queue
    testing: interface
    security: {auth: [none], tls_min_version: 1.0, endpoint: 42}
mappings:
  - {id: MAP-A, interface: IF-A, fields: [email, {source: 5, target: [x]}]}
"""
    from tests.helpers import lint_files

    result = lint_files(tmp_path, {"spec.yaml": text})
    assert not [d for d in result.diagnostics if d.code == "IE001"], [d.message for d in result.diagnostics]


NEAR_LIMITS = f"""
blueprint_version: 1
{SYSTEMS}
identities:
  - {{id: ID-LOAD, kind: application_user}}
interfaces:
  # 43,200 per hour = 3,600 requests per 5 minutes: 60 % of Dataverse's 6,000 for ID-LOAD.
  - id: IF-BUSY
    source: SYS-SQL
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-LOAD
    volume: {{average: {{count: 10000, per: hour}}, peak: {{count: 43200, per: hour}}}}
    avg_execution_ms: 10
    testing: {{test_types: [interface, end_to_end]}}  # expect: OP006
  # 1,200 per hour = 100 requests per 5 minutes: far from any limit.
  - id: IF-QUIET
    source: SYS-SQL
    target: SYS-CE
    mechanism: dataverse_web_api
    volume: {{average: {{count: 100, per: hour}}, peak: {{count: 1200, per: hour}}}}
    testing: {{test_types: [interface, end_to_end]}}
"""


def test_interfaces_near_the_limits_need_a_performance_test(tmp_path: Path) -> None:
    assert_rule_fixture(tmp_path, "OP006", NEAR_LIMITS)
    from tests.helpers import lint_files

    result = lint_files(tmp_path / "msg", {"spec.yaml": NEAR_LIMITS})
    [finding] = [d for d in result.diagnostics if d.code == "OP006"]
    assert finding.message == (
        "interface IF-BUSY is near the platform's limits (identity ID-LOAD peaks at 60% of Dataverse's "
        "request limit) but plans no performance test"
    )
    relaxed = lint_files(
        tmp_path / "relaxed",
        {"spec.yaml": NEAR_LIMITS},
        config="rule-options: {OP006: {near_limit_share_percent: 75}}\n",
    )
    assert [d for d in relaxed.diagnostics if d.code == "OP006"] == []
