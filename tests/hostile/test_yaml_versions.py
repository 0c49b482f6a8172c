"""YAML 1.1 vs 1.2: the loader reads YAML 1.2 core-schema values, always (even under ``%YAML 1.1``).

Deliberate: a value never changes meaning with the parser's vintage or a directive. Where a 1.1
reader would see something else (``no`` as false, ``0777`` as 511, ``1:20`` as 80), the loader
keeps the 1.2 reading; where that gives the wrong type for the blueprint (a string where a
boolean belongs), the schema check reports it (SC001), so no ambiguity passes silently into a
number or a flag.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.load.reference import load_text
from tests.helpers import lint_files

VALUES = [
    # (plain scalar, YAML 1.2 value the loader produces)        YAML 1.1 would give
    ("no", "no"),  # False
    ("No", "No"),  # False
    ("off", "off"),  # False
    ("on", "on"),  # True
    ("yes", "yes"),  # True
    ("y", "y"),  # True
    ("n", "n"),  # False
    ("true", True),
    ("False", False),
    ("0777", 777),  # 511 (octal)
    ("017", 17),  # 15
    ("0o17", 15),  # a string in 1.1
    ("0x1F", 31),
    ("0b101", 5),
    ("1_000", 1000),  # ruamel, like 1.1, allows digit separators
    ("1:20", "1:20"),  # 80 (sexagesimal)
    ("1:20:30.5", "1:20:30.5"),  # 4830.5
    ("2024-01-31", "2024-01-31"),  # a date in 1.1; kept as written (no date-typed fields)
    ("2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
    ("1e3", 1000.0),
    ("~", None),
    ("null", None),
    ("Null", None),
    ("=", "="),  # the 1.1 "value" key type
]


@pytest.mark.parametrize(("text", "expected"), VALUES, ids=[v[0] for v in VALUES])
@pytest.mark.parametrize("directive", ["", "%YAML 1.1\n---\n", "%YAML 1.2\n---\n"])
def test_plain_scalars_read_as_yaml_1_2(directive: str, text: str, expected: object) -> None:
    document = load_text(f"{directive}value: {text}\n")
    assert document.problems == []
    assert document.data == {"value": expected}
    assert type(document.data["value"]) is type(expected)


def test_nan_and_infinities_stay_text_with_a_diagnostic() -> None:
    # A number no rule can compute with never reaches one (issue 13, item 8): the text stays.
    document = load_text("a: .nan\nb: .inf\nc: -.Inf\nd: 1e400\n")
    assert document.data == {"a": ".nan", "b": ".inf", "c": "-.Inf", "d": "1e400"}
    assert [(p.code, p.span.line) for p in document.problems] == [("SY008", n) for n in (1, 2, 3, 4)]


def test_a_yaml_1_1_boolean_in_a_boolean_field_is_a_schema_finding(tmp_path: Path) -> None:
    result = lint_files(
        tmp_path,
        {"spec.yaml": "blueprint_version: 1\nsystems:\n  - {id: SYS-A, name: A, kind: other, context_only: yes}\n"},
    )
    (finding,) = [d for d in result.diagnostics if d.code == "SC001"]
    assert finding.line == 3 and "must be true or false" in finding.message


def test_folded_scalars_carry_no_parser_markers() -> None:
    document = load_text("a: >\n  one\n  two\n\n  three\n")
    assert document.data == {"a": "one two\nthree\n"}
