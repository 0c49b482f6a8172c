"""Durations, daily windows and volume rates in seconds: the one reading of them every rule shares.

**Durations** are ISO 8601 durations exactly as the blueprint schema accepts them (the pattern of
every duration field of ``schemas/blueprint-v1.schema.json``: ``frequency.interval``,
``latency_sla``, ``expected_duration``, ``error_handling.retry.initial_delay``…)::

    P [n Y] [n M] [n W] [n D] [T [n H] [n M] [n[.n] S]]

with upper-case designators, whole numbers, a decimal fraction only in the seconds (``PT0.5S``),
at least one component, and a ``T`` only before a time component: ``PT5M``, ``P1D``, ``P1DT2H``,
``PT0S``. What the schema rejects is not read either (``None``): lower case (``pt5m``), a fraction
in a larger component (``PT1.5H``, which ISO 8601 itself would allow), surrounding spaces. The
schema reports such a value, and a rule simply has nothing to compare. Calendar units have no
fixed length; a year counts as 365 days and a month as 30 days, which is what a design review
means by "monthly".

**Windows** are daily execution windows ``HH:MM-HH:MM`` (``"22:00-02:00"`` wraps past midnight;
equal ends are the whole day).

**Rates** ``{count, per}`` convert to records per hour (the unit of Microsoft's volume guidance and
of the consistency thresholds), per five minutes (Dataverse's service protection window, for the
capacity model) and per day (the request entitlement). Each reads ``per: run`` its own way; see
:func:`per_hour` and :func:`per_five_minutes`.
"""

from __future__ import annotations

import math
import re
from typing import Any

MINUTE = 60.0
FIVE_MINUTES = 300.0
HOUR = 3_600.0
DAY = 86_400.0

# Seconds in each ``per`` period of a rate (``run`` has no fixed length).
SECONDS_PER: dict[str, float] = {
    "minute": MINUTE,
    "five_minutes": FIVE_MINUTES,
    "hour": HOUR,
    "day": DAY,
    "week": 7 * DAY,
    "month": 30 * DAY,
}

_DATE_SECONDS = {"Y": 365 * DAY, "M": 30 * DAY, "W": 7 * DAY, "D": DAY}
_TIME_SECONDS = {"TH": HOUR, "TM": MINUTE, "TS": 1.0}
# The schema's duration pattern, with a name for each component.
_DURATION = re.compile(
    r"^P(?!$)(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<TH>\d+)H)?(?:(?P<TM>\d+)M)?(?:(?P<TS>\d+(?:\.\d+)?)S)?)?$"
)
_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def duration_seconds(value: Any) -> float | None:
    """Seconds in an ISO 8601 duration such as ``PT15M`` or ``P1DT2H``; ``None`` if not one."""
    if not isinstance(value, str):
        return None
    match = _DURATION.match(value)
    if match is None:
        return None
    total = 0.0
    for unit, seconds in _DATE_SECONDS.items():
        if match.group(unit):
            total += int(match.group(unit)) * seconds
    for unit, seconds in _TIME_SECONDS.items():
        if match.group(unit):
            total += float(match.group(unit)) * seconds
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
    return minutes * MINUTE


def window_ranges(value: Any) -> list[tuple[int, int]] | None:
    """A daily window ``"22:00-02:00"`` as minute ranges ``[start, end)`` within one day (a window
    that wraps past midnight gives two; equal ends are the whole day); ``None`` if not a window."""
    if not isinstance(value, str):
        return None
    match = _WINDOW.match(value)
    if match is None:
        return None
    start_h, start_m, end_h, end_m = (int(g) for g in match.groups())
    if start_h > 24 or end_h > 24 or start_m > 59 or end_m > 59:
        return None
    day = 24 * 60
    start, end = (start_h * 60 + start_m) % day, (end_h * 60 + end_m) % day
    if start == end:
        return [(0, day)]
    return [(start, end)] if start < end else [(start, day), (0, end)] if end else [(start, day)]


def windows_overlap(one: list[tuple[int, int]], other: list[tuple[int, int]]) -> bool:
    """Whether two daily windows (as :func:`window_ranges` gives them) share a minute."""
    return any(a < d and c < b for a, b in one for c, d in other)


def describe_seconds(seconds: float) -> str:
    """A short human form for messages: ``5 minutes``, ``1 day``, ``23 hours 59 minutes``."""
    parts = []
    remaining = seconds
    for size, word in ((DAY, "day"), (HOUR, "hour"), (MINUTE, "minute")):
        count = int(remaining // size)
        if count:
            parts.append(f"{count} {word}{'s' if count != 1 else ''}")
            remaining -= count * size
    if remaining or not parts:
        text = f"{remaining:g}"
        parts.append(f"{text} second{'s' if text != '1' else ''}")
    return " ".join(parts)


def per_hour(
    count: float, per: str, *, run_seconds: float | None = None, interval_seconds: float | None = None
) -> float | None:
    """``count`` records ``per`` period as records per hour, for thresholds about sustained load.

    A fixed period is spread evenly (a daily figure becomes its hourly average). ``per: run``
    counts the records of one run in the busiest clock hour: spread over the run when it lasts
    longer than an hour (``run_seconds``), otherwise all in that hour, times the runs the schedule
    starts per hour when ``interval_seconds`` is shorter than an hour. Without a duration no
    shorter run is assumed. ``None`` for a period that is not one of :data:`SECONDS_PER` or ``run``.
    """
    if per in SECONDS_PER:
        return count * HOUR / SECONDS_PER[per]
    if per != "run":
        return None
    if run_seconds is not None and run_seconds > HOUR:
        return count * HOUR / run_seconds
    runs_per_hour = HOUR / interval_seconds if interval_seconds and interval_seconds < HOUR else 1.0
    return count * runs_per_hour


def per_five_minutes(
    count: float,
    per: str,
    *,
    run: float | None = None,
    interval: float | None = None,
    burst_factor: float = 1.0,
) -> float | None:
    """Records in the busiest 5-minute window, × ``burst_factor``; None when the period cannot be
    normalised.

    ``run`` (how long one run lasts) and ``interval`` (between runs), in seconds, are needed for
    ``per: run`` only: the count is spread over a run of 5 minutes or more; a shorter run lands
    whole in one window, together with every other run that starts in it.
    """
    if per in SECONDS_PER:
        base = count * FIVE_MINUTES / SECONDS_PER[per]
    elif per == "run":
        if run is None:
            return None
        if run >= FIVE_MINUTES:
            base = count * FIVE_MINUTES / run
        else:
            runs = math.ceil(FIVE_MINUTES / interval) if interval and interval < FIVE_MINUTES else 1
            base = count * runs
    else:
        return None
    return base * burst_factor


def per_day(count: float, per: str, *, interval: float | None = None) -> float | None:
    """Records in 24 hours at this rate; ``per: run`` counts the runs a day holds (at least one),
    from the ``interval`` between runs in seconds."""
    if per in SECONDS_PER:
        return count * DAY / SECONDS_PER[per]
    if per == "run":
        runs = DAY / interval if interval and interval < DAY else 1.0
        return count * runs
    return None
