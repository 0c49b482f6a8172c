"""What a run would do, without linting: the files it would lint and the settings a workspace resolves
to (``check --show-files`` and ``check --show-settings``), through the same discovery and adoption
stages the engine uses, so what is shown is what a run does."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from linter.catalog.registry import RuleSet
from linter.core.options import LintOptions
from linter.discover.workspace import display_path, files_by_root, find_root
from linter.run.adoption import RunState


def planned_files(paths: Sequence[Path], ruleset: RuleSet, options: LintOptions, cwd: Path) -> list[tuple[Path, Path]]:
    """(workspace root, file) for every file a ``check`` of ``paths`` would lint, by root then file."""
    state = RunState(ruleset, options)
    named: set[Path] = set()
    planned: list[tuple[Path, Path]] = []
    by_root = files_by_root(paths, cwd, named, respect_gitignore=options.respect_gitignore)
    for root, requested in sorted(by_root.items()):
        settings = state.settings(root)
        planned += [(root, path) for path in sorted(state.select_files(settings, requested, frozenset(named)))]
    return planned


def resolved_settings(path: Path, ruleset: RuleSet, options: LintOptions, cwd: Path) -> dict[str, Any]:
    """The settings of ``path``'s workspace as plain data (stable keys, sorted lists), with paths
    shown relative to ``cwd``. Raises UsageError for a path that does not exist, ConfigError."""
    from linter.discover.workspace import UsageError

    absolute = Path(os.path.abspath(cwd / path))
    if not absolute.exists():
        raise UsageError(f"{path}: no such file or directory")
    root = find_root(absolute)
    state = RunState(ruleset, options)
    settings = state.settings(root)
    effective, rules = state.workspace_options(settings)
    overrides = options.overrides
    config = settings.config
    limits = effective.limits
    enabled = sorted(code for code in settings.by_code if effective.enabled is None or code in effective.enabled)
    return {
        "workspace-root": display_path(root, cwd) or ".",
        "configuration-file": None if config.path is None else display_path(config.path, cwd),
        "command-line": {
            "config": None if overrides.config_file is None else str(overrides.config_file),
            "select": None if overrides.select is None else list(overrides.select),
            "ignore": list(overrides.ignore),
            "fail-on": overrides.fail_on,
            "force-exclude": overrides.force_exclude,
            "respect-gitignore": options.respect_gitignore,
        },
        "select": config.select,
        "ignore": config.ignore,
        "enabled-rules": enabled,
        "disabled-rules": sorted(set(settings.by_code) - set(enabled)),
        "severity": {code: severity.label for code, severity in sorted(effective.severities.items())},
        "fail-on": settings.fail_on or "error",
        "include": settings.include,
        "exclude": settings.exclude,
        "per-file-ignores": {glob: list(codes) for glob, codes in sorted(settings.per_file_ignores.items())},
        "limits": {
            "max-file-bytes": limits.max_file_bytes,
            "max-depth": limits.max_depth,
            "max-nodes": limits.max_nodes,
            "rule-timeout": effective.rule_timeout,
        },
        "suppressions": {"require-reason": settings.require_reason},
        "coverage": dict(sorted(settings.coverage.items())),
        "rule-options": {rule.code: rule.options for rule in rules.rules if rule.options_schema},
        "custom-rules": sorted(rule.code for rule in rules.rules if rule.origin == "config"),
    }
