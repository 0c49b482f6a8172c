"""The public API: the plugin contract, and linting from Python.

**Writing a rule.** A rule is a subclass of :class:`Rule` with its metadata as class attributes
and a ``check`` method that receives the :class:`Blueprint` and yields :class:`Finding` objects::

    from linter.api import Finding, Rule, Severity

    class InterfaceNeedsName(Rule):
        code = "ACME001"
        name = "interface-needs-name"
        severity = Severity.WARNING
        summary = "Every interface has a name."
        rationale = "Names make reviews readable (our house style guide, section 2)."
        how_to_fix = "Add `name:` to the interface."
        passing_example = "interfaces:\\n  - id: IF-1\\n    name: Orders\\n"
        failing_example = "interfaces:\\n  - id: IF-1\\n"

        def check(self, model):
            for interface in model.interfaces:
                if not interface.has("name"):
                    yield Finding.at(interface, "", f"{interface.label} has no name")

Rules are registered through the ``blueprint_lint.rules`` entry-point group; the value may be a
Rule subclass, or a callable returning an iterable of them. The built-in rules register the same
way (see ``pyproject.toml``) and import nothing of the engine but this module.

**Linting from Python.** :func:`lint` runs the whole pipeline as ``blueprint-lint check`` does and
returns a :class:`LintResult`; the command line is a thin layer over it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from linter.catalog.registry import RegistryError, RuleSet, load_rules
from linter.core.diagnostics import Diagnostic, Severity, Span
from linter.core.options import LintOptions, Overrides
from linter.core.pointer import escape as escape_pointer
from linter.core.result import LintResult
from linter.discover.workspace import UsageError
from linter.filter.baseline import BaselineError
from linter.filter.baseline import load as load_baseline
from linter.filter.baseline import render as render_baseline
from linter.load.fast import load as fast_load
from linter.model.blueprint import KIND_LABELS, REFERENCE_FIELDS, Blueprint, Entity, Reference, SourceFile
from linter.model.completeness import (
    UI_MECHANISMS,
    frequency_gaps,
    is_ui_integration,
    needs_volume,
    states_frequency,
    states_volume,
    volume_gaps,
)
from linter.model.coverage import ALM_TYPES, FIGURE_KEYS, FIGURE_LABELS, Figure, coverage, rule_counts
from linter.model.rule import Finding, Rule
from linter.run import engine
from linter.run.adoption import rules_for_directory
from linter.run.engine import LoadedModels, WorkspaceModel
from linter.settings.config import ConfigError

__all__ = [
    "ALM_TYPES",
    "FIGURE_KEYS",
    "FIGURE_LABELS",
    "KIND_LABELS",
    "REFERENCE_FIELDS",
    "UI_MECHANISMS",
    "BaselineError",
    "Blueprint",
    "ConfigError",
    "Diagnostic",
    "Entity",
    "Figure",
    "Finding",
    "LintOptions",
    "LintResult",
    "LoadedModels",
    "Overrides",
    "Reference",
    "RegistryError",
    "Rule",
    "RuleSet",
    "Severity",
    "SourceFile",
    "Span",
    "UsageError",
    "WorkspaceModel",
    "YamlError",
    "coverage",
    "escape_pointer",
    "frequency_gaps",
    "is_ui_integration",
    "lint",
    "lint_with_models",
    "load_baseline",
    "load_models",
    "load_rules",
    "load_yaml",
    "needs_volume",
    "render_baseline",
    "rule_counts",
    "rules_for_directory",
    "states_frequency",
    "states_volume",
    "volume_gaps",
]


class YamlError(ValueError):
    """The first problem of a YAML text :func:`load_yaml` could not load, with its position."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.line = line
        self.column = column
        self.message = message


def load_yaml(text: str) -> Any:
    """The data of a YAML text, read as the engine reads spec files (YAML 1.2, no tags
    constructed: the fast loader, or the reference loader for what the fast one does not take),
    for rules that ship data files (the capacity rules' limits profile, read at import)."""
    document = fast_load(text)
    if document.problems:
        problem = document.problems[0]
        raise YamlError(problem.span.line, problem.span.column, problem.message)
    return document.data


def lint(
    paths: Sequence[str | Path],
    options: LintOptions | None = None,
    *,
    ruleset: RuleSet | None = None,
    cwd: str | Path | None = None,
) -> LintResult:
    """Lint files and directories as ``blueprint-lint check`` does, and return the result.

    ``ruleset`` defaults to every installed rule (built-ins and plugins); ``options`` to the
    defaults (no result cache). Bad input becomes diagnostics; a path that does not exist raises
    ``UsageError`` and a broken configuration ``ConfigError``.
    """
    return engine.lint(
        [Path(p) for p in paths],
        ruleset if ruleset is not None else load_rules(),
        options,
        cwd=None if cwd is None else Path(cwd),
    )


def lint_with_models(
    paths: Sequence[str | Path],
    options: LintOptions | None = None,
    *,
    ruleset: RuleSet | None = None,
    cwd: str | Path | None = None,
) -> tuple[LintResult, list[WorkspaceModel]]:
    """:func:`lint`, and the model of each workspace the rules ran on, in workspace order: for
    outputs that draw the model and mark its findings (``blueprint-lint diagram`` and ``report``),
    so that the findings and the pictures come from one parse of each file. The result cache's
    replay of a whole workspace is skipped (a replay has no model); per-file caching still applies.
    """
    return engine.lint_with_models(
        [Path(p) for p in paths],
        ruleset if ruleset is not None else load_rules(),
        options,
        cwd=None if cwd is None else Path(cwd),
    )


def load_models(
    paths: Sequence[str | Path],
    options: LintOptions | None = None,
    *,
    ruleset: RuleSet | None = None,
    cwd: str | Path | None = None,
) -> LoadedModels:
    """The model of every workspace ``paths`` belong to, built exactly as :func:`lint` builds it,
    without running the rules (for reports on the model, such as ``blueprint-lint capacity``)."""
    return engine.load_models(
        [Path(p) for p in paths],
        ruleset if ruleset is not None else load_rules(),
        options,
        cwd=None if cwd is None else Path(cwd),
    )
