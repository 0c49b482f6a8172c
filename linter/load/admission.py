"""Which texts the fast loader may load: a whitelist of YAML where rapidyaml and the reference agree.

The fast loader (:mod:`linter.load.fast`) must give exactly the reference loader's result or hand
the file over. Parsers disagree at the edges of YAML (the YAML test suite and the differential
tests in ``tests/hostile/test_loader_differential.py`` found each case below), so a text is
admitted only when it stays inside the plain subset blueprints are written in:

- **Characters**: no tab, control character, lone surrogate or non-character (the reference
  reports them), no NEL, U+2028, U+2029 (line breaks to the reference's reader, not to
  rapidyaml) or U+FEFF, and a line break is LF or CR LF, never a lone CR; the text ends with one.
- **No YAML features the fast path does not reproduce**: directives, tags, anchors, aliases, merge
  keys, explicit (``?``) or empty keys, reserved indicators (``@``, `````) or ``%`` where a node
  starts, surrogate escapes, block scalar headers other than ``|``, ``>`` with an optional
  chomping indicator, implicit keys over 1,024 characters.
- **Flow collections only on one line** and only of scalars that read the same in both parsers:
  quoted strings and plain words without ``:``, ``#``, ``?`` or quotes (``[a:]`` and ``[?a]``
  are read differently); see :data:`_FLOW`.
- Layouts found to differ (a plain scalar continued under a key whose line holds only a
  comment, space-only lines around block scalars).

Every check runs at C speed (``in``, ``bytes.translate``, a regular expression); Python only looks
at the few places a scan picks out. Admission is conservative: a text refused here is still loaded
exactly, by the reference loader, only more slowly.
"""

from __future__ import annotations

import heapq
import itertools
import re
import sys
from functools import cache

