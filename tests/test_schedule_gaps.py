"""rules/_shared/units.py's reading of schedules: the shortest and longest gap between two runs."""

from __future__ import annotations

import pytest
from blueprint_lint_rules._shared.units import DAY, HOUR, MINUTE, schedule_gaps


@pytest.mark.parametrize(
    ("text", "gaps"),
    [
        ("0 2 * * *", (DAY, DAY)),
        ("*/15 * * * *", (15 * MINUTE, 15 * MINUTE)),
        ("0,30 * * * *", (30 * MINUTE, 30 * MINUTE)),
        ("0 8,12,17 * * *", (4 * HOUR, 15 * HOUR)),
        ("0 8-17 * * 1-5", (HOUR, None)),  # the weekend gap depends on the calendar
        ("0 2 * * 1", (7 * DAY, 7 * DAY)),
        ("0 2 * * 0,7", (7 * DAY, 7 * DAY)),  # 0 and 7 are both Sunday
        ("0 0 1 * *", (DAY, None)),  # monthly: at least a day, the calendar decides the rest
        ("0 */5 * * * *", (5 * MINUTE, 5 * MINUTE)),  # NCRONTAB, seconds first
        ("R/2025-01-01T00:00:00Z/PT15M", (15 * MINUTE, 15 * MINUTE)),
        ("R5/PT1H", (HOUR, HOUR)),
    ],
)
def test_schedules_that_are_read(text: str, gaps: tuple[float, float | None]) -> None:
    assert schedule_gaps(text) == gaps


@pytest.mark.parametrize(
    "value",
    [
        "0 0 * * MON",
        "bogus",
        "*/5 * * * * *",
        "61 * * * *",
        "0 25 * * *",
        "*/0 * * * *",
        "5-1 * * * *",
        "",
        None,
        7,
        "R/x",
    ],
)
def test_what_is_not_read_is_none(value: object) -> None:
    assert schedule_gaps(value) is None
