"""Redaction: no output of a run repeats a secret a rule found (DESIGN.md, "Offline and private").

A rule that declares ``redacts_findings`` (SE002) points its findings at secret values. After the
rules of a workspace ran, :func:`collect` gathers what those rules found (running the ones that
are not selected, for redaction only), and the engine (``redaction:`` in linter/run/engine.py):

* replaces each found value in every message and traceback of the workspace with ``[redacted]``
  (also a truncated quote of one, the way the schema messages shorten long values), before the
  diagnostics are cached or reported;
* masks, in the source texts it hands to reporters (``LintResult.sources``, masked when a text is
  first read: linter/run/masked_sources.py), each such finding's
  span and every copy of a found value on the lines an excerpt shows (:func:`stored_masks`, kept
  with the workspace's cached diagnostics: positions, never values), then every secret the rules'
  ``secret_spans`` find on those lines (:func:`scanned_masks`: a duplicate key's dropped value, a
  comment, a file that does not parse). A mask is one ``*`` per character, line breaks and the
  quotes around a scalar kept, so carets stay right and every excerpt of every reporter (text code
  frames, SARIF snippets and context regions, fingerprints hashed from a line) is redacted at its
  source;
* writes no per-file cache entry for a file that holds a found secret (see linter/run/file_stage.py).

If a redacting rule crashes or times out, nothing is known about the secrets, so every line an
excerpt shows is masked whole and nothing of the workspace is cached. The found values live in
memory only, for the length of the run.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from linter.core.diagnostics import Diagnostic, Span
from linter.core.lines import LINE_BREAK
from linter.core.pointer import segments
from linter.model.blueprint import Blueprint, SourceFile
from linter.model.rule import Rule
from linter.run import rule_runner

MASK = "*"
REDACTED = "[redacted]"
# A found value shorter than this is masked where it was found, not wherever the same text appears
# (nor is a line of a multi-line value shorter than MIN_LINE_COPY): "admin" or "test" are words too.
MIN_COPY = 6
MIN_LINE_COPY = 12
# A quote of at least this many leading characters of a found value counts as the value.
MIN_PREFIX = 16
# The lines around a finding that SARIF's contextRegion shows, and the longest span any reporter
# quotes whole (linter/report/sarif.py).
CONTEXT_LINES = 1
MAX_QUOTED_LINES = 60
# With more found values than this, messages are searched through an index of the values' first
# characters instead of once per value.
_INDEXED_ABOVE = 64

# Masks of one workspace: display path -> (0-based line, start, end) character ranges of a line.
Masks = dict[str, list[tuple[int, int, int]]]

_SEPARATED = re.compile(f"({LINE_BREAK.pattern})")  # YAML's line breaks, kept by split (linter/core/lines.py)
_PREFIX = re.compile(r"(?:[&!]\S*[ \t]+)*")  # anchors and tags before a scalar
_BLOCK_HEADER = re.compile(r"(?:[&!]\S*[ \t]+)*[|>][0-9+-]*[ \t]*(?:#.*)?$")


def redacting(rules: Iterable[Rule]) -> list[Rule]:
    return [rule for rule in rules if getattr(rule, "redacts_findings", False)]


@dataclass
class Found:
    """What the redacting rules found in one workspace (in memory only, never cached)."""

    # Located spans of the findings in the requested files, by display path.
    spans: dict[str, list[Span]] = field(default_factory=dict)
    # Every file that holds a found secret, requested or only read to resolve references.
    files: set[Path] = field(default_factory=set)
    # The found values, as the messages could spell them.
    values: set[str] = field(default_factory=set)
    # False when a redacting rule crashed or timed out: then nothing is known.
    complete: bool = True


def collect(
    model: Blueprint,
    ran: Sequence[Rule],
    outcomes: Sequence[rule_runner.Outcome],
    known: Iterable[Rule],
    timeout: float,
) -> Found:
    """What the redacting rules of ``known`` found: from the outcomes of those that ran, and by
    running the others (not selected in this workspace) for redaction only."""
    found = Found()
    pairs = [(r, outcome) for r, outcome in zip(ran, outcomes, strict=True) if getattr(r, "redacts_findings", False)]
    ran_ids = {id(rule) for rule in ran}
    others = [rule for rule in redacting(known) if id(rule) not in ran_ids and rule.origin != "core"]
    if others:
        file_index = {id(source): index for index, source in enumerate(model.files)}
        pairs += [(rule, rule_runner.run_one(rule, model, timeout, file_index)) for rule in others]
    for _, outcome in pairs:
        if outcome.timed_out or outcome.crash:
            found.complete = False
            continue
        for index, pointer, _, on_key in outcome.findings:
            _note(found, model.files[index], pointer, on_key)
    return found


def _note(found: Found, source: SourceFile, pointer: str, on_key: bool) -> None:
    found.files.add(source.path)
    found.values |= forms(value_at(source.data, pointer))
    if source.requested and source.locator is not None:
        span = source.locator.key_span(pointer) if on_key else source.locator.span(pointer)
        found.spans.setdefault(source.display, []).append(span)


def value_at(data: Any, pointer: str) -> Any:
    value = data
    for part in segments(pointer):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def _scalars(value: Any, budget: int = 1000) -> Iterator[str]:
    stack = [value]
    while stack and budget > 0:
        item = stack.pop()
        budget -= 1
        if isinstance(item, bool) or item is None:
            continue
        if isinstance(item, (str, int, float)):
            yield str(item)
        elif isinstance(item, dict):
            stack += list(item.values())
        elif isinstance(item, list):
            stack += item


def forms(value: Any) -> set[str]:
    """A found value as text could spell it: as is, JSON- and repr-escaped, and each of its lines."""
    out: set[str] = set()
    for text in _scalars(value):
        out.update((text, json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1], repr(text)[1:-1]))
        if "\n" in text or "\r" in text:
            out.update(line.strip() for line in text.splitlines() if len(line.strip()) >= MIN_LINE_COPY)
    return {text for text in out if len(text) >= MIN_COPY}


class Finder:
    """Finds the found values (and quotes of their first :data:`MIN_PREFIX` characters or more) in a text."""

    def __init__(self, values: Iterable[str]) -> None:
        self.values = sorted(set(values), key=lambda v: (-len(v), v))
        self._index: dict[str, list[str]] = {}
        if len(self.values) > _INDEXED_ABOVE:
            for value in self.values:
                self._index.setdefault(value[:MIN_COPY], []).append(value)

    def __bool__(self) -> bool:
        return bool(self.values)

    @staticmethod
    def _extent(text: str, start: int, value: str) -> int:
        """Where a match of ``value`` at ``start`` ends (0 if none): at least :data:`MIN_PREFIX`
        of its leading characters (a truncated quote), or the whole of a shorter value standing
        as a word of its own (not the "Summer25" of "Summer2025")."""
        end, stop = start, min(len(text), start + len(value))
        while end < stop and text[end] == value[end - start]:
            end += 1
        if end - start >= MIN_PREFIX:
            return end
        if end - start < len(value):
            return 0
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        return 0 if (before.isalnum() or before == "_") or (after.isalnum() or after == "_") else end

    def spans(self, text: str) -> list[tuple[int, int]]:
        if not self.values or not text:
            return []
        out: list[tuple[int, int]] = []
        if self._index:
            index = self._index
            for start in range(len(text) - MIN_COPY + 1):
                for value in index.get(text[start : start + MIN_COPY], ()):
                    end = self._extent(text, start, value)
                    if end:
                        out.append((start, end))
                        break
            return out
        for value in self.values:
            head = value[:MIN_PREFIX]
            start = text.find(head)
            while start != -1:
                end = self._extent(text, start, value)
                if end:
                    out.append((start, end))
                start = text.find(head, start + 1)
        return out

    def redact(self, text: str) -> str:
        """``text`` with every found value replaced by :data:`REDACTED`."""
        pieces, last = [], 0
        for start, end in _merged(self.spans(text)):
            pieces += [text[last:start], REDACTED]
            last = end
        return "".join(pieces) + text[last:] if pieces else text


def redact_messages(diagnostics: Sequence[Diagnostic], finder: Finder) -> list[Diagnostic]:
    if not finder:
        return list(diagnostics)
    return [
        d if (message := finder.redact(d.message)) == d.message else replace(d, message=message) for d in diagnostics
    ]


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _split(text: str) -> tuple[list[str], str | None]:
    """The lines of ``text`` as the loader counts them, and the one line break they all end with
    (None when several kinds are mixed: then the list alternates lines and their breaks).
    Splitting on one literal is ten times faster than the regular expression on a large file."""
    carriage = text.count("\r")
    if not carriage:
        return text.split("\n"), "\n"
    if carriage == text.count("\r\n") and text.count("\n") == carriage:
        return text.split("\r\n"), "\r\n"
    return _SEPARATED.split(text), None


def _lines(text: str) -> list[str]:
    lines, separator = _split(text)
    return lines if separator is not None else lines[0::2]


# How much text is looked at at once when only some lines are wanted (see _blocks).
_BLOCK_CHARACTERS = 1 << 18


class Lines(Protocol):
    """Lines by 0-based number, and how many there are: a list, or :class:`_SomeLines`."""

    def __len__(self) -> int: ...

    def __getitem__(self, number: int, /) -> str: ...


class _SomeLines:
    """The wanted lines of a text by 0-based number, and how many lines it has: what
    :func:`_lines` gives for those lines, without holding the others (a 213 MB blueprint has
    4.8 million lines; the excerpts of its findings show a few thousand)."""

    def __init__(self, count: int, lines: dict[int, str]) -> None:
        self._count = count
        self._lines = lines

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, number: int) -> str:
        return self._lines[number]


def _uniform_break(text: str) -> str | None:
    """The line break every line of ``text`` ends with ("\n" or "\r\n"), None when mixed."""
    carriage = text.count("\r")
    if not carriage:
        return "\n"
    if carriage == text.count("\r\n") == text.count("\n"):
        return "\r\n"
    return None


def _blocks(text: str, wanted: Sequence[int]) -> Iterator[tuple[int, int, int, list[str] | None]]:
    """``text`` in consecutive blocks of whole lines: (first line's number, start, stop, the
    block's lines split at "\n", or None when no ``wanted`` line, sorted, lies in it). Only the
    line breaks are counted outside the blocks that hold a wanted line."""
    size, line, start, index = len(text), 0, 0, 0
    while start < size or (start == size and line == 0):
        stop = text.find("\n", min(size, start + _BLOCK_CHARACTERS))
        stop = size if stop < 0 else stop + 1
        inside = text.count("\n", start, stop) + (1 if stop == size else 0)
        while index < len(wanted) and wanted[index] < line:
            index += 1
        parts = None
        if index < len(wanted) and wanted[index] < line + inside:
            parts = text[start:stop].split("\n")
            if stop < size:
                parts.pop()  # the "" after the block's last break: the next block's first line
        yield line, start, stop, parts
        line, start = line + inside, stop
        if stop == size:
            return


def _lines_at(text: str, numbers: Iterable[int]) -> Lines:
    """The lines of ``text`` a caller will read (``numbers``, 0-based), as :func:`_lines` gives them."""
    separator = _uniform_break(text)
    if separator is None:
        return _lines(text)
    wanted = sorted(set(numbers))
    found: dict[int, str] = {}
    for first, _, _, parts in _blocks(text, wanted):
        if parts is not None:
            for number in wanted[bisect.bisect_left(wanted, first) : bisect.bisect_left(wanted, first + len(parts))]:
                line = parts[number - first]
                found[number] = line[:-1] if separator == "\r\n" and line.endswith("\r") else line
    return _SomeLines(text.count("\n") + 1, found)


def excerpt_lines(diagnostics: Iterable[Diagnostic]) -> dict[str, set[int]]:
    """The 0-based lines each file's excerpts can show: every finding's lines and the line on
    either side (SARIF ``contextRegion``), up to :data:`MAX_QUOTED_LINES` of a long span."""
    shown: dict[str, set[int]] = {}
    for d in diagnostics:
        if d.file:
            last = min(d.span.end_line, d.span.line + MAX_QUOTED_LINES) + CONTEXT_LINES
            shown.setdefault(d.file, set()).update(range(max(0, d.span.line - 1 - CONTEXT_LINES), last))
    return shown


def _prefix_length(line: str, start: int) -> int:
    match = _PREFIX.match(line, start)
    return len(match.group()) if match else 0


def span_ranges(span: Span, lines: Lines) -> Iterator[tuple[int, int, int]]:
    """The characters of a located value to mask, per line: all of them but the anchor, tag and
    quotes around the scalar, a block scalar's header line and the indentation of its lines."""
    first, last = span.line - 1, min(span.end_line - 1, len(lines) - 1)
    if not 0 <= first < len(lines) or last < first:
        return
    line = lines[first]
    start = span.column - 1
    if first == last:
        end = min(span.end_column - 1, len(line))
        start += _prefix_length(line, start) if start < end else 0
        if end - start >= 2 and line[start] in "\"'" and line[end - 1] == line[start]:
            start, end = start + 1, end - 1
        yield first, start, end
        return
    quote = ""
    if not _BLOCK_HEADER.match(line, start):
        start += _prefix_length(line, start)
        if line[start : start + 1] in ('"', "'"):
            quote, start = line[start], start + 1
        yield first, start, len(line)
    for index in range(first + 1, last + 1):
        text = lines[index]
        begin = len(text) - len(text.lstrip(" \t"))
        end = min(span.end_column - 1, len(text)) if index == last else len(text)
        if index == last and quote and end > begin and text[end - 1] == quote:
            end -= 1
        if end > begin:
            yield index, begin, end


def stored_masks(texts: Mapping[str, str], found: Found, diagnostics: Sequence[Diagnostic], finder: Finder) -> Masks:
    """What the workspace's cache entry keeps beside its diagnostics: the located spans of the
    findings, and the copies of found values on the lines excerpts show (or, when a redacting rule
    failed, every such line whole)."""
    ranges: dict[str, list[tuple[int, int, int]]] = {}
    for display, spans in found.spans.items():
        if display in texts:
            lines = _lines_at(texts[display], (n for span in spans for n in range(span.line - 1, span.end_line)))
            for span in spans:
                ranges.setdefault(display, []).extend(span_ranges(span, lines))
    if finder or not found.complete:
        for display, numbers in excerpt_lines(diagnostics).items():
            if display not in texts:
                continue
            lines = _lines_at(texts[display], numbers)
            for number in sorted(n for n in numbers if n < len(lines)):
                if not found.complete:
                    ranges.setdefault(display, []).append((number, 0, len(lines[number])))
                    continue
                ranges.setdefault(display, []).extend((number, s, e) for s, e in finder.spans(lines[number]))
    return {display: _merged_ranges(each) for display, each in ranges.items() if each}


def scanned_masks(
    texts: Mapping[str, str], diagnostics: Iterable[Diagnostic], rules: Sequence[Rule], *, whole: bool = False
) -> Masks:
    """The secrets the redacting rules' ``secret_spans`` find on the lines excerpts show (each
    line whole when ``whole``, or when a rule's scan raises)."""
    ranges: Masks = {}
    if not rules and not whole:
        return ranges
    # The same line text scans the same way: a blueprint repeats most of its lines (a finding on
    # every interface shows 20,000 copies of ``integration_type: data``).
    scans: dict[str, list[tuple[int, int]]] = {}
    for display, numbers in excerpt_lines(diagnostics).items():
        if display not in texts:
            continue
        lines = _lines_at(texts[display], numbers)
        for number in sorted(n for n in numbers if n < len(lines)):
            line = lines[number]
            found = scans.get(line)
            if found is None:
                found = scans[line] = _scan(line, rules, whole)
            for start, end in found:
                ranges.setdefault(display, []).append((number, start, end))
    return {display: _merged_ranges(each) for display, each in ranges.items()}


def _scan(line: str, rules: Sequence[Rule], whole: bool) -> list[tuple[int, int]]:
    if whole:
        return [(0, len(line))]
    spans: list[tuple[int, int]] = []
    for rule in rules:
        try:
            spans += [(max(0, int(s)), min(len(line), int(e))) for s, e in rule.secret_spans(line)]
        except Exception:  # a scan that fails masks the line: better unreadable than leaked
            return [(0, len(line))]
    return spans


def _merged_ranges(ranges: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    by_line: dict[int, list[tuple[int, int]]] = {}
    for number, start, end in ranges:
        by_line.setdefault(number, []).append((start, end))
    return [(number, s, e) for number in sorted(by_line) for s, e in _merged(by_line[number])]


def combine(*masks: Masks) -> Masks:
    out: dict[str, list[tuple[int, int, int]]] = {}
    for each in masks:
        for display, ranges in each.items():
            out.setdefault(display, []).extend(ranges)
    return {display: _merged_ranges(ranges) for display, ranges in out.items()}


def mask_text(text: str, ranges: Sequence[tuple[int, int, int]]) -> str:
    """``text`` with each range's characters replaced by :data:`MASK` (line breaks and every
    other character kept, so lines and columns stay where they were)."""
    if not ranges:
        return text
    by_line: dict[int, list[tuple[int, int]]] = {}
    for number, start, end in ranges:
        by_line.setdefault(number, []).append((start, end))
    separator = _uniform_break(text)
    if separator is not None:
        return _mask_blocks(text, by_line, separator)
    parts, separator = _split(text)
    step = 1 if separator is not None else 2
    for number, spans in by_line.items():
        if step * number >= len(parts):
            continue
        line = parts[step * number]
        for start, end in _merged(spans):
            end = min(end, len(line))
            if start < end:
                line = line[:start] + MASK * (end - start) + line[end:]
        parts[step * number] = line
    return "".join(parts) if separator is None else separator.join(parts)


def _mask_lines(line: str, spans: list[tuple[int, int]]) -> str:
    for start, end in _merged(spans):
        end = min(end, len(line))
        if start < end:
            line = line[:start] + MASK * (end - start) + line[end:]
    return line


def _mask_blocks(text: str, by_line: dict[int, list[tuple[int, int]]], separator: str) -> str:
    """:func:`mask_text` for a text whose line breaks are all ``separator``: only the blocks of
    lines that hold a range are split (see :func:`_blocks`), the others are copied as they are."""
    out: list[str] = []
    for first, start, stop, parts in _blocks(text, sorted(by_line)):
        if parts is None:
            out.append(text[start:stop])
            continue
        for offset, line in enumerate(parts):
            spans = by_line.get(first + offset)
            if spans is not None:
                carriage = separator == "\r\n" and line.endswith("\r")
                masked_line = _mask_lines(line[:-1] if carriage else line, spans)
                parts[offset] = masked_line + "\r" if carriage else masked_line
        out.append("\n".join(parts) + ("\n" if stop < len(text) else ""))  # the popped break
    return "".join(out)


def masked(diagnostic: Diagnostic, masks: Masks) -> bool:
    """Whether the diagnostic's span covers a masked character (its baseline entry then hashes
    the message, never the value)."""
    span = diagnostic.span
    for number, start, end in masks.get(diagnostic.file, ()):
        line = number + 1
        if not span.line <= line <= span.end_line:
            continue
        low = span.column - 1 if line == span.line else 0
        high = span.end_column - 1 if line == span.end_line else end + 1
        if start < max(high, low + 1) and low < end:
            return True
    return False
