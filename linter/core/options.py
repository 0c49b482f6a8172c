"""How a run is asked for: the command line's settings and the options of one lint run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from linter.core.baseline import Baseline
from linter.core.diagnostics import Severity
from linter.core.limits import DEFAULT_RULE_TIMEOUT_SECONDS, LoadLimits
from linter.core.memory import RunMemory


@dataclass(frozen=True)
class Overrides:
    """Settings given on the command line; None / empty means "not given"."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    # ``--extend-select``: rules added to the configured (or default) selection.
    extend_select: tuple[str, ...] = ()
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
    # Texts that take precedence over the files on disk, by absolute path: standard input linted
    # as ``--stdin-filename`` and the language server's unsaved buffers. A path here need not exist
    # on disk. Never part of a cache key (the entries are keyed on the digests of these bytes).
    overlays: Mapping[Path, bytes] = field(default_factory=dict)
    # Leave out of directory walks what .gitignore and .ignore files ignore (linter/discover/ignore.py;
    # ``--no-respect-gitignore`` turns it off). Not part of a cache key: the files a walk finds are.
    respect_gitignore: bool = True
    # Name the files the run's warnings count (``check -v``); changes only what stderr says.
    verbose: bool = False
    # Performance only (never part of a key): what a long-lived process keeps between runs
    # (linter/core/memory.py; the language server). None for a one-shot run.
    memory: RunMemory | None = None
