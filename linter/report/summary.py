"""Counting findings the same way in every format."""

from __future__ import annotations

from linter.core.diagnostics import Diagnostic, Severity


def counts(diagnostics: list[Diagnostic]) -> dict[str, int]:
    out = {"errors": 0, "warnings": 0, "infos": 0}
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.ERROR:
            out["errors"] += 1
        elif diagnostic.severity is Severity.WARNING:
            out["warnings"] += 1
        else:
            out["infos"] += 1
    return out


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
