"""The CI recipes in docs/ci.md parse as YAML, and every blueprint-lint command they run is one
our CLI accepts (parsed by click itself, options, choices and ``--report`` values included)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from ruamel.yaml import YAML

from linter.cli.main import main

DOC = Path(__file__).resolve().parent.parent / "docs" / "ci.md"
BLOCK = re.compile(r"```yaml\n(.*?)```", re.S)


def recipes() -> dict[str, Any]:
    """Each YAML block of docs/ci.md, keyed by the file name in its first comment line."""
    found = {}
    for block in BLOCK.findall(DOC.read_text(encoding="utf-8")):
        name = block.splitlines()[0].lstrip("# ").strip()
        found[name] = YAML(typ="safe", pure=True).load(block)
    return found


def scripts(node: Any) -> Iterator[str]:
    """The shell text of every ``run:`` (GitHub) and ``script:`` (Azure, GitLab) in a recipe."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("run", "script"):
                yield from ([value] if isinstance(value, str) else [v for v in value if isinstance(v, str)])
            else:
                yield from scripts(value)
    elif isinstance(node, list):
        for item in node:
            yield from scripts(item)


def commands(recipe: Any) -> list[list[str]]:
    found = []
    for text in scripts(recipe):
        for line in text.replace("\\\n", " ").splitlines():
            words = shlex.split(line)
            if words and words[0] == "blueprint-lint":
                found.append(words[1:])
    return found


def test_the_doc_has_the_three_recipes() -> None:
    assert set(recipes()) == {".github/workflows/blueprint-lint.yml", "azure-pipelines.yml", ".gitlab-ci.yml"}


@pytest.mark.parametrize("name", sorted(recipes()))
def test_every_blueprint_lint_command_is_accepted_by_the_cli(name: str) -> None:
    found = commands(recipes()[name])
    assert found, f"{name} runs no blueprint-lint command"
    for args in found:
        command = main.get_command(click.Context(main), args[0])
        assert command is not None, f"{name}: unknown command {args[0]}"
        command.make_context(args[0], list(args[1:]))  # raises click.UsageError on a bad option or value


def test_github_workflow_uploads_the_sarif_it_writes() -> None:
    workflow = recipes()[".github/workflows/blueprint-lint.yml"]
    steps = workflow["jobs"]["lint"]["steps"]
    assert workflow["jobs"]["lint"]["permissions"]["security-events"] == "write"
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    written = [a.split(":", 1)[1] for args in commands(workflow) for a in args if a.startswith("sarif:")]
    assert written == [upload["with"]["sarif_file"]]
    assert "!cancelled()" in upload["if"], "upload even when the lint step fails"


def test_azure_pipeline_publishes_sarif_as_code_analysis_logs_and_junit() -> None:
    pipeline = recipes()["azure-pipelines.yml"]
    steps = pipeline["steps"]
    artifact = next(s for s in steps if s.get("task") == "PublishBuildArtifacts@1")
    assert artifact["inputs"]["ArtifactName"] == "CodeAnalysisLogs"
    tests = next(s for s in steps if s.get("task") == "PublishTestResults@2")
    assert tests["inputs"]["testResultsFormat"] == "JUnit"
    args = [a for command in commands(pipeline) for a in command]
    sarif = next(a.split(":", 1)[1] for a in args if a.startswith("sarif:"))
    junit = next(a.split(":", 1)[1] for a in args if a.startswith("junit:"))
    assert sarif.startswith(artifact["inputs"]["PathtoPublish"] + "/")
    assert junit == tests["inputs"]["testResultsFiles"]
    assert all(s.get("condition") == "succeededOrFailed()" for s in (artifact, tests))


def test_gitlab_job_publishes_code_quality_and_junit() -> None:
    job = recipes()[".gitlab-ci.yml"]["blueprint-lint"]
    args = [a for command in commands(job) for a in command]
    reports = job["artifacts"]["reports"]
    assert f"gitlab:{reports['codequality']}" in args
    assert f"junit:{reports['junit']}" in args
