"""linter/report/json_text.py writes exactly what ``json.dumps(indent=2, ensure_ascii=False)`` writes."""

from __future__ import annotations

import enum
import json
import random
from typing import Any

import pytest

from linter.report import json_text
from linter.report.json_text import dumps_indented

_STRINGS = [
    *("", "x", "é", '"quoted"', "back\\slash", "line\nbreak", "\u2028", "\x00", "}," + "\n      {", "😀", "\t"),
    *("\x1f", "\x7f", "\b\f\r", "/", "\u0085", "\ufeff", "\U0010ffff"),
]
_INTS = [0, -1, 7, 2**63 - 1, -(2**63), 2**64 - 1]


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


def _float_free(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth > 3 or roll < 0.45:
        return rng.choice([*_STRINGS, *_INTS, True, False, None])
    if roll < 0.6:
        return tuple(_float_free(rng, depth + 1) for _ in range(rng.randrange(0, 4)))
    if roll < 0.8:
        return {rng.choice(_STRINGS) + str(i): _float_free(rng, depth + 1) for i in range(rng.randrange(0, 5))}
    return [_float_free(rng, depth + 1) for _ in range(rng.randrange(0, 5))]


@pytest.mark.parametrize("seed", range(200))
def test_values_without_floats_are_written_by_orjson_exactly(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    value = _float_free(random.Random(seed), 0)
    expected = json.dumps(value, indent=2, ensure_ascii=False)

    def unused(*args: Any) -> None:
        raise AssertionError("the fallback writer ran")

    monkeypatch.setattr(json_text, "_write", unused)
    assert dumps_indented(value) == expected


def _nested(levels: int) -> Any:
    value: Any = []
    for _ in range(levels):
        value = [value]
    return value


class _Level(enum.IntEnum):
    HIGH = 3


class _Text(str):
    pass


@pytest.mark.parametrize(
    "value",
    [
        {"float": 1e16},  # orjson writes 1e16, json.dumps 1e+16
        [1e-07, 0.1, -0.0],
        {"huge": 2**64},  # beyond orjson's ints
        [-(2**63) - 1],
        {"lone": "\ud800"},  # orjson refuses a lone surrogate
        {1: "int key"},
        {"level": _Level.HIGH},  # subclasses are left to the writer that spells them as json.dumps does
        [_Text("sub")],
        {_Text("key"): 1},
        [[[[[[[[[[1]]]]]]]]]] * 3,
        {"deep": _nested(60)},
    ],
)
def test_what_orjson_would_spell_otherwise_is_still_written_as_json_dumps_does(value: Any) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_nesting_beyond_orjson_limit_falls_back() -> None:
    value = _nested(300)  # orjson stops at 255 levels
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
