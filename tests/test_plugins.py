"""A third-party rule package, really installed, runs through the entry point like the built-ins."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import write_workspace

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tiny_plugin"
SPEC = "blueprint_version: 1\ngoals:\n  - {id: G-1, statement: x}\nsystems:\n  - {id: A}\n  - {id: B}\ninterfaces:\n  - {id: IF-1, source: A, target: B, goals: [G-1]}\n"


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pip-install the fixture package into its own directory (no dependencies, no index)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            str(FIXTURE),
        ],
        check=True,
        capture_output=True,
    )
    return target


def _check(site: Path, cwd: Path, *args: str, crash: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("TINY_CRASH", None)
    if crash:
        env["TINY_CRASH"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "linter", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_plugin_rule_runs_and_shows_its_origin(plugin_site: Path, tmp_path: Path) -> None:
    write_workspace(tmp_path, {"spec.yaml": SPEC})
    proc = _check(plugin_site, tmp_path, "check", "-f", "json")
    codes = [d["code"] for d in json.loads(proc.stdout)["diagnostics"]]
    assert "TINY001" in codes
    listed = json.loads(_check(plugin_site, tmp_path, "rules", "--format", "json").stdout)
    origins = {r["code"]: r["origin"] for r in listed}
    assert origins["TINY001"] == "tiny-blueprint-plugin 0.3.0"
    assert origins["XR001"] == "built-in"


def test_a_crashing_rule_exits_2_and_the_others_still_report(plugin_site: Path, tmp_path: Path) -> None:
    write_workspace(tmp_path, {"spec.yaml": SPEC})
    proc = _check(plugin_site, tmp_path, "check", crash=True)
    assert proc.returncode == 2
    assert "IE001 rule TINY002 (always-crashes, tiny-blueprint-plugin 0.3.0) crashed: RuntimeError: boom" in proc.stdout
    assert "TINY001" in proc.stdout, "other rules' findings are still printed"
    assert "Traceback" not in proc.stdout + proc.stderr
    debug = _check(plugin_site, tmp_path, "check", "--debug", crash=True)
    assert "Traceback" in debug.stderr
