"""CN001-CN008: fixture tables with inline `# expect:` markers, messages, and rule options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
from blueprint_lint_rules.cn.cn001_synchronous_high_volume import SynchronousHighVolume
from blueprint_lint_rules.cn.cn007_chatty_hybrid_interface import ChattyHybridInterface

from linter.api import Rule
from linter.catalog.registry import RuleSet
from linter.run.engine import lint
from tests.helpers import assert_rule_fixture, lint_files, write_workspace

SYSTEMS = """
systems:
  - {id: SYS-WEB, kind: portal, hosting: cloud}
  - {id: SYS-CE, kind: d365_customer_engagement, hosting: cloud}
  - {id: SYS-DV, kind: dataverse, hosting: cloud}
  - {id: SYS-FO, kind: d365_finance_operations, hosting: cloud}
  - {id: SYS-FO-LBD, kind: d365_finance_operations, hosting: on_premises}
  - {id: SYS-PERMITS, kind: on_premises_lob, hosting: on_premises}
  - {id: SYS-SHOP, kind: saas, hosting: cloud}
  - {id: SYS-LAKE, kind: data_lake, hosting: cloud}
  - {id: SYS-NOKIND, hosting: cloud}
"""

CN001 = {
    "modest-synchronous-and-busy-asynchronous": """
blueprint_version: 1
interfaces:
  - id: IF-1
    source: SYS-CE
    target: SYS-SHOP
    timing: synchronous
    volume: {peak: {count: 10000, per: hour}}
    payload: {max_kb: 1024}
  - id: IF-2
    source: SYS-CE
    target: SYS-SHOP
    timing: asynchronous
    volume: {peak: {count: 500000, per: hour}}
    payload: {max_kb: 65536}
  - id: IF-3
    source: SYS-CE
    target: SYS-SHOP
    pattern: [request_response]
    volume: {average: {count: 150, per: minute}, peak: {count: 240000, per: day}}
  - id: IF-4
    source: SYS-CE
    target: SYS-SHOP
    timing: synchronous
    frequency: {mode: scheduled, interval: P1D}
    expected_duration: PT2H
    volume: {peak: {count: 20000, per: run}}
""",
    "too-much-for-synchronous": """
blueprint_version: 1
interfaces:
  - id: IF-1
    source: SYS-CE
    target: SYS-SHOP
    timing: synchronous
    volume:
      peak: {count: 10001, per: hour}  # expect: CN001
    payload:
      max_kb: 2048  # expect: CN001
  - id: IF-2
    source: SYS-CE
    target: SYS-SHOP
    pattern: [request_response, push]
    volume:
      average: {count: 200, per: minute}  # expect: CN001
  - id: IF-3
    source: SYS-CE
    target: SYS-SHOP
    pattern: request_response
    frequency: {mode: scheduled, interval: PT5M}
    volume:
      peak: {count: 1000, per: run}  # expect: CN001
""",
}

CN002 = {
    "odata-at-low-volume-and-dmf-at-high": """
blueprint_version: 1
interfaces:
  - id: IF-1
    source: SYS-SHOP
    target: SYS-FO
    mechanism: fo_odata
    volume: {peak: {count: 99999, per: hour}, initial_load: {count: 199999}}
  - id: IF-2
    source: SYS-SHOP
    target: SYS-FO
    mechanism: fo_dmf_package_api
    volume: {peak: {count: 900000, per: run}, initial_load: {count: 5000000}}
  - id: IF-3
    source: SYS-SHOP
    target: SYS-FO
    mechanism: fo_custom_service
    volume: {peak: {count: 1000000, per: day}}
""",
    "odata-for-bulk": """
blueprint_version: 1
interfaces:
  - id: IF-1
    source: SYS-SHOP
    target: SYS-FO
    mechanism: fo_odata
    volume:
      peak: {count: 100000, per: run}  # expect: CN002
      initial_load: {count: 200000}  # expect: CN002
  - id: IF-2
    source: SYS-FO
    target: SYS-SHOP
    mechanism: fo_odata
    volume:
      peak: {count: 2000, per: minute}  # expect: CN002
  - id: IF-3
    source: SYS-FO
    target: SYS-SHOP
    mechanism: fo_custom_service
    volume:
      peak: {count: 2000, per: minute}
