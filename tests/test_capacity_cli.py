"""`blueprint-lint capacity`: the table for examples/public-sector, JSON, errors."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_cli, write_workspace

ROOT = Path(__file__).resolve().parent.parent


def test_public_sector_table() -> None:
    result = run_cli("capacity", "examples/public-sector", cwd=ROOT)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Capacity of examples/public-sector (limits profile limits-v1, 1 web server per environment)"
    # Hand-checked (see tests/test_capacity_model.py for the arithmetic):
    #   ID-BATCH:      120,000 per run over 120 min → 5,000 ops, $batch of 100 → 50 requests (0.8% → 1%);
    #                  5,000 × 40 ms = 200 s (16.7% → 17%); max_concurrency 8 of 52 (15.4% → 15%); 120,000 a day.
    #   ID-FLOW:       400 per hour → 33.3 requests (0.6% → 1%); × 200 ms = 6.7 s (0.6% → 1%); 60 × 24 = 1,440 a day.
    #   ID-WEB-INTAKE: 900 per hour × burst 2 × 3 requests per record = 450 (7.5% → 8%); × 200 ms = 90 s (7.5% → 8%);
    #                  120 × 24 × 3 = 8,640 a day.
    header = lines.index(
        "Identity       Interfaces  Peak requests/5 min  of 6,000  Execution s/5 min  of 1,200 s  Concurrency  of 52"
        "  Operations/24 h  Entitlement"
    )
    assert lines[header + 1 : header + 4] == [
        "ID-BATCH                1                   50        1%                200         17%            8    15%"
        "          120,000  tenant pool",
        "ID-FLOW                 1                   33        1%                  7          1%            -      -"
        "            1,440  tenant pool",
        "ID-WEB-INTAKE           1                  450        8%                 90          8%            -      -"
        "            8,640  tenant pool",
    ]
    # SYS-CS: 50 + 33.3 + 450 = 533 requests; 200 + 6.7 + 90 = 297 s; 120,000 + 1,440 + 8,640 = 130,080 a day.
    system = lines.index("Per Dataverse system")
    assert lines[system + 2].split() == ["SYS-CS", "3", "3", "533", "297", "130,080"]
    # Pool: 500,000 + 5,000 × 250 = 1,750,000; 130,080 / 1,750,000 = 7.4% → 7%.
    assert (
        "Tenant request pool (application users ID-BATCH, ID-FLOW, ID-WEB-INTAKE): 130,080 of 1,750,000 operations "
        "per 24 h (7%; 500,000 + 5,000 × 250 D365 user licenses)"
    ) in lines
    assert any(line.startswith("  Dataverse service protection API limits (2023-01-31) https://") for line in lines)


def test_public_sector_json() -> None:
    result = run_cli("capacity", "examples/public-sector", "--format", "json", cwd=ROOT)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["profile"]["name"] == "limits-v1"
    assert payload["profile"]["limits"]["dataverse_requests_per_5_minutes"]["value"] == 6000
    (workspace,) = payload["workspaces"]
    assert workspace["root"] == "examples/public-sector"
    identities = {item["identity"]: item for item in workspace["identities"]}
    assert identities["ID-WEB-INTAKE"]["peak_requests_per_5_minutes"] == 450
    assert identities["ID-WEB-INTAKE"]["requests_share_percent"] == 7.5  # 450 / 6,000
    assert identities["ID-BATCH"]["execution_share_percent"] == 16.67  # 200 / 1,200
    assert identities["ID-BATCH"]["concurrency_share_percent"] == 15.38  # 8 / 52
    assert identities["ID-FLOW"]["peak_requests_per_5_minutes"] == 33.33
    assert identities["ID-BATCH"]["entitlement"] == {"kind": "pool", "limit": None, "share_percent": None}
    assert workspace["tenant_pool"]["limit"] == 1750000
    assert workspace["tenant_pool"]["share_percent"] == 7.43  # 130,080 / 1,750,000
    assert workspace["systems"][0]["operations_per_24_hours"] == 130080


def test_output_is_deterministic() -> None:
    first = run_cli("capacity", "examples/public-sector", "-f", "json", cwd=ROOT).output
    second = run_cli("capacity", "examples/public-sector/interfaces/..", "-f", "json", cwd=ROOT).output
    assert first == second


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("capacity", "no-such-dir", cwd=tmp_path)
    assert result.exit_code == 2
    assert "no-such-dir: no such file or directory" in result.output


def test_unloadable_file_is_named_and_left_out(tmp_path: Path) -> None:
    write_workspace(tmp_path, {"a.yaml": "blueprint_version: 1\ninterfaces: [\n", "b.yaml": "blueprint_version: 1\n"})
    result = run_cli("capacity", ".", cwd=tmp_path)
    assert result.exit_code == 0
    assert "a.yaml could not be loaded and is left out" in result.output
    assert "No interface calls the Dataverse API" in result.output


def test_licensed_identity_shows_its_entitlement(tmp_path: Path) -> None:
    write_workspace(
        tmp_path,
        {
            "spec.yaml": """blueprint_version: 1
systems:
  - {id: SYS-CE, kind: dataverse}
  - {id: SYS-ERP, kind: legacy}
identities:
  - {id: ID-LIC, kind: licensed_user, license: d365_enterprise}
interfaces:
  - id: IF-1
    source: SYS-ERP
    target: SYS-CE
    identity: ID-LIC
    mechanism: rest_api
    volume: {average: {count: 500, per: hour}, peak: {count: 1200, per: hour}}
"""
        },
    )
    result = run_cli("capacity", ".", cwd=tmp_path)
    # 500 × 24 = 12,000 a day of 40,000 = 30%; 1,200 × 5 / 60 = 100 requests.
    row = next(line for line in result.output.splitlines() if line.startswith("ID-LIC"))
    assert row.split()[-3:] == ["12,000", "40,000", "(30%)"]
    assert row.split()[2] == "100"