_DIRECTIVE = re.compile(r"(?m)^%")
# Characters where parsers disagree (tabs used as whitespace, which ruamel rejects in places
# rapidyaml accepts; NEL, U+2028 and U+2029, line breaks to ruamel's reader; U+FEFF) or that the
# reference reports (control characters, lone surrogates, non-characters).
_REFERENCE_ONLY = re.compile("[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
# The ASCII part of that class, for ASCII text: deleting every other byte leaves nothing.
_NOT_ASCII_REFERENCE_ONLY = bytes(b for b in range(256) if not (b < 0x20 and b not in b"\n\r") and b != 0x7F)
# Merge keys ("<<") and surrogate escapes ("\ud800"), which only the reference reads exactly.
_REFERENCE_SYNTAX = re.compile(r"<<|\\u[dD][89a-fA-F]|\\U0000[dD][89a-fA-F]")

# One-line flow collections of plain words and quoted strings, nested up to three levels.
_QUOTED_SCALAR = r"\"(?:[^\"\\\n]|\\[^\n])*\"|'(?:[^'\n]|'')*'"
_PLAIN_CHAR = r"(?:[^\s,\[\]{}:#'\"?]|:(?=[^\s,\[\]{}]))"
_PLAIN_IN_FLOW = rf"(?:[A-Za-z0-9_./~(]|[^\x00-\x7f]|[-+](?=[0-9.])){_PLAIN_CHAR}*(?: +{_PLAIN_CHAR}+)*"
_SCALAR_IN_FLOW = rf"(?:{_QUOTED_SCALAR}|{_PLAIN_IN_FLOW})"


def _flow_pattern(levels: int) -> str:
    """Each entry is followed by a comma or the closing bracket, so an entry appears once per
    collection and the pattern grows twofold per level, not fourfold (compiling it is cheap)."""
    node = _SCALAR_IN_FLOW
    for _ in range(levels):
        pair = rf"{_SCALAR_IN_FLOW}: +(?:{node})?"  # "{a:}" reads as the key "a:" in the reference
        sequence = rf"\[ *(?:{node} *(?:, *|(?=\])))*\]"
        mapping = rf"\{{ *(?:{pair} *(?:, *|(?=\}})))*\}}"
        node = rf"(?:{sequence}|{mapping}|{_SCALAR_IN_FLOW})"
    return node


_LINE_END = r" *(?: #[^\n]*)?\r?\n"
# A flow collection of that grammar ending its line (a comment may follow after a space).
_FLOW_TO_LINE_END_PATTERN = rf"{_flow_pattern(3)}{_LINE_END}"
# The grammar is deterministic (each alternative starts with its own character), so no match
# ever needs to backtrack into a finished repetition. Possessive repetitions (Python 3.11) say so
# to the engine, which then keeps no backtracking state per item: without them a one-line flow
# list of four million items took 2.4 GB here. Python 3.10 lacks them; there, lines that long
# take the reference loader instead (see admit).
_POSSESSIVE = sys.version_info >= (3, 11)


@cache
def _flow_to_line_end() -> re.Pattern[str]:
    """The grammar, compiled on first use: it takes about 9 ms, and most blueprints never need it
    (the scan itself accepts the common one-level list of words)."""
    pattern = _FLOW_TO_LINE_END_PATTERN
    return re.compile(pattern.replace(")*", ")*+").replace(")?", ")?+") if _POSSESSIVE else pattern)


_HUGE_LINE = re.compile(r"(?:\A|\n)[^\n]{65536}")
# A block scalar header: only "|" or ">" with an optional chomping indicator, then a comment.
_BLOCK_HEADER_REST = re.compile(r"[-+]?(?:[ ]+#[^\n]*)?[ ]*\r?\n")

# Where a node starts in block context: after a key's ": ", or a line's indentation and "- "
# entries. The candidates are characters that start a node the fast path must look at: properties
# (tags, anchors, aliases), reserved indicators, "%", flow closers and separators with no flow
# open, block scalar headers, explicit and empty keys, and flow collections other than a plain
# list of words (the common ``goals: [G-1, G-2]`` is skipped right in the scan). Both patterns
# start with a literal, so the scan jumps from one ": " or line break to the next at C speed.
# A one-level flow collection of words and simple quoted strings (a subset of the grammar above,
# checked in the scan itself: most flow collections in blueprints are such).
_WORDS = r"[A-Za-z0-9_][A-Za-z0-9_./@+()-]*(?: [A-Za-z0-9_(][A-Za-z0-9_./@+()-]*)*"
_SIMPLE = rf"(?:{_WORDS}|\"[^\"\\\n]*\"|'[^'\n]*')"
_SIMPLE_SEQUENCE_REST = rf"(?:{_SIMPLE}(?:, {_SIMPLE})*)?\]{_LINE_END}"
_SIMPLE_MAPPING_REST = rf"(?:{_SIMPLE}: {_SIMPLE}(?:, {_SIMPLE}: {_SIMPLE})*)?\}}{_LINE_END}"
# Each alternative starts with its character, so a line that starts otherwise costs one test.
_INTERESTING = rf"[!&*@`%\]}},|>]|\[(?!{_SIMPLE_SEQUENCE_REST})|\{{(?!{_SIMPLE_MAPPING_REST})"
_AFTER_KEY = re.compile(rf": +(?P<c>{_INTERESTING})")
# "[ -]*" rather than "( *- +)*": the same line starts and more (a plain "-[x]" is a candidate
# too, and checked as a flow: only slower), at a third of the cost.
_ENTRY_START = rf"[ -]*(?P<c>{_INTERESTING}|[?:](?= |\r?\n))"
_AT_LINE_START = re.compile(rf"\n{_ENTRY_START}")
_AT_TEXT_START = re.compile(_ENTRY_START)

# Implicit keys are limited to 1,024 characters by the reference; lines that long are rare.
_LONG_LINE = re.compile(r"\n([^\n]{1000})")
_LINE_HEAD = re.compile(r"[ ]*(?:-[ ]+)*")

_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\n]|\'\')*\'')
_KEY_THEN_COMMENT = re.compile(r"^( *)(?:- +)?[^\s#-][^#]*:[ \t]+#")
_COMMENT_AFTER_COLON = re.compile(r"(?m):[ \t]+#.*$")
_BLOCK_SCALAR = re.compile(r"(?m)[|>][0-9+-]*[ \t]*(?:#.*)?$")
_SPACES_ONLY_LINE = re.compile(r"(?m)^ +$")


def admit(text: str) -> bytes | None:
    """``text`` in UTF-8 when the fast path may load it, ``None`` when only the reference can."""
    if not text.endswith("\n"):
        return None  # the last line's end: block scalars and spans differ without a final break
    if text.isascii():
        encoded = text.encode("ascii")
        if encoded.translate(None, _NOT_ASCII_REFERENCE_ONLY):
            return None  # a tab or a control character
    elif _REFERENCE_ONLY.search(text):
        return None
    else:
        encoded = text.encode("utf-8")
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return None  # a lone CR
    if "%" in text and _DIRECTIVE.search(text):
        return None
    if ("<" in text or "\\" in text) and _REFERENCE_SYNTAX.search(text):
        return None
    if _node_start_needs_reference(text) or _huge_line_without_possessive(text):
        return None
    if len(text) >= 1000 and _long_implicit_key(text):
        return None
    if _layout_needs_reference(text):
        return None
    return encoded