""",
}

CN003 = {
    "consistent-timing": """
blueprint_version: 1
interfaces:
  - id: IF-1
    source: SYS-CE
    target: SYS-WEB
    timing: near_real_time
    mechanism: service_bus
    trigger: {type: data_state_change, event: status changed}
    frequency: {mode: near_real_time}
    latency_sla: PT5M
  - id: IF-2
    source: SYS-SHOP
    target: SYS-CE
    timing: scheduled_batch
    trigger: {type: schedule}
    frequency: {mode: scheduled, interval: PT15M}
    latency_sla: PT15M
  - id: IF-3
    source: SYS-CE
    target: SYS-SHOP
    timing: synchronous
    mechanism: dataverse_web_api
    trigger: {type: user_action}
  - id: IF-4
    source: SYS-CE
    target: SYS-SHOP
    timing: asynchronous
    mechanism: service_bus
    frequency: {mode: scheduled, interval: not-a-duration}
    latency_sla: PT1M
""",
    "contradictions": """
blueprint_version: 1
interfaces:
  - id: IF-1
    source: SYS-CE
    target: SYS-WEB
    timing: synchronous
    mechanism: service_bus  # expect: CN003
    trigger:
      type: schedule  # expect: CN003
  - id: IF-2
    source: SYS-SHOP
    target: SYS-CE
    timing: scheduled_batch
    frequency:
      mode: continuous  # expect: CN003
  - id: IF-3
    source: SYS-SHOP
    target: SYS-CE
    timing: asynchronous
    frequency: {mode: scheduled, interval: P1D}
    latency_sla: PT23H59M  # expect: CN003
  - id: IF-4
    source: SYS-FO
    target: SYS-SHOP
    timing: synchronous
    mechanism: fo_dmf_package_api  # expect: CN003
""",
}

CN004 = {
    "conflicts-resolved": """
blueprint_version: 1
interfaces:
  - {id: IF-1, source: SYS-FO, target: SYS-CE, direction: bidirectional, ownership: {conflict_resolution: source_wins}}
  - {id: IF-2, source: SYS-FO, target: SYS-CE, pattern: [bidirectional_sync], ownership: {conflict_resolution: field_ownership}}
  - {id: IF-3, source: SYS-FO, target: SYS-CE, direction: one_way}
mappings:
  - id: MAP-2
    interface: IF-2
    fields:
      - {source: name, target: name, owner: SYS-CE}
      - {source: creditLimit, target: creditlimit, owner: SYS-FO}
""",
    "no-conflict-rule": """
blueprint_version: 1
interfaces:
  - id: IF-1
    source: SYS-FO
    target: SYS-CE
    direction: bidirectional  # expect: CN004
  - id: IF-2
    source: SYS-FO
    target: SYS-CE
    pattern: [one_way_sync, bidirectional_sync]  # expect: CN004
  - {id: IF-3, source: SYS-FO, target: SYS-CE, direction: bidirectional, ownership: {conflict_resolution: field_ownership}}
mappings:
  - id: MAP-3
    interface: IF-3
    fields:
      - {source: name, target: name, owner: SYS-CE}
      - {source: creditLimit, target: creditlimit}  # expect: CN004
""",
}

CN005 = {
    "mechanisms-that-fit": """
blueprint_version: 1
interfaces:
  - {id: IF-1, source: SYS-FO, target: SYS-CE, mechanism: dual_write}
  - {id: IF-2, source: SYS-DV, target: SYS-FO, mechanism: fo_virtual_tables}
  - {id: IF-3, source: SYS-FO, target: SYS-SHOP, mechanism: fo_business_events}
  - {id: IF-4, source: SYS-CE, target: SYS-SHOP, mechanism: dataverse_webhook}
  - {id: IF-5, source: SYS-SHOP, target: SYS-CE, mechanism: dataverse_web_api}
  - {id: IF-6, source: SYS-SHOP, target: SYS-FO-LBD, mechanism: fo_dmf_package_api}
  - {id: IF-7, source: SYS-LAKE, target: SYS-FO, mechanism: fo_embedded_power_bi, integration_type: ui}
  - {id: IF-8, source: SYS-NOKIND, target: SYS-SHOP, mechanism: dual_write}
  - {id: IF-9, source: SYS-SHOP, target: SYS-CE, mechanism: pcf}
  - {id: IF-10, source: SYS-UNDECLARED, target: SYS-CE, mechanism: synapse_link}
