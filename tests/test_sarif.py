"""SARIF output, checked against the official OASIS schema, Microsoft's SARIF Multitool and
GitHub code scanning's rules (repo-relative URIs, UTF-16 columns, stable fingerprints, limits).

The Multitool comes from npm (``@microsoft/sarif-multitool``); ``.ci/run`` installs it under
``.tools/sarif``. Locally the test that needs it is skipped when it is absent, never in CI.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from linter.catalog.registry import RuleSet
from linter.core.diagnostics import Diagnostic, Severity, Span, Suppression
from linter.core.result import LintResult
from linter.report import ReportContext, produce
from linter.report import sarif as sarif_module
from linter.report.sarif import build_log
from linter.run.engine import lint
from tests.helpers import lint_files, ruleset, run_cli, with_rules, write_workspace

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "sarif"
SCHEMA_FILE = HERE / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "03b3c591cf1a1a87c5e29119785ec9671e07a38f5f5a761d2deeea0e07faa738"
UNICODE_WORKSPACE = HERE / "unicode workspace"
UNICODE_FILE = "café 😀/systèmes.yaml"
MULTITOOL = Path(
    os.environ.get(
        "SARIF_MULTITOOL", ROOT / ".tools/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
    )
)


def schema_errors(log: dict[str, Any]) -> list[str]:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def sarif_for(
    paths: list[str],
    cwd: Path,
    source_root: Path | None = None,
    *,
    include_suppressed: bool = False,
    statistics: bool = False,
) -> dict[str, Any]:
    result = lint([Path(p) for p in paths], ruleset(), cwd=cwd)
    context = ReportContext(
        version="0.1.0",
        cwd=str(cwd),
        source_root=str(source_root or cwd),
        include_suppressed=include_suppressed,
        statistics=statistics,
    )
    log: dict[str, Any] = json.loads(produce("sarif", result, context).text)
    return log


def broken_log(*, include_suppressed: bool = False) -> dict[str, Any]:
    return sarif_for(["examples/broken"], ROOT, include_suppressed=include_suppressed)


def broken_rules() -> dict[str, Any]:
    """The rules of the broken example's run: the installed ones and its configuration's custom rules."""
    return {r.code: r for r in lint([Path("examples/broken")], ruleset(), cwd=ROOT).rules}


def unicode_log() -> dict[str, Any]:
    return sarif_for(["."], UNICODE_WORKSPACE)


def results(log: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = log["runs"][0]["results"]
    return found


# -- the official schema -------------------------------------------------------------------------


def test_vendored_schema_is_the_official_file() -> None:
    assert hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest() == SCHEMA_SHA256
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "oasis-tcs/sarif-spec" in schema["$id"]


def test_broken_example_is_valid_against_the_oasis_schema() -> None:
    linted = lint([Path("examples/broken")], ruleset(), cwd=ROOT)
    assert linted.suppressed, "the broken example suppresses some findings inline"
    log = broken_log()
    assert schema_errors(log) == []
    assert len(results(log)) == len(linted.diagnostics) > 0
    included = broken_log(include_suppressed=True)
    assert schema_errors(included) == []
    assert len(results(included)) == len(linted.diagnostics) + len(linted.suppressed)


def test_unicode_fixture_is_valid_against_the_oasis_schema() -> None:
    log = unicode_log()
    assert schema_errors(log) == []
    assert results(log), "the fixture must produce findings"


def test_the_schema_check_catches_a_bad_level() -> None:
    # The Multitool silently ignores bad enum values; the schema check is what catches them.
    log = broken_log()
    results(log)[0]["level"] = "fatal"
    assert any("fatal" in error for error in schema_errors(log))


# -- the SARIF Multitool ---------------------------------------------------------------------------


def multitool_problems(files: list[Path], rule_kind: str = "") -> tuple[list[str], str]:
    """Validation errors and warnings the Multitool prints (its exit code is 0 even with errors).

    ``rule_kind`` picks a rule set instead of the default (SARIF's own rules): ``Gh`` for GitHub
    code scanning, ``Ado`` for GitHub Advanced Security for Azure DevOps (GHAzDO). The option
    comes before ``--level``: given last, it would take the file names as more rule kinds.
    """
    kind = ["--rule-kind", rule_kind] if rule_kind else []
    completed = subprocess.run(
        [str(MULTITOOL), "validate", *kind, "--level", "Error;Warning", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"},
        check=False,
    )
    output = completed.stdout + completed.stderr
    # Rule ids are letters then digits, not all upper case: GHAzDO1019.
    problems = [line for line in output.splitlines() if re.search(r": (error|warning) [A-Za-z]+[0-9]+:", line)]
    return problems, output


def _require_multitool() -> None:
    if MULTITOOL.is_file():
        return
    if os.environ.get("CI"):
        pytest.fail(f"SARIF Multitool not found at {MULTITOOL}; .ci/run installs it")
    pytest.skip(
        f"SARIF Multitool not installed at {MULTITOOL}: run "
        "`npm install --no-save --prefix .tools/sarif @microsoft/sarif-multitool@5.7.0` (CI does)"
    )


def test_multitool_reports_no_errors_or_warnings(tmp_path: Path) -> None:
    """Our logs give zero errors and warnings; a known-bad log in the same call must give one,
    which guards against a Multitool that silently checks nothing."""
    _require_multitool()
    files = []
    logs = (
        ("broken.sarif", broken_log()),
        ("broken-included.sarif", broken_log(include_suppressed=True)),
        ("unicode.sarif", unicode_log()),
        ("statistics.sarif", sarif_for(["examples/broken"], ROOT, statistics=True)),  # check --statistics
        ("bad.sarif", _bad_log()),
    )
    for name, log in logs:
        path = tmp_path / name
        path.write_text(json.dumps(log, indent=2, ensure_ascii=False), encoding="utf-8")
        files.append(path)
    problems, output = multitool_problems(files)
    assert [p for p in problems if "bad.sarif" not in p] == [], output
    assert any("bad.sarif" in p and "SARIF1009" in p for p in problems), output
    assert "5 files scanned" in output, output


def _bad_log() -> dict[str, Any]:
    log = broken_log()
    results(log)[0]["ruleIndex"] = 999  # points past the rules array
    return log


# An Azure Pipelines job's predefined variables (made up, well formed), as the agent sets them.
AZURE_PIPELINE_ENV = {
    "TF_BUILD": "True",
    "SYSTEM_COLLECTIONURI": "https://dev.azure.com/contoso/",
    "SYSTEM_TEAMPROJECTID": "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
    "SYSTEM_DEFINITIONID": "42",
    "BUILD_DEFINITIONNAME": "blueprint-ci",
    "BUILD_BUILDID": "1234",
    "SYSTEM_JOBID": "12f1170f-54f2-53f3-20dd-22fc7dff55f9",
    "SYSTEM_JOBNAME": "lint",
    "BUILD_SOURCEBRANCH": "refs/heads/main",
}


def _cli_sarif(tmp_path: Path, name: str, *args: str, env: dict[str, str] | None = None) -> Path:
    """A SARIF file written by the real command line on a copy of the broken example (with a
    baseline of all its findings), as CI writes it; outside a pipeline unless ``env`` says so
    (even when the suite itself runs in one)."""
    example = tmp_path / "broken"
    if not example.exists():
        shutil.copytree(ROOT / "examples" / "broken", example)
        assert run_cli("baseline", "-o", "baseline.yaml", "broken", cwd=tmp_path).exit_code == 0
    out = tmp_path / name
    outcome = run_cli(
        "check", "--no-cache", "-f", "sarif", "-o", str(out), *args, "broken", cwd=tmp_path, env=env or {"TF_BUILD": ""}
    )
    assert outcome.exit_code in (0, 1), outcome.output
    return out


def test_multitool_github_and_azure_devops_rule_sets(tmp_path: Path) -> None:
    """GitHub's rule set (``Gh``) gives zero errors and warnings on every log we write, and so
    does Azure DevOps's (``Ado``, GHAzDO) on those written in an Azure Pipelines job. Outside a
    pipeline the ``Ado`` rules report exactly the pipeline identity only a pipeline can supply
    (GHAzDO1019, GHAzDO1020), which also shows that they ran; a log with a result without a
    location shows that the ``Gh`` rules run."""
    _require_multitool()
    local = [
        _cli_sarif(tmp_path, "local.sarif"),
        _cli_sarif(tmp_path, "local-included.sarif", "--include-suppressed"),
        _cli_sarif(tmp_path, "local-baseline.sarif", "--baseline", "baseline.yaml", "--include-suppressed"),
    ]
    azure = [
        _cli_sarif(tmp_path, "azure.sarif", env=AZURE_PIPELINE_ENV),
        _cli_sarif(tmp_path, "azure-included.sarif", "--include-suppressed", env=AZURE_PIPELINE_ENV),
    ]
    unicode = tmp_path / "unicode.sarif"
    unicode.write_text(json.dumps(unicode_log(), indent=2, ensure_ascii=False), encoding="utf-8")
    no_location = broken_log()
    results(no_location)[0]["locations"] = []
    bad_gh = tmp_path / "bad-gh.sarif"
    bad_gh.write_text(json.dumps(no_location, indent=2), encoding="utf-8")
    files = [*local, *azure, unicode, bad_gh]

    problems, output = multitool_problems(files, "Gh")
    assert f"{len(files)} files scanned" in output, output
    assert [p for p in problems if "bad-gh.sarif" not in p] == [], output
    assert any("bad-gh.sarif" in p and "GH1015" in p for p in problems), output

    problems, output = multitool_problems(files, "Ado")
    assert f"{len(files)} files scanned" in output, output
    assert [p for p in problems if any(f"{f.name}(" in p for f in azure)] == [], output
    for log in [*local, unicode]:
        found = sorted(re.findall(r": error (GHAzDO[0-9]+):", "\n".join(p for p in problems if f"{log.name}(" in p)))
        assert found == ["GHAzDO1019"] * 4 + ["GHAzDO1020"], output


# -- GitHub's rules -------------------------------------------------------------------------------


def test_one_run_with_driver_metadata_and_every_enabled_rule() -> None:
    log = broken_log()
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "blueprint-lint"
    assert driver["fullName"] == "blueprint-lint 0.1.0"
    assert driver["semanticVersion"] == "0.1.0"
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == sorted(broken_rules())
    assert run["automationDetails"]["id"] == "blueprint-lint/"
    assert run["columnKind"] == "utf16CodeUnits"
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_rule_descriptors_are_complete() -> None:
    rules = broken_rules()
    for descriptor in broken_log()["runs"][0]["tool"]["driver"]["rules"]:
        rule = rules[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert 0 < len(descriptor["shortDescription"]["text"]) <= 1024
        assert 0 < len(descriptor["fullDescription"]["text"]) <= 1024
        assert descriptor["help"]["markdown"].startswith(rule.documentation().strip("\n"))
        assert descriptor["help"]["text"].startswith(rule.documentation().strip("\n"))
        if rule.origin == "config":
            assert "helpUri" not in descriptor, "custom rules have no page in docs/rules.md"
        else:
            anchor = f"{rule.code.lower()}-{rule.name}"
            assert descriptor["helpUri"].endswith(f"/docs/rules.md#{anchor}")
            assert descriptor["helpUri"] in descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning"}.get(
            rule.severity.label, "note"
        )
        props = descriptor["properties"]
        assert props["tags"] == sorted(rule.tags)
        assert props["precision"] in ("very-high", "high", "medium", "low")
        assert props["problem.severity"] in ("error", "warning", "recommendation")
        if "security" in rule.tags:
            assert 0.0 < float(props["security-severity"]) <= 10.0
        else:
            assert "security-severity" not in props


def test_help_uri_anchors_exist_in_the_rules_document() -> None:
    headings = {
        "#" + re.sub(r"[^a-z0-9 -]", "", line[3:].strip().lower()).replace(" ", "-")
        for line in (ROOT / "docs" / "rules.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    }
    for descriptor in broken_log()["runs"][0]["tool"]["driver"]["rules"]:
        if "helpUri" in descriptor:
            assert "#" + descriptor["helpUri"].split("#", 1)[1] in headings


def test_results_point_at_their_rule_and_stand_alone() -> None:
    log = broken_log()
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    for result in results(log):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        text = result["message"]["text"]
        assert text[0].isupper() or not text[0].isalpha(), text
        assert text.endswith((".", "?", "!")), text
        assert len(result["locations"]) == 1
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        uri = location["artifactLocation"]["uri"]
        assert uri.startswith("examples/broken/") and not uri.startswith("./")
        region = location["region"]
        assert {"startLine", "startColumn", "endLine", "endColumn"} <= set(region)
        assert set(result["partialFingerprints"]) == {"blueprintLint/v1", "primaryLocationLineHash"}


def test_levels_follow_severity_overrides(tmp_path: Path) -> None:
    from linter.core.options import LintOptions

    result = lint_files(
        tmp_path,
        {"spec.yaml": "blueprint_version: 1\nsystems:\n  - {id: SYS-A, name: A, kind: portal}\n"},
        options=LintOptions(severities={"XR005": Severity.ERROR}),
    )
    log, _ = build_log(with_rules(result), ReportContext(version="0"))
    xr005 = [r for r in results(log) if r["ruleId"] == "XR005"]
    assert xr005 and all(r["level"] == "error" for r in xr005)
    descriptor = next(d for d in log["runs"][0]["tool"]["driver"]["rules"] if d["id"] == "XR005")
    assert descriptor["defaultConfiguration"]["level"] == "warning"


def test_original_uri_base_is_the_repository_root(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write_workspace(repo / "specs", {"one.yaml": "blueprint_version: 1\nsystems:\n  - {id: SYS-A, name: A}\n"})
    outcome = run_cli("check", "-f", "sarif", ".", cwd=repo / "specs")
    log = json.loads(outcome.stdout)
    base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file:///") and base.endswith("/repo/")
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results(log)}
    assert uris == {"specs/one.yaml"}


# -- Unicode: paths and columns ---------------------------------------------------------------------


def test_uris_are_percent_encoded_and_columns_are_utf16() -> None:
    log = unicode_log()
    text = (UNICODE_WORKSPACE / UNICODE_FILE).read_text(encoding="utf-8").split("\n")
    for result in results(log):
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "caf%C3%A9%20%F0%9F%98%80/syst%C3%A8mes.yaml"
        region = location["region"]
        line = text[region["startLine"] - 1]
        # The snippet is exactly what the UTF-16 columns select on the line.
        units = line.encode("utf-16-le")
        selected = units[(region["startColumn"] - 1) * 2 : (region["endColumn"] - 1) * 2].decode("utf-16-le")
        assert selected == region["snippet"]["text"], (line, region)
    kinds = [r for r in results(log) if r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "portail"]
    assert kinds, "the fixture plants SC001 on 'portail' after two emoji"
    region = kinds[0]["locations"][0]["physicalLocation"]["region"]
    line = text[region["startLine"] - 1]
    assert region["startColumn"] == line.index("portail") + 1 + 2  # two emoji before it, two units each


# -- fingerprints -----------------------------------------------------------------------------------

SPEC = """\
blueprint_version: 1
systems:
  - {id: SYS-A, name: Alpha, kind: portal}
  - {id: SYS-B, name: Beta, kind: mainframe}
interfaces:
  - id: IF-ONE
    source: SYS-A
    target: SYS-MISSING
"""


def _prints(root: Path, text: str) -> dict[tuple[str, str], str]:
    result = lint_files(root, {"spec.yaml": text})
    log, _ = build_log(with_rules(result), ReportContext(version="0", cwd=str(root), source_root=str(root)))
    return {(r["ruleId"], r["message"]["text"]): r["partialFingerprints"]["blueprintLint/v1"] for r in results(log)}


def test_fingerprints_survive_lines_inserted_at_the_top(tmp_path: Path) -> None:
    before = _prints(tmp_path / "a", SPEC)
    after = _prints(tmp_path / "b", "# a new comment\n\n# and another\n" + SPEC)
    assert len(before) >= 4
    assert before == after


def test_fingerprints_survive_reindenting_and_comments(tmp_path: Path) -> None:
    reindented = (
        SPEC.replace("\n  - ", "\n    - ")
        .replace("\n    source", "\n      source")
        .replace("\n    target", "\n      target")
    )
    reindented = reindented.replace("kind: portal}", "kind: portal}   # reviewed")
    before = _prints(tmp_path / "a", SPEC)
    after = _prints(tmp_path / "b", reindented)
    assert before == after


def test_fingerprints_change_with_the_offending_text(tmp_path: Path) -> None:
    before = _prints(tmp_path / "a", SPEC)
    after = _prints(tmp_path / "b", SPEC.replace("SYS-MISSING", "SYS-GONE"))
    changed = {key[0] for key in before if before[key] not in after.values()}
    assert changed == {"XR001"}


def test_identical_findings_get_distinct_fingerprints(tmp_path: Path) -> None:
    line = "  - {id: SYS-A, name: A, kind: mainframe}\n"
    result = lint_files(tmp_path, {"spec.yaml": "blueprint_version: 1\nsystems:\n" + line + line})
    log, _ = build_log(with_rules(result), ReportContext(version="0"))
    prints = [r["partialFingerprints"]["blueprintLint/v1"] for r in results(log)]
    assert len(prints) >= 4  # SC001 and XR002 twice each, on identical lines
    assert len(prints) == len(set(prints))


# -- suppressions, notifications, plugins, security --------------------------------------------------


def _diagnostic(code: str, file: str = "spec.yaml", **kwargs: Any) -> Diagnostic:
    rule = ruleset().find(code)
    assert rule is not None
    return Diagnostic(
        code,
        rule.name,
        kwargs.pop("severity", rule.severity),
        kwargs.pop("message", "x"),
        file,
        Span(2, 1, 2, 5),
        **kwargs,
    )


def _shown_and_suppressed() -> LintResult:
    shown = _diagnostic("XR004", message="goal G-1 is not served by any interface or process")
    hidden = _diagnostic(
        "XR005",
        message="system SYS-A is not the source or target of any interface",
        suppression=Suppression("inSource", "kept for the 2027 migration"),
    )
    bare = _diagnostic("XR005", message="system SYS-B is unused", suppression=Suppression("external"))
    return with_rules(LintResult([shown], ["spec.yaml"], {"spec.yaml": "a\nb: 1\n"}, suppressed=[hidden, bare]))


def test_suppressed_findings_are_left_out_by_default() -> None:
    log, _ = build_log(_shown_and_suppressed(), ReportContext(version="0"))
    assert schema_errors(log) == []
    assert [r["message"]["text"] for r in results(log)] == ["Goal G-1 is not served by any interface or process."]
    assert [d["id"] for d in log["runs"][0]["tool"]["driver"]["rules"]].count("XR005") == 1, "still described"


def test_suppressed_findings_are_carried_with_their_justification() -> None:
    log, _ = build_log(_shown_and_suppressed(), ReportContext(version="0", include_suppressed=True))
    assert schema_errors(log) == []
    by_message = {r["message"]["text"]: r for r in results(log)}
    assert len(by_message) == 3
    assert "suppressions" not in by_message["Goal G-1 is not served by any interface or process."]
    assert by_message["System SYS-A is not the source or target of any interface."]["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "kept for the 2027 migration"}
    ]
    assert by_message["System SYS-B is unused."]["suppressions"] == [{"kind": "external", "status": "accepted"}]


def test_internal_errors_and_unreadable_files_are_notifications() -> None:
    crash = _diagnostic("IE001", file="", message="rule XR001 (unresolved-reference, built-in) crashed: KeyError: 'x'")
    unreadable = _diagnostic("SY009", file="bin.yaml", message="binary file (contains NUL bytes), not YAML text")
    result = LintResult([crash, unreadable], ["bin.yaml"], {}, internal_error=True)
    log, _ = build_log(with_rules(result), ReportContext(version="0"))
    assert schema_errors(log) == []
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["IE001", "SY009"]
    assert notes[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bin.yaml"
    assert [r["ruleId"] for r in results(log)] == ["SY009"]  # a result needs a location to be shown


def test_plugins_are_tool_extensions_and_security_rules_get_a_score() -> None:
    from linter.api import Rule

    class Secret(Rule):
        code = "ACME001"
        name = "plain-secret"
        severity = Severity.ERROR
        summary = "No secrets in the blueprint."
        rationale = "Secrets in git leak."
        how_to_fix = "Use a key vault reference."
        passing_example = "blueprint_version: 1\n"
        failing_example = "blueprint_version: 1\n"
        tags = ("security",)

    rule = Secret()
    rule.origin = "acme-rules 1.2.3"
    custom = RuleSet(rules=[*ruleset().rules, rule], plugins=[("acme-rules", "1.2.3")])
    result = LintResult([_diagnostic("XR004")], ["spec.yaml"], {})
    log, _ = build_log(with_rules(result, custom), ReportContext(version="0"))
    assert schema_errors(log) == []
    run = log["runs"][0]
    assert run["tool"]["extensions"] == [{"name": "acme-rules", "version": "1.2.3"}]
    descriptor = run["tool"]["driver"]["rules"][-1]
    assert descriptor["id"] == "ACME001"
    assert descriptor["properties"]["security-severity"] == "7.5"
    assert "helpUri" not in descriptor  # a plugin's rules are not in our docs


def test_only_enabled_rules_are_described() -> None:
    result = LintResult([_diagnostic("XR004")], ["spec.yaml"], {}, enabled=frozenset({"XR004", "XR005"}))
    log, _ = build_log(with_rules(result), ReportContext(version="0"))
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["XR004", "XR005"]
    assert results(log)[0]["ruleIndex"] == 0


# -- GitHub's limits ---------------------------------------------------------------------------------


def test_too_many_results_keeps_the_most_severe() -> None:
    result = lint([Path("examples/broken")], ruleset(), cwd=ROOT)
    total = len(result.diagnostics)  # suppressed findings are not in the report, so never counted
    log, warnings = build_log(with_rules(result), ReportContext(version="0"), max_results=5)
    kept = results(log)
    assert len(kept) == 5 and {r["level"] for r in kept} == {"error"}
    assert warnings and f"{total} results" in warnings[0] and "5 most severe" in warnings[0]
    assert f"dropped {total - 5} of {total} results (" in warnings[-1]
    note = log["runs"][0]["invocations"][0]["toolExecutionNotifications"][-1]
    assert note["level"] == "warning" and "5 most severe" in note["message"]["text"]
    assert schema_errors(log) == []


def test_too_large_a_file_is_trimmed_to_fit() -> None:
    diagnostics = [
        _diagnostic("XR004", file=f"f{i:05}.yaml", message=f"goal G-{i} {'is not served ' * 20}{i}")
        for i in range(3000)
    ]
    result = LintResult(diagnostics, [d.file for d in diagnostics], {})
    limit = 60_000
    log, warnings = build_log(with_rules(result), ReportContext(version="0"), max_gzip_bytes=limit)
    text = json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    assert len(gzip.compress(text.encode("utf-8"))) <= limit
    assert 0 < len(results(log)) < 3000
    assert any("gzipped" in w for w in warnings)


def test_the_cli_prints_the_limit_warning_on_stderr(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sarif_module, "MAX_RESULTS", 2)
    outcome = run_cli("check", "-f", "sarif", "-o", str(tmp_path / "out.sarif"), "examples/broken", cwd=ROOT)
    assert outcome.exit_code == 1
    linted = lint([Path("examples/broken")], ruleset(), cwd=ROOT)
    total = len(linted.diagnostics)
    assert f"blueprint-lint: warning: SARIF: the report has {total} results" in outcome.stderr
    assert len(results(json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8")))) == 2