def _node_start_needs_reference(text: str) -> bool:
    """Whether a node starts with something only the reference reads exactly (see
    :data:`_AFTER_KEY`): the scans find the candidates, in text order; each is looked at here."""
    first = _AT_TEXT_START.match(text)
    starts = itertools.chain([first] if first else [], _AT_LINE_START.finditer(text))
    candidates = heapq.merge(starts, _AFTER_KEY.finditer(text), key=lambda m: m.start("c"))
    checked_to = 0  # the end of the last flow collection found good: what lies inside is covered
    flows_seen: set[str] = set()  # flow collections repeat (a retry policy, a mapping row)
    for match in candidates:
        at = match.start("c")
        if at < checked_to:
            continue
        char = text[at]
        if char in "[{":
            if match.re is _AFTER_KEY and _inside_flow(text, at):
                return True  # ": [" inside a flow collection this scan did not see start
            end = text.find("\n", at) + 1
            flow = text[at:end]
            if flow not in flows_seen:
                if not _flow_to_line_end().match(flow):
                    return True
                flows_seen.add(flow)
            checked_to = end
        elif char in "|>":
            if not _BLOCK_HEADER_REST.match(text, at + 1):
                return True
        else:  # a property, a reserved indicator, a stray flow character, an explicit or empty key
            return True
    return False


def _inside_flow(text: str, at: int) -> bool:
    """Whether ``at`` lies inside a flow collection opened earlier on its line."""
    line = _QUOTED.sub('""', text[text.rfind("\n", 0, at) + 1 : at])
    return line.count("[") + line.count("{") > line.count("]") + line.count("}")


def _huge_line_without_possessive(text: str) -> bool:
    return not _POSSESSIVE and len(text) >= 65536 and _HUGE_LINE.search(text) is not None


def _long_implicit_key(text: str) -> bool:
    """Whether a line of 1,000 characters or more may hold an implicit key that long: its first
    ``:`` comes that late, or a second ``:`` follows (a key inside a long flow collection). A
    long line that is one short key and a long value (a flow list of numbers) stays fast."""
    first_line = [0] if text.find("\n", 0, 1000) < 0 else []
    for start in itertools.chain(first_line, (m.start(1) for m in _LONG_LINE.finditer(text))):
        stop = text.find("\n", start)
        stop = len(text) if stop < 0 else stop
        head = _LINE_HEAD.match(text, start)
        begin = head.end() if head else start
        colon = text.find(":", begin, stop)
        if colon < 0 or colon - begin >= 1000 or text.find(":", colon + 1, stop) >= 0:
            return True
    return False


def _line_at(text: str, position: int) -> tuple[str, int]:
    """The line holding ``position`` and the offset where the next line starts."""
    begin = text.rfind("\n", 0, position) + 1
    stop = text.find("\n", position)
    stop = len(text) if stop < 0 else stop
    return text[begin:stop], stop + 1


def _layout_needs_reference(text: str) -> bool:
    """Layouts where rapidyaml and the reference disagree (found by the YAML test suite): a plain
    scalar continued under a key whose line holds only a comment, and space-only lines around
    block scalars. (A one-character test, far faster than a regular expression, skips each scan
    that cannot match.)"""
    if (
        ("|" in text or ">" in text)
        and (" \n" in text or text.endswith(" "))  # a space-only line ends so
        and _BLOCK_SCALAR.search(text)
        and _SPACES_ONLY_LINE.search(text)
    ):
        return True
    if "#" not in text:
        return False
    for candidate in _COMMENT_AFTER_COLON.finditer(text):
        line, next_start = _line_at(text, candidate.start())
        match = _KEY_THEN_COMMENT.match(line)
        if not match:
            continue
        rest = text[next_start : next_start + 4096].split("\n")
        following = next((n for n in rest if n.strip() and not n.lstrip().startswith("#")), "")
        indent = len(following) - len(following.lstrip(" "))
        body = following.strip()
        if indent > len(match.group(1)) and not body.startswith("- ") and not re.search(r":(\s|$)", body):
            return True
    return False