""",
    "mechanisms-that-cannot-work": """
blueprint_version: 1
interfaces:
  - id: IF-1
    source: SYS-SHOP
    target: SYS-CE
    mechanism: dual_write  # expect: CN005
  - id: IF-2
    source: SYS-FO-LBD
    target: SYS-CE
    mechanism: dual_write  # expect: CN005
  - id: IF-3
    source: SYS-CE
    target: SYS-FO-LBD
    mechanism: fo_virtual_tables  # expect: CN005
  - id: IF-4
    source: SYS-CE
    target: SYS-FO
    mechanism: fo_business_events  # expect: CN005
  - id: IF-5
    source: SYS-SHOP
    target: SYS-CE
    mechanism: fo_odata  # expect: CN005
  - id: IF-6
    source: SYS-SHOP
    target: SYS-CE
    mechanism: dataverse_webhook  # expect: CN005
  - id: IF-7
    source: SYS-SHOP
    target: SYS-WEB
    mechanism: dataverse_plugin  # expect: CN005
  - id: IF-8
    source: SYS-CE
    target: SYS-WEB
    integration_type: data
    mechanism: canvas_app  # expect: CN005
""",
}

CN006 = {
    "reporting-copies-elsewhere-or-small": """
blueprint_version: 1
goals:
  - {id: G-REPORT, category: reporting_extract}
  - {id: G-SERVICE, category: customer_experience}
processes:
  - {id: P-SERVICE, goals: [G-SERVICE]}
interfaces:
  - {id: IF-1, goals: [G-REPORT], source: SYS-CE, target: SYS-LAKE, volume: {peak: {count: 90000, per: hour}}}
  - {id: IF-2, goals: [G-REPORT], source: SYS-SHOP, target: SYS-CE, volume: {peak: {count: 5000, per: hour}}}
  - {id: IF-3, goals: [G-REPORT], process: P-SERVICE, source: SYS-SHOP, target: SYS-CE, volume: {peak: {count: 90000, per: hour}}}
  - {id: IF-4, goals: [G-MISSING], source: SYS-SHOP, target: SYS-CE, volume: {peak: {count: 90000, per: hour}}}
""",
    "reporting-copy-into-dynamics": """
blueprint_version: 1
goals:
  - {id: G-REPORT, category: reporting_extract}
processes:
  - {id: P-REPORT, goals: [G-REPORT]}
interfaces:
  - id: IF-1
    process: P-REPORT
    source: SYS-SHOP
    target: SYS-FO  # expect: CN006
    volume: {peak: {count: 5001, per: hour}}
  - id: IF-2
    goals: [G-REPORT]
    source: SYS-SHOP
    target: SYS-DV  # expect: CN006
    frequency: {mode: scheduled, interval: P1D, window: "00:00-04:00"}
    volume: {peak: {count: 100000, per: run}}
""",
}

CN007 = {
    "batched-or-cloud-only-or-quiet": """
blueprint_version: 1
interfaces:
  - {id: IF-1, source: SYS-PERMITS, target: SYS-CE, pattern: [push, batching], payload: {records_per_message: 1}, volume: {peak: {count: 9000, per: hour}}}
  - {id: IF-2, source: SYS-SHOP, target: SYS-CE, payload: {records_per_message: 1}, volume: {peak: {count: 9000, per: hour}}}
  - {id: IF-3, source: SYS-PERMITS, target: SYS-CE, payload: {records_per_message: 1}, volume: {peak: {count: 1000, per: hour}}}
  - {id: IF-4, source: SYS-PERMITS, target: SYS-CE, payload: {records_per_message: 50}, volume: {peak: {count: 9000, per: hour}}}
  - {id: IF-5, source: SYS-PERMITS, target: SYS-CE, volume: {peak: {count: 9000, per: hour}}}
