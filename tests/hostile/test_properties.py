"""Property-based tests: generated and mutated blueprints never crash a rule, the CLI or a format.

Budgets are fixed (``max_examples``) and the runs derandomized, so CI time is predictable and a
failure reproduces exactly on the next run; hypothesis prints the falsifying example.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from linter.cli.main import main
from linter.core.limits import MAX_NUMBER_MAGNITUDE
from linter.load.reference import load_text
from linter.report import ReportContext, produce
from linter.run.engine import lint
from tests.helpers import ruleset, write_workspace

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schemas" / "blueprint-v1.schema.json").read_text(encoding="utf-8"))
EXAMPLE = ROOT / "examples" / "public-sector"
# Spec files only: a broken configuration is a usage error (exit 2) by design, tested in test_config.py.
EXAMPLE_FILES = sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*.yaml") if not p.name.startswith("."))
# A few ids, so that generated references sometimes resolve and sometimes clash.
IDS = ["G-1", "G-2", "SYS-A", "SYS-B", "P-1", "IF-1", "IF-2", "MW-1", "ID-1", "FDD-1", "US-1", "TC-1"]

BUDGET = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def _generation_schema() -> dict[str, Any]:
    """Our schema with what generators cannot use simplified: ids drawn from IDS, and ISO 8601
    duration patterns (lookaheads) replaced by a few fixed durations."""
    schema = copy.deepcopy(SCHEMA)
    schema["$defs"]["id"] = {"enum": IDS}
    schema["$defs"]["id_ref"] = {"enum": [*IDS, "UNDECLARED"]}

    def simplify(node: Any) -> Any:
        if isinstance(node, dict):
            if "pattern" in node and "(?" in node["pattern"]:
                node = {k: v for k, v in node.items() if k not in ("pattern", "type")}
                node["enum"] = ["PT5M", "P1D", "PT0.5S"]
            node.pop("patternProperties", None)  # no x- extension keys: they add nothing here
            kinds = node.get("type")
            if kinds in ("integer", "number") or (isinstance(kinds, list) and {"integer", "number"} & set(kinds)):
                # Numbers beyond 2**53 are SY008 by design (issue 13, item 8; tested in test_crashes.py).
                node["maximum"] = min(node.get("maximum", MAX_NUMBER_MAGNITUDE), MAX_NUMBER_MAGNITUDE)
                node["minimum"] = max(node.get("minimum", -MAX_NUMBER_MAGNITUDE), -MAX_NUMBER_MAGNITUDE)
            return {k: simplify(v) for k, v in node.items()}
        if isinstance(node, list):
            return [simplify(v) for v in node]
        return node

    simplified: dict[str, Any] = simplify(schema)
    return simplified


GENERATED = from_schema(_generation_schema())


@BUDGET
@given(blueprint=GENERATED)
def test_blueprints_generated_from_the_schema_never_crash_a_rule(blueprint: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = write_workspace(Path(directory), {"spec.json": json.dumps(blueprint)})
        result = lint([Path("spec.json")], ruleset(), cwd=root)
    assert not result.internal_error, [d.message for d in result.diagnostics if d.code == "IE001"]
    assert not [d for d in result.diagnostics if d.code.startswith("SY")]


# -- mutations of the shipped example ----------------------------------------------------------


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


WRONG_VALUES = st.sampled_from([None, 0, -1, 1.5, True, "", "x", [], {}, [1, 2], {"a": 1}, "IF-WEB-REQUEST", 10**30])


@st.composite
def mutated_example(draw: st.DrawFn) -> tuple[str, str]:
    """(file name, new text) for one example file with one to three mutations."""
    name = draw(st.sampled_from(EXAMPLE_FILES))
    text = (EXAMPLE / name).read_text(encoding="utf-8")
    kind = draw(st.sampled_from(["truncate", "delete", "wrong-type", "swap-reference", "rename-key"]))
    if kind == "truncate":
        return name, text[: draw(st.integers(0, len(text)))]
    data = load_text(text).data
    ids = sorted(set(re.findall(r"\b(?:IF|SYS|G|P|MW|ID|FDD|TDD|US|TC)-[A-Z0-9-]+\b", text))) or ["X"]
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _parent(data, path)
        if kind == "delete":
            del parent[path[-1]]
        elif kind == "wrong-type":
            parent[path[-1]] = draw(WRONG_VALUES)
        elif kind == "swap-reference":
            parent[path[-1]] = draw(st.sampled_from(ids))
        elif isinstance(parent, dict):
            parent[str(path[-1]) + "_"] = parent.pop(path[-1])
    return name, json.dumps(data, indent=1)


def _assert_sarif_shape(report: dict[str, Any]) -> None:
    """A minimal structural check; the full schema validation lives with the SARIF reporter."""
    assert report["version"] == "2.1.0"
    (run,) = report["runs"]
    rules = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    for result in run["results"]:
        assert result["ruleId"] in rules
        assert result["message"]["text"]
        assert result["level"] in ("error", "warning", "note", "none")
        for location in result.get("locations", []):
            physical = location["physicalLocation"]
            assert physical["artifactLocation"]["uri"]
            region = physical.get("region", {})
            assert region.get("startLine", 1) >= 1 and region.get("startColumn", 1) >= 1


@settings(BUDGET, max_examples=25)
@given(mutation=mutated_example())
def test_mutated_examples_never_crash_the_cli_and_every_format_stays_valid(mutation: tuple[str, str]) -> None:
    name, text = mutation
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory) / "ws"
        shutil.copytree(EXAMPLE, root)
        (root / name).write_text(text, encoding="utf-8")
        # The real command once (exit code, no exception), then every format from one result.
        outcome = CliRunner().invoke(main, ["check", "--format", "json", str(root)], catch_exceptions=False)
        assert outcome.exit_code in (0, 1), outcome.output
        result = lint([root], ruleset(), cwd=root)
        assert not result.internal_error
        context = ReportContext(version="test")
        outputs = {fmt: produce(fmt, result, context).text for fmt in ("text", "json", "sarif")}
    report = json.loads(outcome.stdout)
    assert report["summary"]["total"] == len(report["diagnostics"])
    assert json.loads(outputs["json"])["summary"]["total"] == report["summary"]["total"]
    _assert_sarif_shape(json.loads(outputs["sarif"]))
    assert outputs["text"].endswith("\n")


def test_regression_an_alm_link_type_that_is_a_list_does_not_crash_cp007(tmp_path: Path) -> None:
    """Found by the mutation test above: ``type: []`` made CP007 raise ``unhashable type``."""
    spec = (
        "blueprint_version: 1\nalm_links:\n  - {id: FDD-1, type: [], ref: 'AB#1'}\n"
        "interfaces:\n  - {id: IF-1, source: S, target: T, alm: [FDD-1, {type: {}, ref: 'AB#2'}]}\n"
    )
    root = write_workspace(tmp_path, {"spec.yaml": spec})
    result = lint([Path("spec.yaml")], ruleset(), cwd=root)
    assert not result.internal_error
    assert "CP007" in {d.code for d in result.diagnostics}
