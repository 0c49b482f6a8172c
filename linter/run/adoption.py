"""The engine's hooks for team adoption: per-workspace settings, the filter stage and the baseline.

``linter/run/engine.py`` calls into :class:`RunState` at four well-delimited points (marked
``adoption:`` there), so the pipeline stays readable and this feature stays in its own modules:

1. ``settings(root)``: the workspace's configuration combined with the command line;
2. ``select_files``: include / exclude globs (and ``--force-exclude`` for named files);
3. ``filter``: inline suppressions and per-file ignores, after the rules ran;
4. ``finish``: the baseline stage over the whole run, the effective fail-on, config rules.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from linter.catalog.registry import RuleSet
from linter.core import codes
from linter.core.baseline import Anchor, Baseline
from linter.core.diagnostics import Diagnostic
from linter.core.limits import LoadLimits
from linter.core.options import Overrides
from linter.core.rule_info import RuleInfo
from linter.discover.ignore import Rulebook
from linter.discover.workspace import display_path, has_marker, ignored_by_rules, looks_like_spec
from linter.filter.baseline import anchor, match, stale_message, stale_span
from linter.filter.workspace import filter_workspace
from linter.model.blueprint import SourceFile
from linter.model.rule import Rule
from linter.run.redaction import Finder, Masks, masked
from linter.settings.config import Config, ConfigError, find_config, load_config
from linter.settings.resolve import WorkspaceSettings, resolve

if TYPE_CHECKING:
    from linter.core.options import LintOptions
    from linter.core.result import LintResult

__all__ = ["Anchor", "Baseline", "ConfigError", "Overrides", "RunState", "rules_for_directory"]

# Strictest first: when workspaces configure different thresholds, the strictest applies.
_FAIL_ORDER = ("info", "warning", "error", "never")


class RunState:
    """What one lint run remembers across workspaces for the adoption stages."""

    def __init__(self, ruleset: RuleSet, options: LintOptions) -> None:
        self.base_ruleset = ruleset
        self.base_options = options
        self._configs: dict[Path, Config] = {}
        self.workspaces: list[WorkspaceSettings] = []
        self.linted: list[Path] = []
        self.suppressed: list[Diagnostic] = []
        self._sources: dict[str, SourceFile] = {}  # by absolute path: the data a baseline anchors in
        self._file_settings: dict[str, WorkspaceSettings] = {}
        # Where each file's excerpts are masked (display path -> (line, start, end) ranges; the
        # engine sets where they are found, linter/run/masked_sources.py, computed when first
        # asked): a finding there is baselined by its message.
        self.masked: Callable[[], Masks] = dict
        # The values the redacting rules found (in memory only): an entity id among them never
        # names a baseline entry.
        self.secret_values: set[str] = set()
        # The .gitignore / .ignore rules read for --force-exclude, each directory's once per run.
        self._rulebook = Rulebook()

    def _config(self, path: Path | None) -> Config:
        if path is None:
            return Config()
        path = Path(os.path.abspath(path))
        if path not in self._configs:
            self._configs[path] = load_config(path)
        return self._configs[path]

    def settings(self, root: Path) -> WorkspaceSettings:
        overrides = self.base_options.overrides
        config = self._config(overrides.config_file or find_config(root))
        settings = resolve(root, config, self.base_ruleset, overrides)
        self.workspaces.append(settings)
        return settings

    def workspace_options(self, settings: WorkspaceSettings) -> tuple[LintOptions, RuleSet]:
        """Run-wide options narrowed by the workspace settings (explicit API options still win)."""
        base = self.base_options
        enabled = settings.enabled if base.enabled is None else settings.enabled & base.enabled
        # Nothing switches off a crashed rule or a file that could not be loaded (codes.ALWAYS_ON).
        enabled |= codes.ALWAYS_ON & settings.by_code.keys()
        severities = {
            code: severity
            for code, severity in {**settings.severities, **base.severities}.items()
            if code not in codes.UNLOADABLE  # always an error
        }
        limits = base.limits if base.limits != LoadLimits() else settings.limits
        options = dataclasses.replace(base, enabled=enabled, severities=severities, limits=limits)
        return options, RuleSet(rules=settings.rules, plugins=self.base_ruleset.plugins)

    def select_files(
        self, settings: WorkspaceSettings, requested: Sequence[Path], named: frozenset[Path]
    ) -> list[Path]:
        """Apply include / exclude. A file named on the command line bypasses them (and the
        blueprint_version marker) unless ``--force-exclude`` is given, as pre-commit's hook does."""
        force = self.base_options.overrides.force_exclude
        selected = []
        for path in requested:
            if path in named and not force:
                selected.append(path)
                continue
            if settings.excluded(path) or not settings.included(path):
                continue
            # A walk already left out what .gitignore / .ignore ignore; --force-exclude does for named files.
            if path in named and self.base_options.respect_gitignore and ignored_by_rules(path, self._rulebook):
                continue
            overlay = self.base_options.overlays.get(path)
            if path in named and not (_marked(path) if overlay is None else looks_like_spec(overlay)):
                continue
            selected.append(path)
        self.linted += selected
        return selected

    def filter(
        self,
        settings: WorkspaceSettings,
        diagnostics: Sequence[Diagnostic],
        sources: Sequence[SourceFile],
        texts: Mapping[str, str],
    ) -> list[Diagnostic]:
        requested = [s for s in sources if s.requested]
        for source in requested:
            self._sources[str(source.path)] = source
            self._file_settings[str(source.path)] = settings
        filtered = filter_workspace(
            diagnostics,
            settings,
            {s.display: texts[s.display] for s in requested if s.display in texts},
            {s.display: s.path for s in requested},
        )
        self.suppressed += filtered.suppressed
        return filtered.kept

    def finish(self, result: LintResult, cwd: Path) -> None:
        options = self.base_options
        if options.baseline is not None or options.collect_anchors:
            # A file that could not be loaded is never baselined: it would hide an unreadable file.
            secrets = Finder(self.secret_values)
            anchored = [
                (self._anchor(d, secrets), d)
                for d in result.diagnostics
                if d.abs_path and d.code not in codes.UNLOADABLE
            ]
            if options.collect_anchors:
                result.anchored = anchored
            if options.baseline is not None:
                self._apply_baseline(result, options.baseline, anchored, cwd)
        result.suppressed = sorted(self.suppressed, key=lambda d: d.sort_key)
        configured = [w.fail_on for w in self.workspaces if w.fail_on]
        result.fail_on = min(configured, key=_FAIL_ORDER.index) if configured else None
        custom: dict[str, Rule] = {}
        for workspace in self.workspaces:
            for rule in workspace.rules:
                if rule.origin == "config":
                    custom.setdefault(rule.code, rule)
        # The rules of this run: the installed ones plus the custom rules configurations declared.
        known = {rule.code for rule in self.base_ruleset.rules}
        extra = [custom[code] for code in sorted(custom) if code not in known]
        base: list[RuleInfo] = list(self.base_ruleset.rules)
        result.rules = sorted([*base, *extra], key=lambda r: r.code) if extra else base
        result.plugins = list(self.base_ruleset.plugins)
        if self.workspaces:
            result.enabled = frozenset().union(*(w.enabled for w in self.workspaces))

    def _anchor(self, diagnostic: Diagnostic, secrets: Finder) -> Anchor:
        """The finding's baseline anchor, never made of a secret: a finding on a masked span is
        hashed by its message, and an entity whose id is a found secret is named by pointer."""
        source = self._sources.get(diagnostic.abs_path)
        data = None if source is None else source.data  # read here: most runs never anchor a finding
        found = anchor(diagnostic, data, redacted=masked(diagnostic, self.masked()))
        if found.entity and secrets and secrets.spans(found.entity):
            return dataclasses.replace(found, entity="", path=diagnostic.pointer)
        return found

    def _apply_baseline(
        self, result: LintResult, baseline: Baseline, anchored: list[tuple[Anchor, Diagnostic]], cwd: Path
    ) -> None:
        matched = match(baseline, anchored, self.linted)
        baselined = {id(d) for _, d in anchored}
        kept = [d for d in result.diagnostics if id(d) not in baselined] + matched.kept
        self.suppressed += matched.suppressed
        shown = display_path(baseline.path, cwd)
        for entry in matched.stale:
            settings = self._file_settings.get(os.path.normpath(baseline.base / entry.key.file))
            # A rule switched off in this run cannot match its entries: they are not stale.
            if (
                settings is None
                or codes.STALE_BASELINE_ENTRY not in settings.enabled
                or entry.key.code not in settings.enabled
            ):
                continue
            rule = settings.by_code[codes.STALE_BASELINE_ENTRY]
            kept.append(
                Diagnostic(
                    codes.STALE_BASELINE_ENTRY,
                    rule.name,
                    settings.severity(codes.STALE_BASELINE_ENTRY),
                    stale_message(entry),
                    shown,
                    stale_span(entry),
                    "",
                    str(baseline.path),
                )
            )
        result.diagnostics = sorted(kept, key=lambda d: d.sort_key)


def _marked(path: Path) -> bool:
    """The directory walk's own test (bounded reads, UTF-16 aware), for a named file."""
    try:
        return has_marker(path)
    except OSError:
        return True  # keep it: the loader reports why it cannot be read


def rules_for_directory(directory: Path, ruleset: RuleSet, overrides: Overrides) -> RuleSet:
    """The rules a run from ``directory`` would know, with the configuration's custom rules
    (for ``blueprint-lint rules`` and ``explain``)."""
    from linter.discover.workspace import find_root

    root = find_root(Path(os.path.abspath(directory)))
    path = overrides.config_file or find_config(root)
    config = Config() if path is None else load_config(path)
    settings = resolve(root, config, ruleset, overrides)
    return RuleSet(rules=settings.rules, plugins=ruleset.plugins)
