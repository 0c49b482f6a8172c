"""What the configuration and the command line mean for one workspace.

Precedence, for every setting: command-line flag > configuration file > built-in default. For rule
selection the command line is a second layer on top of the configuration (see
``linter/settings/selection.py``): ``--select`` replaces the configured selection, ``--extend-select``
adds to it, ``--ignore`` removes rules from whatever is selected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.catalog.registry import RuleSet
from linter.core.canonical import canonical
from linter.core.diagnostics import Severity
from linter.core.limits import LoadLimits
from linter.core.options import Overrides
from linter.model.rule import Rule
from linter.settings.config import Config, ConfigError, pointer_to
from linter.settings.custom_rules import build_custom_rules
from linter.settings.globs import glob_match, glob_problem
from linter.settings.selection import Layer, enabled_codes, matches_any, most_specific_value


@dataclass
class WorkspaceSettings:
    """Everything the engine needs to lint and filter one workspace."""

    root: Path
    config: Config
    rules: list[Rule]
    enabled: frozenset[str]
    severities: dict[str, Severity]
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    limits: LoadLimits = field(default_factory=LoadLimits)
    fail_on: str | None = None
    require_reason: bool = False
    # Minimum coverage percentages by figure key (the configuration's ``coverage``; CV001).
    coverage: dict[str, float] = field(default_factory=dict)
    by_code: dict[str, Rule] = field(init=False)

    def __post_init__(self) -> None:
        self.by_code = {rule.code: rule for rule in self.rules}

    def fingerprint(self) -> tuple[object, ...]:
        """What of these settings changes the rules' findings, for the result cache key: the
        configuration as written (custom rules included) and every rule's effective options."""
        options = tuple((rule.code, canonical(rule.options)) for rule in self.rules)
        return (str(self.config.path or ""), canonical(self.config.data), options)

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def excluded(self, path: Path) -> bool:
        if not self.exclude:  # asked for every file of a workspace: no relative path to compute
            return False
        relative = self.relative(path)
        return any(glob_match(glob, relative) for glob in self.exclude)

    def included(self, path: Path) -> bool:
        if not self.include:
            return True
        relative = self.relative(path)
        return any(glob_match(glob, relative) for glob in self.include)

    def file_ignore(self, path: Path, code: str) -> str | None:
        """The per-file-ignores glob that hides ``code`` in ``path``, if any."""
        rule = self.by_code.get(code)
        if rule is None:
            return None
        relative = self.relative(path)
        for glob, selectors in self.per_file_ignores.items():
            if glob_match(glob, relative) and matches_any(selectors, rule):
                return glob
        return None

    def severity(self, code: str) -> Severity:
        return self.severities.get(code) or self.by_code[code].severity


def _check_selectors(config: Config, rules: list[Rule], selectors: list[str], pointer: str) -> list[str]:
    problems = []
    for index, selector in enumerate(selectors):
        if not any(matches_any([selector], rule) for rule in rules):
            problems.append(
                config.problem(f"{pointer}/{index}", f"'{selector}' matches no rule (see `blueprint-lint rules`)")
            )
    return problems


def _configured_rules(config: Config, ruleset: RuleSet) -> tuple[list[Rule], list[str]]:
    """The ruleset with configured options applied, plus the configuration's custom rules."""
    problems: list[str] = []
    options_by_code: dict[str, dict[str, Any]] = {}
    for key, options in config.rule_options.items():
        at = pointer_to("rule-options", key)
        rule = ruleset.find(key)
        if rule is None:
            problems.append(config.problem(at, f"rule-options names unknown rule '{key}'", on_key=True))
            continue
        if not rule.options_schema:
            problems.append(config.problem(at, f"rule {rule.code} ({rule.name}) has no options", on_key=True))
            continue
        from jsonschema import Draft202012Validator  # only when options are configured (start-up)

        validator = Draft202012Validator(dict(rule.options_schema))
        for error in sorted(validator.iter_errors(options), key=lambda e: list(map(str, e.absolute_path))):
            inner = "".join(f"/{p}" for p in error.absolute_path)
            problems.append(config.problem(at + inner, f"option of rule {rule.code}: {error.message}"))
        options_by_code[rule.code] = options
    rules: list[Rule] = []
    for rule in ruleset.rules:
        if rule.code in options_by_code:
            configured = type(rule)(options_by_code[rule.code])
            configured.origin = rule.origin
            rules.append(configured)
        else:
            rules.append(rule)
    try:
        rules += build_custom_rules(config, ruleset.rules)
    except ConfigError as error:
        problems += error.problems
    rules.sort(key=lambda r: r.code)
    return rules, problems


def resolve(root: Path, config: Config, ruleset: RuleSet, overrides: Overrides) -> WorkspaceSettings:
    """Combine defaults, the configuration and the command line; raises ConfigError."""
    rules, problems = _configured_rules(config, ruleset)
    if config.select is not None:
        problems += _check_selectors(config, rules, config.select, "/select")
    problems += _check_selectors(config, rules, config.extend_select, "/extend-select")
    problems += _check_selectors(config, rules, config.ignore, "/ignore")
    for key in ("include", "exclude"):
        for index, glob in enumerate(getattr(config, key)):
            refused = glob_problem(glob)
            if refused:
                problems.append(config.problem(pointer_to(key, index), refused))
    for glob, selectors in config.per_file_ignores.items():
        refused = glob_problem(glob)
        if refused:
            problems.append(config.problem(pointer_to("per-file-ignores", glob), refused, on_key=True))
        problems += _check_selectors(config, rules, selectors, pointer_to("per-file-ignores", glob))
    for selector in config.severity:
        if not any(matches_any([selector], rule) for rule in rules):
            problems.append(
                config.problem(pointer_to("severity", selector), f"'{selector}' matches no rule", on_key=True)
            )
    given_flags = (
        ("--select", overrides.select or ()),
        ("--extend-select", overrides.extend_select),
        ("--ignore", overrides.ignore),
    )
    for flag, given in given_flags:
        for selector in given:
            if not any(matches_any([selector], rule) for rule in rules):
                problems.append(f"{flag} {selector}: matches no rule (see `blueprint-lint rules`)")
    if problems:
        raise ConfigError(problems)
    layers = [
        Layer(config.select, config.ignore, config.extend_select),
        Layer(overrides.select, overrides.ignore, overrides.extend_select),
    ]
    severities = {}
    for rule in rules:
        value = most_specific_value(config.severity, rule)
        if value is not None:
            severities[rule.code] = Severity.parse(value)
    return WorkspaceSettings(
        root=root,
        config=config,
        rules=rules,
        enabled=enabled_codes(rules, layers),
        severities=severities,
        per_file_ignores=config.per_file_ignores,
        include=config.include,
        exclude=config.exclude,
        limits=config.limits(),
        fail_on=overrides.fail_on or config.fail_on,
        require_reason=config.require_reason,
        coverage=config.coverage,
    )
