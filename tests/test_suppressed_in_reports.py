"""What a suppressed finding does in each report, through the real command line, on copies of the
examples (``examples/broken`` suppresses some findings inline; ``blueprint-lint baseline``
suppresses the rest): left out of SARIF and JSON unless ``check --include-suppressed``, which
carries them with their suppressions; the fingerprints of the other results do not move; the
Azure Pipelines identity in SARIF; the flag and the pipeline's variables in the replay key.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from linter.report import FORMATS
from linter.report.pipeline import AzurePipeline, azure_pipeline
from tests.helpers import run_cli, write_workspace
from tests.test_replay import cli as launched_cli
from tests.test_sarif import AZURE_PIPELINE_ENV

ROOT = Path(__file__).resolve().parent.parent
# Outside a pipeline, even when the suite itself runs in one.
LOCAL = {"TF_BUILD": ""}


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A copy of examples/broken in ``tmp_path``, with ``baseline.yaml`` recording all its findings.

    Without its unparseable file (``unloadable/``): a file that cannot be loaded is never
    baselined and always fails the run (tests/test_unloadable.py), which is not what these test."""
    shutil.copytree(ROOT / "examples" / "broken", tmp_path / "broken")
    shutil.rmtree(tmp_path / "broken" / "unloadable")
    outcome = run_cli("baseline", "-o", "baseline.yaml", "broken", cwd=tmp_path)
    assert outcome.exit_code == 0, outcome.output
    return tmp_path


