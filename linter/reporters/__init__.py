"""Reporters: pure functions from (result, rules, context) to the text written out.

Each reporter module exposes ``render(result, ruleset, context) -> str``. A reporter that may need
to tell the user something about the report itself (SARIF trimmed to GitHub's limits) also exposes
``render_report(result, ruleset, context) -> Rendered``; :func:`produce` calls whichever exists.
Nothing here touches the file system, the environment or the terminal; the CLI decides where the
text goes and prints the warnings.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for annotations: importing the engine here would slow down start-up
    from linter.engine import LintResult
    from linter.registry import RuleSet


@dataclass(frozen=True)
class ReportContext:
    """What reporters may know about the run besides the findings."""

    version: str
    color: bool = False
    # Rules the run had enabled (codes), for SARIF's rule list; None means all.
    enabled: frozenset[str] | None = None
    # Absolute directory the diagnostics' relative ``file`` values are relative to ("" = unknown:
    # the files are then taken as already relative to the source root).
    cwd: str = ""
    # Absolute repository root that SARIF, GitLab and GitHub paths are relative to ("" = cwd).
    source_root: str = ""


@dataclass(frozen=True)
class Rendered:
    """A report and what the CLI should tell the user about it on standard error."""

    text: str
    warnings: tuple[str, ...] = ()


Renderer = Callable[["LintResult", "RuleSet", ReportContext], str]

# Format name -> module under linter.reporters, imported only when used (keeps start-up fast).
_MODULES = {
    "text": "text",
    "json": "json_report",
    "json-lines": "json_lines",
    "sarif": "sarif",
    "github": "github",
    "azure": "azure",
    "junit": "junit",
    "gitlab": "gitlab",
}
FORMATS = tuple(_MODULES)


def renderer(name: str) -> Renderer:
    """The render function of a format; raises KeyError for an unknown format."""
    module = importlib.import_module(f"linter.reporters.{_MODULES[name]}")
    render: Renderer = module.render
    return render


def _with_run_rules(result: LintResult, ruleset: RuleSet, context: ReportContext) -> tuple[RuleSet, ReportContext]:
    """Reporters describe the rules of *this* run: the installed ones plus the custom rules the
    workspaces' configurations declared, restricted to those enabled somewhere in the run."""
    from linter.registry import RuleSet

    known = {rule.code for rule in ruleset.rules}
    extra = [rule for rule in result.config_rules if rule.code not in known]
    if extra:
        ruleset = RuleSet(rules=sorted([*ruleset.rules, *extra], key=lambda r: r.code), plugins=ruleset.plugins)
    if context.enabled is None and result.enabled is not None:
        context = dataclasses.replace(context, enabled=result.enabled)
    return ruleset, context


def produce(name: str, result: LintResult, ruleset: RuleSet, context: ReportContext) -> Rendered:
    """Render ``result`` in format ``name``, with any warnings about the report itself."""
    ruleset, context = _with_run_rules(result, ruleset, context)
    module = importlib.import_module(f"linter.reporters.{_MODULES[name]}")
    if hasattr(module, "render_report"):
        rendered: Rendered = module.render_report(result, ruleset, context)
        return rendered
    return Rendered(module.render(result, ruleset, context))
