"""ISO-8601 durations (``PT5M``, ``P1D``, ``P1DT12H``) and ``HH:MM-HH:MM`` windows, in seconds.

Rules compare intervals, latency SLAs and run windows, so they need numbers. Calendar units have
no fixed length; a year counts as 365 days and a month as 30 days, which is what a design review
means by "monthly" and errs towards the shorter month only by a day. Anything that does not parse
gives ``None``: the schema reports the malformed value, a rule simply has nothing to compare.
"""

from __future__ import annotations

import re
from typing import Any

_DAY = 86_400.0
_UNIT_SECONDS = {"Y": 365 * _DAY, "M": 30 * _DAY, "W": 7 * _DAY, "D": _DAY}
_TIME_SECONDS = {"H": 3_600.0, "M": 60.0, "S": 1.0}

# The same grammar the schema accepts: at least one component, a T only before time components.
_DURATION = re.compile(
    r"^P(?!$)(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<TH>\d+)H)?(?:(?P<TM>\d+)M)?(?:(?P<TS>\d+(?:\.\d+)?)S)?)?$"
)
_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def duration_seconds(value: Any) -> float | None:
    """Seconds in an ISO-8601 duration such as ``PT15M`` or ``P1DT2H``; ``None`` if not one."""
    if not isinstance(value, str):
        return None
    match = _DURATION.match(value.strip())
    if match is None:
        return None
    total = 0.0
    for unit, seconds in _UNIT_SECONDS.items():
        if match.group(unit):
            total += int(match.group(unit)) * seconds
    for unit, seconds in _TIME_SECONDS.items():
        if match.group("T" + unit):
            total += float(match.group("T" + unit)) * seconds
    return total


def window_seconds(value: Any) -> float | None:
    """Length of an execution window ``"22:00-02:00"`` in seconds (wrapping past midnight).

    A window whose start equals its end is read as the whole day.
    """
    if not isinstance(value, str):
        return None
    match = _WINDOW.match(value)
    if match is None:
        return None
    start_h, start_m, end_h, end_m = (int(g) for g in match.groups())
    if start_h > 24 or end_h > 24 or start_m > 59 or end_m > 59:
        return None
    start = start_h * 60 + start_m
    end = end_h * 60 + end_m
    minutes = (end - start) % (24 * 60) or 24 * 60
    return minutes * 60.0


def describe_seconds(seconds: float) -> str:
    """A short human form for messages: ``5 minutes``, ``1 day``, ``23 hours 59 minutes``."""
    parts = []
    remaining = seconds
    for size, word in ((_DAY, "day"), (3_600.0, "hour"), (60.0, "minute")):
        count = int(remaining // size)
        if count:
            parts.append(f"{count} {word}{'s' if count != 1 else ''}")
            remaining -= count * size
    if remaining or not parts:
        text = f"{remaining:g}"
        parts.append(f"{text} second{'s' if text != '1' else ''}")
    return " ".join(parts)
