"""What the language server knows: the open buffers, the rules, and the last lint of each workspace.

A lint here is ``check`` over the open documents of one workspace, with every open buffer as an
overlay (``LintOptions.overlays``: unsaved text takes precedence over the file on disk), the same
workspace discovery and configuration, and the same result cache and incremental engine (the rules
re-judge only what the edit can change, linter/run/incremental.py), plus a run memory per
workspace (linter/core/memory.py) that keeps unchanged files' data between lints.

Documents are linted the way pre-commit names files (``force_exclude``): a YAML buffer without a
top-level ``blueprint_version`` key, or one the configuration excludes, gets no diagnostics, so the
server can be attached to every YAML file of an editor.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from linter.api import Diagnostic, LintOptions, Overrides, RuleSet, lint_with_models, load_rules
from linter.cache.identity import plugin_digest, plugin_packages, rules_plugin_files
from linter.cache.store import default_directory
from linter.core.memory import RunMemory
from linter.discover.workspace import find_root
from linter.model.blueprint import Blueprint


@dataclass
class WorkspaceLint:
    """The outcome of linting one workspace's open documents."""

    root: Path
    # Diagnostics per open document of the workspace (an empty list clears the editor's).
    diagnostics: dict[Path, list[Diagnostic]]
    # The workspace's rules (with its configuration's custom rules), for hover and links.
    ruleset: RuleSet | None
    warnings: list[str] = field(default_factory=list)


class LintSession:
    """The open buffers and the rules; lints a workspace on request."""

    def __init__(self, cache_dir: Path | None = None, rules: Callable[[], RuleSet] = load_rules) -> None:
        self.buffers: dict[Path, str] = {}
        self.cache_dir = cache_dir if cache_dir is not None else default_directory()
        self._load_rules = rules
        self._ruleset: RuleSet | None = None
        self._plugin_stamps: dict[str, float] = {}
        # One per workspace: each run forgets what it did not use, which is another workspace's.
        self.memories: dict[Path, RunMemory] = {}
        self.models: dict[Path, Blueprint] = {}
        self.rulesets: dict[Path, RuleSet] = {}
        self.retired: list[Blueprint | None] = []
        self.published: dict[Path, list[Diagnostic]] = {}

    # -- buffers ------------------------------------------------------------------------------------
    def open(self, path: Path, text: str) -> None:
        self.buffers[path] = text

    def close(self, path: Path) -> None:
        self.buffers.pop(path, None)
        self.published.pop(path, None)

    # -- rules ----------------------------------------------------------------------------------------
    @property
    def ruleset(self) -> RuleSet:
        if self._ruleset is None:
            self._ruleset = self._load_rules()
            self._plugin_stamps = _stamps(rules_plugin_files(self._ruleset.rules))
        return self._ruleset

    def plugins_changed(self) -> bool:
        """Whether a plugin's source changed since its rules were loaded."""
        return self._ruleset is not None and _stamps(self._plugin_stamps) != self._plugin_stamps

    def reload_rules(self) -> None:
        """Forget the rules and re-import the plugins' packages on the next lint: a plugin author
        edits a rule and sees its findings change without restarting the editor."""
        if self._ruleset is not None:
            packages = plugin_packages(type(rule).__module__ for rule in self._ruleset.rules)
            for name in list(sys.modules):
                if any(name == package or name.startswith(package + ".") for package in packages):
                    del sys.modules[name]
            importlib.invalidate_caches()
            plugin_digest.cache_clear()  # once per process for `check`; the cache keys on the new code
        self._ruleset = None

    # -- linting ------------------------------------------------------------------------------------
    def workspace_of(self, path: Path) -> Path:
        return find_root(path)

    def open_in(self, root: Path) -> list[Path]:
        return sorted(p for p in self.buffers if self.workspace_of(p) == root)

    def lint(self, root: Path) -> WorkspaceLint:
        """Lint the open documents of the workspace at ``root`` against the rest of it."""
        if self.plugins_changed():
            self.reload_rules()
        documents = self.open_in(root)
        if not documents:
            return WorkspaceLint(root, {}, self.rulesets.get(root))
        options = LintOptions(
            overrides=Overrides(force_exclude=True),
            cache_dir=self.cache_dir,
            jobs=1,  # an editor's machine is busy; a pool's start-up costs more than it saves here
            overlays={path: text.encode("utf-8", "surrogateescape") for path, text in self.buffers.items()},
            memory=self.memories.setdefault(root, RunMemory()),
        )
        result, models = lint_with_models(documents, options, ruleset=self.ruleset, cwd=root)
        self.memories[root].forget_unused()
        by_path: dict[Path, list[Diagnostic]] = {path: [] for path in documents}
        for diagnostic in result.diagnostics:
            if not diagnostic.file:  # about the run, not a file (a crashed rule, IE001): shown on each
                for found in by_path.values():
                    found.append(diagnostic)
                continue
            path = Path(diagnostic.abs_path) if diagnostic.abs_path else root / diagnostic.file
            if path in by_path:
                by_path[path].append(diagnostic)
        model = models[0].model if models else None
        ruleset = models[0].ruleset if models else None
        if model is not None and ruleset is not None:
            # The previous model is freed after the diagnostics are out (release_retired): freeing
            # a large workspace's entities takes as long as a rule.
            self.retired.append(self.models.get(root))
            self.models[root], self.rulesets[root] = model, ruleset
        self.published.update(by_path)
        return WorkspaceLint(root, by_path, ruleset, [*result.warnings, *result.tracebacks])

    def release_retired(self) -> None:
        """After publishing: free the previous models."""
        self.retired.clear()

    def write_cache(self) -> None:
        """Write the deferred cache entries (the incremental state): the server does it once the
        editor has been quiet for a moment, not after every keystroke's lint."""
        for memory in self.memories.values():
            memory.flush()

    def roots(self, paths: Iterable[Path]) -> list[Path]:
        return sorted({self.workspace_of(path) for path in paths})


def _stamps(files: Iterable[str]) -> dict[str, float]:
    stamps = {}
    for file in files:
        try:
            stamps[file] = os.stat(file).st_mtime
        except OSError:
            stamps[file] = -1.0
    return stamps
