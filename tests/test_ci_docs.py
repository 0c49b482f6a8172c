"""The CI recipes of docs/ci.md, the README's pre-commit snippet and the GitHub Action (action.yml).

Every YAML block of docs/ci.md, and every CI-looking one of the README, carries a marker on the line
before its fence (``<!-- snippet: KIND -->``) naming what it is; each is a complete document that
validates against its system's schema: the ones check-jsonschema vendors, called with the arguments
its own pre-commit hooks use (GitHub workflows and actions, Azure Pipelines, GitLab CI), and
pre-commit's own config schema. The vendored schemas have no remote ``$ref`` (tested below), so the
validation never reaches the network. Every blueprint-lint command the recipes run is parsed by our
CLI (click itself: options, choices and ``--report`` values), and the action's lint step, run by
bash, lints what its inputs name without ever running them as code.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import click
import pytest
from ruamel.yaml import YAML

from linter import __version__
from linter.cli.main import main
from tests.helpers import run_cli, write_workspace

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
FENCE = re.compile(r"^(?P<before>[^\n]*)\n```yaml\n(?P<body>.*?)^```", re.M | re.S)
MARKER = re.compile(r"<!-- snippet: (?P<kind>[a-z-]+) -->")

# check-jsonschema's arguments per kind: exactly those of its own pre-commit hooks (its
# .pre-commit-hooks.yaml). The Azure and GitLab schemas hold patterns written for JavaScript's
# non-unicode regexes (the Azure one's `\:` is an error in unicode mode), hence `nonunicode`.
SCHEMA_ARGS = {
    "github-workflow": ["--builtin-schema", "vendor.github-workflows"],
    "github-action": ["--builtin-schema", "vendor.github-actions"],
    "azure-pipelines": [
        "--builtin-schema",
        "vendor.azure-pipelines",
        "--data-transform",
        "azure-pipelines",
        "--regex-variant",
        "nonunicode",
    ],
    "gitlab-ci": [
        "--builtin-schema",
        "vendor.gitlab-ci",
        "--data-transform",
        "gitlab-ci",
        "--regex-variant",
        "nonunicode",
    ],
}
KINDS = {"github-workflow", "azure-pipelines", "gitlab-ci", "pre-commit-config"}
# Top-level keys that make a README block a CI or pre-commit file, which must then be marked.
CI_KEYS = {"jobs", "steps", "stages", "trigger", "pool", "repos", "on", "runs"}

# The current major of each action the docs and the action use (checked on the actions' own
# repositories in 2026-11: checkout v7.0.1, setup-python v7.0.0, codeql-action v4.x, dismiss-alerts
# v2.0.2). One ref per action everywhere, so a bump cannot leave a stale copy behind.
CURRENT = {
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "github/codeql-action/upload-sarif": "v4",
    "advanced-security/dismiss-alerts": "v2",
}
# How the docs pin this repository (pre-commit `rev:`, the action's `@ref`): the release tag, `v`
# and the package version (made on the release commit), or a full commit SHA.
RELEASE_TAG = f"v{__version__}"
COMMIT_SHA = re.compile(r"[0-9a-f]{40}")


@dataclass(frozen=True)
class Snippet:
    doc: str
    line: int
    kind: str | None
    text: str

    @property
    def where(self) -> str:
        return f"{self.doc}:{self.line}"

    def data(self) -> Any:
        return YAML(typ="safe", pure=True).load(self.text)


def snippets(doc: str) -> list[Snippet]:
    text = (ROOT / doc).read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        marker = MARKER.fullmatch(match["before"].strip())
        line = text.count("\n", 0, match.start("body")) + 1
        found.append(Snippet(doc, line, marker["kind"] if marker else None, match["body"]))
    return found


@cache
def marked() -> tuple[Snippet, ...]:
    """Every snippet of docs/ci.md and the README that says what it is, with one of our kinds."""
    return tuple(s for doc in ("docs/ci.md", "README.md") for s in snippets(doc) if s.kind in KINDS)


def of_kind(kind: str) -> list[Snippet]:
    return [s for s in marked() if s.kind == kind]


def check_jsonschema(kind: str, files: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *SCHEMA_ARGS[kind], *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


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


def steps(workflow: Any) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def action() -> Any:
    return YAML(typ="safe", pure=True).load(ACTION.read_text(encoding="utf-8"))


# -- every snippet is marked, complete, and valid for its system ------------------------------------


def test_every_yaml_block_of_the_ci_doc_says_what_it_is() -> None:
    blocks = snippets("docs/ci.md")
    assert blocks
    for block in blocks:
        assert block.kind in KINDS, (
            f"{block.where}: mark the block with <!-- snippet: KIND -->, KIND in {sorted(KINDS)}"
        )


def test_every_ci_looking_block_of_the_readme_is_marked() -> None:
    for block in snippets("README.md"):
        data = block.data()
        if isinstance(data, dict) and CI_KEYS & set(data) and block.kind not in KINDS:
            pytest.fail(f"{block.where}: a CI or pre-commit snippet without <!-- snippet: KIND --> before its fence")


def test_the_docs_have_a_snippet_of_every_kind() -> None:
    assert {s.kind for s in marked()} == KINDS
    assert len(of_kind("github-workflow")) == 2  # the action, and pip in steps of your own


@pytest.mark.parametrize("kind", ["github-workflow", "azure-pipelines", "gitlab-ci"])
def test_ci_snippets_validate_against_their_vendored_schema(kind: str, tmp_path: Path) -> None:
    files = []
    for number, snippet in enumerate(of_kind(kind)):
        files.append(tmp_path / f"{number}.yml")
        files[-1].write_text(snippet.text, encoding="utf-8")
    outcome = check_jsonschema(kind, files)
    where = ", ".join(s.where for s in of_kind(kind))
    assert outcome.returncode == 0, f"{where}:\n{outcome.stdout}{outcome.stderr}"
    assert "ok -- validation done" in outcome.stdout


def test_the_action_validates_against_the_vendored_actions_schema() -> None:
    outcome = check_jsonschema("github-action", [ACTION])
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr


def test_the_schema_checks_can_fail(tmp_path: Path) -> None:
    # A composite `run` step must name its shell; a workflow job must say where it runs.
    broken_action = tmp_path / "action.yml"
    broken_action.write_text(ACTION.read_text(encoding="utf-8").replace("shell: bash", "shel: bash"), encoding="utf-8")
    broken_workflow = tmp_path / "workflow.yml"
    broken_workflow.write_text(of_kind("github-workflow")[0].text.replace("runs-on:", "run-on:"), encoding="utf-8")
    broken_gitlab = tmp_path / "gitlab.yml"
    broken_gitlab.write_text(of_kind("gitlab-ci")[0].text.replace("when: always", "when: sometimes"), encoding="utf-8")
    for kind, path in (
        ("github-action", broken_action),
        ("github-workflow", broken_workflow),
        ("gitlab-ci", broken_gitlab),
    ):
        outcome = check_jsonschema(kind, [path])
        assert outcome.returncode == 1, (kind, outcome.stdout + outcome.stderr)
        assert "Schema validation errors were encountered" in outcome.stdout, (kind, outcome.stdout + outcome.stderr)


def test_the_vendored_schemas_refer_to_nothing_remote() -> None:
    """Offline by construction: every ``$ref`` of the schemas used points inside its own file."""
    vendor = resources.files("check_jsonschema.builtin_schemas.vendor")
    for args in SCHEMA_ARGS.values():
        name = args[1].removeprefix("vendor.")
        text = vendor.joinpath(f"{name}.json").read_text(encoding="utf-8")
        refs = re.findall(r'"\$ref"\s*:\s*"([^"]*)"', text)
        assert refs, name
        assert all(ref.startswith("#") for ref in refs), (name, sorted({r for r in refs if not r.startswith("#")}))


def test_pre_commit_snippets_are_valid_configurations(tmp_path: Path) -> None:
    from pre_commit.clientlib import load_config  # pre-commit's own schema for .pre-commit-config.yaml

    for number, snippet in enumerate(of_kind("pre-commit-config")):
        path = tmp_path / f"{number}.yaml"
        path.write_text(snippet.text, encoding="utf-8")
        config = load_config(str(path))  # raises InvalidConfigError, naming the problem
        hooks = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
        assert hooks <= hook_ids(), snippet.where


def load_hooks() -> list[dict[str, Any]]:
    from pre_commit.clientlib import load_manifest  # pre-commit's schema for .pre-commit-hooks.yaml

    hooks: list[dict[str, Any]] = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    return hooks


def hook_ids() -> set[str]:
    return {hook["id"] for hook in load_hooks()}


def test_the_hooks_manifest_is_valid_and_its_commands_are_accepted_by_the_cli() -> None:
    for hook in load_hooks():
        words = shlex.split(hook["entry"]) + list(hook["args"]) + ["some/file.yaml"]
        assert words[0] == "blueprint-lint"
        command = main.get_command(click.Context(main), words[1])
        assert command is not None, hook["id"]
        command.make_context(words[1], words[2:])  # raises click.UsageError on a bad option or value


# -- what the recipes say ---------------------------------------------------------------------------


@pytest.mark.parametrize("snippet", [s for s in marked() if s.kind != "pre-commit-config"], ids=lambda s: s.where)
def test_every_blueprint_lint_command_is_accepted_by_the_cli(snippet: Snippet) -> None:
    data = snippet.data()
    found = commands(data)
    uses_action = (
        any(str(step.get("uses", "")).startswith("blueprint-lint/blueprint-lint@") for step in steps(data))
        if "jobs" in data
        else False
    )
    assert found or uses_action, f"{snippet.where} runs no blueprint-lint command"
    for args in found:
        command = main.get_command(click.Context(main), args[0])
        assert command is not None, f"{snippet.where}: unknown command {args[0]}"
        command.make_context(args[0], list(args[1:]))  # raises click.UsageError on a bad option or value


def test_every_action_use_is_the_current_major_everywhere() -> None:
    seen: dict[str, set[str]] = {}
    documents = [s.data() for s in of_kind("github-workflow")] + [action()["runs"]]
    for document in documents:
        for step in steps(document) if "jobs" in document else document["steps"]:
            uses = step.get("uses")
            if uses and not uses.startswith("blueprint-lint/"):
                name, ref = uses.split("@")
                seen.setdefault(name, set()).add(ref)
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")  # the commented-out dismiss step too
    for name, ref in re.findall(r"uses: ([\w./-]+)@(\S+)", text):
        if not name.startswith("blueprint-lint/"):
            seen.setdefault(name, set()).add(ref)
    assert seen == {name: {ref} for name, ref in CURRENT.items()}


def test_the_readmes_sarif_hook_example_writes_into_a_folder_it_creates(workspace: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    args = re.search(r"change it\s+with `args: \[(?P<args>[^\]]*)\]`", readme)
    assert args, "the README's example of the SARIF hook's args"
    hook = next(h for h in load_hooks() if h["id"] == "blueprint-lint-sarif")
    words = shlex.split(hook["entry"])[1:] + [a.strip() for a in args["args"].split(",")] + ["one/a.yaml"]
    outcome = run_cli(*words, cwd=workspace)
    assert outcome.exit_code == 0, outcome.output
    target = workspace / words[words.index("--output") + 1]
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_this_repository_is_pinned_by_its_release_tag_or_a_commit() -> None:
    refs = [(s.where, repo["rev"]) for s in of_kind("pre-commit-config") for repo in s.data()["repos"]]
    for snippet in of_kind("github-workflow"):
        for step in steps(snippet.data()):
            if str(step.get("uses", "")).startswith("blueprint-lint/blueprint-lint@"):
                refs.append((snippet.where, step["uses"].split("@", 1)[1]))
    assert refs
    for where, ref in refs:
        assert ref == RELEASE_TAG or COMMIT_SHA.fullmatch(ref), (
            f"{where}: pin {ref!r}: use {RELEASE_TAG} or a commit SHA"
        )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pre-commit autoupdate --freeze" in readme and "commit SHA" in readme  # how to pin a commit


def _pip_workflow() -> Any:
    return next(s.data() for s in of_kind("github-workflow") if commands(s.data()))


def _action_workflow() -> Any:
    return next(s.data() for s in of_kind("github-workflow") if not commands(s.data()))


@pytest.mark.parametrize("workflow", [_pip_workflow, _action_workflow], ids=["pip", "action"])
def test_github_workflows_upload_the_sarif_they_write_with_the_samples_permissions(workflow: Any) -> None:
    data = workflow()
    job = data["jobs"]["lint"]
    assert job["permissions"] == {"contents": "read", "security-events": "write", "actions": "read"}
    upload = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    written = [a.split(":", 1)[1] for args in commands(data) for a in args if a.startswith("sarif:")]
    written += [s["with"]["sarif-file"] for s in job["steps"] if str(s.get("uses", "")).startswith("blueprint-lint/")]
    assert written == [upload["with"]["sarif_file"]]
    assert "!cancelled()" in upload["if"], "upload even when the lint step fails"
    assert f"hashFiles('{written[0]}')" in upload["if"], "upload only a file that was written"


def test_the_action_recipe_gives_only_inputs_the_action_declares() -> None:
    declared = set(action()["inputs"])
    for snippet in of_kind("github-workflow"):
        for step in steps(snippet.data()):
            if str(step.get("uses", "")).startswith("blueprint-lint/blueprint-lint@"):
                assert set(step.get("with", {})) <= declared, snippet.where
    doc = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    for name in declared:
        assert f"| `{name}` |" in doc, f"input {name} is not in the table of docs/ci.md"


def test_azure_pipeline_publishes_sarif_as_code_analysis_logs_and_junit() -> None:
    pipeline = of_kind("azure-pipelines")[0].data()
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
    job = of_kind("gitlab-ci")[0].data()["blueprint-lint"]
    args = [a for command in commands(job) for a in command]
    reports = job["artifacts"]["reports"]
    assert f"gitlab:{reports['codequality']}" in args
    assert f"junit:{reports['junit']}" in args


# -- the action's steps, run by bash ----------------------------------------------------------------


def _step(name: str) -> dict[str, Any]:
    return next(step for step in action()["runs"]["steps"] if step.get("name") == name)


def test_the_action_passes_inputs_to_its_scripts_only_through_the_environment() -> None:
    for step in action()["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], f"{step['name']}: an expression inside the script can inject shell code"
            assert step["shell"] == "bash"
    setup = _step("Set up Python for blueprint-lint")
    assert setup["uses"] == f"actions/setup-python@{CURRENT['actions/setup-python']}"
    assert setup["with"]["update-environment"] is False  # the job's own python and PATH stay


def run_lint_step(
    cwd: Path, paths: str = ".", fmt: str = "github", fail_on: str = "", sarif: str = ""
) -> subprocess.CompletedProcess[str]:
    """The action's lint step as the runner runs it (bash, inputs in the environment), with this test
    environment's Python in place of the one the install step would make."""
    env = dict(
        os.environ,
        BLUEPRINT_LINT_PYTHON=sys.executable,
        BLUEPRINT_LINT_PATHS=paths,
        BLUEPRINT_LINT_FORMAT=fmt,
        BLUEPRINT_LINT_FAIL_ON=fail_on,
        BLUEPRINT_LINT_SARIF_FILE=sarif,
        BLUEPRINT_LINT_CACHE_DIR=str(cwd.parent / "cache"),  # the step uses the cache; keep it here
    )
    env.pop("GITHUB_ACTIONS", None)
    script = _step("Lint the blueprint")["run"]
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    # One warning (XR005 unused-system) in each of two folders.
    spec = "blueprint_version: 1\nsystems:\n  - {id: SYS-%s, name: A}\n"
    write_workspace(tmp_path / "ws", {"one/a.yaml": spec % "A", "two/b.yaml": spec % "B"}, config="select: [XR]\n")
    return tmp_path / "ws"


