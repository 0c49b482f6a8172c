"""Rule discovery through the ``blueprint_lint.rules`` entry-point group.

Built-in rules register through this group exactly as a third-party package does; the engine's own
diagnostics (syntax, schema, internal errors) are added here as "core".
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from linter.cache.identity import plugin_digest, plugin_packages
from linter.catalog.engine_rules import ENGINE_RULES
from linter.model.focus import JUDGEABLE
from linter.model.rule import Rule

ENTRY_POINT_GROUP = "blueprint_lint.rules"
BUILTIN_DISTRIBUTION = "blueprint-lint"
# How alike a misspelt code or name and a rule's must be for a "did you mean" (difflib's default).
_CLOSE = 0.6
_REQUIRED_METADATA = ("code", "name", "summary", "rationale", "how_to_fix", "passing_example", "failing_example")


class RegistryError(Exception):
    """A plugin could not be loaded or declares a broken rule (a usage error, exit code 2)."""


@dataclass
class RuleSet:
    rules: list[Rule] = field(default_factory=list)
    # Plugin distributions that contributed rules, as (name, version), for SARIF tool.extensions.
    plugins: list[tuple[str, str]] = field(default_factory=list)

    def by_code(self) -> dict[str, Rule]:
        return {rule.code: rule for rule in self.rules}

    def find(self, code_or_name: str) -> Rule | None:
        wanted = code_or_name.strip()
        for rule in self.rules:
            if rule.code.upper() == wanted.upper() or rule.name == wanted.lower():
                return rule
        return None

    def closest(self, code_or_name: str) -> Rule | None:
        """The rule whose code or name is nearest to a misspelt one (``XR01`` -> XR001,
        ``unresolved-refrence`` -> unresolved-reference), for a "did you mean"; None when nothing is
        close. Case does not count; ties go to the first in code order."""
        wanted = code_or_name.strip().lower()
        matcher = difflib.SequenceMatcher(b=wanted)
        chosen: tuple[float, Rule] | None = None
        for rule in sorted(self.rules, key=lambda r: r.code):
            for key in (rule.code.lower(), rule.name.lower()):
                matcher.set_seq1(key)
                # difflib.get_close_matches's measure and cutoff, but a tie keeps the first rule
                # (it would keep the greatest string: XR01 -> XR011 rather than XR001).
                score = matcher.ratio()
                if score >= _CLOSE and (chosen is None or score > chosen[0]):
                    chosen = (score, rule)
        return chosen[1] if chosen else None


def _rule_classes(obj: Any, where: str) -> list[type[Rule]]:
    if inspect.isclass(obj) and issubclass(obj, Rule):
        return [obj]
    if callable(obj):
        obj = obj()
    if isinstance(obj, Iterable) and not isinstance(obj, (str, bytes)):
        classes = list(obj)
        if all(inspect.isclass(c) and issubclass(c, Rule) for c in classes):
            return classes
    raise RegistryError(f"entry point {where} must be a Rule subclass or return an iterable of them")


def _check_metadata(cls: type[Rule], where: str) -> None:
    missing = [attr for attr in _REQUIRED_METADATA if not getattr(cls, attr, "")]
    if missing:
        raise RegistryError(f"rule {cls.__name__} from {where} lacks {', '.join(missing)}")
    judges = getattr(cls, "judges", ())
    unknown = [kind for kind in judges if kind not in JUDGEABLE] if isinstance(judges, tuple) else [repr(judges)]
    if unknown:
        raise RegistryError(
            f"rule {cls.__name__} from {where} judges {', '.join(map(str, unknown))}: "
            f"`judges` is a tuple of {', '.join(JUDGEABLE)}"
        )


def _origin(ep: EntryPoint) -> tuple[str, str] | None:
    dist = ep.dist
    if dist is None:
        return None
    return (dist.metadata["Name"], dist.version)


def load_rules() -> RuleSet:
    """Every installed rule, sorted by code; raises RegistryError on a broken plugin."""
    ruleset = RuleSet()
    seen: dict[str, str] = {}
    for cls in ENGINE_RULES:
        rule = cls()
        rule.origin = "core"
        ruleset.rules.append(rule)
        seen[rule.code] = "core"
    eps = sorted(
        entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: (ep.dist.metadata["Name"] if ep.dist else "", ep.name)
    )
    for ep in eps:
        dist = _origin(ep)
        builtin = dist is not None and dist[0] == BUILTIN_DISTRIBUTION
        origin = "built-in" if builtin or dist is None else f"{dist[0]} {dist[1]}"
        where = f"'{ep.name}' ({origin})"
        try:
            loaded = ep.load()
        except Exception as error:  # a broken plugin must not take the linter down with a traceback
            raise RegistryError(f"cannot load rule plugin {where}: {type(error).__name__}: {error}") from error
        classes = _rule_classes(loaded, where)
        if dist is not None and not builtin and dist not in ruleset.plugins:
            ruleset.plugins.append(dist)
        for cls in classes:
            _check_metadata(cls, where)
            if cls.code in seen:
                raise RegistryError(f"rule code {cls.code} from {where} is already used by {seen[cls.code]}")
            rule = cls()
            rule.origin = origin
            seen[cls.code] = origin
            ruleset.rules.append(rule)
    ruleset.rules.sort(key=lambda r: r.code)
    # The plugins' sources, hashed now, right after their import: what both caches key on is the
    # code this process runs (linter/cache/identity.py, plugin_digest).
    for package in plugin_packages(type(rule).__module__ for rule in ruleset.rules):
        plugin_digest(package)
    return ruleset
