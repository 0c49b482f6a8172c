"""Shared test helpers: lint in-memory blueprints, read inline expectations, run the CLI."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from linter.catalog.registry import RuleSet, load_rules
from linter.cli.main import main
from linter.core.lines import split_lines
from linter.core.options import LintOptions
from linter.core.result import LintResult
from linter.run.engine import lint

_RULESET: RuleSet | None = None
# `# expect: XR001` or `# expect: XR001, CP002` at the end of the line a diagnostic starts on.
EXPECT = re.compile(r"#\s*expect:\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)")


def ruleset() -> RuleSet:
    global _RULESET
    if _RULESET is None:
        _RULESET = load_rules()
    return _RULESET


def with_rules(result: LintResult, rules: RuleSet | None = None) -> LintResult:
    """A hand-built result carrying the rules of its run, as the engine's results do."""
    known = rules or ruleset()
    result.rules = list(known.rules)
    result.plugins = list(known.plugins)
    return result


def write_workspace(root: Path, files: Mapping[str, str], config: str = "# test workspace\n") -> Path:
    """Write ``files`` under ``root`` with a config file marking it as the workspace root."""
    root.mkdir(parents=True, exist_ok=True)
    (root / ".blueprint-lint.yaml").write_text(config, encoding="utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def lint_files(
    root: Path,
    files: Mapping[str, str],
    *,
    paths: list[str] | None = None,
    options: LintOptions | None = None,
    config: str = "# test workspace\n",
) -> LintResult:
    write_workspace(root, files, config)
    targets = [Path(p) for p in (paths or ["."])]
    return lint(targets, ruleset(), options, cwd=root)


def expectations(text: str, file: str = "") -> list[tuple[str, int, str]]:
    """(file, line, code) for every ``# expect:`` marker in ``text``."""
    found = []
    for number, line in enumerate(split_lines(text), start=1):
        match = EXPECT.search(line)
        if match:
            for code in match.group(1).split(","):
                found.append((file, number, code.strip()))
    return sorted(found)


def assert_rule_fixture(root: Path, code: str, text: str) -> None:
    """Lint one fixture and compare the rule's diagnostics with the fixture's markers."""
    result = lint_files(root, {"spec.yaml": text})
    actual = sorted(("spec.yaml", d.line, d.code) for d in result.diagnostics if d.code == code)
    expected = [e for e in expectations(text, "spec.yaml") if e[2] == code]
    assert actual == expected, "\n".join(
        f"{d.file}:{d.line}:{d.column} {d.code} {d.message}" for d in result.diagnostics
    )


def run_cli(*args: str, cwd: Path | None = None, env: Mapping[str, str | None] | None = None) -> Result:
    """Invoke the CLI in-process (from ``cwd`` if given); exceptions propagate so tests see tracebacks.

    The caller's FORCE_COLOR is removed unless ``env`` gives it (a value None removes a variable):
    set in a developer's shell, it would colour every test's output."""
    runner = CliRunner()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), env={"FORCE_COLOR": None, **(env or {})}, catch_exceptions=False)
    finally:
        os.chdir(old)


def bench_generate() -> Any:
    """The benchmark's blueprint generator (bench/generate.py), imported as a module."""
    path = Path(__file__).resolve().parent.parent / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    return module


def example_and_generated_workspace(tmp_path: Path) -> Path:
    """One workspace: the shipped example plus a generated blueprint full of planted defects (the
    generated part without a configuration file of its own)."""
    root = tmp_path / "ws"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "public-sector", root)
    bench_generate().generate(root / "generated", 40, "workspace", seed=3, share=0.6)
    for config in (root / "generated").glob(".blueprint-lint*"):
        config.unlink()
    return root
