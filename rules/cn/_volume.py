"""An interface's volume in records per hour, the unit Microsoft's volume guidance uses, and how
messages state it (the conversion itself is :func:`.._shared.units.per_hour`).

The finance and operations integration overview states peak volume as records per hour, and the
consistency rules (CN001, CN002, CN006, CN007) compare against thresholds in that unit. A rate
``{count, per}`` converts as:

- ``minute``, ``five_minutes``, ``hour``, ``day``, ``week``, ``month``: spread evenly over the
  unit (a month is 30 days). A daily figure therefore becomes its hourly average; a blueprint that
  knows its busy hour should state the peak ``per: hour``.
- ``run``: the records of one run, counted in the busiest clock hour. When the run is known to
  last longer than an hour (``expected_duration``, else the ``frequency.window``) its records are
  spread over that duration. Otherwise the run is assumed to finish within one hour, so all its
  records count in that hour, times the runs the ``frequency.interval`` starts per hour when the
  interval is shorter than an hour. Without a duration no shorter run is assumed: guessing ten
  minutes would multiply the figure by six on no evidence, and a threshold that fires on guesses
  gets disabled.

``volume.burst_factor`` (peak within five minutes) is a capacity-model input and is not applied
here: hourly thresholds are about sustained load.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linter.api import Entity

from .._shared.units import SECONDS_PER, duration_seconds, per_hour, window_seconds

PER_WORDS: dict[str, str] = {
    "minute": "per minute",
    "five_minutes": "per 5 minutes",
    "hour": "per hour",
    "day": "per day",
    "week": "per week",
    "month": "per month",
    "run": "per run",
}


def run_seconds(interface: Entity) -> float | None:
    """How long one run lasts: the declared ``expected_duration``, else the frequency window."""
    declared = duration_seconds(interface.get("expected_duration"))
    if declared:
        return declared
    return window_seconds(interface.get("frequency/window"))


def interval_seconds(interface: Entity) -> float | None:
    """The schedule interval (``frequency.interval``) in seconds, if stated and parseable."""
    return duration_seconds(interface.get("frequency/interval")) or None


def rate_of(interface: Entity, which: str) -> tuple[float, str] | None:
    """(count, per) of ``volume.<which>`` when both are present and well typed."""
    count = interface.get_number(f"volume/{which}/count")
    per = interface.get_str(f"volume/{which}/per")
    if count is None or per is None or (per not in SECONDS_PER and per != "run"):
        return None
    return count, per


def hourly(interface: Entity, which: str = "peak") -> float | None:
    """``volume.<which>`` of an interface in records (or the declared unit) per hour."""
    rate = rate_of(interface, which)
    if rate is None:
        return None
    count, per = rate
    return per_hour(count, per, run_seconds=run_seconds(interface), interval_seconds=interval_seconds(interface))


def unit_word(interface: Entity) -> str:
    """What the volume counts (``records`` unless ``volume.unit`` says otherwise)."""
    unit = interface.get_str("volume/unit")
    return unit if unit else "records"


def number(value: float) -> str:
    """``12,000`` or ``1,234.5``: figures in messages read like the blueprint's own."""
    return f"{value:,.0f}" if abs(value - round(value)) < 0.05 else f"{value:,.1f}"


def describe(interface: Entity, which: str = "peak") -> str:
    """``a peak of 2,000 records per 5 minutes (about 24,000 per hour)`` for messages."""
    rate = rate_of(interface, which)
    if rate is None:
        return f"no {which} volume"
    count, per = rate
    article = "an" if which[0] in "aeiou" else "a"
    text = f"{article} {which} of {number(count)} {unit_word(interface)} {PER_WORDS[per]}"
    per_h = hourly(interface, which)
    if per != "hour" and per_h is not None:
        text += f" (about {number(per_h)} per hour)"
    return text


def positive_number_options(*names: str) -> Mapping[str, Any]:
    return {
        "type": "object",
        "properties": {name: {"type": "number", "exclusiveMinimum": 0} for name in names},
        "additionalProperties": False,
    }


def busiest_above(interface: Entity, threshold: float) -> str | None:
    """``"peak"`` or ``"average"`` when that volume is above ``threshold`` records per hour, else None:
    the peak, or the average when no peak is stated."""
    for which in ("peak", "average"):
        value = hourly(interface, which)
        if value is not None:
            return which if value > threshold else None
    return None
