"""CA001–CA009: passing and failing fixtures, messages with figure, limit, share and source, options."""

from __future__ import annotations

from pathlib import Path

import pytest
from blueprint_lint_rules.ca.ca001_dataverse_request_rate import DataverseRequestRate
from blueprint_lint_rules.ca.ca002_dataverse_concurrency import DataverseConcurrency
from blueprint_lint_rules.ca.ca004_daily_request_entitlement import DailyRequestEntitlement
from blueprint_lint_rules.ca.ca009_dataverse_request_rate_near_limit import DataverseRequestRateNearLimit

from linter.run.engine import load_models
from tests.helpers import assert_rule_fixture, lint_files, write_workspace
from tests.helpers import ruleset as _installed_rules

HEAD = """blueprint_version: 1
project: {name: P, tenant_licenses: {d365_enterprise_professional_usl: 10}}
systems:
  - {id: SYS-CE, kind: dataverse}
  - {id: SYS-FO, kind: d365_finance_operations}
  - {id: SYS-ERP, kind: on_premises_lob}
platforms:
  - {id: MW-SB, kind: azure_service_bus}
  - {id: MW-SBP, kind: azure_service_bus, tier: Premium}
  - {id: MW-EG, kind: azure_event_grid}
identities:
  - {id: ID-A, kind: application_user, license: none}
  - {id: ID-B, kind: managed_identity}
  - {id: ID-LIC, kind: licensed_user, license: d365_enterprise}
interfaces:
"""


def iface(spec: str) -> str:
    """An interface entry for the fixture (``spec`` is its body, indented by four spaces)."""
    return "  - " + spec.strip("\n").lstrip() + "\n"


