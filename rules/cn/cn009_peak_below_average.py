"""CN009 peak-below-average: The peak volume is not below the average, and a peak and an average in
different units come with the conversion that relates them.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from ._volume import PER_WORDS, hourly, number, rate_of

UNITS = ("records", "messages", "files", "transactions", "requests", "events")


def unit_of(interface: Entity, which: str) -> str:
    """What ``volume.<which>`` counts: its own ``unit``, else ``volume.unit``, else records."""
    own = interface.get_str(f"volume/{which}/unit")
    if own in UNITS:
        return own
    shared = interface.get_str("volume/unit")
    return shared if shared in UNITS else "records"


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
            peak, average = rate_of(interface, "peak"), rate_of(interface, "average")
            if peak is None or average is None:
                continue
            if (peak[1] == "run") != (average[1] == "run"):
                continue  # a run's length and count per day are not always known: not comparable
            peak_unit, average_unit = unit_of(interface, "peak"), unit_of(interface, "average")
            peak_records, average_records = records_per(interface, peak_unit), records_per(interface, average_unit)
            if peak_unit != average_unit and (peak_records is None or average_records is None):
                yield Finding.at(
                    interface,
                    "volume/peak",
                    f"the peak of {interface.label} counts {peak_unit} but its average counts {average_unit}, and "
                    f"no conversion relates them (payload.records_per_message, requests_per_record)",
                )
                continue
            peak_h, average_h = hourly(interface, "peak"), hourly(interface, "average")
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
