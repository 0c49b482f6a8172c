"""The example plugin (examples/plugin) installs, registers through the entry point and runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "examples" / "plugin"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Install the plugin (no dependencies, no build isolation: offline) into a private target."""
    scratch = tmp_path_factory.mktemp("plugin")
    source = scratch / "src"
    shutil.copytree(PLUGIN, source, ignore=shutil.ignore_patterns("*.egg-info", "build", "__pycache__"))
    target = scratch / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(target), str(ROOT)])
    return env


def cli(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "linter", *args], env=env, cwd=cwd, capture_output=True, text=True)


def test_rule_is_listed_with_its_package_origin(installed: dict[str, str], tmp_path: Path) -> None:
    result = cli(installed, "rules", "-f", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [rule] = [r for r in json.loads(result.stdout) if r["code"] == "ACME001"]
    assert rule["origin"] == "blueprint-lint-acme 0.1.0"
    builtin = {r["origin"] for r in json.loads(result.stdout) if r["code"].startswith("XR")}
    assert builtin == {"built-in"}


def test_rule_runs_through_the_cli_with_configured_options(installed: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / ".blueprint-lint.yaml").write_text("select: [ACME]\n", encoding="utf-8")
    (tmp_path / "spec.yaml").write_text("blueprint_version: 1\ninterfaces:\n  - {id: ORDERS}\n", encoding="utf-8")
    result = cli(installed, "check", cwd=tmp_path)
    assert "spec.yaml:3:10: warning ACME001 interface ORDERS does not start with the prefix 'IF-'" in result.stdout
    (tmp_path / ".blueprint-lint.yaml").write_text(
        "select: [ACME]\nrule-options: {ACME001: {prefix: ORD}}\n", encoding="utf-8"
    )
    assert "ACME001" not in cli(installed, "check", cwd=tmp_path).stdout
    (tmp_path / ".blueprint-lint.yaml").write_text("rule-options: {ACME001: {prefix: 3}}\n", encoding="utf-8")
    bad = cli(installed, "check", cwd=tmp_path)
    assert bad.returncode == 2
    assert ".blueprint-lint.yaml:1:34: option of rule ACME001: 3 is not of type 'string'" in bad.stderr


def test_plugin_own_tests_pass(installed: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(PLUGIN / "tests")],
        env=installed,
        cwd=PLUGIN,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
