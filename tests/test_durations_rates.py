"""The private helpers behind the timing and volume rules: ISO-8601 durations and hourly rates."""

from __future__ import annotations

from pathlib import Path

import pytest
from blueprint_lint_rules._shared.durations import describe_seconds, duration_seconds, window_seconds
from blueprint_lint_rules.cn._volume import describe, hourly, per_hour

from linter.model import Entity, SourceFile


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("PT5M", 300),
        ("PT15M", 900),
        ("PT1H", 3_600),
        ("PT30S", 30),
        ("PT0.5S", 0.5),
        ("P1D", 86_400),
        ("P1DT12H", 129_600),
        ("P1W", 604_800),
        ("P1M", 30 * 86_400),  # a month is 30 days
        ("P1Y", 365 * 86_400),
        ("PT1H30M", 5_400),
        ("P0D", 0),
    ],
)
def test_duration_seconds(text: str, seconds: float) -> None:
    assert duration_seconds(text) == seconds


@pytest.mark.parametrize("text", ["", "P", "PT", "5M", "PT5", "P1H", "pt5m", "PT-5M", "P1DT", None, 300, ["PT5M"]])
def test_duration_seconds_rejects_what_is_not_a_duration(text: object) -> None:
    assert duration_seconds(text) is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("01:00-02:00", 3_600),
        ("02:00-05:00", 10_800),
        ("22:00-02:00", 14_400),  # wraps past midnight
        ("00:00-00:00", 86_400),  # start equals end: the whole day
        (" 9:30 - 10:15 ", 2_700),
    ],
)
def test_window_seconds(text: str, seconds: float) -> None:
    assert window_seconds(text) == seconds


@pytest.mark.parametrize("text", ["nightly", "25:00-01:00", "01:75-02:00", "01:00", None, 5])
def test_window_seconds_rejects_other_text(text: object) -> None:
    assert window_seconds(text) is None


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (300, "5 minutes"),
        (60, "1 minute"),
        (86_400, "1 day"),
        (7_200, "2 hours"),
        (90, "1 minute 30 seconds"),
        (1, "1 second"),
        (86_340, "23 hours 59 minutes"),
        (0.5, "0.5 seconds"),
    ],
)
def test_describe_seconds(seconds: float, words: str) -> None:
    assert describe_seconds(seconds) == words


@pytest.mark.parametrize(
    ("count", "per", "expected"),
    [
        (100, "minute", 6_000),
        (2_500, "five_minutes", 30_000),
        (900, "hour", 900),
        (24_000, "day", 1_000),
        (168_000, "week", 1_000),
        (720_000, "month", 1_000),
    ],
)
def test_per_hour_spreads_calendar_units_evenly(count: float, per: str, expected: float) -> None:
    assert per_hour(count, per) == pytest.approx(expected)


def test_per_hour_of_a_run_without_duration_or_interval_counts_the_whole_run_in_one_hour() -> None:
    assert per_hour(80_000, "run") == 80_000


def test_per_hour_of_a_run_longer_than_an_hour_spreads_it_over_the_run() -> None:
    assert per_hour(120_000, "run", run_seconds=3 * 3_600, interval_seconds=86_400) == 40_000


def test_per_hour_of_a_short_run_is_never_inflated_beyond_the_whole_run() -> None:
    # A 10-minute run is still counted once in its hour, not six times.
    assert per_hour(10_000, "run", run_seconds=600) == 10_000


def test_per_hour_of_frequent_runs_multiplies_by_the_runs_per_hour() -> None:
    assert per_hour(1_000, "run", interval_seconds=300) == 12_000
    assert per_hour(1_000, "run", interval_seconds=7_200) == 1_000  # fewer than one run an hour


def test_per_hour_of_an_unknown_unit_is_none() -> None:
    assert per_hour(10, "fortnight") is None


def _interface(data: dict[str, object]) -> Entity:
    """An interface entity on its own: the rate helpers read nothing but the entity."""
    source = SourceFile(path=Path("x.yaml"), display="x.yaml", data=None, locator=None)
    return Entity("interface", "IF-X", {"id": "IF-X", **data}, source, "/interfaces/0")


def test_hourly_uses_expected_duration_before_the_window() -> None:
    interface = _interface(
        {
            "expected_duration": "PT2H",
            "frequency": {"mode": "scheduled", "interval": "P1D", "window": "02:00-06:00"},
            "volume": {"peak": {"count": 120_000, "per": "run"}},
        }
    )
    assert hourly(interface) == 60_000


def test_hourly_falls_back_to_the_window() -> None:
    interface = _interface(
        {
            "frequency": {"mode": "scheduled", "interval": "P1D", "window": "02:00-06:00"},
            "volume": {"peak": {"count": 120_000, "per": "run"}},
        }
    )
    assert hourly(interface) == 30_000


@pytest.mark.parametrize(
    "volume",
    [
        None,
        "lots",
        {"peak": "lots"},
        {"peak": {"count": "many", "per": "hour"}},
        {"peak": {"count": True, "per": "hour"}},
        {"peak": {"count": 5, "per": "fortnight"}},
        {"peak": {"count": 5}},
    ],
)
def test_hourly_is_none_for_missing_or_malformed_volumes(volume: object) -> None:
    assert hourly(_interface({"volume": volume})) is None


def test_describe_states_the_written_figure_and_the_hourly_one() -> None:
    interface = _interface({"volume": {"peak": {"count": 2_500, "per": "five_minutes"}, "unit": "messages"}})
    assert describe(interface) == "a peak of 2,500 messages per 5 minutes (about 30,000 per hour)"
    per_hour_interface = _interface({"volume": {"peak": {"count": 900, "per": "hour"}}})
    assert describe(per_hour_interface) == "a peak of 900 records per hour"
