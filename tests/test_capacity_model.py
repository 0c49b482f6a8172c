"""The capacity model on small blueprints and on examples/public-sector, against hand-computed figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from blueprint_lint_rules.ca import CapacityModel, analyse, load_profile

from linter.run.engine import load_models
from tests.helpers import ruleset as _installed_rules
from tests.helpers import write_workspace

ROOT = Path(__file__).resolve().parent.parent

HEAD = """blueprint_version: 1
systems:
  - {id: SYS-CE, kind: d365_customer_engagement}
  - {id: SYS-APP, kind: power_platform_app}
  - {id: SYS-ERP, kind: on_premises_lob}
  - {id: SYS-LAKE, kind: data_lake}
identities:
  - {id: ID-A, kind: application_user, license: none}
  - {id: ID-LIC, kind: licensed_user, license: team_member}
"""


def capacity_of(tmp_path: Path, text: str) -> CapacityModel:
    write_workspace(tmp_path, {"spec.yaml": HEAD + text})
    loaded = load_models([Path(".")], _installed_rules(), cwd=tmp_path)
    assert [d.message for d in loaded.problems] == []
    return analyse(loaded.workspaces[0].model, load_profile())


def test_identity_sums_target_and_source_interfaces(tmp_path: Path) -> None:
    model = capacity_of(
        tmp_path,
        """interfaces:
  - id: IF-IN
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-A
    volume: {average: {count: 600, per: hour}, peak: {count: 2400, per: hour}, burst_factor: 1.5}
    requests_per_record: 2
    payload: {records_per_message: 10}
  - id: IF-OUT
    source: SYS-APP
    target: SYS-ERP
    mechanism: logic_app
    identity: ID-A
    volume: {average: {count: 1000, per: day}, peak: {count: 300, per: minute}}
  - id: IF-LAKE
    source: SYS-CE
    target: SYS-LAKE
    mechanism: synapse_link
    identity: ID-A
    volume: {average: {count: 9999, per: minute}, peak: {count: 99999, per: minute}}
""",
    )
    loads = {load.id: load for load in model.interfaces}
    # Synapse Link is pushed by Dataverse itself: it uses no identity's request budget.
    assert sorted(loads) == ["IF-IN", "IF-OUT"]
    inbound = loads["IF-IN"]
    assert (inbound.system_id, inbound.side) == ("SYS-CE", "target")
    # records: 2,400 × 5 / 60 = 200, × burst 1.5 = 300; operations: 300 × 2 = 600;
    # requests: $batch of 10 → 600 / 10 = 60; execution: 600 × 200 ms (assumed) = 120 s.
    assert inbound.peak_records == pytest.approx(300)
    assert inbound.operations == pytest.approx(600)
    assert inbound.requests == pytest.approx(60)
    assert inbound.execution_seconds == pytest.approx(120)
    assert not inbound.execution_ms_declared
    # daily: average 600 × 24 = 14,400 records × 2 = 28,800 operations (a peak per hour is not a day).
    assert inbound.operations_per_day == pytest.approx(28800)
    assert inbound.daily_basis == "average"
    outbound = loads["IF-OUT"]
    assert (outbound.system_id, outbound.side) == ("SYS-APP", "source")
    # 300 per minute × 5 = 1,500; a Logic App does not batch, so 1,500 requests.
    assert outbound.requests == pytest.approx(1500)
    (identity,) = model.identities
    # ID-A: 60 + 1,500 = 1,560 requests per 5 minutes; 28,800 + 1,000 operations per day.
    assert identity.total("requests") == pytest.approx(1560)
    assert identity.total("operations_per_day") == pytest.approx(29800)
    assert [s.system_id for s in model.systems] == ["SYS-APP", "SYS-CE"]


def test_per_run_peak_uses_the_shortest_declared_duration(tmp_path: Path) -> None:
    model = capacity_of(
        tmp_path,
        """interfaces:
  - id: IF-NIGHTLY
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_sdk
    identity: ID-A
    frequency: {mode: scheduled, interval: PT12H, window: "22:00-02:00"}
    volume: {average: {count: 20000, per: run}, peak: {count: 48000, per: run}}
    payload: {records_per_message: 100}
    avg_execution_ms: 25
