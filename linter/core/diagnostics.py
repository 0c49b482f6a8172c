"""The diagnostic: what every stage of the pipeline produces and every reporter consumes."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """Ordered so that ``a >= b`` means "a is at least as severe as b"."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        # A lookup, not ``self.name.lower()``: asked for every finding of every report.
        return _LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning or info)") from None


_LABELS = {severity: severity.name.lower() for severity in Severity}


@dataclass(frozen=True, order=True)
class Span:
    """A 1-based region; ``end_column`` is exclusive (the column after the last character)."""

    line: int
    column: int
    end_line: int
    end_column: int


UNKNOWN_SPAN = Span(1, 1, 1, 1)


@dataclass(frozen=True)
class Suppression:
    """Why a finding is hidden: ``kind`` is SARIF's ("inSource" for a comment, "external" for the
    configuration or a baseline), ``justification`` the reason the team gave (may be empty)."""

    kind: str
    justification: str = ""


@dataclass(frozen=True)
class Diagnostic:
    """One located finding. ``file`` is the path as the user should see it (POSIX, relative when possible)."""

    code: str
    name: str
    severity: Severity
    message: str
    file: str
    span: Span = UNKNOWN_SPAN
    pointer: str = ""
    # Not part of the identity shown to users: where the absolute file lives, for excerpts.
    abs_path: str = field(default="", compare=False)
    # Set on suppressed findings only (they travel in LintResult.suppressed, never silently dropped).
    suppression: Suppression | None = field(default=None, compare=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str, str, int, int, int, str]:
        # Every field of the identity takes part, so sorting a set of diagnostics gives one order
        # whatever order they were found in (an incremental run merges cached and fresh findings).
        span = self.span
        return (
            self.file,
            span.line,
            span.column,
            self.code,
            self.message,
            self.pointer,
            span.end_line,
            span.end_column,
            int(self.severity),
            self.name,
        )

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column


# A diagnostic as the cache stores it: (code, name, severity, message, file, line, column,
# end line, end column, pointer, absolute path, suppression kind and justification or None).
# Built-in types only: pickling 22,000 of these takes a tenth of the time the objects take.
PlainDiagnostic = tuple[str, str, int, str, str, int, int, int, int, str, str, "tuple[str, str] | None"]
_SEVERITIES = {int(s): s for s in Severity}


def plain_diagnostics(diagnostics: list[Diagnostic]) -> list[PlainDiagnostic]:
    out: list[PlainDiagnostic] = []
    for d in diagnostics:
        span, suppression = d.span, d.suppression
        out.append(
            (
                d.code,
                d.name,
                int(d.severity),
                d.message,
                d.file,
                span.line,
                span.column,
                span.end_line,
                span.end_column,
                d.pointer,
                d.abs_path,
                None if suppression is None else (suppression.kind, suppression.justification),
            )
        )
    return out


_PLAIN_TYPES = (str, str, int, str, str, int, int, int, int, str, str)


def diagnostics_from_plain(value: object) -> list[Diagnostic] | None:
    """The diagnostics :func:`plain_diagnostics` gave, or None for anything else (a cache entry of
    another shape is a miss, never an error)."""
    if not isinstance(value, list):
        return None
    out: list[Diagnostic] = []
    for item in value:
        if not (isinstance(item, tuple) and len(item) == 12):
            return None
        fields, suppressed = item[:11], item[11]
        if tuple(map(type, fields)) != _PLAIN_TYPES or fields[2] not in _SEVERITIES:
            return None
        if suppressed is None:
            suppression = None
        elif isinstance(suppressed, tuple) and len(suppressed) == 2 and all(type(v) is str for v in suppressed):
            suppression = Suppression(*suppressed)
        else:
            return None
        code, name, severity, message, file, line, column, end_line, end_column, pointer, abs_path = fields
        span = Span(line, column, end_line, end_column)
        out.append(Diagnostic(code, name, _SEVERITIES[severity], message, file, span, pointer, abs_path, suppression))
    return out