""",
    "per-record-across-the-boundary": """
blueprint_version: 1
interfaces:
  - id: IF-1
    source: SYS-PERMITS
    target: SYS-CE
    pattern: [push]
    volume: {peak: {count: 1001, per: hour}}
    payload:
      records_per_message: 1  # expect: CN007
  - id: IF-2
    source: SYS-CE
    target: SYS-PERMITS
    volume: {average: {count: 50, per: minute}}
    payload: {format: json, records_per_message: 1}  # expect: CN007
""",
}

CN008 = {
    "named-fields": """
blueprint_version: 1
mappings:
  - id: MAP-1
    interface: IF-1
    fields:
      - {source: requestId, target: bps_id}
      - {target: bps_origin, default: web}
""",
    "wildcards-and-dropped-fields": """
blueprint_version: 1
mappings:
  - id: MAP-1
    interface: IF-1
    fields:
      - {source: "*", target: account}  # expect: CN008
      - source: name
        target: "contact.*"  # expect: CN008
      - {source: notes, target: ""}  # expect: CN008
      - {source: requestId, target: bps_id}
""",
}

CASES = [
    pytest.param(code, text, id=f"{code}-{name}")
    for code, table in (
        ("CN001", CN001),
        ("CN002", CN002),
        ("CN003", CN003),
        ("CN004", CN004),
        ("CN005", CN005),
        ("CN006", CN006),
        ("CN007", CN007),
        ("CN008", CN008),
    )
    for name, text in table.items()
]


@pytest.mark.parametrize(("code", "text"), CASES)
def test_fixture(code: str, text: str, tmp_path: Path) -> None:
    assert_rule_fixture(tmp_path, code, text + SYSTEMS)


def _messages(tmp_path: Path, code: str, text: str) -> list[str]:
    result = lint_files(tmp_path, {"spec.yaml": text + SYSTEMS})
    return sorted(d.message for d in result.diagnostics if d.code == code)


def test_synchronous_high_volume_states_the_figures(tmp_path: Path) -> None:
    assert _messages(tmp_path, "CN001", CN001["too-much-for-synchronous"]) == [
        "interface IF-1 is synchronous with a peak of 10,001 records per hour, above the 10,000 per hour a synchronous exchange should carry",
        "interface IF-1 is synchronous with payloads up to 2,048 KB, above 1,024 KB",
        "interface IF-2 uses request/response with an average of 200 records per minute (about 12,000 per hour), above the 10,000 per hour a synchronous exchange should carry",
        "interface IF-3 uses request/response with a peak of 1,000 records per run (about 12,000 per hour), above the 10,000 per hour a synchronous exchange should carry",
    ]


def test_timing_contradiction_reads_no_duration_the_schema_rejects(tmp_path: Path) -> None:
    # A duration padded with spaces is a schema violation (SC001); the timing rule used to strip
    # it and compare " PT5M" with the 15-minute interval. Durations are now read exactly as the
    # schema accepts them, by every rule.
    text = """
blueprint_version: 1
interfaces:
  - id: IF-1
    source: SYS-SHOP
    target: SYS-CE
    timing: scheduled_batch
    frequency: {mode: scheduled, interval: PT15M}
    latency_sla: " PT5M"