""",
    )
    (load,) = model.interfaces
    # window 22:00-02:00 = 240 min (shorter than the 720-min interval): 48,000 × 5 / 240 = 1,000 records;
    # requests 1,000 / 100 = 10; execution 1,000 × 25 ms = 25 s.
    assert load.peak_records == pytest.approx(1000)
    assert load.requests == pytest.approx(10)
    assert load.execution_seconds == pytest.approx(25)
    assert "over 240 min (window)" in load.peak_basis
    # two runs a day (every 12 h); the peak run counts: 48,000 × 2 = 96,000.
    assert load.operations_per_day == pytest.approx(96000)
    assert load.daily_basis == "peak"


def test_a_duration_the_schema_rejects_is_not_a_run_length(tmp_path: Path) -> None:
    # A lower-case expected_duration (pt10m) is a schema violation; the model used to read it as
    # 10 minutes (48,000 × 5 / 10 = 24,000 records). Now the window decides, as for any rule.
    write_workspace(
        tmp_path,
        {
            "spec.yaml": HEAD
            + """interfaces:
  - id: IF-NIGHTLY
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_sdk
    identity: ID-A
    expected_duration: pt10m
    frequency: {mode: scheduled, interval: PT12H, window: "22:00-02:00"}
    volume: {average: {count: 20000, per: run}, peak: {count: 48000, per: run}}
"""
        },
    )
    loaded = load_models([Path(".")], _installed_rules(), cwd=tmp_path)
    assert {d.code for d in loaded.problems} == {"SC001"}
    (load,) = analyse(loaded.workspaces[0].model, load_profile()).interfaces
    assert load.peak_records == pytest.approx(1000)
    assert "over 240 min (window)" in load.peak_basis


def test_tenant_licenses_come_from_the_first_project(tmp_path: Path) -> None:
    # The model's `project` is the first project mapping in file order. A later file's project
    # used to count when the first one had no tenant_licenses; now only the first one does.
    write_workspace(
        tmp_path,
        {
            "a.yaml": "blueprint_version: 1\nproject: {name: P}\n",
            "b.yaml": "blueprint_version: 1\nproject: {name: P, tenant_licenses: {d365_enterprise_professional_usl: 100}}\n",
        },
    )
    loaded = load_models([Path(".")], _installed_rules(), cwd=tmp_path)
    model = analyse(loaded.workspaces[0].model, load_profile())
    assert (model.pool.usl, model.pool.limit) == (0, 500_000)


def test_interfaces_without_identity_stand_alone_and_licenses_set_entitlements(tmp_path: Path) -> None:
    model = capacity_of(
        tmp_path,
        """interfaces:
  - {id: IF-X, source: SYS-ERP, target: SYS-CE, mechanism: rest_api, volume: {peak: {count: 60, per: hour}}}
  - {id: IF-Y, source: SYS-ERP, target: SYS-CE, mechanism: rest_api, volume: {peak: {count: 60, per: hour}}}
  - {id: IF-Z, source: SYS-ERP, target: SYS-CE, mechanism: rest_api, identity: ID-LIC, volume: {peak: {count: 60, per: hour}}}
""",
    )
    assert [g.key for g in model.identities] == ["ID-LIC", "(IF-X)", "(IF-Y)"]
    profile = model.profile
    assert model.identities[0].entitlement(profile) == ("licensed", 6000)
    assert model.identities[1].entitlement(profile) == ("unknown", None)
    assert model.pool.identities == ()
    # no tenant licenses declared: the pool is the 500,000 base
    assert model.pool.limit == 500000


def test_tenant_pool_counts_licenses_add_ons_and_the_cap(tmp_path: Path) -> None:
    model = capacity_of(
        tmp_path,
        """project: {name: P, tenant_licenses: {d365_enterprise_professional_usl: 3000, capacity_add_ons: 2}}
