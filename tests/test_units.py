"""The units every rule shares (``_shared/units.py``): ISO 8601 durations as the schema accepts
them, daily windows, and rates per hour, per 5 minutes and per day; then the consistency rules'
reading of an interface's volume (``cn/_volume.py``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from blueprint_lint_rules._shared.units import (
    describe_seconds,
    duration_seconds,
    per_day,
    per_five_minutes,
    per_hour,
    window_minutes,
    window_seconds,
    windows_overlap,
)
from blueprint_lint_rules.cn._volume import describe, hourly

from linter.api import Entity, SourceFile

ROOT = Path(__file__).resolve().parent.parent

# The grammar: what the schema's duration pattern accepts, and nothing else.
ACCEPTED: list[tuple[str, float]] = [
    ("PT5M", 300),
    ("PT15M", 900),
    ("PT1H", 3_600),
    ("PT30S", 30),
    ("PT0.5S", 0.5),  # a decimal fraction in the seconds
    ("PT120.5S", 120.5),
    ("PT0S", 0),
    ("P0D", 0),
    ("P1D", 86_400),
    ("P1DT2H", 93_600),
    ("P1DT12H", 129_600),
    ("P1W", 604_800),
    ("P1M", 30 * 86_400),  # a month is 30 days
    ("P1Y", 365 * 86_400),  # a year is 365 days
    ("PT1H30M", 5_400),
    ("PT90M", 5_400),  # components are not capped at their carry-over
    ("P1Y2M3W4DT5H6M7.25S", 365 * 86_400 + 2 * 30 * 86_400 + 3 * 604_800 + 4 * 86_400 + 5 * 3_600 + 6 * 60 + 7.25),
]
REJECTED: list[Any] = [
    "PT1.5H",  # ISO 8601 allows a fraction in the smallest component; the schema only in the seconds
    "P1.5D",
    "PT0,5S",  # ISO 8601's decimal comma
    "pt5m",  # the schema's designators are upper case
    "PT5m",
    "p1d",
    " PT5M",  # no surrounding spaces
    "PT5M ",
    "",
    "P",
    "PT",
    "P1DT",  # a T with no time component
    "5M",
    "PT5",
    "P1H",  # hours are a time component
    "PT-5M",
    "P1M1Y",  # components in the wrong order
    "PT5M30",
    "garbage",
    "5 minutes",
    None,
    300,
    True,
    ["PT5M"],
]


def _schema_duration_patterns() -> set[str]:
    """The ``pattern`` of every duration field of the blueprint schema."""
    schema = json.loads((ROOT / "schemas" / "blueprint-v1.schema.json").read_text(encoding="utf-8"))

    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            pattern = node.get("pattern")
            if isinstance(pattern, str) and pattern.startswith("^P"):
                yield pattern
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    return set(walk(schema))


@pytest.mark.parametrize(("text", "seconds"), ACCEPTED)
def test_duration_seconds_reads_what_the_schema_accepts(text: str, seconds: float) -> None:
    assert duration_seconds(text) == seconds


@pytest.mark.parametrize("text", REJECTED)
def test_duration_seconds_rejects_what_the_schema_rejects(text: object) -> None:
    assert duration_seconds(text) is None


def test_the_grammar_is_the_schemas_duration_pattern() -> None:
    patterns = _schema_duration_patterns()
    assert len(patterns) == 1, "every duration field of the schema has the same pattern"
    validator = jsonschema.Draft202012Validator({"type": "string", "pattern": patterns.pop()})
    for text in [text for text, _ in ACCEPTED] + [text for text in REJECTED if isinstance(text, str)]:
        assert validator.is_valid(text) == (duration_seconds(text) is not None), text


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("01:00-02:00", 3_600),
        ("02:00-05:00", 10_800),
        ("22:00-02:00", 14_400),  # wraps past midnight: 2 h before + 2 h after
        ("23:30-00:15", 2_700),
        ("00:00-00:00", 86_400),  # start equals end: the whole day
        ("01:00-01:00", 86_400),
        (" 9:30 - 10:15 ", 2_700),
    ],
)
def test_window_seconds(text: str, seconds: float) -> None:
    assert window_seconds(text) == seconds


@pytest.mark.parametrize("text", ["nightly", "25:00-01:00", "01:75-02:00", "02:60-03:00", "01:00", None, 5])
def test_window_seconds_rejects_other_text(text: object) -> None:
    assert window_seconds(text) is None


@pytest.mark.parametrize("text", ["nightly", "25:00-01:00", "01:75-02:00", None, 5])
def test_window_minutes_rejects_other_text(text: object) -> None:
    assert window_minutes(text) is None


@pytest.mark.parametrize(
    ("one", "other", "overlap"),
    [
        ("02:00-05:00", "08:00-18:00", False),
        ("22:00-09:00", "08:00-18:00", True),  # the wrapped part reaches into the morning
        ("02:00-08:00", "08:00-18:00", False),  # touching ends share no minute
        ("00:00-00:00", "12:00-12:30", True),
        ("23:00-01:00", "00:30-02:00", True),
    ],
)
def test_windows_overlap_at_the_ends_and_past_midnight(one: str, other: str, overlap: bool) -> None:
    first, second = window_minutes(one), window_minutes(other)
    assert first is not None and second is not None
    assert windows_overlap(first, second) is overlap
    assert windows_overlap(second, first) is overlap


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


@pytest.mark.parametrize(
    ("count", "per", "kwargs", "expected"),
    [
        (900, "hour", {}, 75),  # 900 × 300 / 3,600
        (900, "hour", {"burst_factor": 2}, 150),  # 75 × 2
        (100, "minute", {}, 500),  # 100 × 300 / 60
        (6000, "five_minutes", {}, 6000),
        (1440, "day", {}, 5),  # 1,440 × 300 / 86,400
        (10080, "week", {}, 5),  # 10,080 × 300 / 604,800
        (43200, "month", {}, 5),  # 43,200 × 300 / (30 × 86,400)
        (120000, "run", {"run": 7_200}, 5000),  # 120,000 × 300 / 7,200
        (1000, "run", {"run": 120}, 1000),  # a 2-minute run lands whole in one window
        (1000, "run", {"run": 60, "interval": 60}, 5000),  # and so do the four that follow it: 5 runs
        (1000, "run", {"run": 120, "interval": 120}, 3000),  # ceil(300 / 120) = 3 runs can start in a window
        (1000, "run", {"run": 10, "interval": 20}, 15000),  # a 10-second run every 20 seconds: 300 / 20 = 15 runs
    ],
)
def test_per_five_minutes(count: float, per: str, kwargs: dict[str, float], expected: float) -> None:
    assert per_five_minutes(count, per, **kwargs) == pytest.approx(expected)


def test_per_five_minutes_of_a_run_without_a_duration_is_unknown() -> None:
    assert per_five_minutes(1000, "run") is None
    assert per_five_minutes(1000, "fortnight") is None


@pytest.mark.parametrize(
    ("count", "per", "interval", "expected"),
    [
        (120, "hour", None, 2880),  # 120 × 24
        (50000, "day", None, 50000),
        (70000, "week", None, 10000),  # 70,000 / 7
        (120000, "run", 86_400, 120000),  # one run a day
        (1000, "run", 3_600, 24000),  # 24 runs a day
        (1000, "run", 604_800, 1000),  # a weekly run still happens on its day
        (1000, "run", None, 1000),
    ],
)
def test_per_day(count: float, per: str, interval: float | None, expected: float) -> None:
    assert per_day(count, per, interval=interval) == pytest.approx(expected)
    assert per_day(1, "fortnight") is None


# -- the consistency rules' reading of an interface's volume -------------------------------------
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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("02:00-05:00", (120, 300)),
        ("22:00-02:00", (1320, 1560)),  # wraps past midnight: the end is after the start
        ("00:00-00:00", (0, 1440)),  # equal ends: the whole day
        ("24:00-02:00", (0, 120)),
        ("25:00-02:00", None),
        ("02:00", None),
        (None, None),
        (7, None),
    ],
)
def test_window_minutes(value: Any, expected: tuple[int, int] | None) -> None:
    assert window_minutes(value) == expected


@pytest.mark.parametrize(
    ("first", "second", "overlap"),
    [
        ("02:00-05:00", "08:00-18:00", False),
        ("02:00-05:00", "05:00-08:00", False),  # touching ends share no minute
        ("02:00-05:30", "05:00-08:00", True),
        ("22:00-02:00", "01:00-03:00", True),
        ("22:00-02:00", "02:00-05:00", False),
        ("08:00-18:00", "17:00-09:00", True),
        ("00:00-00:00", "13:00-13:05", True),
        (None, "08:00-18:00", True),  # no window: any time
    ],
)
def test_windows_overlap(first: str | None, second: str, overlap: bool) -> None:
    a, b = window_minutes(first), window_minutes(second)
    assert windows_overlap(a, b) is overlap
    assert windows_overlap(b, a) is overlap
