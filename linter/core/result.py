"""What a run returns, and all a reporter renders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from linter.core import codes
from linter.core.baseline import Anchor
from linter.core.diagnostics import Diagnostic, Severity
from linter.core.figures import WorkspaceCoverage
from linter.core.rule_info import RuleInfo


@dataclass
class LintResult:
    diagnostics: list[Diagnostic]
    files: list[str]
    # The text of each linted file, for excerpts: the secrets a rule found are masked, one "*" per
    # character, line breaks kept (linter/run/redaction.py; masked when first read, so a report
    # that quotes none costs no masking: linter/run/masked_sources.py). Reporters quote nothing else.
    sources: Mapping[str, str]
    internal_error: bool = False
    # Tracebacks of crashed rules, printed with --debug.
    tracebacks: list[str] = field(default_factory=list)
    # Findings hidden by an inline suppression, the configuration or a baseline, each with its
    # ``suppression`` set; reporters that can carry them (SARIF) do, the others count them.
    suppressed: list[Diagnostic] = field(default_factory=list)
    # The configured fail-on (strictest of the workspaces').
    fail_on: str | None = None
    # Codes of the rules that ran in at least one workspace (None: every rule), for SARIF's rule list.
    enabled: frozenset[str] | None = None
    # Every rule the run knew (installed ones and those its configurations declared), sorted by
    # code, and the plugin distributions (name, version) that contributed rules: reporters'
    # metadata comes from here, so a reporter needs nothing but the result.
    rules: list[RuleInfo] = field(default_factory=list)
    plugins: list[tuple[str, str]] = field(default_factory=list)
    # What the run tells the user besides its findings (a directory with no blueprint file).
    warnings: list[str] = field(default_factory=list)
    # On request (``blueprint-lint baseline``), the findings' line-independent anchors.
    anchored: list[tuple[Anchor, Diagnostic]] = field(default_factory=list)
    # With ``LintOptions.statistics``, the coverage figures of each workspace linted, in workspace
    # order (linter/model/coverage.py), for ``check --statistics``; they come from the result cache
    # when a workspace is replayed.
    coverage: list[WorkspaceCoverage] = field(default_factory=list)

    def fails(self, fail_on: str) -> bool:
        """Whether the findings fail a run with this threshold (error, warning, info, never).

        A file that could not be loaded fails it whatever the threshold: nothing in it was checked.
        """
        if any(d.code in codes.UNLOADABLE for d in self.diagnostics):
            return True
        if fail_on == "never":
            return False
        threshold = Severity.parse(fail_on)
        return any(d.severity >= threshold for d in self.diagnostics)

    @property
    def unloaded_files(self) -> list[str]:
        """The files the run could not load (each has a finding that always fails the run)."""
        return sorted({d.file for d in self.diagnostics if d.code in codes.UNLOADABLE and d.file})
