"""The capacity arithmetic with plain numbers; every expected value is worked out in a comment."""

from __future__ import annotations

import pytest
from blueprint_lint_rules.ca._core import (
    duration_minutes,
    format_number,
    format_percent,
    per_day,
    per_five_minutes,
    requests,
    run_minutes,
    window_minutes,
)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("PT5M", 5),
        ("PT2H", 120),
        ("P1D", 1440),
        ("PT30S", 0.5),
        ("P1W", 10080),  # 7 × 1440
        ("P1M", 43200),  # a month is 30 days: 30 × 1440
        ("P1DT1H", 1500),  # 1440 + 60
        ("pt90m", 90),
    ],
)
def test_iso_durations(text: str, minutes: float) -> None:
    assert duration_minutes(text) == pytest.approx(minutes)


@pytest.mark.parametrize("text", ["", "P", "PT", "5 minutes", "P1H", None, 5])
def test_not_durations(text: object) -> None:
    assert duration_minutes(text) is None


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("02:00-05:00", 180),
        ("22:00-02:00", 240),  # wraps past midnight: 2 h before + 2 h after
        ("01:00-01:00", 1440),  # equal ends: the whole day
        ("23:30-00:15", 45),
    ],
)
def test_windows(text: str, minutes: float) -> None:
    assert window_minutes(text) == minutes


@pytest.mark.parametrize("text", ["nightly", "25:00-02:00", "02:60-03:00", None])
def test_not_windows(text: object) -> None:
    assert window_minutes(text) is None


def test_run_takes_the_shortest_declared_duration() -> None:
    assert run_minutes(120, 180, 1440) == (120, "expected_duration")
    assert run_minutes(None, 180, 1440) == (180, "window")
    assert run_minutes(None, None, 1440) == (1440, "interval")
    assert run_minutes(None, None, None) is None


@pytest.mark.parametrize(
    ("count", "per", "kwargs", "expected"),
    [
        (900, "hour", {}, 75),  # 900 × 5 / 60
        (900, "hour", {"burst_factor": 2}, 150),  # 75 × 2
        (100, "minute", {}, 500),  # 100 × 5 / 1
        (6000, "five_minutes", {}, 6000),
        (1440, "day", {}, 5),  # 1440 × 5 / 1440
        (10080, "week", {}, 5),  # 10,080 × 5 / 10,080
        (43200, "month", {}, 5),  # 43,200 × 5 / (30 × 1440)
        (120000, "run", {"run": 120}, 5000),  # 120,000 × 5 / 120
        (1000, "run", {"run": 2}, 1000),  # a 2-minute run lands whole in one window
        (1000, "run", {"run": 1, "interval": 1}, 5000),  # and so do the four that follow it: 5 runs
        (1000, "run", {"run": 2, "interval": 2}, 3000),  # ceil(5 / 2) = 3 runs can start in a window
    ],
)
def test_per_five_minutes(count: float, per: str, kwargs: dict[str, float], expected: float) -> None:
    assert per_five_minutes(count, per, **kwargs) == pytest.approx(expected)


def test_per_run_without_a_duration_is_unknown() -> None:
    assert per_five_minutes(1000, "run") is None
    assert per_five_minutes(1000, "fortnight") is None


@pytest.mark.parametrize(
    ("count", "per", "interval", "expected"),
    [
        (120, "hour", None, 2880),  # 120 × 24
        (50000, "day", None, 50000),
        (70000, "week", None, 10000),  # 70,000 / 7
        (120000, "run", 1440, 120000),  # one run a day
        (1000, "run", 60, 24000),  # 24 runs a day
        (1000, "run", 10080, 1000),  # a weekly run still happens on its day
        (1000, "run", None, 1000),
    ],
)
def test_per_day(count: float, per: str, interval: float | None, expected: float) -> None:
    assert per_day(count, per, interval=interval) == pytest.approx(expected)


def test_batching_divides_requests_only_for_batching_mechanisms() -> None:
    assert requests(5000, 100, batches=True) == 50  # 5,000 / 100
    assert requests(5000, 100, batches=False) == 5000
    assert requests(5000, None, batches=True) == 5000


@pytest.mark.parametrize(
    ("value", "text"), [(7400, "7,400"), (33.333, "33"), (2.5, "3"), (1_750_000, "1,750,000"), (0, "0")]
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (123.33, "123%"),  # 7,400 / 6,000
        (85.0, "85%"),
        (99.96, "99.9%"),  # just under: never rounded up to 100%
        (100.04, "100.1%"),  # just over: never rounded down to 100%
        (100.0, "100%"),
        (0.83, "1%"),
    ],
)
def test_format_percent(share: float, text: str) -> None:
    assert format_percent(share) == text