CASES: list[tuple[str, str, str]] = [
    # -- CA001 / CA009: 60,000 per hour = 5,000 per 5 minutes; + 28,800 per hour = 2,400 → 7,400 (123%)
    (
        "CA001",
        "two interfaces of one identity over 6,000",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: ID-A
    mechanism: rest_api
    volume:
      peak: {count: 60000, per: hour}  # expect: CA001
  - id: IF-2
    source: SYS-ERP
    target: SYS-CE
    identity: ID-A
    mechanism: rest_api
    volume:
      peak: {count: 28800, per: hour}
""",
    ),
    (
        "CA001",
        "the same load on two identities is within the limit (5,000 and 2,400)",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: ID-A
    mechanism: rest_api
    volume:
      peak: {count: 60000, per: hour}
  - id: IF-2
    source: SYS-ERP
    target: SYS-CE
    identity: ID-B
    mechanism: rest_api
    volume:
      peak: {count: 28800, per: hour}
""",
    ),
    (
        "CA001",
        "batched: 7,400 operations in $batch of 100 are 74 requests",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: ID-A
    mechanism: dataverse_web_api
    payload: {records_per_message: 100}
    volume:
      peak: {count: 88800, per: hour}
""",
    ),
    (
        "CA001",
        "batching is not assumed for a mechanism that does not batch (Service Bus: 7,400 requests)",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: ID-A
    mechanism: service_bus
    payload: {records_per_message: 100}
    volume:
      peak: {count: 88800, per: hour}  # expect: CA001
""",
    ),
    (
        "CA001",
        "an interface without identity is evaluated alone; reading from Dataverse with the Web API counts",
        """
    id: IF-1
    source: SYS-CE
    target: SYS-ERP
    mechanism: dataverse_web_api
    volume:
      peak: {count: 7000, per: five_minutes}  # expect: CA001
""",
    ),
    (
        "CA001",
        "pushed by Dataverse (Service Bus endpoint): no API requests",
        """
    id: IF-1
    source: SYS-CE
    target: SYS-ERP
    identity: ID-A
    mechanism: dataverse_service_bus_endpoint
    volume:
      peak: {count: 7000, per: five_minutes}
""",
    ),
    (
        "CA001",
        "exactly at the limit is not over it",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: ID-A
    mechanism: rest_api
    volume:
      peak: {count: 6000, per: five_minutes}
""",
    ),
    (
        "CA009",
        "exactly at the limit is in the warning band",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: ID-A
    mechanism: rest_api
    volume:
      peak: {count: 6000, per: five_minutes}  # expect: CA009
""",
    ),
    (
        "CA009",
        "80% (4,800) warns; over the limit is CA001's, not CA009's",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: ID-A
    mechanism: rest_api
    volume:
      peak: {count: 4800, per: five_minutes}  # expect: CA009
  - id: IF-2
    source: SYS-ERP
    target: SYS-CE
    identity: ID-B
    mechanism: rest_api
    volume:
      peak: {count: 9000, per: five_minutes}
""",
    ),
    (
        "CA009",
        "79% (4,740) does not warn",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: ID-A
    mechanism: rest_api
    volume:
      peak: {count: 4740, per: five_minutes}
""",
    ),
    # -- CA002
    (
        "CA002",
        "30 + 30 concurrent requests for one identity; a tie goes to the first interface",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: ID-A
    max_concurrency: 30  # expect: CA002
  - id: IF-2
    source: SYS-ERP
    target: SYS-CE
    identity: ID-A
    max_concurrency: 30
""",
    ),
    (
        "CA002",
        "52 is allowed",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: ID-A
    max_concurrency: 52
""",
    ),
    # -- CA003: 84,000 per hour = 7,000 operations × 200 ms = 1,400 s
    (
        "CA003",
        "execution time over 1,200 s with the assumed 200 ms; batch of 101 over the 100 advised",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: ID-A
    mechanism: dataverse_sdk
    volume:
      peak: {count: 84000, per: hour}  # expect: CA003
    payload: {records_per_message: 101}  # expect: CA003
""",
    ),
    (
        "CA003",
        "a declared 100 ms halves it to 700 s; a batch of 100 is fine",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: ID-A
    mechanism: dataverse_sdk
    avg_execution_ms: 100
    volume:
      peak: {count: 84000, per: hour}
    payload: {records_per_message: 100}
""",
    ),
    # -- CA004
    (
        "CA004",
        "a licensed identity over 40,000 a day (1,800 per hour × 24 = 43,200)",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: ID-LIC
    mechanism: rest_api
    volume:
      average: {count: 1800, per: hour}  # expect: CA004
      peak: {count: 5000, per: hour}
""",
    ),
    (
        "CA004",
        "application users over the pool: 500,000 + 5,000 × 10 = 550,000; 400,000 + 200,000 a day",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: ID-A
    mechanism: dataverse_web_api
    payload: {records_per_message: 1000}
    volume:
      average: {count: 400000, per: day}  # expect: CA004
      peak: {count: 400000, per: day}
  - id: IF-2
    source: SYS-ERP
    target: SYS-CE
    identity: ID-B
    mechanism: dataverse_web_api
    volume:
      average: {count: 200000, per: day}
      peak: {count: 200000, per: day}
""",
    ),
    (
        "CA004",
        "within both entitlements",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: ID-LIC
    mechanism: rest_api
    volume:
      average: {count: 1600, per: hour}
      peak: {count: 5000, per: hour}
""",
    ),
    # -- CA005
    (
        "CA005",
        "batch of 1,001; dual-write of 1,500 from finance and operations",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    payload: {records_per_message: 1001}  # expect: CA005
  - id: IF-2
    source: SYS-FO
    target: SYS-CE
    mechanism: dual_write
    payload: {records_per_message: 1500}  # expect: CA005
""",
    ),
    (
        "CA005",
        "1,000 is allowed; other mechanisms are not batches",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    payload: {records_per_message: 1000}
  - id: IF-2
    source: SYS-ERP
    target: SYS-CE
    mechanism: file_transfer
    payload: {records_per_message: 50000}
""",
    ),
    # -- CA006
    (
        "CA006",
        "standard Service Bus (declared or assumed) and Event Grid",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    mechanism: service_bus
    payload: {max_kb: 300}  # expect: CA006
  - id: IF-2
    source: SYS-ERP
    target: SYS-CE
    platform: MW-SB
    mechanism: azure_function
    payload: {max_kb: 257}  # expect: CA006
  - id: IF-3
    source: SYS-ERP
    target: SYS-CE
    platform: MW-EG
    payload: {max_kb: 2048}  # expect: CA006
""",
    ),
    (
        "CA006",
        "premium Service Bus takes 100 MB; no channel, no limit",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    mechanism: service_bus
    platform: MW-SBP
    payload: {max_kb: 50000}
  - id: IF-2
    source: SYS-ERP
    target: SYS-CE
    mechanism: file_transfer
    payload: {max_kb: 5000000}
""",
    ),
    # -- CA007
    (
        "CA007",
        "synchronous into Dataverse for 3 minutes; dual-write for 150 seconds",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    timing: synchronous
    mechanism: dataverse_web_api
    expected_duration: PT3M  # expect: CA007
  - id: IF-2
    source: SYS-FO
    target: SYS-CE
    timing: near_real_time
    mechanism: dual_write
    expected_duration: PT150S  # expect: CA007
""",
    ),
    (
        "CA007",
        "asynchronous work may take long; a 2-minute synchronous call is at the limit, not over it",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    timing: asynchronous
    mechanism: dataverse_web_api
    expected_duration: PT3H
  - id: IF-2
    source: SYS-ERP
    target: SYS-CE
    timing: synchronous
    mechanism: dataverse_web_api
    expected_duration: PT2M
""",
    ),
    # -- CA008: 1,300,000 per hour = 108,333 per 5 minutes
    (
        "CA008",
        "a flow over 100,000 actions per 5 minutes",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-FO
    mechanism: power_automate_flow
    volume:
      peak: {count: 1300000, per: hour}  # expect: CA008
""",
    ),
    (
        "CA008",
        "the same volume through Logic Apps is not a flow",
        """
    id: IF-1
    source: SYS-ERP
    target: SYS-FO
    mechanism: logic_app
    volume:
      peak: {count: 1300000, per: hour}
""",
    ),
]


