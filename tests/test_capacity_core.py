"""The capacity arithmetic with plain numbers; every expected value is worked out in a comment.

Durations and rate conversions are the shared units (tests/test_units.py)."""

from __future__ import annotations

import pytest
from blueprint_lint_rules.ca._core import format_number, format_percent, requests, run_length


def test_run_takes_the_shortest_declared_duration() -> None:
    assert run_length(7_200, 10_800, 86_400) == (7_200, "expected_duration")
    assert run_length(None, 10_800, 86_400) == (10_800, "window")
    assert run_length(None, None, 86_400) == (86_400, "interval")
    assert run_length(0, None, None) is None  # a zero duration is not a run length
    assert run_length(None, None, None) is None


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