interfaces: []
""",
    )
    # 500,000 + 5,000 × 3,000 = 15,500,000, capped at 10,000,000; the 2 add-ons are not added (they
    # can't be assigned to application users, Requests limits and allocations).
    assert model.pool.limit == 10_000_000
    assert model.pool.capped
    assert (model.pool.add_ons, model.pool.base) == (2, "dynamics_365")


@pytest.mark.parametrize(
    ("licenses", "limit", "base"),
    [
        ("{subscriptions: [power_apps]}", 25_000, "power_platform_only"),
        ("{subscriptions: [power_automate, power_apps], capacity_add_ons: 4}", 25_000, "power_platform_only"),
        # the larger base applies when the tenant has Dynamics 365 too, or counts any USL
        ("{subscriptions: [power_apps, d365_enterprise_professional]}", 500_000, "dynamics_365"),
        ("{subscriptions: [power_apps], d365_enterprise_professional_usl: 10}", 550_000, "dynamics_365"),
        # nothing stated: today's Dynamics 365 base
        ("{subscriptions: []}", 500_000, "unstated"),
        ("{capacity_add_ons: 3}", 500_000, "unstated"),
    ],
)
def test_tenant_pool_follows_the_licence_mix(tmp_path: Path, licenses: str, limit: int, base: str) -> None:
    model = capacity_of(tmp_path, f"project: {{name: P, tenant_licenses: {licenses}}}\ninterfaces: []\n")
    assert (model.pool.limit, model.pool.base) == (limit, base)


def test_public_sector_figures() -> None:
    loaded = load_models([Path("examples/public-sector")], _installed_rules(), cwd=ROOT)
    model = analyse(loaded.workspaces[0].model, load_profile())
    loads = {load.id: load for load in model.interfaces}
    # Case status (Service Bus endpoint) and the lake export (Synapse Link) are pushed by Dataverse.
    assert sorted(loads) == ["IF-CASE-DOCUMENTS", "IF-STAGING-LOAD", "IF-WEB-REQUEST"]
    web = loads["IF-WEB-REQUEST"]
    # 900 per hour × 5 / 60 = 75 × burst 2 = 150 records; × 3 requests per record = 450 operations,
    # 450 requests (Service Bus + function: no batching); 450 × 200 ms = 90 s; 120 × 24 × 3 = 8,640 a day.
    assert (web.peak_records, web.operations, web.requests) == pytest.approx((150, 450, 450))
    assert web.execution_seconds == pytest.approx(90)
    assert web.operations_per_day == pytest.approx(8640)
    batch = loads["IF-STAGING-LOAD"]
    # 120,000 per run over expected_duration PT2H = 120 min (window 180, interval 1,440):
    # 120,000 × 5 / 120 = 5,000 operations; $batch of 100 → 50 requests; 5,000 × 40 ms = 200 s;
    # one run a day at peak: 120,000 operations.
    assert (batch.operations, batch.requests, batch.execution_seconds) == pytest.approx((5000, 50, 200))
    assert batch.operations_per_day == pytest.approx(120000)
    documents = loads["IF-CASE-DOCUMENTS"]
    # the flow reads from Customer Service: 400 × 5 / 60 = 33.3 requests; 33.3 × 200 ms = 6.7 s; 60 × 24 = 1,440.
    assert documents.side == "source"
    assert documents.requests == pytest.approx(100 / 3)
    assert documents.execution_seconds == pytest.approx(20 / 3)
    assert documents.operations_per_day == pytest.approx(1440)
    # SYS-CS: 450 + 50 + 33.3 = 533.3 requests; pool 500,000 + 5,000 × 250 = 1,750,000;
    # 8,640 + 120,000 + 1,440 = 130,080 operations a day.
    (system,) = model.systems
    assert system.total("requests") == pytest.approx(533 + 1 / 3)
    assert model.pool.limit == 1_750_000
    assert model.pool.operations_per_day == pytest.approx(130080)