def check(cwd: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    outcome = run_cli("check", "--no-cache", *args, "broken", cwd=cwd, env=env or LOCAL)
    assert outcome.exit_code in (0, 1), outcome.output
    return outcome.exit_code, outcome.stdout, outcome.stderr


def sarif_results(cwd: Path, *args: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(check(cwd, "-f", "sarif", *args)[1])["runs"][0]["results"]
    return found


def json_report(cwd: Path, *args: str) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(check(cwd, "-f", "json", *args)[1])
    return report


def identity(result: dict[str, Any]) -> tuple[str, str, int, str]:
    location = result["locations"][0]["physicalLocation"]
    return (
        result["ruleId"],
        location["artifactLocation"]["uri"],
        location["region"]["startLine"],
        result["message"]["text"],
    )


def prints(results: list[dict[str, Any]]) -> dict[tuple[str, str, int, str], dict[str, str]]:
    return {identity(r): r["partialFingerprints"] for r in results if "suppressions" not in r}


# -- SARIF ------------------------------------------------------------------------------------------


def test_sarif_leaves_inline_suppressed_findings_out_by_default(broken: Path) -> None:
    summary = json_report(broken)["summary"]
    results = sarif_results(broken)
    assert not [r for r in results if "suppressions" in r]
    assert len(results) == summary["total"] > 0  # every finding of the example has a file

    included = sarif_results(broken, "--include-suppressed")
    suppressed = [r for r in included if "suppressions" in r]
    assert suppressed, "examples/broken suppresses findings inline"
    assert len(included) == len(results) + len(suppressed)
    for result in suppressed:
        (suppression,) = result["suppressions"]
        assert suppression["kind"] == "inSource" and suppression["status"] == "accepted"
    # The reason given after " -- " is the justification; SYS-MAILROOM's suppression gives none.
    reasons = {r["message"]["text"].split()[1]: r["suppressions"][0].get("justification") for r in suppressed}
    assert reasons["SYS-SCANNER"] == "retired in Q3, kept for the record"
    assert reasons["SYS-MAILROOM"] is None


def test_sarif_with_a_baseline_reports_only_what_is_not_baselined(broken: Path) -> None:
    """The issue's case: every finding baselined gave a report full of suppressed results, each an
    open alert on GitHub. Now the report holds only the findings that count (none here)."""
    counted = json_report(broken, "--baseline", "baseline.yaml")["summary"]["total"]
    assert sarif_results(broken, "--baseline", "baseline.yaml") == [] and counted == 0

    included = sarif_results(broken, "--baseline", "baseline.yaml", "--include-suppressed")
    assert len(included) == len(sarif_results(broken, "--include-suppressed")) > 0
    kinds = {r["suppressions"][0]["kind"] for r in included}
    assert all("suppressions" in r for r in included)
    assert kinds == {"inSource", "external"}


def test_the_flag_never_changes_the_exit_code(broken: Path) -> None:
    for args in ((), ("--baseline", "baseline.yaml")):
        without = check(broken, "-f", "sarif", *args)[0]
        assert check(broken, "-f", "sarif", "--include-suppressed", *args)[0] == without
    assert check(broken, "-f", "sarif")[0] == 1
    assert check(broken, "-f", "sarif", "--baseline", "baseline.yaml", "--include-suppressed")[0] == 0


def test_fingerprints_of_reported_results_do_not_depend_on_the_flag(broken: Path) -> None:
    for args in ((), ("--baseline", "baseline.yaml")):
        default = sarif_results(broken, *args)
        included = sarif_results(broken, "--include-suppressed", *args)
        assert prints(default) == prints(included)
    assert len(prints(sarif_results(broken))) > 50


def test_a_suppressed_twin_keeps_its_place_in_the_fingerprint_count(tmp_path: Path) -> None:
    """Two identical findings on identical lines are told apart by their order (``<hash>:1``,
    ``<hash>:2``). Suppressing the first must not turn the second into ``:1``: that would be a
    new alert on GitHub and the old one closed."""
    line = "  - {id: SYS-A, name: A, kind: mainframe}"
    write_workspace(
        tmp_path / "ws",
        {"spec.yaml": f"blueprint_version: 1\nsystems:\n{line}  # blueprint-lint: disable=SC001 -- agreed\n{line}\n"},
    )
    run = run_cli("check", "--no-cache", "-f", "sarif", ".", cwd=tmp_path / "ws", env=LOCAL)
    default = json.loads(run.stdout)["runs"][0]["results"]
    run = run_cli("check", "--no-cache", "-f", "sarif", "--include-suppressed", ".", cwd=tmp_path / "ws", env=LOCAL)
    included = json.loads(run.stdout)["runs"][0]["results"]
    twins = [r["partialFingerprints"]["blueprintLint/v1"] for r in included if r["ruleId"] == "SC001"]
    assert len(twins) == 2 and twins[0].endswith(":1") and twins[1].endswith(":2")
    assert [r["partialFingerprints"]["blueprintLint/v1"] for r in default if r["ruleId"] == "SC001"] == [twins[1]]


# -- JSON and JSON Lines ------------------------------------------------------------------------------


def test_json_by_default_keeps_its_contract_and_counts(broken: Path) -> None:
    report = json_report(broken)
    assert set(report) == {"diagnostics", "summary"}
    keys = {"code", "name", "severity", "message", "file", "line", "column", "end_line", "end_column", "pointer"}
    assert all(set(d) == keys for d in report["diagnostics"])
    assert set(report["summary"]) == {"files_checked", "errors", "warnings", "infos", "total"}
    assert report["summary"]["total"] == len(report["diagnostics"])
    baselined = json_report(broken, "--baseline", "baseline.yaml")
    assert baselined["diagnostics"] == [] and baselined["summary"]["total"] == 0


def test_json_with_the_flag_lists_suppressed_findings_with_their_suppression(broken: Path) -> None:
    for args in ((), ("--baseline", "baseline.yaml")):
        default = json_report(broken, *args)
        included = json_report(broken, "--include-suppressed", *args)
        assert set(included) == {"diagnostics", "summary"}
        entries = included["diagnostics"]
        active = [{k: v for k, v in d.items() if k != "suppression"} for d in entries if d["suppression"] is None]
        assert active == default["diagnostics"]
        hidden = [d for d in entries if d["suppression"] is not None]
        assert hidden and all(set(d["suppression"]) == {"kind", "justification"} for d in hidden)
        # The counts are the verdict: only what was not suppressed, plus how many were.
        assert included["summary"] == {**default["summary"], "suppressed": len(hidden)}
        order = [(d["file"], d["line"], d["column"], d["code"]) for d in entries]
        assert order == sorted(order)
    everything = json_report(broken, "--baseline", "baseline.yaml", "--include-suppressed")["diagnostics"]
    assert {d["suppression"]["kind"] for d in everything} == {"inSource", "external"}
    reasons = {d["message"].split()[1]: d["suppression"]["justification"] for d in everything if d["code"] == "XR005"}
    assert reasons["SYS-SCANNER"] == "retired in Q3, kept for the record"
    assert reasons["SYS-MAILROOM"] == ""  # suppressed inline without a reason


def test_json_lines_follows_json(broken: Path) -> None:
    for args in ((), ("--include-suppressed",), ("--baseline", "baseline.yaml", "--include-suppressed")):
        records = [json.loads(line) for line in check(broken, "-f", "json-lines", *args)[1].splitlines()]
        assert records == json_report(broken, *args)["diagnostics"]


# -- the other formats ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in ("sarif", "json", "json-lines")])
def test_the_flag_leaves_the_other_formats_alone(broken: Path, fmt: str) -> None:
    for args in ((), ("--baseline", "baseline.yaml")):
        assert check(broken, "-f", fmt, "--include-suppressed", *args) == check(broken, "-f", fmt, *args)


def test_junit_skips_and_gitlab_and_annotations_leave_out_suppressed_findings(broken: Path) -> None:
    """What docs/ci.md says of them: a rule whose findings in a file were all suppressed is a skipped
    test case; GitLab Code Quality and the annotation formats show only the findings that count."""
    junit = check(broken, "-f", "junit", "--baseline", "baseline.yaml")[1]
    assert 'failures="0"' in junit.splitlines()[1] and "<skipped message=" in junit
    assert json.loads(check(broken, "-f", "gitlab", "--baseline", "baseline.yaml")[1]) == []
    checked = json_report(broken)["summary"]["files_checked"]
    for fmt in ("text", "github", "azure"):
        lines = check(broken, "-f", fmt, "--baseline", "baseline.yaml")[1].splitlines()
        assert lines == [f"No problems found in {checked} files checked."]


# -- SARIF in an Azure Pipelines job ------------------------------------------------------------------


def test_sarif_in_an_azure_pipeline_carries_the_jobs_identity(broken: Path) -> None:
    _, out, err = check(broken, "-f", "sarif", env=AZURE_PIPELINE_ENV)
    run = json.loads(out)["runs"][0]
    assert err == ""
    assert run["tool"]["driver"]["fullName"].startswith("blueprint-lint ")
    assert run["automationDetails"] == {
        "id": "azuredevops/pipeline/build/contoso/3f2504e0-4f89-41d3-9a0c-0305e82c3301/42/"
        "12f1170f-54f2-53f3-20dd-22fc7dff55f9/refs/heads/main/1234",
        "properties": {
            "azuredevops/pipeline/build/buildDefinitionId": "42",
            "azuredevops/pipeline/build/buildDefinitionName": "blueprint-ci",
            "azuredevops/pipeline/build/phaseId": "12f1170f-54f2-53f3-20dd-22fc7dff55f9",
            "azuredevops/pipeline/build/phaseName": "lint",
        },
    }
    # GitHub reads the same id as <category>/<run id>: the run id is the build.
    assert run["automationDetails"]["id"].rsplit("/", 1)[1] == "1234"
    local = json.loads(check(broken, "-f", "sarif")[1])["runs"][0]
    assert local["automationDetails"] == {"id": "blueprint-lint/"}
    assert run["results"] == local["results"], "the findings do not change"


def test_an_incomplete_pipeline_identity_is_a_warning_not_half_an_identity(broken: Path) -> None:
    env = {**AZURE_PIPELINE_ENV, "SYSTEM_JOBID": "not-a-guid", "BUILD_BUILDID": ""}
    _, out, err = check(broken, "-f", "sarif", env=env)
    assert json.loads(out)["runs"][0]["automationDetails"] == {"id": "blueprint-lint/"}
    assert err.startswith("blueprint-lint: warning: SARIF: in an Azure Pipelines job (TF_BUILD=True) whose identity")
    assert "SYSTEM_JOBID is not a GUID" in err and "BUILD_BUILDID is not set" in err
    assert "not-a-guid" not in err, "values are not repeated in the log"
    # TF_BUILD alone (a shell that copied it) is not a pipeline job: no identity, no warning.
    _, out, err = check(broken, "-f", "sarif", env={"TF_BUILD": "True"})
    assert err == "" and json.loads(out)["runs"][0]["automationDetails"] == {"id": "blueprint-lint/"}


def test_the_pipeline_identity_only_goes_to_sarif(broken: Path) -> None:
    for fmt in ("json", "azure", "junit", "gitlab"):
        assert check(broken, "-f", fmt, env=AZURE_PIPELINE_ENV) == check(broken, "-f", fmt, env={"TF_BUILD": "True"})


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {},
            AzurePipeline(
                "contoso",
                "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
                42,
                "blueprint-ci",
                "12f1170f-54f2-53f3-20dd-22fc7dff55f9",
                "lint",
                "refs/heads/main",
                1234,
            ),
        ),
        ({"SYSTEM_COLLECTIONURI": "https://Contoso.visualstudio.com/"}, "organization=contoso"),
        ({"SYSTEM_COLLECTIONURI": "https://contoso.vsrm.visualstudio.com/"}, "organization=contoso"),
        ({"SYSTEM_COLLECTIONURI": "https://vsrm.dev.azure.com/contoso/"}, "organization=contoso"),
        ({"SYSTEM_COLLECTIONURI": "https://tfs.example.org/tfs/DefaultCollection/"}, "SYSTEM_COLLECTIONURI is not"),
        (
            {"SYSTEM_TEAMPROJECTID": "3F2504E0-4F89-41D3-9A0C-0305E82C3301"},
            "project_id=3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        ),
        ({"SYSTEM_TEAMPROJECTID": "{3f2504e0-4f89-41d3-9a0c-0305e82c3301}"}, "SYSTEM_TEAMPROJECTID is not a GUID"),
        ({"SYSTEM_JOBID": "00000000-0000-0000-0000-000000000000"}, "SYSTEM_JOBID is not a GUID"),
        ({"SYSTEM_PHASEID": "6e1d3a9b-8f2c-4b5a-9c7d-0e1f2a3b4c5d"}, "phase_id=6e1d3a9b-8f2c-4b5a-9c7d-0e1f2a3b4c5d"),
        ({"SYSTEM_DEFINITIONID": "-1"}, "definition_id=-1"),
        ({"SYSTEM_DEFINITIONID": "0"}, "SYSTEM_DEFINITIONID is not a positive integer (or -1)"),
        ({"BUILD_DEFINITIONID": "42"}, "definition_id=42"),
        ({"BUILD_DEFINITIONID": "43"}, "BUILD_DEFINITIONID and SYSTEM_DEFINITIONID disagree"),
        ({"BUILD_BUILDID": "-1"}, "BUILD_BUILDID is not a positive integer"),
        ({"BUILD_BUILDID": "1_000"}, "BUILD_BUILDID is not a positive integer"),
        ({"BUILD_BUILDID": "99999999999"}, "BUILD_BUILDID is not a positive integer"),
        ({"SYSTEM_PHASENAME": "Lint_job"}, "phase_name=Lint_job"),
        ({"BUILD_SOURCEBRANCH": ""}, "BUILD_SOURCEBRANCH is not set"),
        ({"TF_BUILD": "true"}, "organization=contoso"),
        ({"TF_BUILD": "False"}, None),
    ],
)
def test_the_pipeline_identity_is_read_as_microsofts_emitter_reads_it(
    changes: dict[str, str], expected: AzurePipeline | str | None
) -> None:
    pipeline = azure_pipeline({**AZURE_PIPELINE_ENV, **changes})
    if expected is None or isinstance(expected, AzurePipeline):
        assert pipeline == expected
        return
    assert pipeline is not None
    if "=" in expected:
        field, value = expected.split("=", 1)
        assert pipeline.problems == () and str(getattr(pipeline, field)) == value
    else:
        assert any(problem.startswith(expected) for problem in pipeline.problems), pipeline.problems


