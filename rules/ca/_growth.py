"""What the growth rules (CA010, CA011) share: how a figure at the end of the growth horizon is
written, and which interface a finding is placed on. The growth factor itself is
:func:`._core.growth_factor`, applied per interface by the capacity model (:mod:`._model`).
"""

from __future__ import annotations

from ._core import MAX_GROWTH_FACTOR, format_number, format_percent, percent
from ._model import IdentityLoad, InterfaceLoad


def grown_words(load: InterfaceLoad) -> str:
    """``+20%/year over 3 years (× 1.73)``: how one interface's growth was applied."""
    if load.growth_factor >= MAX_GROWTH_FACTOR:
        return "beyond any limit"
    rate = load.interface.get_number("volume/growth/percent_per_year") or 0
    return f"+{rate:g}%/year over {load.growth_years} years (× {load.growth_factor:.2f})"


def grown_figure(value: float) -> str:
    return "beyond any limit" if value >= MAX_GROWTH_FACTOR else format_number(value)


def grown_share(value: float, limit: float) -> str:
    """`` (129%)``: the grown figure's share of the limit, or nothing when it is beyond any limit."""
    return "" if value >= MAX_GROWTH_FACTOR else f" ({format_percent(percent(value, limit))})"


def growth_contributors(identity: IdentityLoad, attribute: str) -> str:
    """``; at the horizon: IF-A 7,200 (+20%/year over 3 years (× 1.73)), IF-B 2,400 (no growth)``."""
    known = [load for load in identity.loads if getattr(load, attribute) is not None]
    if len(known) < 2 and all(load.growth_factor == 1 for load in known):
        return ""
    known.sort(key=lambda load: -(load.grown(attribute) or 0.0))
    parts = [
        f"{load.id} {grown_figure(load.grown(attribute) or 0.0)} "
        f"({grown_words(load) if load.growth_factor > 1 else 'no growth stated'})"
        for load in known
    ]
    return "; at the horizon: " + ", ".join(parts)


def growth_anchor(identity: IdentityLoad, attribute: str) -> InterfaceLoad:
    """The growing interface that contributes most at the horizon: its `volume.growth` is what a fix changes."""
    growing = [load for load in identity.loads if load.growth_factor > 1] or identity.loads
    return max(growing, key=lambda load: load.grown(attribute) or 0.0)


def horizon(identity: IdentityLoad) -> str:
    years = sorted({load.growth_years for load in identity.loads if load.growth_factor > 1 and load.growth_years})
    if len(years) == 1:
        return f"the {years[0]}-year growth horizon"
    return f"the growth horizons ({', '.join(str(y) for y in years)} years)"
