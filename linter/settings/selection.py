"""Rule selectors (``XR001``, ``XR``, ``unresolved-reference``, ``ALL``) (the workspace globs: ``linter/settings/globs.py``).

Selection follows ruff's model so that people who know ruff are not surprised:

* a selector matches a rule by exact name, by code prefix (an exact code is the longest prefix),
  or ``ALL``; the more characters a selector pins down, the more specific it is;
* inside one layer (the configuration, then the command line) a rule is on when its most
  specific ``select`` match beats its most specific ``ignore`` match (a tie goes to ``ignore``);
* a layer that sets ``select`` starts from nothing, so ``--select XR003`` on the command line
  runs exactly XR003 whatever the configuration ignores; a layer with only ``ignore`` removes
  rules from what the previous layer enabled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from linter.core import codes
from linter.model.rule import Rule

ALL = "ALL"
# Rules that cannot be switched off: a crashed rule and a file that could not be loaded.
ALWAYS_ON = codes.ALWAYS_ON


def specificity(selector: str, rule: Rule) -> int | None:
    """How specifically ``selector`` names ``rule`` (higher is more specific), or None."""
    text = selector.strip()
    if text.upper() == ALL:
        return 0
    if text.lower() == rule.name:
        return 1000
    if text and rule.code.upper().startswith(text.upper()):
        return len(text)
    return None


def matches_any(selectors: Iterable[str], rule: Rule) -> bool:
    return any(specificity(s, rule) is not None for s in selectors)


def best(selectors: Iterable[str], rule: Rule) -> int | None:
    found = [s for s in (specificity(sel, rule) for sel in selectors) if s is not None]
    return max(found) if found else None


@dataclass(frozen=True)
class Layer:
    """One source of selection: ``select`` None means "keep what the previous layer enabled"."""

    select: Sequence[str] | None = None
    ignore: Sequence[str] = ()


def enabled_codes(rules: Sequence[Rule], layers: Sequence[Layer]) -> frozenset[str]:
    """The codes enabled after applying ``layers`` in order over the default (everything on)."""
    enabled = {rule.code for rule in rules}
    for layer in layers:
        current: set[str] = set()
        for rule in rules:
            ignored = best(layer.ignore, rule)
            if layer.select is not None:
                selected = best(layer.select, rule)
                on = selected is not None and (ignored is None or selected > ignored)
            else:
                on = rule.code in enabled and ignored is None
            if on:
                current.add(rule.code)
        enabled = current
    return frozenset(enabled | {rule.code for rule in rules if rule.code in ALWAYS_ON})


def most_specific_value(mapping: Mapping[str, str], rule: Rule) -> str | None:
    """The value of the most specific selector key in ``mapping`` matching ``rule``."""
    chosen: tuple[int, str] | None = None
    for selector, value in mapping.items():
        score = specificity(selector, rule)
        if score is not None and (chosen is None or score > chosen[0]):
            chosen = (score, value)
    return chosen[1] if chosen else None
