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
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning or info)") from None


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
