"""``check --show-files`` and ``check --show-settings``: say what a run would lint and with which
settings, and exit 0 without linting (as ruff's options of the same names do)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from linter.catalog.registry import RuleSet
from linter.cli.common import EXIT_CLEAN, echo, fail, warn
from linter.core.options import LintOptions
from linter.discover.workspace import UsageError, display_path
from linter.run.plan import planned_files, resolved_settings
from linter.settings.config import ConfigError


def show_files(paths: Sequence[Path], ruleset: RuleSet, options: LintOptions) -> NoReturn:
    """One line per file a run would lint, ``FILE (workspace ROOT)``, sorted by file."""
    cwd = Path.cwd()
    try:
        planned = planned_files(paths, ruleset, options, cwd)
    except (UsageError, ConfigError) as error:
        fail(str(error))
    lines = sorted((display_path(path, cwd), display_path(root, cwd) or ".") for root, path in planned)
    for file, root in lines:
        echo(f"{file} (workspace {root})")
    if not lines:
        warn("no blueprint file to lint")
    raise SystemExit(EXIT_CLEAN)


def render(value: Any, depth: int = 0) -> str:
    """JSON with sorted keys, an object's members one per line and a list of plain values on one
    line (a list of 150 rule codes stays readable)."""
    if isinstance(value, dict) and value:
        pad = "  " * (depth + 1)
        members = [f"{pad}{json.dumps(key)}: {render(value[key], depth + 1)}" for key in sorted(value)]
        return "{\n" + ",\n".join(members) + "\n" + "  " * depth + "}"
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=_plain)


def _plain(value: Any) -> Any:
    """A rule option JSON has no type for: a set as a sorted list, anything else as its text."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return str(value)


def show_settings(paths: Sequence[Path], ruleset: RuleSet, options: LintOptions) -> NoReturn:
    """The resolved settings of the first path's workspace (the current directory's when none), as
    JSON with sorted keys."""
    cwd = Path.cwd()
    try:
        settings = resolved_settings(paths[0] if paths else Path("."), ruleset, options, cwd)
    except (UsageError, ConfigError) as error:
        fail(str(error))
    echo(render(settings), fmt="json")
    raise SystemExit(EXIT_CLEAN)
