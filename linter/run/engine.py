"""The pipeline: discover → load each file once → validate → build the model → run rules → filter.

``lint`` is the single entry point the CLI (and tests, and plugins' tests) use. It never raises for
bad input: every problem becomes a located diagnostic. It raises :class:`UsageError` only for
problems with the invocation itself (a path that does not exist).
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.cache.store import Cache, maybe_trim
from linter.catalog.registry import RuleSet
from linter.core import codes
from linter.core.diagnostics import Diagnostic, Span
from linter.core.figures import Figure, WorkspaceCoverage, below, percent_text, plain
from linter.core.options import LintOptions
from linter.core.paths import Containment
from linter.core.result import LintResult
from linter.discover.workspace import (
    WalkResult,
    display_path,
    files_by_root,
    find_root,
    has_config,
    looks_like_spec,
    walk_specs,
)
from linter.load import fast as fastload
from linter.load.reference import LoadProblem
from linter.model.blueprint import Blueprint, SourceFile
from linter.model.coverage import coverage
from linter.model.rule import Rule
from linter.run import adoption, fact_store, file_stage, incremental, progress, redaction, rule_runner, walk_warnings
from linter.run.masked_sources import MaskedSources
from linter.run.progress import Progress
from linter.settings.resolve import WorkspaceSettings
from linter.validate.schema import SchemaProblem


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
        self.sources = MaskedSources()
        self.internal_error = False
        self.tracebacks: list[str] = []
        self.adoption = adoption.RunState(ruleset, options)
        self.adoption.masked = self.sources.ranges
        self.cache = Cache(options.cache_dir, options.memory)
        # redaction: what the redacting rules found in the current workspace (linter/run/redaction.py),
        # and the per-file cache entries of its files, written once the rules ran (_redact).
        self.found = redaction.Found()
        self.pending: list[tuple[Path, str, tuple[str, bytes]]] = []
        # ... and those read from its pack (file_stage.read_pack), kept for the pack written next,
        # with the pack's key (None: the workspace is not packed, a long-lived process say).
        self.packed: list[tuple[Path, str, tuple[str, bytes]]] = []
        self.pack_key: str | None = None
        # Files of the workspace being linted that loaded only in part (an extra YAML document is
        # ignored, SY003): what was left out could explain an absence, as for a file that did not load.
        self.partly_loaded: list[tuple[str, str, bool]] = []
        # With ``keep_models`` (the pictures and the report), each workspace's model is kept for
        # the caller, so the rules and the pictures share one parse per file.
        self.models: list[WorkspaceModel] | None = None
        # The coverage figures of each workspace (computed with its rules, or replayed from the cache).
        self.coverage: list[WorkspaceCoverage] = []
        # The incremental run of the workspace being linted (linter/run/incremental.py), if any.
        self.session: incremental.Session | None = None
        # The paths named (absolute), the named directories by the workspace root above them
        # (set by _lint), and what the run tells on stderr besides its findings.
        self.named_paths: list[Path] = []
        self.named_below: dict[Path, list[Path]] = {}
        self.warnings: list[str] = []

    def enabled(self, code: str) -> bool:
        return self.options.enabled is None or code in self.options.enabled

    def emit(self, code: str, message: str, file: str, span: Span, pointer: str, abs_path: str = "") -> None:
        if not self.enabled(code):
            return
        rule = self.rules_by_code[code]
        severity = self.options.severities.get(code, rule.severity)
        self.diagnostics.append(Diagnostic(code, rule.name, severity, message, file, span, pointer, abs_path))

    # -- loading ----------------------------------------------------------------------------
    def report_load(
        self, loaded: _Loaded, schema_problems: list[SchemaProblem], schema_spans: Sequence[Span] | None = None
    ) -> None:
        """A loaded file's load and schema problems; ``schema_spans``: where the schema problems lie,
        as found when the file was loaded (linter/run/file_stage.py), else located here."""
        source = loaded.source
        self.sources[source.display] = loaded.text
        for problem in loaded.problems:
            self.emit(problem.code, problem.message, source.display, problem.span, problem.pointer, str(source.path))
        if not source.has_data or source.locator is None:
            return
        if schema_spans is not None and len(schema_spans) != len(schema_problems):
            schema_spans = None
        for index, schema_problem in enumerate(schema_problems):
            locator = source.locator
            if schema_spans is not None:
                span = schema_spans[index]
            elif schema_problem.on_key:
                span = locator.key_span(schema_problem.pointer)
            else:
                span = locator.span(schema_problem.pointer)
            self.emit(
                codes.SCHEMA_VIOLATION,
                schema_problem.message,
                source.display,
                span,
                schema_problem.pointer,
                str(source.path),
            )

    # -- rules ------------------------------------------------------------------------------
    def run_rules(
        self,
        model: Blueprint,
        unloaded: Sequence[tuple[str, str, bool]] = (),
        session: incremental.Session | None = None,
    ) -> None:
        """Run the enabled rules on the model; ``unloaded`` lists the workspace's files that could
        not be loaded as (display, absolute path, requested): while there are any, the rules that
        conclude from absence are held back (``Rule.needs_complete_blueprint``). With a
        ``session``, the rules that judge entities run only on what the edit since the previous
        run can affect (linter/run/incremental.py)."""
        rules = [r for r in self.ruleset.rules if r.origin != "core" and self.enabled(r.code)]
        if unloaded:
            held = [r for r in rules if r.needs_complete_blueprint]
            rules = [r for r in rules if not r.needs_complete_blueprint]
            self._report_held_back(held, unloaded, model)
        outcomes = self._outcomes(rules, model, session)
        # redaction: what the rules that point at secrets found, those not selected run for it.
        self.found = redaction.collect(model, rules, outcomes, self.ruleset.rules, self.options.rule_timeout)
        if session is not None and session.plan is not None and (self.found.values or not self.found.complete):
            # A secret (or a redacting rule that failed): the redaction of the whole workspace
            # depends on it, so nothing is taken from the previous run.
            session.plan = None
            outcomes = self._outcomes(rules, model, session)
            self.found = redaction.collect(model, rules, outcomes, self.ruleset.rules, self.options.rule_timeout)
        self.session = session
        for rule, outcome in zip(rules, outcomes, strict=True):
            if outcome.timed_out:
                self.internal_error = True
                self.emit(
                    codes.INTERNAL_ERROR,
                    f"rule {rule.code} ({rule.name}, {rule.origin}) did not finish within "
                    f"{self.options.rule_timeout:g} seconds and was stopped (--rule-timeout)",
                    "",
                    Span(1, 1, 1, 1),
                    "",
                )
            elif outcome.crash:
                self.internal_error = True
                self.tracebacks.append(f"rule {rule.code} ({rule.name}):\n{outcome.trace}")
                self.emit(
                    codes.INTERNAL_ERROR,
                    f"rule {rule.code} ({rule.name}, {rule.origin}) crashed: {outcome.crash}",
                    "",
                    Span(1, 1, 1, 1),
                    "",
                )
            else:
                self.report_findings(rule, model, outcome.findings)

    def _outcomes(
        self, rules: Sequence[Rule], model: Blueprint, session: incremental.Session | None
    ) -> list[rule_runner.Outcome]:
        """Each rule's outcome on the whole blueprint: run on the model, or on the focused model
        and merged with the previous run's findings on the clean entities."""
        # A large model is shared with a forked second process (linter/run/rule_runner.py); --jobs 1
        # keeps everything in this process.
        parallel = self.options.jobs != 1 and len(model.entities()) >= rule_runner.PARALLEL_MIN_ENTITIES
        models = None if session is None else [session.model_for(rule) for rule in rules]
        if models is not None and all(m is model for m in models):
            models = None
        outcomes = rule_runner.run_rules(
            rules, model, self.options.rule_timeout, parallel=parallel, models=models, keep_facts=session is not None
        )
        if session is None:
            return outcomes
        for index, (rule, outcome) in enumerate(zip(rules, outcomes, strict=True)):
            if outcome.timed_out or outcome.crash:
                continue
            if models is not None and models[index] is not model:
                merged = session.merge(rule, outcome.findings)
                if merged is None:  # a finding outside what it was shown: run it whole
                    outcome = outcomes[index] = rule_runner.run_one(
                        rule, model, self.options.rule_timeout, rule_runner.file_indexes(model)
                    )
                else:
                    outcome.findings = merged
            session.record(rule, outcome.findings)
        return outcomes

    def _report_held_back(
        self, held: Sequence[Rule], unloaded: Sequence[tuple[str, str, bool]], model: Blueprint
    ) -> None:
        """One SY010 on each requested file that did not load; when none of them was asked for (a
        pre-commit run names only the changed files), one without a file, which the run says on
        stderr (a file outside the named paths never fails the run by itself)."""
        if not held or not any(source.has_data for source in model.files):
            return  # nothing held back, or nothing loaded that the held-back rules would have judged
        names = ", ".join(rule.code for rule in held)
        count = f"{len(held)} rule{'s' if len(held) != 1 else ''}"
        why = f"{count} that conclude from what is absent were held back until it loads ({names})"
        targets = [(display, path, "this file could not be loaded") for display, path, req in unloaded if req]
        if not targets:
            if not any(s.requested for s in model.files):
                return
            # None of them was named: a run-level SY010 (no file), which _lint turns into a warning
            # on stderr, so a file outside the named paths never fails the run by itself while the
            # held-back rules are still said.
            others = ", ".join(display for display, _, _ in unloaded)
            them = "it" if len(unloaded) == 1 else "them"
            targets = [("", "", f"{others}, outside the named paths, could not be loaded (check {them} to see why)")]
        for display, path, cause in targets:
            self.emit(codes.RULES_HELD_BACK, f"{cause}: {why}", display, Span(1, 1, 1, 1), "", path)

    def check_coverage(self, settings: WorkspaceSettings, model: Blueprint, figures: Sequence[Figure]) -> None:
        """CV001 for each figure below the minimum the workspace's configuration sets (``coverage:``),
        on the ``project`` section of the first requested file that has one, else at the top of the
        first requested file that loaded."""
        minimums = settings.coverage
        if not minimums:
            return
        requested = [source for source in model.files if source.requested and source.has_data]
        if not requested:
            return
        where = next((s for s in requested if s.states_project()), None)
        if where is not None and where.locator is not None:
            source, pointer, span = where, "/project", where.locator.key_span("/project")
        else:
            source, pointer, span = requested[0], "", Span(1, 1, 1, 1)
        for figure in figures:
            minimum = minimums.get(figure.key)
            if minimum is None or not below(figure, minimum):
                continue
            shown = ", ".join(figure.missing[:_MISSING_SHOWN])
            more = len(figure.missing) - _MISSING_SHOWN
            if more > 0:
                shown += f" and {more:,} more"
            self.emit(
                codes.COVERAGE_BELOW_MINIMUM,
                f"coverage {figure.key} ({figure.label}) is {percent_text(figure)} ({figure.covered:,} of "
                f"{figure.total:,}), below the configured minimum of {minimum:g}%; missing: {shown}",
                source.display,
                span,
                pointer,
                str(source.path),
            )

    def report_findings(self, rule: Rule, model: Blueprint, findings: Sequence[incremental.Portable]) -> None:
        """Locate a rule's findings (already resolved to a file and pointer by
        linter/run/rule_runner.py): an unchanged file's from the positions the previous run found
        (linter/run/incremental.py), any other through the file's locator."""
        severity = self.options.severities.get(rule.code, rule.severity)
        code, name, session = rule.code, rule.name, self.session
        files = model.files
        known: dict[int, Mapping[tuple[str, bool], incremental.Position] | None] = {}
        paths: dict[int, str] = {}
        append = self.diagnostics.append
        for file_index, pointer, message, on_key in findings:
            source = files[file_index]
            if not source.requested:
                continue
            if file_index not in known:
                known[file_index] = None if session is None else session.known_spans(source)
                paths[file_index] = str(source.path)
            table = known[file_index]
            position = None if table is None else table.get((pointer, on_key))
            if position is not None:
                span = Span(*position)
            elif source.locator is None:
                span = Span(1, 1, 1, 1)
            else:
                span = source.locator.key_span(pointer) if on_key else source.locator.span(pointer)
                if session is not None:
                    session.note_span(source, pointer, on_key, span)
            append(Diagnostic(code, name, severity, message, source.display, span, pointer, paths[file_index]))

    # -- workspaces -------------------------------------------------------------------------
    def load_workspace(
        self, root: Path, requested: Sequence[Path], named: frozenset[Path] = frozenset()
    ) -> tuple[WorkspaceSettings, list[SourceFile]]:
        """Apply the workspace's settings and load every spec file of it once; the load and
        schema diagnostics of the requested files are recorded."""
        settings, entries = self._prepare(root, requested, named)
        sources = self._load_entries(root, entries)
        self._forget_entries()  # redaction: no rules ran, so no file is known to be free of secrets
        return settings, sources

    def _prepare(
        self, root: Path, requested: Sequence[Path], named: frozenset[Path]
    ) -> tuple[WorkspaceSettings, list[tuple[file_stage.Snapshot, str, bool]]]:
        """The workspace's settings, and every spec file read (not parsed) and hashed."""
        # adoption: this workspace's settings (config + CLI) replace the run-wide options and rules.
        settings = self.adoption.settings(root)
        self.options, self.ruleset = self.adoption.workspace_options(settings)
        self.rules_by_code = settings.by_code
        requested = self.adoption.select_files(settings, requested, named)
        wanted = set(requested)
        walk = walk_specs(
            root,
            stop_at_nested_roots=True,
            respect_gitignore=self.options.respect_gitignore,
            memory=self.options.memory,
        )
        walked = walk.files
        overlays = self.options.overlays
        if overlays:
            walked = _with_overlays(walked, overlays, root)
        others = [p for p in walked if p not in wanted and not settings.excluded(p)]
        self._note_outside(root, others)
        containment = Containment(root)
        snapshots = [
            file_stage.snapshot(path, self.options.limits, root, overlays.get(path), self.options.memory, containment)
            for path in sorted(wanted) + sorted(others)
        ]
        entries = [(snap, display_path(snap.path, self.cwd), snap.path in wanted) for snap in snapshots]
        for snap, display, is_requested in entries:
            if is_requested and snap.text is not None:
                self.sources[display] = snap.text
        return settings, entries

    def _note_outside(self, root: Path, others: Sequence[Path]) -> None:
        """One warning when a named directory's workspace root lies above it and files outside
        the named paths are loaded for references: a new user's ``check some/dir`` in a git
        repository without a configuration loads the whole repository as one blueprint."""
        below = self.named_below.get(root)
        if not below:
            return
        outside = [p for p in others if not any(n == p or n in p.parents for n in self.named_paths)]
        if not outside:
            return
        shown_root = display_path(root, self.cwd) or "."
        why = (
            "its configuration"
            if has_config(root)
            else "the top of the git repository; no configuration file on the way"
        )
        named = display_path(below[0], self.cwd) or "."
        count = f"{len(outside):,} blueprint file{'s' if len(outside) != 1 else ''}"
        self.warnings.append(
            f"{named}: {count} outside the named paths {'was' if len(outside) == 1 else 'were'} loaded from the "
            f"workspace root {shown_root} ({why}) to resolve references; a .blueprint-lint.yaml in {named} "
            "makes it a workspace of its own"
        )

    def _load_entries(self, root: Path, entries: list[tuple[file_stage.Snapshot, str, bool]]) -> list[SourceFile]:
        """Load and validate each file once (linter/run/file_stage.py: per-file cache and the
        workspace's pack of it, process pool)."""
        limits = self.options.limits
        self.pack_key = file_stage.pack_key(root, limits) if file_stage.packs(self.cache) else None
        pack = None if self.pack_key is None else file_stage.read_pack(self.cache, self.pack_key)
        # A long-lived process keeps its files' data from run to run: it never defers (linter/core/memory.py).
        defer = self.options.memory is None
        outcomes = file_stage.load_all(
            [snap for snap, _, _ in entries], limits, self.cache, self.options.jobs, pack, defer
        )
        del pack  # what this run uses of it is in self.packed
        sources: list[SourceFile] = []
        for (snap, display, is_requested), outcome in zip(entries, outcomes, strict=True):
            if snap.text is None:
                if is_requested:
                    self.emit(snap.code, snap.reason, display, Span(1, 1, 1, 1), "", str(snap.path))
                continue
            source = self._source_file(snap, display, outcome, is_requested)
            if outcome.has_data and any(p.code in codes.UNLOADABLE for p in outcome.problems):
                self.partly_loaded.append((display, str(snap.path), is_requested))
            if is_requested:
                loaded = _Loaded(source, snap.text, outcome.problems)
                self.report_load(loaded, outcome.schema_problems, outcome.schema_spans)
            if outcome.entry is not None:
                self.pending.append((snap.path, display, outcome.entry))
            if outcome.packed is not None:
                self.packed.append((snap.path, display, outcome.packed))
            sources.append(source)
        if not file_stage.writes_pack(len(self.pending)):
            self.packed.clear()  # no new pack will be written (store_entries): keep no copy of the old one
        sources.sort(key=lambda s: s.display)
        return sources

    def _source_file(
        self, snap: file_stage.Snapshot, display: str, outcome: file_stage.FileOutcome, is_requested: bool
    ) -> SourceFile:
        """The model's file for a loaded snapshot; in a long-lived process, the previous run's own
        when nothing it was made of changed (the entities it holds then need not be derived again)."""
        limits, memory = self.options.limits, self.options.memory
        if outcome.deferred is not None and outcome.outline is not None:
            return self._deferred_file(snap, display, outcome, is_requested)

        def build() -> SourceFile:
            source = SourceFile(
                snap.path, display, outcome.data, file_stage.locator_for(snap, outcome, limits), is_requested
            )
            references = outcome.references_reader()
            if references is not None:
                source.remember_references(references)
            return source

        if memory is None or outcome.data is None:
            return build()
        made_of = (snap, outcome.data, outcome.locator)
        source: SourceFile = memory.source_file(snap.path, made_of, (display, is_requested, limits), build)
        return source

    def _deferred_file(
        self, snap: file_stage.Snapshot, display: str, outcome: file_stage.FileOutcome, is_requested: bool
    ) -> SourceFile:
        """A file whose cached data is decoded only when something reads it: most of an edit
        re-run's files are read by no rule (linter/model/blueprint.SourceFile.deferred). Data
        that does not decode (a damaged entry) is loaded again from the file's text, as a miss
        of the entry would have been."""
        limits, text = self.options.limits, snap.text
        assert outcome.outline is not None and text is not None

        def read() -> dict[str, Any]:
            data = outcome.read_data()
            if data is None:
                data = fastload.load(text, limits).data
            if not isinstance(data, dict):
                raise ValueError(f"{display}: the file's data could not be read again")
            return data

        source = SourceFile.deferred(
            snap.path, display, outcome.outline, read, None, is_requested, outcome.references_reader()
        )
        source.locator = file_stage.locator_for(snap, outcome, limits, lambda: source.data)
        return source

    def lint_workspace(self, root: Path, requested: Sequence[Path], named: frozenset[Path] = frozenset()) -> None:
        # (perf) Files are read and hashed first; a workspace whose files, settings, rules, schema and
        # tool are unchanged replays its cached findings. The adoption filter stage (suppressions,
        # per-file ignores) always runs, on fresh and replayed findings alike, so the cache holds
        # the rules' raw findings. A run with a baseline needs the entities' data, so it never replays.
        first = len(self.diagnostics)
        settings, entries = self._prepare(root, requested, named)
        # A run that keeps the models needs them built, so it never replays either.
        replayable = self.options.baseline is None and not self.options.collect_anchors and self.models is None
        key_options = dataclasses.replace(
            self.options,
            cache_dir=None,
            jobs=None,
            debug=False,
            progress=False,
            statistics=False,
            respect_gitignore=True,
            verbose=False,
            overlays={},
            memory=None,
        )
        # The coverage figures: asked for (--statistics), or needed for the configured minimums (CV001).
        wanted = self.options.statistics or bool(settings.coverage)
        key = file_stage.workspace_key(root, entries, (key_options, settings.fingerprint()), self.ruleset, self.cwd)
        replay = self.cache.get("workspace", key) if replayable else None
        figures: list[Figure] | None = None
        entry = file_stage.workspace_entry(replay)
        if entry is not None and (entry[2] is not None or not wanted):
            cached, masks, stored = entry
            self.diagnostics.extend(cached)
            figures = None if stored is None else [Figure.from_plain(figure) for figure in stored]
            sources = [SourceFile(snap.path, display, None, None, req) for snap, display, req in entries]
            complete = True
        else:
            crashed_before = self.internal_error
            size = sum(len(snap.text or "") for snap, _, _ in entries)
            status = Progress(self.options.progress and size >= progress.MIN_BYTES)
            status.show(f"loading {len(entries):,} files ({size / 1e6:.0f} MB)…")
            self.partly_loaded = []
            sources = self._load_entries(root, entries)
            status.show("running the rules…")
            unloaded = [(display, str(snap.path), req) for snap, display, req in entries if snap.text is None]
            unloaded += [(s.display, str(s.path), s.requested) for s in sources if not s.has_data]
            unloaded += self.partly_loaded
            model = Blueprint(sources)
            setup = file_stage.setup_key(root, (key_options, settings.fingerprint()), self.ruleset, self.cwd)
            session = self._session(setup, model, entries) if not unloaded else None
            self._carry_facts(setup, model, session)
            self.run_rules(model, sorted(unloaded), session)
            if wanted:
                figures = self._redact_figures(coverage(model))
                if not unloaded:  # a file that did not load may hold what a figure misses
                    self.check_coverage(settings, model, figures)
            if self.models is not None:
                self.models.append(WorkspaceModel(display_path(root, self.cwd) or ".", model, self.ruleset))
            masks, complete = self._redact(first), self.found.complete
            status.clear()
            if self.internal_error == crashed_before and complete:
                stored_figures = None if figures is None else plain(figures)
                if self.options.memory is None:  # a long-lived process keeps models: it never replays
                    self.cache.put(
                        "workspace", key, file_stage.workspace_value(self.diagnostics[first:], masks, stored_figures)
                    )
                if session is not None and not self.found.values:
                    self.cache.put("incremental", setup, session.state().plain())
                    self._keep_facts(setup, model, session)
            self.session = None
        if self.options.statistics and figures is not None and any(req for _, _, req in entries):
            self.coverage.append(WorkspaceCoverage(display_path(root, self.cwd) or ".", tuple(figures)))
        # adoption: the filter stage (inline suppressions, per-file ignores) over this workspace.
        suppressed = len(self.adoption.suppressed)
        kept = self.adoption.filter(settings, self.diagnostics[first:], sources, self.sources)
        self.diagnostics[first:] = kept
        self._mask_sources(masks, [*kept, *self.adoption.suppressed[suppressed:]], complete)

    def _carry_facts(self, setup: str, model: Blueprint, session: incremental.Session | None) -> None:
        """The per-entity facts of the previous run (``Blueprint.memo_of``) for every entity this
        edit cannot affect: kept in memory by a long-lived process (``LintOptions.memory``), else
        stored in the cache with the state the plan is against (linter/run/fact_store.py)."""
        plan = session.plan if session is not None else None
        if session is None or plan is None or session.previous is None:
            return
        memory = self.options.memory
        previous = memory.value(_FACTS, setup) if memory is not None else None
        if previous is None:
            previous = self._stored_facts(setup, session.previous.files)
        if previous:
            model.carry_facts(previous, plan.dirty_owners, plan.changed | plan.removed)

    def _stored_facts(self, setup: str, files: Mapping[str, incremental.Facts]) -> fact_store.Facts | None:
        """The facts the cache holds for ``setup``, if they were computed with exactly these files."""
        stored = self.cache.get("facts", setup)
        if not (isinstance(stored, tuple) and len(stored) == 2):
            return None
        tag, raw = stored
        if tag != fact_store.token_of(files):
            return None
        return fact_store.decode(raw, fact_store.rule_packages(self.ruleset.rules))

    def _keep_facts(self, setup: str, model: Blueprint, session: incremental.Session) -> None:
        """This run's per-entity facts, for the next run of the same setup (its plan is against the
        state this run stores): in memory for a long-lived process, else in the cache."""
        facts = model.entity_facts()
        if self.options.memory is not None:
            self.options.memory.keep_value(_FACTS, setup, facts)
            return
        raw = fact_store.encode(facts)
        if raw is not None:  # else the stored ones are another state's: the next run does not take them
            self.cache.put("facts", setup, (fact_store.token_of(session.facts), raw))

    def _session(
        self, setup: str, model: Blueprint, entries: Sequence[tuple[file_stage.Snapshot, str, bool]]
    ) -> incremental.Session | None:
        """The incremental run of a workspace whose files all loaded: against the state the
        previous run of the same setup left, if any (linter/run/incremental.py)."""
        if not self.cache.enabled:
            return None
        previous = incremental.from_plain(self.cache.get("incremental", setup))
        digests = {display: snap.digest for snap, display, _ in entries}
        targets = None
        if self.options.memory is not None:  # kept and patched from run to run
            targets = self.options.memory.value(_TARGETS, setup)
            if not isinstance(targets, incremental.TargetIndex):
                targets = incremental.TargetIndex()
            self.options.memory.keep_value(_TARGETS, setup, targets)
        return incremental.Session(previous, model, digests, targets)

    # -- redaction (linter/run/redaction.py) ------------------------------------------------
    def _redact_figures(self, figures: list[Figure]) -> list[Figure]:
        """The figures with any found secret masked in the ids they list as missing (an id is
        blueprint text like any other), before they are shown or cached."""
        if not self.found.values:
            return figures
        finder = redaction.Finder(self.found.values)
        return [
            dataclasses.replace(figure, missing=tuple(finder.redact(name) for name in figure.missing))
            for figure in figures
        ]

    def _redact(self, first: int) -> redaction.Masks:
        """After the rules of a workspace: the found secrets out of its messages and tracebacks,
        where its excerpts are masked (kept with its cached diagnostics), and the per-file cache
        entries written for the files that hold no found secret."""
        found = self.found
        finder = redaction.Finder(found.values)
        self.diagnostics[first:] = redaction.redact_messages(self.diagnostics[first:], finder)
        self.tracebacks = [finder.redact(trace) for trace in self.tracebacks]
        self.adoption.secret_values |= found.values
        masks = redaction.stored_masks(self.sources, found, self.diagnostics[first:], finder)
        if found.complete:

            def clean(entries: list[tuple[Path, str, tuple[str, bytes]]]) -> list[tuple[str, bytes]]:
                return [entry for path, display, entry in entries if path not in found.files and display not in masks]

            file_stage.store_entries(self.cache, clean(self.pending), clean(self.packed), self.pack_key)
        self._forget_entries()
        return masks

    def _forget_entries(self) -> None:
        self.pending.clear()
        self.packed.clear()

    def _mask_sources(self, masks: redaction.Masks, shown: Sequence[Diagnostic], complete: bool) -> None:
        """Mask the workspace's source texts (what every reporter quotes): the stored masks, and
        what the redacting rules find on the lines the remaining findings' excerpts show, when a
        text is read (linter/run/masked_sources.py: a report that quotes none never scans)."""
        self.sources.mask_later(masks, shown, redaction.redacting(self.ruleset.rules), complete)