def test_the_lint_step_lints_the_paths_and_writes_the_sarif(workspace: Path) -> None:
    outcome = run_lint_step(workspace, paths="one\n  two", sarif="reports/out/blueprint-lint.sarif")
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    annotations = [line for line in outcome.stdout.splitlines() if line.startswith("::warning ")]
    assert len(annotations) == 2 and "file=one/a.yaml" in annotations[0] and "file=two/b.yaml" in annotations[1]
    sarif = json.loads((workspace / "reports" / "out" / "blueprint-lint.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 2


def test_the_lint_step_fails_on_the_threshold_given(workspace: Path) -> None:
    assert run_lint_step(workspace, fail_on="warning").returncode == 1
    assert run_lint_step(workspace, fail_on="never", fmt="text").returncode == 0
    assert not (workspace / "reports").exists()  # no sarif-file, no SARIF


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("paths", "$(touch pwned) `touch pwned` ;touch pwned"),
        ("paths", "*"),  # not a glob: the step lints what it is given
        ("paths", "--select=XX one"),  # not an option: `--` comes first
        ("fmt", "github; touch pwned"),
        ("fail_on", "error$(touch pwned)"),
        ("sarif", "x.sarif --format=text; touch pwned"),
    ],
)
def test_an_input_is_never_code(workspace: Path, field: str, value: str) -> None:
    outcome = run_lint_step(workspace, **{field: value})
    assert not (workspace / "pwned").exists()
    if field == "sarif":  # an odd but legal file name
        assert outcome.returncode == 0, outcome.stderr
        assert (workspace / "x.sarif --format=text; touch pwned").is_file()
    else:
        assert outcome.returncode == 2, outcome.stdout + outcome.stderr
        assert outcome.stderr.startswith(("blueprint-lint: error:", "Usage:")), outcome.stderr
        assert "Traceback" not in outcome.stderr


