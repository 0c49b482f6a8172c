"""The workspace cache entry stores diagnostics as built-in tuples: they come back equal, field
for field (suppression and absolute path included), and anything else is a miss."""

from __future__ import annotations

import dataclasses
import pickle

from linter.core.diagnostics import (
    Diagnostic,
    Severity,
    Span,
    Suppression,
    diagnostics_from_plain,
    plain_diagnostics,
)


def _all_fields(d: Diagnostic) -> tuple[object, ...]:
    return tuple(getattr(d, f.name) for f in dataclasses.fields(d))


def test_diagnostics_survive_the_plain_form_field_for_field() -> None:
    diagnostics = [
        Diagnostic(
            "XR006", "mapping-coverage", Severity.WARNING, "no mapping", "a.yaml", Span(3, 5, 3, 9), "/x", "/abs/a.yaml"
        ),
        Diagnostic("SY001", "syntax", Severity.ERROR, "bad", "b.yaml"),
        Diagnostic(
            "CP002", "f", Severity.INFO, "m", "c.yaml", Span(1, 1, 2, 1), "", "", Suppression("inSource", "why")
        ),
    ]
    back = diagnostics_from_plain(pickle.loads(pickle.dumps(plain_diagnostics(diagnostics))))
    assert back is not None
    assert [_all_fields(d) for d in back] == [_all_fields(d) for d in diagnostics]
    assert all(type(d.severity) is Severity for d in back)


def test_anything_else_is_a_miss() -> None:
    good = plain_diagnostics([Diagnostic("XR006", "n", Severity.WARNING, "m", "a.yaml")])[0]
    assert diagnostics_from_plain(None) is None
    assert diagnostics_from_plain((good,)) is None  # not a list
    assert diagnostics_from_plain([good[:11]]) is None  # too short
    assert diagnostics_from_plain([(*good[:2], 7, *good[3:])]) is None  # no such severity
    assert diagnostics_from_plain([(*good[:5], True, *good[6:])]) is None  # a bool is not a line
    assert diagnostics_from_plain([(*good[:11], ("inSource",))]) is None  # a broken suppression
    assert diagnostics_from_plain([]) == []
