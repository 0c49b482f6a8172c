"""The README's quick start and CI stay in step: .ci/run runs exactly the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_two_commands() -> None:
    install_and_lint, test = _quick_start_commands()
    assert "blueprint-lint check examples/public-sector" in install_and_lint
    assert "pytest" in test


def test_ci_runs_the_readme_test_command() -> None:
    _, test = _quick_start_commands()
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
