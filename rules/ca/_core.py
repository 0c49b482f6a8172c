"""Pure arithmetic of the capacity model: runs, requests, and how figures are written.

Nothing here knows about the blueprint model, so every formula can be tested with plain numbers.
Durations, windows and the conversion of rates to 5 minutes and 24 hours are the units every rule
shares (:mod:`.._shared.units`, in seconds).

Normalisation (blueprint guidance §3.11):

* a rate ``{count, per}`` becomes *records per 5 minutes* = ``count × 5 minutes / per``, then
  × ``burst_factor`` (how much busier the busiest 5 minutes are than the rate spread evenly);
* ``per: run`` spreads the count over the run's duration: the shortest of ``expected_duration``
  (how long one run takes), the ``frequency.window`` and the ``frequency.interval`` that the
  blueprint declares (the run happens within each, so the shortest is the busiest honest reading).
  A run shorter than 5 minutes lands whole in one window, as do all runs starting within it;
* a month is 30 days, a year 365 days;
* growth (``volume.growth``) compounds yearly: the peak at the end of the horizon is today's ×
  (1 + ``percent_per_year`` / 100) ** ``horizon_years``;
* *operations* = records × ``requests_per_record``; *HTTP requests* = operations ÷ the records
  one request carries: ``records_per_message`` when the mechanism really batches (Web API
  ``$batch``, SDK ExecuteMultiple) or reads pages, the write batch size of Data Factory and SSIS
  writes (``write_batch_size``, default 10), otherwise operations. Batching never reduces
  operations, execution time or the 24-hour entitlement.
"""

from __future__ import annotations

import math


def run_length(
    expected_duration: float | None, window: float | None, interval: float | None
) -> tuple[float, str] | None:
    """How long one run lasts (seconds), and which declared figure said so: the shortest declared."""
    candidates = [
        (value, name)
        for value, name in ((expected_duration, "expected_duration"), (window, "window"), (interval, "interval"))
        if value is not None and value > 0
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])


# A growth factor above this is reported as "beyond any limit" rather than computed (and formatted).
MAX_GROWTH_FACTOR = 1e9


def growth_factor(percent_per_year: float | None, horizon_years: float | None) -> float:
    """How much a volume grows over the horizon, compounded yearly: (1 + p/100) ** years; 1 without
    both figures. Capped at :data:`MAX_GROWTH_FACTOR` so that no figure overflows."""
    if not percent_per_year or not horizon_years or percent_per_year <= 0 or horizon_years <= 0:
        return 1.0
    exponent = horizon_years * math.log1p(percent_per_year / 100)
    return MAX_GROWTH_FACTOR if exponent >= math.log(MAX_GROWTH_FACTOR) else math.exp(exponent)


def requests(operations: float, records_per_request: float | None, batches: bool = True) -> float:
    """HTTP requests for ``operations`` when one request carries ``records_per_request`` records
    (and ``batches``: the mechanism really carries several records per request)."""
    if batches and records_per_request and records_per_request > 1:
        return operations / records_per_request
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