# How many of a figure's missing ids a CV001 message names.
_MISSING_SHOWN = 5


@dataclass
class WorkspaceModel:
    """One workspace's model and the rules configured for it (options applied)."""

    root: str
    model: Blueprint
    ruleset: RuleSet


@dataclass
class LoadedModels:
    workspaces: list[WorkspaceModel] = field(default_factory=list)
    # Syntax and schema diagnostics of the named files, sorted like ``check`` sorts them.
    problems: list[Diagnostic] = field(default_factory=list)
    # Named files that gave no data at all (unreadable, or not YAML), so the model lacks them.
    unloaded: list[str] = field(default_factory=list)


# The run memory's kind for the per-entity facts of the last run that stored its state, by setup key
# (a run that stores none leaves them as they were: those of the state the next run plans against).
_FACTS = "entity-facts"
# ... and the index of which files name an id (linter/run/incremental.TargetIndex), by setup key.
_TARGETS = "target-index"


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run without the cyclic garbage collector, and put it back as it was.

    A run builds millions of long-lived objects (the loaded data, the model) and almost no cyclic
    garbage, so every full collection walks the whole heap and frees nothing: about a quarter of
    the time on a 20,000-interface blueprint. Reference counting still frees everything else; an
    embedding process gets its collector back when the run ends. (The command line turns the
    collector off for its whole short life: linter/cli/launch.py.)
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def load_models(
    paths: Sequence[Path], ruleset: RuleSet, options: LintOptions | None = None, cwd: Path | None = None
) -> LoadedModels:
    """The model of every workspace ``paths`` belong to, without running the rules.

    For commands that report on the model rather than lint it (``blueprint-lint capacity``): the
    same discovery, configuration, loading and validation as :func:`lint`, so the model is exactly
    the one the rules see.
    """
    options = options or LintOptions()
    cwd = Path(os.path.abspath(cwd or Path.cwd()))
    run = _Run(ruleset, options, cwd)
    named: set[Path] = set()
    loaded = LoadedModels()
    with collector_paused():
        _load_workspaces(run, paths, cwd, named, loaded)
    loaded.problems = sorted(set(run.diagnostics), key=lambda d: d.sort_key)
    loaded.unloaded = sorted(set(loaded.unloaded))
    return loaded


