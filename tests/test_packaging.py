"""The wheel installs in a fresh virtual environment and lints the example, rules and schemas included."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tracked_copy(target: Path) -> Path:
    """The checkout's tracked files only: setuptools builds in place and would pack a stale,
    git-ignored ``build/`` left by an earlier layout into the wheel."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode != 0:  # not a git checkout (an unpacked sdist): copy all but build output
        shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns("build", "dist", "*.egg-info", ".*"))
        return target
    for name in listed.stdout.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def test_every_package_of_the_checkout_is_listed_for_the_wheel() -> None:
    """pyproject.toml lists the packages by name: a new subpackage left out of the list works in a
    checkout and an editable install, and is missing from the wheel (``linter.views.report`` once was)."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    folders = {name: ROOT / path for name, path in config["package-dir"].items()}
    found = set()
    for top, folder in folders.items():
        for init in folder.rglob("__init__.py"):
            parts = init.parent.relative_to(folder).parts
            if "__pycache__" not in parts:
                found.add(".".join((top, *parts)))
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert listed - found == set(), "these listed packages have no folder"


def test_wheel_in_fresh_venv_lints_the_example(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    source = _tracked_copy(tmp_path / "source")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist), str(source)],
        check=True,
        capture_output=True,
    )
    [wheel] = dist.glob("blueprint_lint-*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    # Lint copies of the examples from outside the source tree, so nothing is imported from it.
    work = tmp_path / "work"
    shutil.copytree(ROOT / "examples", work / "examples")
    clean = subprocess.run(
        [str(env_dir / "bin" / "blueprint-lint"), "check", "examples/public-sector"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout == "No problems found in 10 files checked.\n"
    broken = subprocess.run(
        [str(python), "-m", "linter", "check", "examples/broken"], cwd=work, capture_output=True, text=True, check=False
    )
    assert broken.returncode == 1
    assert "XR001" in broken.stdout and "SC001" in broken.stdout, "built-in rules and the schema load from the wheel"
    origin = subprocess.run(
        [str(python), "-c", "import linter, blueprint_lint_rules; print(linter.__file__)"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(env_dir) in origin.stdout
    # The views load from the wheel too: the report and a diagram of the example.
    for command in (["report", "examples/public-sector", "-o", "report.html"], ["diagram", "examples/public-sector"]):
        shown = subprocess.run(
            [str(env_dir / "bin" / "blueprint-lint"), *command], cwd=work, capture_output=True, text=True, check=False
        )
        assert shown.returncode == 0 and not shown.stderr, shown.stderr
    assert (work / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # The starter files of `init` are package data of the wheel, and lint clean from it; `schema
    # --path` points into the installed package (what an editor's modeline needs).
    tool = str(env_dir / "bin" / "blueprint-lint")
    started = subprocess.run([tool, "init", "starter"], cwd=work, capture_output=True, text=True, check=False)
    assert started.returncode == 0, started.stderr
    assert sorted(p.name for p in (work / "starter").iterdir()) == [".blueprint-lint.yaml", "blueprint.yaml"]
    starter = subprocess.run(
        [tool, "check", "--select", "ALL", "starter"], cwd=work, capture_output=True, text=True, check=False
    )
    assert (starter.returncode, starter.stdout) == (0, "No problems found in 1 file checked.\n"), starter.stdout
    for flags in ([], ["--config"]):
        located = subprocess.run(
            [tool, "schema", *flags, "--path"], cwd=work, capture_output=True, text=True, check=True
        )
        assert located.stdout.startswith(str(env_dir)) and Path(located.stdout.strip()).is_file(), located.stdout
    # From the source checkout, `python -m pytest` after a non-editable install imports the
    # checkout's `linter/` (the current directory comes first on sys.path) with the installed
    # rules and schemas: every name must resolve that way too (it once failed on linter.schemas).
    mixed = subprocess.run(
        [
            str(python),
            "-c",
            "import linter, blueprint_lint_rules, blueprint_lint_schemas;"
            "from linter.validate.schema import load_schema; from linter.api import lint, load_rules;"
            "assert load_schema()['$schema'];"
            "print(linter.__file__, len(lint(['examples/broken']).diagnostics), len(load_rules().rules))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mixed.returncode == 0, mixed.stderr
    checkout_linter, findings, rules = mixed.stdout.split()
    assert checkout_linter.startswith(str(ROOT)) and int(findings) > 50 and int(rules) > 50
