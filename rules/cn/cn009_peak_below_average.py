"""CN009 peak-below-average: The peak volume is not below the average, and a peak and an average in
different units come with the conversion that relates them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from .._shared.units import SECONDS_PER, per_hour
from ._volume import PER_WORDS, interval_seconds, number, run_seconds

UNITS = ("records", "messages", "files", "transactions", "requests", "events")


def _rate(volume: dict[str, Any], which: str) -> tuple[float, str, str | None] | None:
    """(count, per, own unit) of ``volume.<which>`` when count and period are well typed."""
    rate = volume.get(which)
    if not isinstance(rate, dict):
        return None
    count, per, unit = rate.get("count"), rate.get("per"), rate.get("unit")
    if isinstance(count, bool) or not isinstance(count, (int, float)) or not isinstance(per, str):
        return None
    if per not in SECONDS_PER and per != "run":
        return None
    return float(count), per, unit if unit in UNITS else None


def records_per(interface: Entity, unit: str) -> float | None:
    """How many records one ``unit`` stands for, from the interface's declared conversions."""
    if unit == "records":
        return 1.0
    if unit in ("messages", "files"):
        value = interface.get_number("payload/records_per_message")
        return value if value and value > 0 else None
    if unit == "requests":
        value = interface.get_number("requests_per_record")
        return 1.0 / value if value and value > 0 else None
    return None


class PeakBelowAverage(Rule):
    code = "CN009"
    judges = ("interface",)
    name = "peak-below-average"
    severity = Severity.ERROR
    tags = ("consistency", "volume")
    precision = "very-high"
    summary = "The peak volume is not below the average, and a peak and an average in different units come with the conversion that relates them."
    rationale = """
The blueprint guidance (§3.11) states volume as a persistent average and the peak that drives the
pattern and capacity choice (*Choose the right pattern*: the volume, frequency and peaks decide
the pattern). A peak below the average cannot be true: one of the figures, or one of their
periods, is wrong, and every capacity check built on the peak is wrong with it. The figures are
compared per hour (a count per minute, day, week or month is spread evenly); a count per run is
compared only with another count per run, because a run's length and frequency are not always
stated. A peak and an average in different units (`volume.peak.unit`, `volume.average.unit`, or
`volume.unit` for both) are compared through the conversion the interface declares:
`payload.records_per_message` for messages or files, `requests_per_record` for requests. Without
one, the two figures cannot be related and neither can be checked against the other.
"""
    how_to_fix = "Correct the figure or the period that is wrong (a peak per day is often meant per hour); for figures in different units, state them in one unit or declare the conversion (`payload.records_per_message`, `requests_per_record`)."
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-ORDERS
    source: SYS-SHOP
    target: SYS-CE
    volume:
      average: {count: 2000, per: hour}
      peak: {count: 8000, per: hour}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-ORDERS
    source: SYS-SHOP
    target: SYS-CE
    volume:
      average: {count: 2000, per: hour}
      peak: {count: 8000, per: day}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            volume = interface.get("volume")
            if not isinstance(volume, dict):
                continue
            peak, average = _rate(volume, "peak"), _rate(volume, "average")
            if peak is None or average is None:
                continue
            if (peak[1] == "run") != (average[1] == "run"):
                continue  # a run's length and count per day are not always known: not comparable
            shared = volume.get("unit")
            default_unit = shared if shared in UNITS else "records"
            peak_unit, average_unit = peak[2] or default_unit, average[2] or default_unit
            peak_records, average_records = records_per(interface, peak_unit), records_per(interface, average_unit)
            if peak_unit != average_unit and (peak_records is None or average_records is None):
                yield Finding.at(
                    interface,
                    "volume/peak",
                    f"the peak of {interface.label} counts {peak_unit} but its average counts {average_unit}, and "
                    f"no conversion relates them (payload.records_per_message, requests_per_record)",
                )
                continue
            run, interval = run_seconds(interface), interval_seconds(interface)
            peak_h = per_hour(peak[0], peak[1], run_seconds=run, interval_seconds=interval)
            average_h = per_hour(average[0], average[1], run_seconds=run, interval_seconds=interval)
            if peak_h is None or average_h is None:
                continue
            scale_peak = peak_records if peak_unit != average_unit and peak_records else 1.0
            scale_average = average_records if peak_unit != average_unit and average_records else 1.0
            if peak_h * scale_peak >= average_h * scale_average:
                continue
            unit = "records" if peak_unit != average_unit else peak_unit
            compared = (
                "per run"
                if peak[1] == "run"
                else f"about {number(peak_h * scale_peak)} against {number(average_h * scale_average)} {unit} per hour"
            )
            yield Finding.at(
                interface,
                "volume/peak",
                f"the peak of {interface.label} ({number(peak[0])} {peak_unit} {PER_WORDS[peak[1]]}) is below its "
                f"average ({number(average[0])} {average_unit} {PER_WORDS[average[1]]}): {compared}",
            )
