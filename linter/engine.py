"""The pipeline: discover → load each file once → validate → build the model → run rules → filter.

``lint`` is the single entry point the CLI (and tests, and plugins' tests) use. It never raises for
bad input: every problem becomes a located diagnostic. It raises :class:`UsageError` only for
problems with the invocation itself (a path that does not exist).
"""

from __future__ import annotations

import codecs
import dataclasses
import os
import traceback
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from linter import loading, progress
from linter.api import Finding, Rule
from linter.cache import Cache
from linter.diagnostics import Diagnostic, Severity, Span
from linter.fastschema import validate  # same problems as linter.schema.validate, faster
from linter.limits import LoadLimits
from linter.model import Blueprint, SourceFile
from linter.pointer import escape
from linter.progress import Progress
from linter.registry import RuleSet
from linter.schema import SchemaProblem
from linter.workspace import display_path, find_root, iter_unique, walk_specs
from linter.yamlload import LoadProblem


class UsageError(Exception):
    """The invocation itself is wrong (exit code 2)."""


@dataclass
class LintOptions:
    limits: LoadLimits = field(default_factory=LoadLimits)
    # Codes of the rules to run (None = all) and severity overrides by code.
    enabled: frozenset[str] | None = None
    severities: dict[str, Severity] = field(default_factory=dict)
    debug: bool = False
    # Performance only (never part of a cache key): the result cache directory (None: no cache)
    # and the number of worker processes for loading (None: automatic, 1: no pool).
    cache_dir: Path | None = None
    jobs: int | None = None
    # Show a progress line on stderr for large workspaces (the CLI sets it on terminals only).
    progress: bool = False


@dataclass
class LintResult:
    diagnostics: list[Diagnostic]
    files: list[str]
    sources: dict[str, str]
    internal_error: bool = False
    # Tracebacks of crashed rules, printed with --debug.
    tracebacks: list[str] = field(default_factory=list)
    # Findings hidden by an inline suppression, the configuration or a baseline, each with its
    # ``suppression`` set; reporters that can carry them (SARIF) do, the others count them.
    suppressed: list[Diagnostic] = field(default_factory=list)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_spec_text(path: Path, limits: LoadLimits) -> tuple[str | None, str]:
    """The file's text, or (None, reason). UTF-8, or any UTF with a byte-order mark."""
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return (
                None,
                f"file is {size:,} bytes, larger than the {limits.max_file_bytes:,}-byte limit (max-file-bytes)",
            )
        raw = path.read_bytes()
    except OSError as error:
        return None, f"cannot read file: {error.strerror or error}"
    encoding = "utf-8"
    for bom, name in _BOMS:
        if raw.startswith(bom):
            encoding = name
            break
    if encoding == "utf-8" and b"\x00" in raw:
        return None, "binary file (contains NUL bytes), not YAML text"
    try:
        return raw.decode(encoding), ""
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, f"not valid {encoding.upper()} text (undecodable byte at line {line}); save the file as UTF-8"


@dataclass
class _Loaded:
    source: SourceFile
    text: str
    problems: list[LoadProblem]