def _load_workspaces(run: _Run, paths: Sequence[Path], cwd: Path, named: set[Path], loaded: LoadedModels) -> None:
    by_root = files_by_root(
        paths, cwd, named, respect_gitignore=run.options.respect_gitignore, virtual=run.options.overlays
    )
    for root, requested in sorted(by_root.items()):
        _, sources = run.load_workspace(root, requested, frozenset(named))
        loaded.unloaded += [s.display for s in sources if s.requested and not s.has_data]
        loaded.unloaded += [
            display_path(p, cwd) for p in requested if p not in {s.path for s in sources} and p in run.adoption.linted
        ]
        loaded.workspaces.append(WorkspaceModel(display_path(root, cwd) or ".", Blueprint(sources), run.ruleset))


def lint(
    paths: Sequence[Path], ruleset: RuleSet, options: LintOptions | None = None, cwd: Path | None = None
) -> LintResult:
    """Lint ``paths`` (files or directories) and return sorted, deduplicated diagnostics."""
    return _lint(paths, ruleset, options, cwd, keep_models=False)[0]


def lint_with_models(
    paths: Sequence[Path], ruleset: RuleSet, options: LintOptions | None = None, cwd: Path | None = None
) -> tuple[LintResult, list[WorkspaceModel]]:
    """:func:`lint`, and the model of each workspace the rules ran on (for the diagrams and the
    report, which draw the model and mark its findings: one parse per file serves both). The
    result cache's workspace replay is skipped, since a replay has no model."""
    result, models = _lint(paths, ruleset, options, cwd, keep_models=True)
    return result, models or []


