"""The pre-commit hook, run by real `pre-commit try-repo` against a temporary git repository.

Slow by nature (pre-commit builds a fresh environment for every try-repo, ~5 s each, and the
isolated build fetches the build backend from the package index), so one test walks through the
three states a team sees: clean, broken, and broken-but-suppressed inline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
# What the hook repository needs to build and run the linter.
HOOK_REPO_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "linter", "rules", "schemas")
GIT = ("git", "-c", "user.name=blueprint-lint tests", "-c", "user.email=tests@blueprint-lint.invalid")

# The consumer repository holds the clean public-sector example; one interface file is then broken.
EXAMPLE = ROOT / "examples" / "public-sector"
BROKEN_FILE = "interfaces/web-request.yaml"


def git(*args: str, cwd: Path) -> None:
    subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True)


def try_repo(hook_repo: Path, consumer: Path, scratch: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(scratch / "pre-commit-home"), PRE_COMMIT_COLOR="never")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "blueprint-lint", "--all-files"],
        cwd=consumer,
        env=env,
        capture_output=True,
        text=True,
    )


def test_hooks_file_is_valid_for_pre_commit() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in hooks}
    assert set(by_id) == {"blueprint-lint", "blueprint-lint-sarif"}
    for hook in hooks:
        assert hook["language"] == "python"
        assert hook["types_or"] == ["yaml", "json"]
        assert "--force-exclude" in hook["entry"]
    assert "--format sarif" in by_id["blueprint-lint-sarif"]["entry"]


@pytest.mark.slow
def test_pre_commit_try_repo_clean_broken_suppressed(tmp_path: Path) -> None:
    hook_repo = tmp_path / "hook-repo"
    hook_repo.mkdir()
    for name in HOOK_REPO_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, hook_repo / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, hook_repo / name)
    git("init", "-q", cwd=hook_repo)
    git("add", "-A", cwd=hook_repo)
    git("commit", "-q", "-m", "hook repo", cwd=hook_repo)  # try-repo needs at least one commit

    consumer = tmp_path / "consumer"
    shutil.copytree(EXAMPLE, consumer)
    config = consumer / ".blueprint-lint.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "suppressions: {require-reason: true}\n", encoding="utf-8")
    # Other YAML in the repository is not a blueprint and must be left alone.
    (consumer / "pipeline.yml").write_text("trigger: [main]\nsteps: []\n", encoding="utf-8")
    git("init", "-q", cwd=consumer)
    git("add", "-A", cwd=consumer)

    clean = try_repo(hook_repo, consumer, tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "blueprint-lint" in clean.stdout and "Passed" in clean.stdout

    interface = consumer / BROKEN_FILE
    original = interface.read_text(encoding="utf-8")
    assert "    target: SYS-CS\n" in original
    broken_text = original.replace("    target: SYS-CS\n", "    target: SYS-CRM\n")
    line = broken_text[: broken_text.index("    target: SYS-CRM")].count("\n") + 1
    interface.write_text(broken_text, encoding="utf-8")
    git("add", "-A", cwd=consumer)
    broken = try_repo(hook_repo, consumer, tmp_path)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout
    assert (
        f"{BROKEN_FILE}:{line}:13: error XR001 interface IF-WEB-REQUEST refers to undeclared system 'SYS-CRM' "
        "(did you mean 'SYS-CS'?) [unresolved-reference]"
    ) in broken.stdout

    suppressed = original.replace(
        "    target: SYS-CS\n", "    target: SYS-CRM  # blueprint-lint: disable=XR001 -- CRM is declared in phase 2\n"
    )
    interface.write_text(suppressed, encoding="utf-8")
    git("add", "-A", cwd=consumer)
    after = try_repo(hook_repo, consumer, tmp_path)
    assert after.returncode == 0, after.stdout + after.stderr
    assert "Passed" in after.stdout