class _Run:
    """State of one lint run over one or more workspaces."""

    def __init__(self, ruleset: RuleSet, options: LintOptions, cwd: Path) -> None:
        self.ruleset = ruleset
        self.options = options
        self.cwd = cwd
        self.rules_by_code = ruleset.by_code()
        self.diagnostics: list[Diagnostic] = []
        self.sources: dict[str, str] = {}
        self.internal_error = False
        self.tracebacks: list[str] = []
        self.cache = Cache(options.cache_dir)

    def enabled(self, code: str) -> bool:
        return self.options.enabled is None or code in self.options.enabled

    def emit(self, code: str, message: str, file: str, span: Span, pointer: str, abs_path: str = "") -> None:
        if not self.enabled(code):
            return
        rule = self.rules_by_code[code]
        severity = self.options.severities.get(code, rule.severity)
        self.diagnostics.append(Diagnostic(code, rule.name, severity, message, file, span, pointer, abs_path))

    # -- loading ----------------------------------------------------------------------------
    def report_load(self, loaded: _Loaded, schema_problems: list[SchemaProblem] | None = None) -> None:
        source = loaded.source
        self.sources[source.display] = loaded.text
        for problem in loaded.problems:
            self.emit(problem.code, problem.message, source.display, problem.span, problem.pointer, str(source.path))
        if source.data is None or source.locator is None:
            return
        for schema_problem in validate(source.data) if schema_problems is None else schema_problems:
            locator = source.locator
            span = (
                locator.key_span(schema_problem.pointer)
                if schema_problem.on_key
                else locator.span(schema_problem.pointer)
            )
            self.emit("SC001", schema_problem.message, source.display, span, schema_problem.pointer, str(source.path))

    # -- rules ------------------------------------------------------------------------------
    def run_rules(self, model: Blueprint) -> None:
        for rule in self.ruleset.rules:
            if rule.origin == "core" or not self.enabled(rule.code):
                continue
            try:
                findings = list(rule.check(model))
            except Exception as error:  # a crashing rule must not hide the others' findings
                self.internal_error = True
                self.tracebacks.append(f"rule {rule.code} ({rule.name}):\n{traceback.format_exc()}")
                self.emit(
                    "IE001",
                    f"rule {rule.code} ({rule.name}, {rule.origin}) crashed: {type(error).__name__}: {error}",
                    "",
                    Span(1, 1, 1, 1),
                    "",
                )
                continue
            for finding in findings:
                self.report_finding(rule, finding)

    def report_finding(self, rule: Rule, finding: Finding) -> None:
        if finding.entity is not None:
            source = finding.entity.source
            pointer = finding.entity.pointer + "".join("/" + escape(p) for p in finding.path.split("/") if p)
        elif finding.source is not None:
            source, pointer = finding.source, finding.pointer
        else:
            raise TypeError(f"rule {rule.code} yielded a Finding with neither an entity nor a source")
        if not source.requested:
            return
        locator = source.locator
        if locator is None:
            span = Span(1, 1, 1, 1)
        else:
            span = locator.key_span(pointer) if finding.on_key else locator.span(pointer)
        if not self.enabled(rule.code):
            return
        severity = self.options.severities.get(rule.code, rule.severity)
        self.diagnostics.append(
            Diagnostic(rule.code, rule.name, severity, finding.message, source.display, span, pointer, str(source.path))
        )

    # -- workspaces -------------------------------------------------------------------------
    # (perf) Files are read and hashed first; a workspace whose files, options, rules, schema and
    # tool are unchanged replays its cached diagnostics. Otherwise each file is loaded and
    # validated once (linter/loading.py: per-file cache, process pool) before the rules run.
    def lint_workspace(self, root: Path, requested: Sequence[Path]) -> None:
        wanted = set(requested)
        others = [p for p in walk_specs(root, stop_at_nested_roots=True).files if p not in wanted]
        paths = sorted(wanted) + sorted(others)
        limits = self.options.limits
        snapshots = [loading.snapshot(path, limits) for path in paths]
        entries = [(snap, display_path(snap.path, self.cwd), snap.path in wanted) for snap in snapshots]
        key_options = dataclasses.replace(self.options, cache_dir=None, jobs=None, debug=False, progress=False)
        key = loading.workspace_key(root, entries, key_options, self.ruleset, self.cwd)
        for snap, display, is_requested in entries:
            if is_requested and snap.text is not None:
                self.sources[display] = snap.text
        replay = self.cache.get("workspace", key)
        if isinstance(replay, list):
            self.diagnostics.extend(replay)
            return
        first = len(self.diagnostics)
        crashed_before = self.internal_error
        size = sum(len(snap.text or "") for snap in snapshots)
        status = Progress(self.options.progress and size >= progress.MIN_BYTES)
        status.show(f"loading {len(snapshots):,} files ({size / 1e6:.0f} MB)…")
        outcomes = loading.load_all(snapshots, limits, self.cache, self.options.jobs)
        status.show("running the rules…")
        sources: list[SourceFile] = []
        for (snap, display, is_requested), outcome in zip(entries, outcomes, strict=True):
            if snap.text is None:
                if is_requested:
                    self.emit("SY009", snap.reason, display, Span(1, 1, 1, 1), "", str(snap.path))
                continue
            locator = loading.locator_for(snap, outcome, limits)
            source = SourceFile(snap.path, display, outcome.data, locator, is_requested)
            if is_requested:
                self.report_load(_Loaded(source, snap.text, outcome.problems), outcome.schema_problems)
            sources.append(source)
        sources.sort(key=lambda s: s.display)
        self.run_rules(Blueprint(sources))
        status.clear()
        if self.internal_error == crashed_before:
            self.cache.put("workspace", key, self.diagnostics[first:])


def _expand_paths(paths: Iterable[Path], cwd: Path) -> list[Path]:
    files: list[Path] = []
    for given in paths:
        path = Path(os.path.abspath(cwd / given))
        if path.is_dir():
            files.extend(walk_specs(path, stop_at_nested_roots=False).files)
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(f"{given}: no such file or directory")
    return list(iter_unique(files))


def lint(
    paths: Sequence[Path], ruleset: RuleSet, options: LintOptions | None = None, cwd: Path | None = None
) -> LintResult:
    """Lint ``paths`` (files or directories) and return sorted, deduplicated diagnostics."""
    options = options or LintOptions()
    cwd = Path(os.path.abspath(cwd or Path.cwd()))
    run = _Run(ruleset, options, cwd)
    files = _expand_paths(paths or [Path(".")], cwd)
    by_root: dict[Path, list[Path]] = defaultdict(list)
    for path in files:
        by_root[find_root(path)].append(path)
    for root in sorted(by_root):
        run.lint_workspace(root, by_root[root])
    unique = sorted(set(run.diagnostics), key=lambda d: d.sort_key)
    return LintResult(
        diagnostics=unique,
        files=sorted(display_path(p, cwd) for p in files),
        sources=run.sources,
        internal_error=run.internal_error,
        tracebacks=run.tracebacks,
    )
