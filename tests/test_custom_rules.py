"""Custom rules declared in the configuration, without Python."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_cli

EMAIL_RULE = """\
custom-rules:
  - code: CUS001
    name: critical-interface-technical-owner-email
    summary: Every high-criticality interface names its technical owner by email.
    severity: error
    kind: interface
    when: {criticality: high}
    field: owners.technical
    required: true
    pattern: '^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$'
    message: "{entity} is critical but its technical owner '{value}' is not an email address"
"""

INTERFACES = """\
blueprint_version: 1
interfaces:
  - id: IF-OK
    criticality: high
    owners: {technical: ops@contoso.example}
  - id: IF-TEAM
    criticality: high
    owners: {technical: Integration team}
  - id: IF-NONE
    criticality: high
  - id: IF-LOW
    criticality: low
    owners: {technical: whoever}
"""


def run(tmp_path: Path, config: str, spec: str, *args: str) -> tuple[int, list[tuple[str, int, str]]]:
    root = tmp_path / "ws"
    root.mkdir(exist_ok=True)
    (root / ".blueprint-lint.yaml").write_text(config, encoding="utf-8")
    (root / "spec.yaml").write_text(spec, encoding="utf-8")
    result = run_cli("check", "-f", "json", "--select", "CUS", *args, cwd=root)
    assert result.exit_code in (0, 1), result.output
    found = json.loads(result.stdout)["diagnostics"]
    return result.exit_code, [(d["code"], d["line"], d["message"]) for d in found]


def test_critical_interfaces_need_an_email_owner(tmp_path: Path) -> None:
    exit_code, found = run(tmp_path, EMAIL_RULE, INTERFACES)
    assert exit_code == 1
    assert found == [
        (
            "CUS001",
            8,
            "interface IF-TEAM is critical but its technical owner 'Integration team' is not an email address",
        ),
        ("CUS001", 9, "interface IF-NONE is critical but its technical owner '' is not an email address"),
    ]


@pytest.mark.parametrize(
    ("condition", "spec_lines", "expected_lines"),
    [
        ("enum: [daily, hourly]", ["x-cadence: daily", "x-cadence: weekly"], [6]),
        ("min-items: 1", ["tags: [a]", "tags: []"], [6]),
        ("references: system", ["process: SYS-A", "process: SYS-NOPE"], [6]),
        ("minimum: 10\n    maximum: 100", ["max_concurrency: 50", "max_concurrency: 500"], [6]),
    ],
)
def test_conditions(tmp_path: Path, condition: str, spec_lines: list[str], expected_lines: list[int]) -> None:
    field = spec_lines[0].split(":")[0]
    config = (
        "custom-rules:\n  - code: CUS002\n    name: house-rule\n    kind: interface\n"
        f"    field: {field}\n    {condition}\n    message: '{{entity}} breaks the house rule'\n"
    )
    spec = (
        "blueprint_version: 1\nsystems:\n  - {id: SYS-A, name: A, kind: saas}\ninterfaces:\n"
        f"  - {{id: IF-1, {spec_lines[0]}}}\n  - {{id: IF-2, {spec_lines[1]}}}\n"
    )
    _, found = run(tmp_path, config, spec, "--ignore", "SC001")
    assert [line for _, line, _ in found] == expected_lines


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("CUS001", "CUS1000"),
            ".blueprint-lint.yaml:2:11: 'CUS1000' in the configuration, at 'custom-rules.0.code' is not a custom rule code",
        ),
        (
            ("owners.technical", "owner.technical"),
            ".blueprint-lint.yaml:8:12: custom rule CUS001: an interface has no field 'owner' (did you mean 'owners'?)",
        ),
        (
            ("criticality: high", "critical: high"),
            ".blueprint-lint.yaml:7:12: custom rule CUS001: an interface has no field 'critical'",
        ),
        (("'^[^@", "'^([^@"), ".blueprint-lint.yaml:10:14: custom rule CUS001: invalid regular expression"),
        (("kind: interface", "kind: interfaces"), ".blueprint-lint.yaml:6:11: 'interfaces' is not an allowed value"),
        (("    required: true\n", "    requird: true\n"), ".blueprint-lint.yaml:9:5: unknown key 'requird'"),
        (
            ("name: critical-interface-technical-owner-email", "name: unresolved-reference"),
            ".blueprint-lint.yaml:3:11: rule name 'unresolved-reference' is already used by XR001",
        ),
    ],
)
def test_declaration_errors_are_located_in_the_config(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / ".blueprint-lint.yaml").write_text(EMAIL_RULE.replace(*change), encoding="utf-8")
    (root / "spec.yaml").write_text(INTERFACES, encoding="utf-8")
    result = run_cli("check", cwd=root)
    assert result.exit_code == 2
    assert f"blueprint-lint: error: {expected}" in result.output


def test_a_rule_without_condition_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    config = EMAIL_RULE.replace("    required: true\n", "").replace(
        "    pattern: '^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$'\n", ""
    )
    (root / ".blueprint-lint.yaml").write_text(config, encoding="utf-8")
    (root / "spec.yaml").write_text(INTERFACES, encoding="utf-8")
    result = run_cli("check", cwd=root)
    assert "2:5: custom rule CUS001 states no condition" in result.output


def test_custom_rules_show_in_rules_and_explain_with_origin_config(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / ".blueprint-lint.yaml").write_text(EMAIL_RULE, encoding="utf-8")
    listed = json.loads(run_cli("rules", "-f", "json", cwd=root).stdout)
    [rule] = [r for r in listed if r["code"] == "CUS001"]
    assert (rule["name"], rule["origin"], rule["severity"]) == (
        "critical-interface-technical-owner-email",
        "config",
        "error",
    )
    text = run_cli("rules", cwd=root).output
    assert any(line.startswith("CUS001") and " config " in line for line in text.splitlines())
    assert "Every high-criticality interface" in run_cli("explain", "CUS001", cwd=root).output


def test_custom_rules_from_pyproject(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "pyproject.toml").write_text(
        "[tool.blueprint-lint]\nselect = ['CUS']\n\n[[tool.blueprint-lint.custom-rules]]\n"
        "code = 'CUS005'\nname = 'interfaces-have-names'\nkind = 'interface'\nfield = 'name'\n"
        "required = true\nmessage = '{entity} has no name'\n",
        encoding="utf-8",
    )
    (root / "spec.yaml").write_text("blueprint_version: 1\ninterfaces:\n  - {id: IF-1}\n", encoding="utf-8")
    result = run_cli("check", cwd=root)
    assert "spec.yaml:3:5: warning CUS005 interface IF-1 has no name [interfaces-have-names]" in result.output
    (root / "pyproject.toml").write_text(
        (root / "pyproject.toml").read_text().replace("field = 'name'", "field = 'nam'"), encoding="utf-8"
    )
    result = run_cli("check", cwd=root)
    assert "pyproject.toml:8:1: custom rule CUS005: an interface has no field 'nam'" in result.output
