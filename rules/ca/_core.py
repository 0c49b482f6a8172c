"""Pure arithmetic of the capacity model: durations, rates, and how figures are written.

Nothing here knows about the blueprint model, so every formula can be tested with plain numbers.

Normalisation (blueprint guidance §3.11):

* a rate ``{count, per}`` becomes *records per 5 minutes* = ``count × 5 / minutes(per)``, then
  × ``burst_factor`` (how much busier the busiest 5 minutes are than the rate spread evenly);
* ``per: run`` spreads the count over the run's duration: the shortest of ``expected_duration``
  (how long one run takes), the ``frequency.window`` and the ``frequency.interval`` that the
  blueprint declares (the run happens within each, so the shortest is the busiest honest reading).
  A run shorter than 5 minutes lands whole in one window, as do all runs starting within it;
* a month is 30 days, a year 365 days;
* *operations* = records × ``requests_per_record``; *HTTP requests* = operations ÷
  ``records_per_message`` when the mechanism really batches (Web API ``$batch``, SDK
  ExecuteMultiple), otherwise operations. Batching never reduces operations, execution time or
  the 24-hour entitlement.
"""

from __future__ import annotations

import math
import re

MINUTES_PER: dict[str, float] = {
    "minute": 1,
    "five_minutes": 5,
    "hour": 60,
    "day": 1440,
    "week": 7 * 1440,
    "month": 30 * 1440,
}
WINDOW = 5.0  # minutes: Dataverse's service protection window
DAY = 1440.0  # minutes

_DURATION = re.compile(
    r"^P(?!$)(?:(?P<y>\d+(?:\.\d+)?)Y)?(?:(?P<mo>\d+(?:\.\d+)?)M)?(?:(?P<w>\d+(?:\.\d+)?)W)?(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?=\d)(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<mi>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)
_DURATION_MINUTES = {"y": 365 * 1440, "mo": 30 * 1440, "w": 7 * 1440, "d": 1440, "h": 60, "mi": 1, "s": 1 / 60}
_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def duration_minutes(text: object) -> float | None:
    """Minutes in an ISO-8601 duration (``PT5M`` → 5, ``P1D`` → 1440); None if not one."""
    if not isinstance(text, str):
        return None
    match = _DURATION.match(text.strip().upper())
    if match is None:
        return None
    return sum(float(value) * _DURATION_MINUTES[name] for name, value in match.groupdict().items() if value)


def window_minutes(text: object) -> float | None:
    """Minutes in a daily window ``"22:00-02:00"`` (wrapping past midnight; equal ends = 24 h)."""
    if not isinstance(text, str):
        return None
    match = _WINDOW.match(text)
    if match is None:
        return None
    start_h, start_m, end_h, end_m = (int(g) for g in match.groups())
    if start_h > 24 or end_h > 24 or start_m > 59 or end_m > 59:
        return None
    start, end = start_h * 60 + start_m, end_h * 60 + end_m
    span = (end - start) % 1440
    return float(span or 1440)


def run_minutes(
    expected_duration: float | None, window: float | None, interval: float | None
) -> tuple[float, str] | None:
    """How long one run lasts, and which declared figure said so (the shortest declared)."""
    candidates = [
        (value, name)
        for value, name in ((expected_duration, "expected_duration"), (window, "window"), (interval, "interval"))
        if value is not None and value > 0
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])


def per_five_minutes(
    count: float,
    per: str,
    *,
    run: float | None = None,
    interval: float | None = None,
    burst_factor: float = 1.0,
) -> float | None:
    """Records in the busiest 5-minute window; None when the period cannot be normalised.

    ``run`` and ``interval`` (minutes) are needed for ``per: run`` only.
    """
    if per in MINUTES_PER:
        base = count * WINDOW / MINUTES_PER[per]
    elif per == "run":
        if run is None:
            return None
        if run >= WINDOW:
            base = count * WINDOW / run
        else:
            # The whole run lands in one window, together with every other run that starts in it.
            runs = math.ceil(WINDOW / interval) if interval and interval < WINDOW else 1
            base = count * runs
    else:
        return None
    return base * burst_factor


def per_day(count: float, per: str, *, interval: float | None = None) -> float | None:
    """Records in 24 hours at this rate; ``per: run`` counts the runs a day holds (at least one)."""
    if per in MINUTES_PER:
        return count * DAY / MINUTES_PER[per]
    if per == "run":
        runs = DAY / interval if interval and interval < DAY else 1.0
        return count * runs
    return None


def requests(operations: float, records_per_message: float | None, batches: bool) -> float:
    """HTTP requests for ``operations``: divided by the batch size only when the mechanism batches."""
    if batches and records_per_message and records_per_message > 1:
        return operations / records_per_message
    return operations


def percent(value: float, limit: float) -> float:
    return 100.0 * value / limit if limit > 0 else math.inf


def format_number(value: float) -> str:
    """``7400`` → ``7,400``; fractions are rounded half up to whole units (``33.3`` → ``33``)."""
    return f"{math.floor(value + 0.5):,}"


def format_percent(share: float) -> str:
    """A share of a limit; one decimal where rounding would hide which side of 100% it is."""
    if math.isinf(share):
        return "∞%"
    if 99.5 <= share < 100:
        return f"{math.floor(share * 10) / 10:.1f}%"
    if 100 < share < 100.5:
        return f"{math.ceil(share * 10) / 10:.1f}%"
    return f"{math.floor(share + 0.5)}%"