def test_no_pipeline_outside_azure() -> None:
    assert azure_pipeline({}) is None
    assert azure_pipeline({"TF_BUILD": "True"}) is None
    assert azure_pipeline({"GITHUB_ACTIONS": "true", "BUILD_BUILDID": "7"}) is None


# -- the replay of an identical run ---------------------------------------------------------------------


def test_the_flag_and_the_pipeline_are_part_of_the_replay_key(broken: Path) -> None:
    """A warm run replays the cold run's bytes; the flag (in the arguments) and another build of
    the pipeline (in the environment) are different runs, never a replay of a stale report."""
    cache, cwd = broken / "cache", broken
    plain = launched_cli(cwd, cache, "check", "-f", "sarif", "broken", env=LOCAL)
    assert (
        plain.how == "full" and launched_cli(cwd, cache, "check", "-f", "sarif", "broken", env=LOCAL).how == "replayed"
    )
    flagged = launched_cli(cwd, cache, "check", "-f", "sarif", "--include-suppressed", "broken", env=LOCAL)
    assert flagged.how == "full" and flagged.stdout != plain.stdout and '"suppressions"' in flagged.stdout

    first = launched_cli(cwd, cache, "check", "-f", "sarif", "broken", env=AZURE_PIPELINE_ENV)
    again = launched_cli(cwd, cache, "check", "-f", "sarif", "broken", env=AZURE_PIPELINE_ENV)
    assert (first.how, again.how) == ("full", "replayed") and again.stdout == first.stdout
    next_build = launched_cli(
        cwd, cache, "check", "-f", "sarif", "broken", env={**AZURE_PIPELINE_ENV, "BUILD_BUILDID": "1235"}
    )
    assert next_build.how == "full" and "/refs/heads/main/1235" in next_build.stdout
