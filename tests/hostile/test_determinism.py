"""Same input, same bytes: across runs, hash seeds and argument orders.

(Worker counts: the engine has no parallelism yet; when it gains a ``--jobs`` option, add it to
the matrix below.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.hostile._run import ROOT, run_cli


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both examples plus a few hostile files, in one tree."""
    base = tmp_path_factory.mktemp("determinism")
    shutil.copytree(ROOT / "examples", base / "examples")
    broken = base / "examples" / "broken"
    (broken / "dup.yaml").write_text("blueprint_version: 1\nblueprint_version: 1\ngoals: [{id: G-Z, x: 1}]\n")
    (broken / "tags.yaml").write_text("blueprint_version: 1\nproject: !!python/object:x {name: .nan}\n")
    return base


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_output_bytes_do_not_depend_on_hash_seed_or_argument_order(workspace: Path, fmt: str) -> None:
    orders = [
        ["examples/public-sector", "examples/broken"],
        ["examples/broken", "examples/public-sector"],
        [
            "examples/broken/dup.yaml",
            "examples/broken",
            "examples/public-sector/systems.yaml",
            "examples/public-sector",
        ],
    ]
    outputs = set()
    for seed, paths in zip(("0", "1", "4242"), orders, strict=True):
        completed = run_cli("check", "--format", fmt, *paths, cwd=workspace, env={"PYTHONHASHSEED": seed})
        assert completed.returncode == 1, completed.stderr
        outputs.add(completed.stdout)
    assert len(outputs) == 1


def test_repeated_runs_give_identical_bytes(workspace: Path) -> None:
    first = run_cli("check", "--format", "json", "examples", cwd=workspace, env={"PYTHONHASHSEED": "random"})
    second = run_cli("check", "--format", "json", "examples", cwd=workspace, env={"PYTHONHASHSEED": "random"})
    assert first.stdout == second.stdout and first.stdout
