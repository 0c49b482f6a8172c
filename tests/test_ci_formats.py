"""The CI formats under hostile input, format auto-selection, and several reports in one run.

Hostile messages and paths carry newlines, ``%``, ``::``, ``]``, ``;``, ``,`` and an Azure
logging command; each format must keep one finding per record and give back the original text
when its reader decodes it.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from linter.core.diagnostics import Diagnostic, Severity, Span, Suppression
from linter.core.result import LintResult
from linter.report import FORMATS, ReportContext, produce
from linter.report.azure import escape_data as azure_escape_data
from linter.report.github import escape_property as github_escape_property
from linter.report.safety import for_stream
from tests.helpers import ruleset, run_cli, with_rules, write_workspace

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "line one\nline two\r\n::error::injected 100% done ]; a, b: c ##vso[task.setvariable variable=X]evil"
HOSTILE_FILE = "dir, x/we:ird;]%.yaml"


def hostile_result() -> LintResult:
    first = Diagnostic("XR004", "orphan-goal", Severity.WARNING, HOSTILE, HOSTILE_FILE, Span(2, 3, 2, 9), "/goals/0/id")
    second = Diagnostic("XR001", "unresolved-reference", Severity.ERROR, "plain message", "ok.yaml", Span(1, 1, 1, 2))
    info = Diagnostic("XR005", "unused-system", Severity.INFO, "100% ]info;", "ok.yaml", Span(1, 1, 1, 2))
    return LintResult([second, info, first], [HOSTILE_FILE, "ok.yaml"], {HOSTILE_FILE: "a\n  goal-x\n"})


def render(fmt: str) -> str:
    """The report as standard output carries it (defanged for a CI log: linter/report/safety.py)."""
    return for_stream(fmt, produce(fmt, with_rules(hostile_result()), ReportContext(version="0")).text)


def _undefang(text: str) -> str:
    """What a reader of a line format sees through: the ``[`` of a command prefix written ``\\x5b``."""
    return text.replace("##vso\\x5b", "##vso[").replace("##\\x5b", "##[")


# -- GitHub workflow commands ----------------------------------------------------------------------


def _github_unescape(text: str) -> str:
    # What the Actions runner does (ActionCommand.UnescapeValue): the escapes, %25 last.
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, char)
    return text


def test_github_commands_survive_hostile_text() -> None:
    lines = render("github").splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == 3 and len(lines) == 4  # one line per finding, then the summary
    hostile = next(line for line in commands if line.startswith("::warning "))
    match = re.fullmatch(r"::warning (?P<props>[^:]*)::(?P<data>.*)", hostile)
    assert match, hostile
    props = dict(part.split("=", 1) for part in match["props"].split(","))
    assert _github_unescape(props["file"]) == HOSTILE_FILE
    assert props["line"] == "2" and props["col"] == "3" and props["endColumn"] == "9"
    assert _github_unescape(props["title"]) == "XR004 orphan-goal"
    assert "##vso[" not in hostile
    assert _github_unescape(_undefang(match["data"])) == HOSTILE
    assert any(line.startswith("::notice ") for line in commands)


def test_github_property_escaping_is_githubs() -> None:
    assert github_escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"


# -- Azure logging commands ------------------------------------------------------------------------


def _azure_unescape(text: str) -> str:
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%5D", "]"), ("%3B", ";"), ("%AZP25", "%")):
        text = text.replace(escaped, char)
    return text


def test_azure_commands_survive_hostile_text() -> None:
    lines = render("azure").splitlines()
    commands = [line for line in lines if line.startswith("##vso[task.logissue ")]
    assert len(commands) == 3 and len(lines) == 4
    for line in commands:
        assert line.count("##vso[") == 1  # the agent acts on the first; there is only ours
    hostile = next(line for line in commands if "code=XR004" in line)
    # The agent: properties run to the first "]", split at ";", then key=value.
    head, data = hostile[len("##vso[task.logissue ") :].split("]", 1)
    props = dict(part.split("=", 1) for part in head.split(";") if part)
    assert props["type"] == "warning"
    assert _azure_unescape(props["sourcepath"]) == HOSTILE_FILE
    assert props["linenumber"] == "2" and props["columnnumber"] == "3"
    assert _azure_unescape(_undefang(data)) == HOSTILE + " [orphan-goal]"
    info = next(line for line in commands if "code=XR005" in line)
    assert "type=warning" in info and _azure_unescape(info.split("]", 1)[1]) == "info: 100% ]info; [unused-system]"


def test_azure_data_escaping_is_microsofts() -> None:
    assert azure_escape_data("100%\r\n]") == "100%AZP25%0D%0A]"


# -- the other formats ---------------------------------------------------------------------------


def test_text_keeps_one_line_per_finding() -> None:
    lines = render("text").splitlines()
    finding = [line for line in lines if "XR004" in line]
    assert len(finding) == 1
    assert "\\n" in finding[0] and "\\r" in finding[0]
    assert not any(line.startswith("::") for line in lines)
    assert not any("##vso[" in line for line in lines)


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


@pytest.mark.parametrize(
    ("fmt", "expected"), [("json", HOSTILE), ("gitlab", "XR004 " + HOSTILE), ("sarif", "L" + HOSTILE[1:] + ".")]
)
def test_json_formats_round_trip_hostile_text(fmt: str, expected: str) -> None:
    text = render(fmt)
    assert "##vso[" not in text  # written as ##vso\u005b, which parses back to the same string
    assert expected in _strings(json.loads(text))


@pytest.mark.parametrize("fmt", ["json", "json-lines", "sarif"])
def test_suppression_justifications_are_quoted_text_too(fmt: str) -> None:
    """A justification is the reason written after ``--`` in the linted file: as untrusted as a message."""
    result = hostile_result()
    result.suppressed = [
        Diagnostic(
            "XR005",
            "unused-system",
            Severity.WARNING,
            "m",
            "ok.yaml",
            Span(1, 1, 1, 2),
            "",
            "",
            Suppression("inSource", HOSTILE),
        )
    ]
    text = for_stream(fmt, produce(fmt, with_rules(result), ReportContext(version="0", include_suppressed=True)).text)
    assert "##vso[" not in text
    records = [json.loads(line) for line in text.splitlines()] if fmt == "json-lines" else [json.loads(text)]
    assert HOSTILE in _strings(records)


def test_an_azure_pipelines_identity_is_quoted_text_too() -> None:
    """The pipeline's and job's names are the pipeline author's, and the branch a pull request's."""
    from linter.report.pipeline import azure_pipeline

    env = {
        "TF_BUILD": "True",
        "SYSTEM_COLLECTIONURI": "https://dev.azure.com/contoso/",
        "SYSTEM_TEAMPROJECTID": "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        "SYSTEM_DEFINITIONID": "42",
        "BUILD_DEFINITIONNAME": HOSTILE,
        "BUILD_BUILDID": "7",
        "SYSTEM_JOBID": "12f1170f-54f2-53f3-20dd-22fc7dff55f9",
        "SYSTEM_JOBNAME": "lint",
        "BUILD_SOURCEBRANCH": "refs/heads/##vso[x]",
    }
    context = ReportContext(version="0", azure_pipeline=azure_pipeline(env))
    text = for_stream("sarif", produce("sarif", with_rules(hostile_result()), context).text)
    assert "##vso[" not in text
    details = json.loads(text)["runs"][0]["automationDetails"]
    assert details["properties"]["azuredevops/pipeline/build/buildDefinitionName"] == HOSTILE.strip()
    assert details["id"].endswith("/refs/heads/##vso[x]/7")


def test_json_lines_gives_one_record_per_finding() -> None:
    text = render("json-lines")
    assert "##vso[" not in text
    records = [json.loads(line) for line in text.split("\n") if line]
    assert len(records) == 3
    assert {r["message"] for r in records} >= {HOSTILE}
    assert [r["file"] for r in records] == ["ok.yaml", "ok.yaml", HOSTILE_FILE]


def test_json_lines_escapes_unicode_line_separators() -> None:
    d = Diagnostic("XR004", "orphan-goal", Severity.WARNING, "a\u2028b\u2029c", "f.yaml")
    text = produce("json-lines", with_rules(LintResult([d], ["f.yaml"], {})), ReportContext(version="0")).text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text)["message"] == "a\u2028b\u2029c"


def test_junit_round_trips_hostile_text() -> None:
    text = render("junit")
    assert "##vso[" not in text
    tree = ET.fromstring(text)
    failures = tree.findall(".//failure")
    assert len(failures) == 3
    hostile = next(f for f in failures if "line one" in (f.get("message") or ""))
    assert hostile.get("type") == "warning"
    case = next(c for c in tree.iter("testcase") if c.find("failure") is hostile)
    assert case.get("classname") == HOSTILE_FILE and case.get("name") == "XR004 orphan-goal"


def test_junit_survives_characters_xml_cannot_carry() -> None:
    d = Diagnostic("XR004", "orphan-goal", Severity.WARNING, "nul\x00 bell\x07 end", "f.yaml")
    text = produce("junit", with_rules(LintResult([d], ["f.yaml"], {})), ReportContext(version="0")).text
    failure = ET.fromstring(text).find(".//failure")
    assert failure is not None and failure.get("message") == "nul\\x00 bell\\x07 end"


def test_junit_counts_cases_per_file_and_rule() -> None:
    tree = ET.fromstring(produce("junit", with_rules(hostile_result()), ReportContext(version="0")).text)
    rules = [r for r in ruleset().rules if r.code != "IE001"]
    suites = tree.findall("testsuite")
    assert sorted(s.get("name") or "" for s in suites) == sorted([HOSTILE_FILE, "ok.yaml"])
    for suite in suites:
        assert int(suite.get("tests") or 0) == len(rules) == len(suite.findall("testcase"))
    assert tree.get("failures") == "3"


def test_gitlab_fingerprints_do_not_contain_line_numbers(tmp_path: Path) -> None:
    spec = "blueprint_version: 1\nsystems:\n  - {id: SYS-A, name: A, kind: mainframe}\n"
    write_workspace(tmp_path / "a", {"spec.yaml": spec})
    write_workspace(tmp_path / "b", {"spec.yaml": "# moved down\n\n" + spec})
    first = json.loads(run_cli("check", "-f", "gitlab", ".", cwd=tmp_path / "a").stdout)
    second = json.loads(run_cli("check", "-f", "gitlab", ".", cwd=tmp_path / "b").stdout)
    assert [i["fingerprint"] for i in first] == [i["fingerprint"] for i in second]
    assert [i["location"]["lines"]["begin"] for i in first] != [i["location"]["lines"]["begin"] for i in second]
    assert {i["severity"] for i in first} <= {"info", "minor", "major", "critical", "blocker"}


# -- choosing formats and destinations --------------------------------------------------------------


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    # One warning (XR005 unused-system) and nothing else: the other rule families are switched off.
    spec = "blueprint_version: 1\nsystems:\n  - {id: SYS-A, name: A}\n"
    return write_workspace(tmp_path / "ws", {"spec.yaml": spec}, config="select: [XR]\n")


@pytest.mark.parametrize(
    ("env", "args", "prefix"),
    [
        ({}, [], "spec.yaml:3:"),
        ({"GITHUB_ACTIONS": "true"}, [], "::warning file="),
        ({"TF_BUILD": "True"}, [], "##vso[task.logissue type=warning;"),
        ({"GITHUB_ACTIONS": "true"}, ["-f", "text"], "spec.yaml:3:"),
        ({"TF_BUILD": "True"}, ["-f", "json"], "{"),
        ({"GITHUB_ACTIONS": "false"}, [], "spec.yaml:3:"),
    ],
)
def test_format_follows_the_ci_service_unless_given(
    workspace: Path, env: dict[str, str], args: list[str], prefix: str
) -> None:
    outcome = run_cli("check", *args, ".", cwd=workspace, env=env)
    assert outcome.exit_code == 0, outcome.output
    assert outcome.stdout.startswith(prefix), outcome.stdout


def test_output_file_without_format_is_text_even_in_ci(workspace: Path) -> None:
    outcome = run_cli("check", "-o", "report.txt", ".", cwd=workspace, env={"GITHUB_ACTIONS": "true"})
    assert outcome.exit_code == 0 and outcome.stdout == ""
    assert (workspace / "report.txt").read_text(encoding="utf-8").startswith("spec.yaml:3:")


def test_several_reports_in_one_run(workspace: Path) -> None:
    (workspace / "out").mkdir()
    outcome = run_cli(
        "check", "-f", "text", "--report", "sarif:out/results.sarif", "--report", "junit:junit.xml", ".", cwd=workspace
    )
    assert outcome.exit_code == 0, outcome.output
    assert outcome.stdout.startswith("spec.yaml:3:")
    log = json.loads((workspace / "out" / "results.sarif").read_text(encoding="utf-8"))
    assert log["runs"][0]["results"][0]["ruleId"] == "XR005"
    assert ET.parse(workspace / "junit.xml").getroot().get("failures") == "1"


def test_format_and_output_pairs_still_work(workspace: Path) -> None:
    outcome = run_cli("check", "-f", "sarif", "-o", "x.sarif", "--report", "json:-", ".", cwd=workspace)
    assert outcome.exit_code == 0
    assert json.loads(outcome.stdout)["summary"]["warnings"] == 1
    assert json.loads((workspace / "x.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--report", "sarif"], "is not FORMAT:FILE"),
        (["--report", "yaml:x.yaml"], "unknown format 'yaml'"),
        (["--report", "json:-"], "would both go to standard output"),
        (["-o", "a.txt", "--report", "sarif:a.txt"], "would both go to a.txt"),
    ],
)
def test_bad_report_options_are_usage_errors(workspace: Path, args: list[str], message: str) -> None:
    outcome = run_cli("check", *args, ".", cwd=workspace)
    assert outcome.exit_code == 2
    assert message in outcome.stderr
    assert "Traceback" not in outcome.output


@pytest.mark.parametrize("option", [["--report", "sarif:{}"], ["-f", "sarif", "--output", "{}"]])
def test_a_report_in_a_missing_folder_creates_it(workspace: Path, option: list[str]) -> None:
    args = [arg.format("out/sub/report.sarif") for arg in option]
    outcome = run_cli("check", "--no-cache", *args, ".", cwd=workspace)
    assert outcome.exit_code == 0, outcome.output
    assert json.loads((workspace / "out" / "sub" / "report.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


@pytest.mark.parametrize("target", ["afile/x.sarif", "afile/sub/x.sarif"])
def test_a_report_under_a_file_is_a_one_line_error(workspace: Path, target: str) -> None:
    (workspace / "afile").write_text("not a folder\n", encoding="utf-8")
    outcome = run_cli("check", "--no-cache", "--report", f"sarif:{target}", ".", cwd=workspace)
    assert outcome.exit_code == 2
    assert outcome.stderr == f"blueprint-lint: error: {target}: cannot write report: afile is not a directory\n"
    assert (workspace / "afile").read_text(encoding="utf-8") == "not a folder\n"


def test_a_baseline_in_a_missing_folder_creates_it(workspace: Path) -> None:
    outcome = run_cli("baseline", ".", "-o", "adopt/now/baseline.yaml", cwd=workspace)
    assert outcome.exit_code == 0, outcome.output
    assert (workspace / "adopt" / "now" / "baseline.yaml").is_file()


def test_every_format_is_accepted_by_the_cli(workspace: Path) -> None:
    for fmt in FORMATS:
        outcome = run_cli("check", "-f", fmt, ".", cwd=workspace)
        assert outcome.exit_code == 0, (fmt, outcome.output)
        assert outcome.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_internal_error_without_a_file_renders_in_every_format(fmt: str) -> None:
    crash = Diagnostic("IE001", "internal-error", Severity.ERROR, "rule XR001 crashed: KeyError: 'x'", "")
    result = LintResult([crash], [], {}, internal_error=True)
    text = produce(fmt, with_rules(result), ReportContext(version="0")).text
    if fmt == "github":
        assert text.startswith("::error title=IE001 internal-error::rule XR001 crashed")
    elif fmt == "azure":
        assert text.startswith("##vso[task.logissue type=error;code=IE001;]rule XR001 crashed")
    elif fmt == "junit":
        assert ET.fromstring(text).find(".//testcase/error") is not None
    elif fmt == "gitlab":
        assert json.loads(text) == []  # GitLab needs a file; the exit code and stderr report it
    elif fmt == "sarif":
        assert json.loads(text)["runs"][0]["invocations"][0]["executionSuccessful"] is False
    else:
        assert "IE001" in text
