"""How a run is asked for: the command line's settings and the options of one lint run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from linter.core.baseline import Baseline
from linter.core.diagnostics import Severity
from linter.core.limits import DEFAULT_RULE_TIMEOUT_SECONDS, LoadLimits


@dataclass(frozen=True)
class Overrides:
    """Settings given on the command line; None / empty means "not given"."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    config_file: Path | None = None
    force_exclude: bool = False


@dataclass
class LintOptions:
    limits: LoadLimits = field(default_factory=LoadLimits)
    # Codes of the rules to run (None = all) and severity overrides by code.
    enabled: frozenset[str] | None = None
    severities: dict[str, Severity] = field(default_factory=dict)
    debug: bool = False
    # --- adoption (config, suppressions, baseline): see linter/run/adoption.py ---
    overrides: Overrides = field(default_factory=Overrides)
    baseline: Baseline | None = None
    # Compute the line-independent anchors of the findings (for `blueprint-lint baseline`).
    collect_anchors: bool = False
    # Seconds one rule may run on one workspace before it is stopped (IE001); 0 disables the limit.
    rule_timeout: float = DEFAULT_RULE_TIMEOUT_SECONDS
    # Performance only (never part of a cache key): the result cache directory (None: no cache)
    # and the number of worker processes for loading (None: automatic, 1: no pool).
    cache_dir: Path | None = None
    jobs: int | None = None
    # Show a progress line on stderr for large workspaces (the CLI sets it on terminals only).
    progress: bool = False
    # Compute the coverage figures of each workspace into LintResult.coverage (``check --statistics``;
    # a workspace whose configuration sets ``coverage`` minimums computes them anyway). Not part of
    # the result cache key: an entry stored without figures is not replayed for a run that wants them.
    statistics: bool = False
    # Leave out of directory walks what .gitignore and .ignore files ignore (linter/discover/ignore.py;
    # ``--no-respect-gitignore`` turns it off). Not part of a cache key: the files a walk finds are.
    respect_gitignore: bool = True
    # Name the files the run's warnings count (``check -v``); changes only what stderr says.
    verbose: bool = False