def _lint(
    paths: Sequence[Path], ruleset: RuleSet, options: LintOptions | None, cwd: Path | None, keep_models: bool
) -> tuple[LintResult, list[WorkspaceModel] | None]:
    options = options or LintOptions()
    cwd = Path(os.path.abspath(cwd or Path.cwd()))
    run = _Run(ruleset, options, cwd)
    if keep_models:
        run.models = []
    named: set[Path] = set()
    walked: dict[Path, WalkResult] = {}
    given = [Path(os.path.abspath(cwd / p)) for p in paths or [Path(".")]]
    run.named_paths = given
    for directory in given:
        root = find_root(directory) if directory.is_dir() else directory
        if root != directory:
            run.named_below.setdefault(root, []).append(directory)
    with collector_paused():
        by_root = files_by_root(
            paths, cwd, named, respect_gitignore=options.respect_gitignore, walked=walked, virtual=options.overlays
        )
        for root, requested in sorted(by_root.items()):
            run.lint_workspace(root, requested, frozenset(named))
    maybe_trim(options.cache_dir)  # keeps the cache within its size limit (at most hourly)
    unique = sorted(set(run.diagnostics), key=lambda d: d.sort_key)
    # Run-level SY010 (held-back rules for files outside the named paths): said on stderr.
    held = [d for d in unique if d.code == codes.RULES_HELD_BACK and not d.file]
    unique = [d for d in unique if d not in held]
    warnings = [
        *_empty_directories(given, cwd, run.adoption.linted, walked),
        *walk_warnings.skipped(walked, run.adoption.workspaces, cwd, options.verbose),
        *run.warnings,
        *(d.message for d in held),
    ]
    result = LintResult(
        diagnostics=unique,
        files=sorted(display_path(p, cwd) for p in run.adoption.linted),
        sources=run.sources,
        internal_error=run.internal_error,
        tracebacks=run.tracebacks,
        warnings=warnings,
        coverage=run.coverage,
    )
    run.adoption.finish(result, cwd)  # adoption: baseline stage, fail-on, config rules
    return result, run.models


