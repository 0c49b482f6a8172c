"""Configuration: discovery, validation with located errors, and precedence CLI > config > defaults."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import pytest

from linter.core.codes import ALWAYS_ON
from linter.settings.config import ConfigError, load_config
from linter.settings.globs import glob_match
from linter.settings.selection import Layer, enabled_codes
from tests.helpers import ruleset, run_cli

# One interface without goal (XR003, error) whose target is undeclared (XR001, error), and an
# unused system (XR005, warning).
SPEC = """\
blueprint_version: 1
systems:
  - {id: SYS-A, name: A, kind: saas}
  - {id: SYS-IDLE, name: Idle, kind: saas}
interfaces:
  - id: IF-1
    source: SYS-A
    target: SYS-MISSING
    frequency: {mode: near_real_time}
    volume: {average: {count: 1, per: hour}, peak: {count: 2, per: hour}}
    alm:
      - {type: functional_design, ref: "https://dev.azure.com/x/wiki/FDD"}
      - {type: user_story, ref: "AB#1"}
      - {type: test_case, ref: "AB#2"}
"""


def workspace(root: Path, config: str | None, spec: str = SPEC, name: str = ".blueprint-lint.yaml") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / name).write_text(config, encoding="utf-8")
    (root / "spec.yaml").write_text(spec, encoding="utf-8")
    return root


def codes(root: Path, *args: str) -> tuple[int, list[str]]:
    result = run_cli("check", "-f", "json", *args, cwd=root)
    payload = json.loads(result.stdout)
    return result.exit_code, sorted(d["code"] for d in payload["diagnostics"])


def test_defaults_run_every_rule(tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws", "# nothing configured\n")
    exit_code, found = codes(root)
    assert exit_code == 1
    assert {"XR001", "XR003", "XR005"} <= set(found)


def test_config_select_and_ignore_by_prefix_code_and_name(tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws", "select: [XR]\nignore: [interface-without-goal, XR005]\n")
    assert codes(root) == (1, ["XR001"])


def test_more_specific_select_beats_broader_ignore(tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws", "select: [XR005]\nignore: [XR]\n")
    assert codes(root)[1] == ["XR005"]


def test_cli_select_replaces_config_selection(tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws", "ignore: [XR003]\n")
    assert "XR003" not in codes(root)[1]
    assert codes(root, "--select", "XR003")[1] == ["XR003"]


def test_cli_ignore_adds_to_config(tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws", "select: [XR001, XR003]\n")
    assert codes(root, "--ignore", "XR001")[1] == ["XR003"]


def test_severity_override_and_fail_on_precedence(tmp_path: Path) -> None:
    # Defaults: XR005 is a warning and only errors fail.
    root = workspace(tmp_path / "ws", "select: [XR005]\n")
    assert codes(root) == (0, ["XR005"])
    # Config: fail-on warning makes the warning fail the run.
    (root / ".blueprint-lint.yaml").write_text("select: [XR005]\nfail-on: warning\n", encoding="utf-8")
    assert codes(root)[0] == 1
    # CLI beats config.
    assert codes(root, "--fail-on", "error")[0] == 0
    # A severity override turns it into an error.
    (root / ".blueprint-lint.yaml").write_text("select: [XR005]\nseverity: {XR: error}\n", encoding="utf-8")
    result = run_cli("check", "-f", "json", cwd=root)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["diagnostics"][0]["severity"] == "error"


def test_config_in_pyproject_table(tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws", '[tool.blueprint-lint]\nselect = ["XR001"]\n', name="pyproject.toml")
    assert codes(root)[1] == ["XR001"]


def test_explicit_config_file_applies_to_every_workspace(tmp_path: Path) -> None:
    workspace(tmp_path / "a", "# a\n")
    workspace(tmp_path / "b", "# b\n")
    shared = tmp_path / "shared.yaml"
    shared.write_text("select: [XR005]\n", encoding="utf-8")
    result = run_cli("check", "-f", "json", "--config", str(shared), "a", "b", cwd=tmp_path)
    found = json.loads(result.stdout)["diagnostics"]
    assert sorted((d["file"], d["code"]) for d in found) == [("a/spec.yaml", "XR005"), ("b/spec.yaml", "XR005")]


def test_result_does_not_depend_on_cwd(tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws", "select: [XR001]\n")
    (root / "sub").mkdir()
    (root / "sub" / "more.yaml").write_text("blueprint_version: 1\n", encoding="utf-8")
    from_sub = run_cli("check", "-f", "json", "..", cwd=root / "sub")
    from_top = run_cli("check", "-f", "json", "ws", cwd=tmp_path)
    assert [d["code"] for d in json.loads(from_sub.stdout)["diagnostics"]] == ["XR001"]
    assert [d["code"] for d in json.loads(from_top.stdout)["diagnostics"]] == ["XR001"]


def test_per_file_ignores_switch_rules_off_for_those_files(tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws", "per-file-ignores:\n  'spec.yaml': [XR005]\n")
    from linter.run.engine import lint

    result = lint([Path(".")], ruleset(), cwd=root)
    assert "XR005" not in [d.code for d in result.diagnostics]
    # Selection, like `ignore` (and ruff's per-file-ignores): not a suppressed finding.
    assert "XR005" not in [d.code for d in result.suppressed]
    other = lint([Path(".")], ruleset(), cwd=workspace(tmp_path / "ws2", "# no ignores\n"))
    assert "XR005" in [d.code for d in other.diagnostics], "the fixture does raise XR005"


def test_exclude_removes_files_from_walk_and_force_exclude_from_named(tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws", "exclude: ['drafts/**']\n")
    (root / "drafts").mkdir()
    (root / "drafts" / "wip.yaml").write_text("blueprint_version: 1\nbogus: 1\n", encoding="utf-8")
    (root / "ci.yaml").write_text("jobs: {build: {}}\n", encoding="utf-8")
    walked = run_cli("check", "-f", "json", cwd=root)
    assert all(d["file"] == "spec.yaml" for d in json.loads(walked.stdout)["diagnostics"])
    named = run_cli("check", "-f", "json", "drafts/wip.yaml", cwd=root)
    assert [d["code"] for d in json.loads(named.stdout)["diagnostics"]] == ["SC001"]
    forced = run_cli("check", "-f", "json", "--force-exclude", "drafts/wip.yaml", "ci.yaml", cwd=root)
    assert forced.exit_code == 0, forced.output
    assert json.loads(forced.stdout)["summary"]["files_checked"] == 0


def test_include_limits_the_walk(tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws", "include: ['specs/**']\n")
    (root / "specs").mkdir()
    (root / "specs" / "ok.yaml").write_text("blueprint_version: 1\n", encoding="utf-8")
    result = run_cli("check", "-f", "json", cwd=root)
    assert json.loads(result.stdout)["summary"]["files_checked"] == 1


def test_limits_from_config_apply(tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws", "limits: {max-depth: 3}\n")
    assert "SY006" in codes(root)[1]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            "selct: [XR]\n",
            ".blueprint-lint.yaml:1:1: unknown key 'selct' in the configuration (did you mean 'select'?)",
        ),
        ("fail-on: warn\n", ".blueprint-lint.yaml:1:10: 'warn' is not an allowed value"),
        ("select: [XR999]\n", ".blueprint-lint.yaml:1:10: 'XR999' matches no rule"),
        (
            "rule-options: {XR001: {x: 1}}\n",
            ".blueprint-lint.yaml:1:16: rule XR001 (unresolved-reference) has no options",
        ),
        (
            "limits: {max-depth: 0}\n",
            ".blueprint-lint.yaml:1:21: the configuration, at 'limits.max-depth' must be at least 1",
        ),
        ("select: [XR\n", ".blueprint-lint.yaml:1:9: YAML syntax error"),
    ],
)
def test_config_errors_are_located_and_exit_2(tmp_path: Path, config: str, expected: str) -> None:
    root = workspace(tmp_path / "ws", config)
    result = run_cli("check", cwd=root)
    assert result.exit_code == 2
    assert f"blueprint-lint: error: {expected}" in result.output
    assert "Traceback" not in result.output


def test_pyproject_errors_name_the_line(tmp_path: Path) -> None:
    config = '[project]\nname = "x"\n\n[tool.blueprint-lint]\nselect = ["XR"]\nfail-on = "sometimes"\n'
    root = workspace(tmp_path / "ws", config, name="pyproject.toml")
    result = run_cli("check", cwd=root)
    assert result.exit_code == 2
    assert "pyproject.toml:6:1: 'sometimes' is not an allowed value" in result.output


def test_missing_config_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("check", "--config", "nope.yaml", cwd=tmp_path)
    assert result.exit_code == 2
    assert "nope.yaml: configuration file not found" in result.output


def test_rule_options_are_validated_against_options_schema(tmp_path: Path) -> None:
    from linter.api import Rule
    from linter.catalog.registry import RuleSet
    from linter.core.options import Overrides
    from linter.settings.resolve import resolve

    class Tunable(Rule):
        code = "ZZ001"
        name = "tunable"
        summary = rationale = how_to_fix = passing_example = failing_example = "x"
        default_options: ClassVar[dict[str, Any]] = {"max_peak_per_hour": 6000}
        options_schema: ClassVar[dict[str, Any]] = {
            "type": "object",
            "properties": {"max_peak_per_hour": {"type": "integer", "minimum": 1}},
            "additionalProperties": False,
        }

    rules = RuleSet(rules=[Tunable()])
    path = tmp_path / ".blueprint-lint.yaml"
    path.write_text("rule-options:\n  tunable:\n    max_peak_per_hour: 5000\n", encoding="utf-8")
    settings = resolve(tmp_path, load_config(path), rules, Overrides())
    assert settings.by_code["ZZ001"].options == {"max_peak_per_hour": 5000}
    path.write_text("rule-options:\n  ZZ001:\n    max_peak_per_hour: many\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        resolve(tmp_path, load_config(path), rules, Overrides())
    assert ":3:24: option of rule ZZ001: 'many' is not of type 'integer'" in str(caught.value)


def test_layers_and_globs() -> None:
    rules = ruleset().rules
    expected = {r.code for r in rules if r.code.startswith("XR")} - {"XR001", "XR002"} | ALWAYS_ON
    assert enabled_codes(rules, [Layer(["XR"], ["XR001"]), Layer(None, ["XR002"])]) == expected
    assert glob_match("*.yaml", "a/b/c.yaml")
    assert glob_match("drafts/**", "drafts/x/y.yaml")
    assert glob_match("drafts", "drafts/x.yaml")
    assert not glob_match("a/*.yaml", "a/b/c.yaml")
    assert glob_match("a/**/c.yaml", "a/c.yaml")


def test_config_schema_documents_every_key() -> None:
    schema = json.loads((Path(__file__).resolve().parent.parent / "schemas" / "config.schema.json").read_text())

    def walk(node: dict, where: str) -> None:
        for key, sub in node.get("properties", {}).items():
            assert sub.get("title") and sub.get("description"), f"{where}.{key} lacks a title or description"
            walk(sub, f"{where}.{key}")
        if isinstance(node.get("items"), dict):
            walk(node["items"], where + "[]")

    walk(schema, "config")
