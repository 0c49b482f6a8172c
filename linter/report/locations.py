"""Where a finding is, as CI services want it: repository-relative paths, UTF-16 columns, and
fingerprints that survive unrelated edits. Shared by the SARIF, GitHub, Azure, GitLab and JUnit
reporters so they agree with each other. Pure functions of the result and the context.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from urllib.parse import quote

from linter.core.diagnostics import Diagnostic, Span
from linter.core.lines import LINE_BREAK  # YAML's line breaks: the loaders' line numbers
from linter.core.result import LintResult
from linter.load.comments import strip_comment
from linter.report import ReportContext

_INDEX = re.compile(r"^[0-9]+$")


def repo_path(diagnostic: Diagnostic, context: ReportContext) -> str:
    """The diagnostic's file relative to the source root (see :func:`repo_file`); "" for none."""
    if not diagnostic.file:
        return ""
    return repo_file(diagnostic.file, context, diagnostic.abs_path)


def repo_file(file: str, context: ReportContext, abs_path: str = "") -> str:
    """A displayed path relative to the source root, POSIX style, never with a ``./`` prefix.

    Falls back to the absolute path for a file outside the root, and to ``file`` itself when the
    context does not say where the run happened.
    """
    if context.cwd:
        absolute = os.path.normpath(abs_path or os.path.join(context.cwd, file))
        root = os.path.normpath(context.source_root or context.cwd)
        try:
            inside = os.path.commonpath([root, absolute]) == root
        except ValueError:  # different drives on Windows
            inside = False
        if inside:
            return os.path.relpath(absolute, root).replace(os.sep, "/")
        return absolute.replace(os.sep, "/")
    while file.startswith("./"):
        file = file[2:]
    return file


def is_relative(path: str) -> bool:
    return not (path.startswith("/") or re.match(r"^[A-Za-z]:/", path))


def uri_reference(path: str) -> str:
    """A relative URI reference for a repository path: spaces, ``#``, ``%`` and non-ASCII
    percent-encoded (RFC 3986), slashes kept. A file name that is not valid UTF-8 (its bytes
    kept as surrogate escapes by the file system encoding) is encoded byte for byte."""
    return quote(path.encode("utf-8", "surrogateescape"), safe="/-._~")


def file_uri(path: str) -> str:
    """A ``file://`` URI for an absolute POSIX (or ``C:/``) path, ending as given."""
    if re.match(r"^[A-Za-z]:/", path):
        path = "/" + path
    return "file://" + quote(path.encode("utf-8", "surrogateescape"), safe="/-._~:")


class SourceLines:
    """The lines of the linted files, split the way the loader counts them, computed once."""

    def __init__(self, sources: Mapping[str, str]) -> None:
        self._sources = sources
        self._lines: dict[str, list[str]] = {}

    def line(self, file: str, number: int) -> str | None:
        if file not in self._sources:
            return None
        lines = self._lines.get(file)
        if lines is None:
            lines = self._lines[file] = LINE_BREAK.split(self._sources[file])
        return lines[number - 1] if 1 <= number <= len(lines) else None


def region_text(diagnostic: Diagnostic, lines: SourceLines) -> str | None:
    """The source text the diagnostic's span covers (lines joined with LF), None if unknown."""
    span = diagnostic.span
    if span.end_line < span.line or span.end_line - span.line > 50:
        return None
    chunk = [lines.line(diagnostic.file, n) for n in range(span.line, span.end_line + 1)]
    if any(line is None for line in chunk):
        return None
    texts = [line for line in chunk if line is not None]
    if len(texts) == 1:
        return texts[0][span.column - 1 : span.end_column - 1]
    texts[0] = texts[0][span.column - 1 :]
    texts[-1] = texts[-1][: span.end_column - 1]
    return "\n".join(texts)


def utf16_column(line: str | None, column: int) -> int:
    """Convert a 1-based code-point column to a 1-based UTF-16 code-unit column (SARIF's default
    ``columnKind``): every astral character before it (an emoji) counts twice."""
    if line is None or column <= 1:
        return max(column, 1)
    astral = sum(1 for char in line[: column - 1] if ord(char) > 0xFFFF)
    return column + astral


def utf16_span(diagnostic: Diagnostic, lines: SourceLines) -> Span:
    span = diagnostic.span
    return Span(
        span.line,
        utf16_column(lines.line(diagnostic.file, span.line), span.column),
        span.end_line,
        utf16_column(lines.line(diagnostic.file, span.end_line), span.end_column),
    )


def _pointer_shape(pointer: str) -> str:
    """The JSON pointer with list indices replaced, so inserting an item above keeps identities."""
    return "/".join("*" if _INDEX.match(part) else part for part in pointer.split("/"))


def fingerprints(diagnostics: Sequence[Diagnostic], paths: Sequence[str], lines: SourceLines) -> list[str]:
    """A line-number-independent identity for each finding, ``<hash>:<n>``.

    The hash covers the rule, the repository path, the shape of the JSON pointer and the text of
    the offending line with comments and white space normalised, so inserting lines above the
    finding or re-indenting other lines does not change it. Findings with the same hash (the same
    defect on identical lines) are told apart by their order of occurrence, as CodeQL does.
    """
    seen: dict[str, int] = {}
    out = []
    for diagnostic, path in zip(diagnostics, paths, strict=True):
        text = lines.line(diagnostic.file, diagnostic.span.line) or ""
        normalised = " ".join(strip_comment(text).split())
        key = "\0".join((diagnostic.code, path, _pointer_shape(diagnostic.pointer), normalised))
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f"{digest}:{seen[digest]}")
    return out


def located_findings(result: LintResult, context: ReportContext) -> list[tuple[Diagnostic, str, str]]:
    """(diagnostic, repository path, fingerprint) for every finding with a file, reported and
    suppressed together in one sorted order, so suppressing one finding does not renumber the
    fingerprints of its twins."""
    lines = SourceLines(result.sources)
    everything = sorted([*result.diagnostics, *result.suppressed], key=lambda d: d.sort_key)
    located = [d for d in everything if d.file]
    paths = [repo_path(d, context) for d in located]
    return list(zip(located, paths, fingerprints(located, paths, lines), strict=True))
