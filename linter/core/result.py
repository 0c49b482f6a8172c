"""What a run returns, and all a reporter renders."""

from __future__ import annotations

from dataclasses import dataclass, field

from linter.core.baseline import Anchor
from linter.core.diagnostics import Diagnostic
from linter.core.rule_info import RuleInfo


@dataclass
class LintResult:
    diagnostics: list[Diagnostic]
    files: list[str]
    # The text of each linted file, for excerpts: the secrets a rule found are masked, one "*" per
    # character, line breaks kept (linter/run/redaction.py). Reporters quote nothing else.
    sources: dict[str, str]
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
    # On request (``blueprint-lint baseline``), the findings' line-independent anchors.
    anchored: list[tuple[Anchor, Diagnostic]] = field(default_factory=list)

    def rule(self, code: str) -> RuleInfo | None:
        """The metadata of the rule with this code, if the run knew it."""
        return next((rule for rule in self.rules if rule.code == code), None)