@pytest.mark.slow
def test_the_install_step_installs_the_action_checkout(tmp_path: Path) -> None:
    """The install step on a copy of the repository's tracked files (what a runner checks out at the
    action's ref); pip reads the package index for the dependencies and the build backend."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=False)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")  # an unpacked sdist has no action checkout to copy
    checkout = tmp_path / "action"
    for name in filter(None, listed.stdout.split("\0")):
        source, target = ROOT / name, checkout / name
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    output = tmp_path / "github-output"
    output.write_text("", encoding="utf-8")
    env = dict(
        os.environ,
        PYTHON=sys.executable,
        RUNNER_TEMP=str(tmp_path / "runner-temp"),
        RUNNER_OS="Linux",
        GITHUB_ACTION_PATH=str(checkout),
        GITHUB_OUTPUT=str(output),
    )
    (tmp_path / "runner-temp").mkdir()
    step = _step("Install blueprint-lint")
    installed = subprocess.run(["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True, check=False)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    python = output.read_text(encoding="utf-8").strip().removeprefix("python=")
    assert python == str(tmp_path / "runner-temp" / "blueprint-lint-venv" / "bin" / "python")
    version = subprocess.run([python, "-m", "linter", "--version"], capture_output=True, text=True, check=False)
    assert version.returncode == 0 and __version__ in version.stdout, version.stdout + version.stderr
