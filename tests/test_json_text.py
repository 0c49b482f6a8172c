"""linter/report/json_text.py writes exactly what ``json.dumps(indent=2, ensure_ascii=False)`` writes."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from linter.report.json_text import dumps_indented

_STRINGS = ["", "x", "é", '"quoted"', "back\\slash", "line\nbreak", "\u2028", "\x00", "}," + "\n      {", "😀", "\t"]


def _value(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth > 3 or roll < 0.45:
        return rng.choice([*_STRINGS, 0, -1, 7, 10**20, 1.5, -0.0, 1e300, True, False, None])
    if roll < 0.75:
        return {rng.choice(_STRINGS) + str(i): _value(rng, depth + 1) for i in range(rng.randrange(0, 5))}
    return [_value(rng, depth + 1) for _ in range(rng.randrange(0, 5))]


@pytest.mark.parametrize("seed", range(200))
def test_random_values(seed: int) -> None:
    value = _value(random.Random(seed), 0)
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        [{}],
        [{"a": 1}, {}],
        [{"a": "},\n      {"}, {"b": 2}],
        [{"a": 1}, {"b": [1]}],
        {"d": [{"a": 1, "b": None}, {"c": "x"}], "s": {"t": []}},
        (1, (2, 3)),
        {1: "int key"},
        {"nan": float("nan")},
        [float("inf")],
        "plain",
        {"e": {"f": {"g": {"h": {"i": [{"j": 1}]}}}}},
    ],
)
def test_edge_cases(value: Any) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_a_list_of_diagnostics_takes_the_fast_path() -> None:
    diagnostics = [{"code": "XR006", "message": f"m{i}\nnext", "line": i, "end": None, "ok": True} for i in range(100)]
    value = {"diagnostics": diagnostics, "summary": {"total": 100, "files_checked": 3}}
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)