"""
    codes = {d.code for d in lint_files(tmp_path, {"spec.yaml": text}).diagnostics}
    assert "SC001" in codes
    assert "CN003" not in codes


def test_timing_contradiction_states_both_durations(tmp_path: Path) -> None:
    assert (
        "interface IF-3 promises data within 23 hours 59 minutes (latency_sla PT23H59M) but runs only every 1 day (interval P1D)"
        in _messages(tmp_path, "CN003", CN003["contradictions"])
    )


def test_mechanism_topology_messages_name_the_systems(tmp_path: Path) -> None:
    messages = _messages(tmp_path, "CN005", CN005["mechanisms-that-cannot-work"])
    assert (
        "interface IF-1 uses dual_write between SYS-SHOP (saas) and SYS-CE (d365_customer_engagement); it only "
        "connects finance and operations with Dataverse (dataverse, d365_customer_engagement or power_platform_app)"
    ) in messages
    assert (
        "interface IF-2 uses dual_write with on-premises finance and operations SYS-FO-LBD, which integrates only "
        "through the data management package REST API; use fo_dmf_package_api" in messages
    )


def _run(rule: Rule, root: Path, text: str) -> list[str]:
    write_workspace(root, {"spec.yaml": text + SYSTEMS})
    rule.origin = "built-in"
    result = lint([Path(".")], RuleSet(rules=[rule]), cwd=root)
    return [d.message for d in result.diagnostics if d.code == rule.code]


def test_synchronous_high_volume_thresholds_are_options(tmp_path: Path) -> None:
    text = CN001["modest-synchronous-and-busy-asynchronous"]
    assert _run(SynchronousHighVolume(), tmp_path, text) == []
    tightened = _run(SynchronousHighVolume({"max_peak_per_hour": 5_000, "max_payload_kb": 512}), tmp_path, text)
    assert sorted(tightened) == [
        "interface IF-1 is synchronous with a peak of 10,000 records per hour, above the 5,000 per hour a synchronous exchange should carry",
        "interface IF-1 is synchronous with payloads up to 1,024 KB, above 512 KB",
        "interface IF-3 uses request/response with a peak of 240,000 records per day (about 10,000 per hour), above the 5,000 per hour a synchronous exchange should carry",
        "interface IF-4 is synchronous with a peak of 20,000 records per run (about 10,000 per hour), above the 5,000 per hour a synchronous exchange should carry",
    ]


def test_chatty_hybrid_threshold_is_an_option(tmp_path: Path) -> None:
    text = CN007["batched-or-cloud-only-or-quiet"]
    assert _run(ChattyHybridInterface({"max_peak_per_hour": 500}), tmp_path, text) == [
        "interface IF-3 crosses between on-premises and cloud one record per message at a peak of 1,000 records "
        "per hour, above 500 per hour; send batches"
    ]


@pytest.mark.parametrize("rule", [SynchronousHighVolume, ChattyHybridInterface])
def test_options_schema_accepts_the_defaults_and_rejects_nonsense(rule: type[Rule]) -> None:
    jsonschema.validate(dict(rule.default_options), rule.options_schema)
    name = next(iter(rule.default_options))
    bad: dict[str, Any] = {name: -1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, rule.options_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"max_peek": 1}, rule.options_schema)


@pytest.mark.parametrize(
    "interface",
    [
        "{id: IF-1, source: SYS-FO, target: SYS-CE, mechanism: [dual_write], timing: {x: 1}, volume: {peak: {count: lots, per: hour}}}",
        "{id: IF-1, source: SYS-PERMITS, target: SYS-CE, payload: {records_per_message: true, max_kb: big}, pattern: 5}",
        "{id: IF-1, source: SYS-FO, target: SYS-CE, mechanism: fo_odata, volume: {peak: 5, initial_load: {count: x}}}",
        "{id: IF-1, source: SYS-FO, target: SYS-CE, latency_sla: 5, frequency: {interval: [P1D], mode: 3}, ownership: []}",
        "{id: IF-1, source: SYS-FO, target: SYS-CE, direction: bidirectional, ownership: {conflict_resolution: field_ownership}, goals: oops}",
    ],
)
def test_schema_invalid_values_do_not_crash(interface: str, tmp_path: Path) -> None:
    text = (
        "blueprint_version: 1\ngoals: [{id: G, category: [reporting_extract]}]\n"
        f"interfaces:\n  - {interface}\nmappings:\n  - {{id: M, interface: IF-1, fields: [x, {{source: [a]}}]}}\n"
    )
    result = lint_files(tmp_path, {"spec.yaml": text + SYSTEMS})
    assert not [d for d in result.diagnostics if d.code == "IE001"]
