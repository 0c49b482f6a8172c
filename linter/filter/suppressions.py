"""Inline suppressions: ``# blueprint-lint: disable=CODE[,CODE…] [-- reason]`` comments.

Grammar (one directive per comment; codes or rule names, comma-separated)::

    key: value  # blueprint-lint: disable=XR003 -- reason        this line
    # blueprint-lint: disable-next-line=XR003,CP002 -- reason     the next line holding YAML
    # blueprint-lint: disable-file=XR005 -- reason                the whole file

A finding is covered when it *starts* on the line a directive applies to. Comments are found by a
cheap line tokenizer that knows YAML quoting and block scalars, so ``"# not a comment"`` inside a
string is left alone and no second YAML parse (or ruamel round-trip) is paid for comments
(ansible-lint#886 measured that cost). Files without the text ``blueprint-lint:`` are not scanned.

Hygiene diagnostics (each a core rule): SU001 a directive that suppressed nothing, SU002 a code
that names no rule, SU003 no reason while ``suppressions.require-reason`` is set, SU004 a comment
that starts like a directive but does not parse.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from linter.core import codes
from linter.core.diagnostics import Diagnostic, Span, Suppression
from linter.core.lines import split_lines
from linter.load.comments import Comment, iter_comments

MARKER = "blueprint-lint:"
# What each directive kind covers, as SU001 says it (never a line number: see test_baseline).
_COVERS = {"disable": "on this line", "disable-next-line": "on the next line", "disable-file": "in this file"}
_DIRECTIVE = re.compile(
    r"^blueprint-lint\s*:\s*(?P<kind>disable-next-line|disable-file|disable)\s*=\s*"
    r"(?P<codes>[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)\s*(?:--\s*(?P<reason>.*?))?\s*$"
)
_MENTION = re.compile(r"^blueprint-lint\s*:")
# Another `# word:` comment after a directive ends it (`… -- reason  # type: x`); a bare '#' in a
# reason ("ticket #123") does not.
_NEXT_COMMENT = re.compile(r"\s+#\s*[A-Za-z][A-Za-z-]*:")


@dataclass(frozen=True)
class Directive:
    kind: str  # "disable" | "disable-next-line" | "disable-file"
    codes: tuple[str, ...]
    reason: str
    comment: Comment
    target: int | None  # the line it covers; None for the whole file

    @property
    def span(self) -> Span:
        return Span(self.comment.line, self.comment.column, self.comment.line, self.comment.end_column)


def scan(text: str) -> tuple[list[Directive], list[Comment]]:
    """The directives of a file and the comments that look like directives but do not parse."""
    if MARKER not in text:
        return [], []
    lines = split_lines(text)
    directives: list[Directive] = []
    malformed: list[Comment] = []
    for comment in iter_comments(text):
        if not _MENTION.match(comment.body):
            continue
        match = _DIRECTIVE.match(_NEXT_COMMENT.split(comment.body, maxsplit=1)[0])
        if match is None:
            malformed.append(comment)
            continue
        kind = match.group("kind")
        listed = tuple(c.strip() for c in match.group("codes").split(","))
        target: int | None = comment.line
        if kind == "disable-file":
            target = None
        elif kind == "disable-next-line":
            target = _next_yaml_line(lines, comment.line)
        directives.append(Directive(kind, listed, (match.group("reason") or "").strip(), comment, target))
    return directives, malformed


def _next_yaml_line(lines: Sequence[str], after: int) -> int:
    for number in range(after + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return after + 1


@dataclass(frozen=True)
class Hygiene:
    """A problem with a directive, to be emitted as an SU diagnostic."""

    code: str
    message: str
    span: Span


@dataclass
class Applied:
    kept: list[Diagnostic]
    suppressed: list[Diagnostic]
    problems: list[Hygiene]


def apply(
    diagnostics: Sequence[Diagnostic],
    text: str,
    *,
    known: Mapping[str, str],
    enabled: frozenset[str],
    require_reason: bool,
) -> Applied:
    """Split one file's diagnostics into kept and suppressed, and police its directives.

    ``known`` maps every rule code and name (upper-cased codes, lower-case names) to its code.
    """
    directives, malformed = scan(text)
    result = Applied([], [], [])
    for comment in malformed:
        span = Span(comment.line, comment.column, comment.line, comment.end_column)
        result.problems.append(
            Hygiene(
                codes.MALFORMED_SUPPRESSION,
                "malformed suppression comment; expected "
                "'# blueprint-lint: disable=CODE[,CODE] -- reason' (or disable-next-line=, disable-file=)",
                span,
            )
        )
    if not directives:
        result.kept = list(diagnostics)
        return result
    resolved: list[tuple[Directive, list[str]]] = []
    for directive in directives:
        resolved_codes: list[str] = []
        for token in directive.codes:
            code = known.get(token.upper()) or known.get(token.lower())
            if code is None:
                result.problems.append(
                    Hygiene(
                        codes.UNKNOWN_SUPPRESSED_CODE,
                        f"suppression names unknown rule '{token}' (see `blueprint-lint rules`)",
                        directive.span,
                    )
                )
            elif code in codes.UNLOADABLE:
                result.problems.append(
                    Hygiene(
                        codes.UNKNOWN_SUPPRESSED_CODE,
                        f"suppression names {code}, which cannot be suppressed: a file that cannot be loaded "
                        "always fails the run",
                        directive.span,
                    )
                )
            else:
                resolved_codes.append(code)
        if require_reason and not directive.reason:
            result.problems.append(
                Hygiene(
                    codes.SUPPRESSION_WITHOUT_REASON,
                    f"suppression of {', '.join(directive.codes)} gives no reason; add ' -- why this is acceptable'",
                    directive.span,
                )
            )
        resolved.append((directive, resolved_codes))
    used: set[tuple[int, str]] = set()
    for diagnostic in diagnostics:
        cover = None
        for index, (directive, covered) in enumerate(resolved):
            if diagnostic.code in covered and directive.target in (None, diagnostic.span.line):
                used.add((index, diagnostic.code))
                cover = cover or directive
        if cover is None:
            result.kept.append(diagnostic)
        else:
            result.suppressed.append(replace(diagnostic, suppression=Suppression("inSource", cover.reason)))
    for index, (directive, covered) in enumerate(resolved):
        for code in covered:
            if (index, code) in used or code not in enabled:
                continue  # a rule switched off cannot fire, so its suppression is not "unused"
            # Where, in words that survive moved lines: a baseline matches this message.
            where = _COVERS[directive.kind]
            result.problems.append(
                Hygiene(codes.UNUSED_SUPPRESSION, f"unused suppression: no {code} finding {where}", directive.span)
            )
    return result
