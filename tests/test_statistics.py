"""``check --statistics`` and the ``coverage`` configuration: the figures in text, json and SARIF,
the configuration's validation, CV001 below a minimum, and both caches (the per-workspace result
cache and the whole-run replay) giving the same figures as a fresh run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from linter.core.options import LintOptions
from linter.model.coverage import FIGURE_KEYS
from linter.run import engine
from tests.helpers import lint_files, run_cli, write_workspace
from tests.test_replay import cli
from tests.test_sarif import schema_errors

ROOT = Path(__file__).resolve().parent.parent

# Three interfaces: IF-1 traced and fully described, IF-2 traced through nothing, IF-3 traced to a
# goal that does not exist; one mapping (IF-1); goals G-1 served, G-2 not.
SPEC = """\
blueprint_version: 1
project:
  name: Statistics
goals:
  - {id: G-1, statement: Keep the data in sync}
  - {id: G-2, statement: Nobody serves this}
systems:
  - {id: SYS-A, name: A}
  - {id: SYS-B, name: B}
interfaces:
  - id: IF-1
    goals: [G-1]
    source: SYS-A
    target: SYS-B
    frequency: {mode: event}
    volume: {average: {count: 1, per: hour}, peak: {count: 2, per: hour}}
    alm: [{type: user_story, ref: AB#1}]
  - id: IF-2
    source: SYS-A
    target: SYS-B
  - id: IF-3
    goals: [G-404]
    source: SYS-A
    target: SYS-B
mappings:
  - {id: M-1, interface: IF-1, fields: []}
"""


def _ws(tmp_path: Path, config: str = "# test workspace\n", name: str = "ws") -> Path:
    return write_workspace(tmp_path / name, {"spec.yaml": SPEC}, config)


def _figures(entries: list[dict[str, Any]]) -> dict[str, tuple[int, int, float]]:
    return {e["key"]: (e["covered"], e["total"], e["percent"]) for e in entries}


# -- text, json, sarif -----------------------------------------------------------------------------


def test_text_prints_aligned_tables_after_the_usual_output(tmp_path: Path) -> None:
    root = _ws(tmp_path)
    plain = run_cli("check", "--no-cache", ".", cwd=root)
    outcome = run_cli("check", "--no-cache", "--statistics", ".", cwd=root)
    assert outcome.exit_code == plain.exit_code == 1
    assert outcome.output.startswith(plain.output), "the statistics come after the normal output"
    tail = outcome.output[len(plain.output) :].splitlines()
    assert tail[0] == "" and tail[1] == "Coverage:"
    rows = tail[2 : 2 + len(FIGURE_KEYS)]
    assert [row.split()[0] for row in rows] == list(FIGURE_KEYS)
    by_key = {row.split()[0]: row for row in rows}
    assert by_key["goal-trace"].split()[1:3] == ["1/3", "33.3%"]
    assert by_key["goals-served"].split()[1:3] == ["1/2", "50.0%"]
    assert by_key["volume"].split()[1:3] == ["1/3", "33.3%"]
    # aligned: every ratio ends in the same column, every percent too
    assert len({row.index("/") + len(row.split()[1].split("/")[1]) for row in rows}) == 1
    assert len({row.index("%") for row in rows}) == 1
    counts = tail[tail.index("Findings by rule:") + 1 :]
    parsed = [(int(line.split()[0]), line.split()[1]) for line in counts]
    assert parsed == sorted(parsed, key=lambda item: (-item[0], item[1])), "most frequent first, then by code"
    found = json.loads(run_cli("check", "--no-cache", "-f", "json", ".", cwd=root).stdout)["diagnostics"]
    assert sum(count for count, _ in parsed) == len(found)
    assert {code for _, code in parsed} == {d["code"] for d in found}


def test_json_adds_summary_statistics_and_keeps_its_shape(tmp_path: Path) -> None:
    root = _ws(tmp_path)
    plain = json.loads(run_cli("check", "--no-cache", "-f", "json", ".", cwd=root).stdout)
    data = json.loads(run_cli("check", "--no-cache", "--statistics", "-f", "json", ".", cwd=root).stdout)
    statistics = data["summary"].pop("statistics")
    assert data == plain, "everything else is unchanged"
    assert "statistics" not in plain["summary"]
    figures = _figures(statistics["coverage"])
    assert list(figures) == list(FIGURE_KEYS)
    assert figures["goal-trace"] == (1, 3, 33.3)
    assert figures["mapping"] == (1, 3, 33.3)
    assert figures["alm-user_story"] == (1, 3, 33.3)
    missing = {e["key"]: e["missing"] for e in statistics["coverage"]}
    assert missing["goal-trace"] == ["IF-2", "IF-3"] and missing["goals-served"] == ["G-2"]
    assert statistics["workspaces"] == [{"root": ".", "coverage": statistics["coverage"]}]
    rules = {(r["code"], r["name"]): r["count"] for r in statistics["rules"]}
    assert sum(rules.values()) == plain["summary"]["total"]


def test_sarif_carries_them_in_the_run_property_bag(tmp_path: Path) -> None:
    root = _ws(tmp_path)
    outcome = run_cli("check", "--no-cache", "--statistics", "-f", "sarif", ".", cwd=root)
    log = json.loads(outcome.stdout)
    assert schema_errors(log) == []
    statistics = log["runs"][0]["properties"]["statistics"]
    assert _figures(statistics["coverage"])["goal-trace"] == (1, 3, 33.3)
    assert all("missing" not in entry for entry in statistics["coverage"])
    plain = json.loads(run_cli("check", "--no-cache", "-f", "sarif", ".", cwd=root).stdout)
    assert "properties" not in plain["runs"][0]


def test_other_formats_ignore_the_flag(tmp_path: Path) -> None:
    root = _ws(tmp_path)
    for fmt in ("github", "junit", "gitlab", "json-lines"):
        with_flag = run_cli("check", "--no-cache", "--statistics", "-f", fmt, ".", cwd=root).output
        assert with_flag == run_cli("check", "--no-cache", "-f", fmt, ".", cwd=root).output, fmt


def test_several_workspaces_each_and_their_total(tmp_path: Path) -> None:
    _ws(tmp_path, name="one")
    write_workspace(tmp_path / "two", {"spec.yaml": SPEC.replace("goals: [G-404]", "goals: [G-1]")})
    data = json.loads(run_cli("check", "--no-cache", "--statistics", "-f", "json", "one", "two", cwd=tmp_path).stdout)
    statistics = data["summary"]["statistics"]
    assert [w["root"] for w in statistics["workspaces"]] == ["one", "two"]
    assert _figures(statistics["workspaces"][1]["coverage"])["goal-trace"] == (2, 3, 66.7)
    assert _figures(statistics["coverage"])["goal-trace"] == (3, 6, 50.0)
    text = run_cli("check", "--no-cache", "--statistics", "one", "two", cwd=tmp_path).output
    assert "Coverage of one:" in text and "Coverage of two:" in text and "Coverage, all 2 workspaces:" in text


def test_a_pre_commit_run_judges_only_the_files_it_was_given(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"spec.yaml": SPEC, "other.yaml": SPEC.replace("IF-", "IF-X")})
    data = json.loads(run_cli("check", "--no-cache", "--statistics", "-f", "json", "spec.yaml", cwd=root).stdout)
    assert _figures(data["summary"]["statistics"]["coverage"])["goal-trace"][:2] == (1, 3)


# -- the coverage configuration ----------------------------------------------------------------------


def test_the_schema_knows_every_figure_key() -> None:
    schema = json.loads((ROOT / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    assert tuple(schema["properties"]["coverage"]["properties"]) == FIGURE_KEYS


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("coverage: {goal-trace: 101}\n", "'coverage.goal-trace': 101 is greater than the maximum of 100"),
        ("coverage: {mapping: -1}\n", "'coverage.mapping' must be at least 0, not -1"),
        ("coverage: {volume: lots}\n", "'coverage.volume' must be a number, not a string"),
        ("coverage: {alm-stories: 50}\n", "unknown key 'alm-stories'"),
        ("coverage: [goal-trace]\n", "'coverage' must be a mapping, not a list"),
    ],
)
def test_a_bad_coverage_section_is_a_located_config_error(tmp_path: Path, config: str, message: str) -> None:
    root = _ws(tmp_path, config)
    outcome = run_cli("check", "--no-cache", ".", cwd=root)
    assert outcome.exit_code == 2
    assert ".blueprint-lint.yaml:1:" in outcome.output and message in outcome.output, outcome.output
    if "unknown key" in message:
        assert "alm-user_story" in outcome.output, "the known keys are listed"


# -- CV001 --------------------------------------------------------------------------------------------


def _cv(tmp_path: Path, config: str, name: str = "ws") -> list[Any]:
    result = lint_files(tmp_path / name, {"spec.yaml": SPEC}, config=config)
    return [d for d in result.diagnostics if d.code == "CV001"]


def test_cv001_fires_below_a_minimum_on_the_project_section(tmp_path: Path) -> None:
    found = _cv(tmp_path, "coverage: {goal-trace: 50, goals-served: 50}\n")
    assert len(found) == 1
    (finding,) = found
    assert finding.severity.label == "error" and finding.name == "coverage-below-minimum"
    assert (finding.file, finding.line, finding.pointer) == ("spec.yaml", 2, "/project")
    assert "goal-trace" in finding.message and "33.3%" in finding.message and "minimum of 50%" in finding.message
    assert "missing: IF-2, IF-3" in finding.message


def test_cv001_is_silent_at_or_above_the_minimum(tmp_path: Path) -> None:
    # 1 of 3 is exactly 33.333…%: a minimum of 100/3 is met; 33.34 is not.
    assert _cv(tmp_path, f"coverage: {{goal-trace: {100 / 3!r}, goals-served: 50}}\n", "a") == []
    assert len(_cv(tmp_path, "coverage: {goal-trace: 33.34}\n", "b")) == 1
    assert _cv(tmp_path, "coverage: {goal-trace: 0}\n", "c") == []
    assert _cv(tmp_path, "# no coverage section\n", "d") == []


def test_cv001_names_only_the_first_missing_ids(tmp_path: Path) -> None:
    interfaces = "".join(f"  - {{id: IF-{n:02}, source: SYS-A, target: SYS-B}}\n" for n in range(8))
    spec = "blueprint_version: 1\ninterfaces:\n" + interfaces
    result = lint_files(tmp_path, {"spec.yaml": spec}, config="coverage: {mapping: 100}\n")
    (finding,) = [d for d in result.diagnostics if d.code == "CV001"]
    assert (finding.line, finding.pointer) == (1, ""), "no project section: the top of the file"
    assert finding.message.endswith("missing: IF-00, IF-01, IF-02, IF-03, IF-04 and 3 more")


def test_cv001_fails_the_run_at_its_severity_and_obeys_the_settings(tmp_path: Path) -> None:
    root = _ws(tmp_path, "coverage: {frequency: 100}\nselect: [CV]\n")
    assert run_cli("check", "--no-cache", ".", cwd=root).exit_code == 1
    (root / ".blueprint-lint.yaml").write_text("coverage: {frequency: 100}\nselect: [CV]\nseverity: {CV001: warning}\n")
    assert run_cli("check", "--no-cache", ".", cwd=root).exit_code == 0
    assert run_cli("check", "--no-cache", "--fail-on", "warning", ".", cwd=root).exit_code == 1
    (root / ".blueprint-lint.yaml").write_text("coverage: {frequency: 100}\nignore: [CV001]\n")
    assert "CV001" not in run_cli("check", "--no-cache", ".", cwd=root).output
    (root / ".blueprint-lint.yaml").write_text("coverage: {frequency: 33}\nselect: [CV]\n")
    assert run_cli("check", "--no-cache", ".", cwd=root).exit_code == 0, "above the minimum"


def test_cv001_can_be_suppressed_inline_and_baselined(tmp_path: Path) -> None:
    config = "coverage: {frequency: 100}\n"
    suppressed = SPEC.replace("project:\n", "project:  # blueprint-lint: disable=CV001 -- tracked in AB#9\n")
    result = lint_files(tmp_path / "a", {"spec.yaml": suppressed}, config=config)
    assert [d.code for d in result.diagnostics if d.code in ("CV001", "SU001")] == []
    assert [d.code for d in result.suppressed] == ["CV001"]
    root = _ws(tmp_path, config, name="b")
    assert run_cli("baseline", "-o", "baseline.yaml", ".", cwd=root).exit_code == 0
    outcome = run_cli("check", "--no-cache", "--baseline", "baseline.yaml", "--select", "CV", ".", cwd=root)
    assert "CV001" not in outcome.output and outcome.exit_code == 0, outcome.output
    # the entry matches its message: another percentage (still below) is a new finding
    (root / "spec.yaml").write_text(SPEC.replace("  - id: IF-3\n", "  - id: IF-3\n    frequency: {mode: event}\n"))
    outcome = run_cli("check", "--no-cache", "--baseline", "baseline.yaml", "--select", "CV", ".", cwd=root)
    assert "CV001" in outcome.output and "66.7%" in outcome.output and outcome.exit_code == 1, outcome.output


def test_cv001_waits_for_every_file_to_load(tmp_path: Path) -> None:
    result = lint_files(
        tmp_path,
        {"spec.yaml": SPEC, "broken.yaml": "blueprint_version: 1\ngoals: [\n"},
        config="coverage: {frequency: 100}\n",
    )
    assert "CV001" not in {d.code for d in result.diagnostics}
    assert "SY001" in {d.code for d in result.diagnostics}


def test_a_secret_used_as_an_id_is_never_listed(tmp_path: Path) -> None:
    secret = "Pl4ntedAccountKey96abcdEFGH0123+/=="
    spec = SPEC.replace(
        "  - id: IF-2\n",
        f'  - id: "DefaultEndpointsProtocol=https;AccountName=a;AccountKey={secret};EndpointSuffix=core.windows.net"\n',
    )
    root = write_workspace(tmp_path / "ws", {"spec.yaml": spec}, "coverage: {goal-trace: 100}\n")
    for _ in range(2):  # fresh, then from the result cache
        outcome = run_cli(
            "check", "--statistics", "-f", "json", ".", cwd=root, env={"BLUEPRINT_LINT_CACHE_DIR": str(tmp_path / "c")}
        )
        assert "SE002" in outcome.output and "CV001" in outcome.output
        assert secret not in outcome.output
        missing = json.loads(outcome.stdout)["summary"]["statistics"]["coverage"][0]["missing"]
        assert len(missing) == 2 and "IF-3" in missing


# -- the caches -----------------------------------------------------------------------------------------


def test_a_replayed_workspace_has_the_same_figures_and_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _ws(tmp_path, "coverage: {goal-trace: 100}\n")
    options = LintOptions(cache_dir=tmp_path / "cache", statistics=True)
    cold = engine.lint([root], _ruleset(), options, cwd=root)

    def not_again(*args: object, **kwargs: object) -> object:
        raise AssertionError("the figures were computed again: the workspace was not replayed")

    monkeypatch.setattr(engine, "coverage", not_again)
    warm = engine.lint([root], _ruleset(), LintOptions(cache_dir=tmp_path / "cache", statistics=True), cwd=root)
    assert warm.coverage == cold.coverage and warm.coverage
    assert warm.diagnostics == cold.diagnostics
    assert "CV001" in {d.code for d in warm.diagnostics}


def test_an_entry_without_figures_is_not_replayed_for_a_run_that_wants_them(tmp_path: Path) -> None:
    root = _ws(tmp_path)
    cache = tmp_path / "cache"
    plain = engine.lint([root], _ruleset(), LintOptions(cache_dir=cache), cwd=root)
    assert plain.coverage == [], "figures only on request (they cost time on large blueprints)"
    wanted = engine.lint([root], _ruleset(), LintOptions(cache_dir=cache, statistics=True), cwd=root)
    fresh = engine.lint([root], _ruleset(), LintOptions(statistics=True), cwd=root)
    assert wanted.coverage == fresh.coverage and wanted.coverage
    assert wanted.diagnostics == plain.diagnostics == fresh.diagnostics
    # and the entry stored with figures serves a plain run too
    assert engine.lint([root], _ruleset(), LintOptions(cache_dir=cache), cwd=root).diagnostics == plain.diagnostics


def test_a_replayed_run_keys_on_the_flag(tmp_path: Path) -> None:
    root = _ws(tmp_path, "coverage: {goal-trace: 100}\n")
    cache_dir = tmp_path / "cache"
    for args in (("check", "--statistics", "-f", "json"), ("check", "--statistics")):
        cold, warm = cli(root, cache_dir, *args), cli(root, cache_dir, *args)
        assert (cold.how, warm.how) == ("full", "replayed")
        assert (warm.code, warm.stdout) == (cold.code, cold.stdout) and "overage" in warm.stdout
    without = cli(root, cache_dir, "check")
    assert without.how == "full" and "Coverage" not in without.stdout
    stale = cli(root, cache_dir, "check", "--statistics")
    (root / "spec.yaml").write_text(SPEC.replace("goals: [G-404]", "goals: [G-1]"), encoding="utf-8")
    fresh = cli(root, cache_dir, "check", "--statistics")
    assert (stale.how, fresh.how) == ("replayed", "full")
    assert fresh.stdout != stale.stdout and "2/3" in fresh.stdout


def _ruleset() -> Any:
    from tests.helpers import ruleset

    return ruleset()
