"""Load the blueprint model of each workspace without running the rules.

For commands that report on the model rather than lint it (``blueprint-lint capacity``). It reuses
the engine's own discovery, loading and validation (``linter.engine``), so the model is exactly the
one the rules see in ``check``: same workspace roots, same files, same located parse. The load and
schema diagnostics of the named files are returned alongside, so a caller can say when a file
could not be read instead of silently leaving it out.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from linter.core_rules import ENGINE_RULES
from linter.diagnostics import Diagnostic
from linter.engine import LintOptions, _expand_paths, _Run
from linter.model import Blueprint, SourceFile
from linter.registry import RuleSet
from linter.workspace import display_path, find_root, walk_specs


@dataclass
class Workspace:
    """One workspace's model; ``root`` is shown as the user would write it."""

    root: str
    model: Blueprint


@dataclass
class LoadedModels:
    workspaces: list[Workspace] = field(default_factory=list)
    # Syntax and schema diagnostics of the named files, sorted like ``check`` sorts them.
    problems: list[Diagnostic] = field(default_factory=list)
    # Named files that gave no data at all (unreadable, or not YAML), so the model lacks them.
    unloaded: list[str] = field(default_factory=list)


def load_models(paths: Sequence[Path], options: LintOptions | None = None, cwd: Path | None = None) -> LoadedModels:
    """The model of every workspace ``paths`` belong to; raises ``UsageError`` for a missing path."""
    options = options or LintOptions()
    cwd = Path(os.path.abspath(cwd or Path.cwd()))
    # Only the engine's own rules are needed: they are the codes load and schema problems carry.
    run = _Run(RuleSet([cls() for cls in ENGINE_RULES]), options, cwd)
    files = _expand_paths(paths or [Path(".")], cwd)
    by_root: dict[Path, list[Path]] = defaultdict(list)
    for path in files:
        by_root[find_root(path)].append(path)
    result = LoadedModels()
    for root in sorted(by_root):
        wanted = set(by_root[root])
        others = [p for p in walk_specs(root, stop_at_nested_roots=True).files if p not in wanted]
        sources: list[SourceFile] = []
        for path in sorted(wanted) + sorted(others):
            loaded = run.load(path, requested=path in wanted)
            if path in wanted and (loaded is None or loaded.source.data is None):
                result.unloaded.append(display_path(path, cwd))
            if loaded is None:
                continue
            if loaded.source.requested:
                run.report_load(loaded)
            sources.append(loaded.source)
        sources.sort(key=lambda s: s.display)
        result.workspaces.append(Workspace(display_path(root, cwd) or ".", Blueprint(sources)))
    result.problems = sorted(set(run.diagnostics), key=lambda d: d.sort_key)
    result.unloaded.sort()
    return result