def _with_overlays(walked: Sequence[Path], overlays: Mapping[Path, bytes], root: Path) -> list[Path]:
    """The walk's spec files as the overlays make them: a buffer without the ``blueprint_version``
    marker is not a spec file (whatever the disk holds), one with it is (even if not on disk),
    below ``root`` and outside nested workspaces alike as the walk decides for files on disk."""
    listed = set(walked)
    files = [p for p in walked if p not in overlays or looks_like_spec(overlays[p])]
    for path, text in overlays.items():
        if path not in listed and root in path.parents and find_root(path.parent) == root and looks_like_spec(text):
            files.append(path)
    return sorted(files)


def _empty_directories(
    given: Sequence[Path], cwd: Path, linted: Sequence[Path], walked: dict[Path, WalkResult]
) -> list[str]:
    """A warning for each directory named (or the current one) in which nothing was linted: "No
    problems found in 0 files" reads like a pass when the walk found no blueprint at all."""
    warnings = []
    for directory in given:
        if directory.is_dir() and not any(directory == p or directory in p.parents for p in linted):
            shown = display_path(directory, cwd) or "."
            walk = walked.get(directory)
            ignored = len(walk.ignored) if walk is not None else 0
            left_out = (
                f"; .gitignore/.ignore rules left out {ignored:,} entr{'ies' if ignored != 1 else 'y'} "
                "(--no-respect-gitignore lints them)"
                if ignored
                else ""
            )
            warnings.append(
                f"{shown}: no blueprint file to lint (a directory walk lints .yaml, .yml and .json files "
                f"with a top-level `blueprint_version` key that are not excluded){left_out}"
            )
    return warnings
