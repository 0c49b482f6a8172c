"""Rule selectors (``XR001``, ``XR``, ``unresolved-reference``, ``ALL``) (the workspace globs: ``linter/settings/globs.py``).

Selection follows ruff's model so that people who know ruff are not surprised:

* a selector matches a rule by exact name, by code prefix (an exact code is the longest prefix),
  or ``ALL``; the more characters a selector pins down, the more specific it is;
* inside one layer (the configuration, then the command line) a rule is on when its most
  specific ``select`` match beats its most specific ``ignore`` match (a tie goes to ``ignore``);
* a layer that sets ``select`` starts from nothing, so ``--select XR003`` on the command line
  runs exactly XR003 whatever the configuration ignores; a layer with only ``ignore`` removes
  rules from what the previous layer enabled;
* ``extend-select`` adds to a layer's selection instead of replacing it: with ``select`` in the
  same layer it counts as more of ``select``; without, the rules it matches are turned on over
  what the previous layer enabled (``--extend-select XR003`` runs the configured rules plus XR003,
  even one the configuration ignores). Against the layer's own ``ignore``, the more specific
  selector wins as for ``select`` (a tie goes to ``ignore``).
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
    # Added to ``select`` (or, when ``select`` is None, to what the previous layer enabled).
    extend_select: Sequence[str] = ()


def _layer_enables(layer: Layer, rule: Rule, enabled_before: bool) -> bool:
    ignored = best(layer.ignore, rule)
    selectors = [*(layer.select or ()), *layer.extend_select]
    selected = best(selectors, rule)
    if selected is not None and (ignored is None or selected > ignored):
        return True
    # Not selected here: kept from the previous layer unless this one has select (starts afresh)
    # or ignores it.
    return layer.select is None and enabled_before and ignored is None


def enabled_codes(rules: Sequence[Rule], layers: Sequence[Layer]) -> frozenset[str]:
    """The codes enabled after applying ``layers`` in order over the default (everything on)."""
    enabled = {rule.code for rule in rules}
    for layer in layers:
        enabled = {rule.code for rule in rules if _layer_enables(layer, rule, rule.code in enabled)}
    return frozenset(enabled | {rule.code for rule in rules if rule.code in ALWAYS_ON})


def most_specific_value(mapping: Mapping[str, str], rule: Rule) -> str | None:
    """The value of the most specific selector key in ``mapping`` matching ``rule``."""
    chosen: tuple[int, str] | None = None
    for selector, value in mapping.items():
        score = specificity(selector, rule)
        if score is not None and (chosen is None or score > chosen[0]):
            chosen = (score, value)
    return chosen[1] if chosen else None