@pytest.mark.parametrize(("code", "title", "body"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_fixture(code: str, title: str, body: str, tmp_path: Path) -> None:
    assert_rule_fixture(tmp_path, code, HEAD + iface(body))


def _messages(tmp_path: Path, body: str, code: str) -> list[str]:
    result = lint_files(tmp_path, {"spec.yaml": HEAD + iface(body)})
    return [d.message for d in result.diagnostics if d.code == code]


def test_request_rate_message_states_figure_limit_share_source_and_contributors(tmp_path: Path) -> None:
    (message,) = _messages(tmp_path, CASES[0][2], "CA001")
    assert message == (
        "peak 7,400 requests per 5 minutes for identity ID-A exceeds Dataverse's 6,000 per user per web server "
        "(123%) [Dataverse service protection API limits]; contributions: IF-1 5,000, IF-2 2,400"
    )


def test_pool_message_shows_the_formula(tmp_path: Path) -> None:
    (message,) = _messages(tmp_path, CASES[15][2], "CA004")
    assert message == (
        "application users ID-A, ID-B together make 600,000 Dataverse operations per 24 hours, above the tenant "
        "pool of 550,000 (109%; 500,000 + 5,000 × 10 D365 user licenses) [Power Platform requests limits and allocations]"
    )


def _model(tmp_path: Path, body: str):  # type: ignore[no-untyped-def]
    write_workspace(tmp_path, {"spec.yaml": HEAD + iface(body)})
    return load_models([Path(".")], _installed_rules(), cwd=tmp_path).workspaces[0].model


def test_web_servers_option_scales_the_per_server_limits(tmp_path: Path) -> None:
    model = _model(tmp_path, CASES[0][2])
    assert len(list(DataverseRequestRate().check(model))) == 1
    # 2 web servers: 12,000; 7,400 is 62% of it, under the 80% warning too.
    assert list(DataverseRequestRate({"web_servers": 2}).check(model)) == []
    assert list(DataverseRequestRateNearLimit({"web_servers": 2}).check(model)) == []
    (finding,) = DataverseRequestRateNearLimit({"web_servers": 2, "near_limit_percent": 60}).check(model)
    assert "is 62% of Dataverse's 12,000 per user (6,000 per web server × 2 web servers)" in finding.message


def test_limit_options_override_the_profile(tmp_path: Path) -> None:
    model = _model(tmp_path, CASES[10][2])
    assert len(list(DataverseConcurrency().check(model))) == 1
    assert list(DataverseConcurrency({"dataverse_concurrent_requests": 64}).check(model)) == []
    licensed = _model(tmp_path / "b", CASES[14][2])
    assert list(DailyRequestEntitlement({"licensed_requests_per_day": 50000}).check(licensed)) == []


def test_options_are_declared_with_a_schema() -> None:
    assert DataverseRequestRate.default_options == {
        "dataverse_requests_per_5_minutes": 6000,
        "web_servers": 1,
        "connector_write_batch_size": 10,
    }
    schema = DataverseRequestRate.options_schema
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert set(schema["properties"]) == {
        "dataverse_requests_per_5_minutes",
        "web_servers",
        "connector_write_batch_size",
    }


def test_schema_invalid_values_do_not_crash(tmp_path: Path) -> None:
    result = lint_files(
        tmp_path,
        {
            "spec.yaml": HEAD
            + iface(
                """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: [ID-A]
    mechanism: dataverse_web_api
    max_concurrency: lots
    expected_duration: 5
    requests_per_record: true
    volume: {peak: {count: many, per: fortnight}, burst_factor: "2"}
    payload: {records_per_message: "100", max_kb: big}
"""
            )
        },
    )
    assert not [d for d in result.diagnostics if d.code in ("IE001",) or d.code.startswith("CA")]
    assert result.internal_error is False


# -- durations: the capacity rules read the schema's grammar (the shared units), like every rule --
@pytest.mark.parametrize("duration", ["PT1.5H", "pt5m"])
def test_synchronous_timeout_reads_only_durations_the_schema_accepts(tmp_path: Path, duration: str) -> None:
    # The capacity rules used to read a fraction in any component and lower case (PT1.5H as 90
    # minutes, pt5m as 5), values the schema rejects and the consistency rules never read. Now the
    # schema's violation (SC001) is the one finding.
    body = f"""
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    timing: synchronous
    mechanism: dataverse_web_api
    expected_duration: {duration}
"""
    codes = {d.code for d in lint_files(tmp_path, {"spec.yaml": HEAD + iface(body)}).diagnostics}
    assert "SC001" in codes
    assert "CA007" not in codes


def test_synchronous_timeout_states_decimal_seconds_exactly(tmp_path: Path) -> None:
    # Seconds are read as seconds: 122.5 s (minutes × 60 made it 122.49999999999999, written 122).
    body = """
    id: IF-1
    source: SYS-ERP
    target: SYS-CE
    timing: synchronous
    mechanism: dataverse_web_api
    expected_duration: PT122.5S
"""
    result = lint_files(tmp_path, {"spec.yaml": HEAD + iface(body)})
    (finding,) = [d for d in result.diagnostics if d.code == "CA007"]
    assert "is expected to take 123 seconds, longer than Dataverse's 120-second" in finding.message
