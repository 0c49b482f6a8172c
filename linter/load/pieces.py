"""Where a large blueprint can be cut so that its pieces parse alone to the parts of its data.

A whole-file rapidyaml tree takes about ten times the text (2 GB for a 213 MB blueprint), so the
fast loader (:mod:`linter.load.fast`) parses a large text in pieces of a few megabytes, one tree
alive at a time. This module only finds the cuts, from the text's lines; the loader parses each
piece, checks that it holds exactly what its lines promise, and assembles the data.

Cuts are made only where a whole-file parser sees a new node start at an indentation that ends
everything open before it:

- at a **top-level key**: a line starting at column 0 that is not a comment, a sequence entry or
  a document marker (the regions of :class:`linter.load.fast.ChunkLocator`);
- inside the region of a top-level key whose value is a **block sequence** (the key line is
  ``key:`` alone), at an **item's dash** at the sequence's indentation. Such a region is cut only
  if every line starting at or left of that indentation (comments aside) is an item's dash:
  nothing else of the sequence can be cut through. Each of its pieces is parsed with the key line
  put in front, so it reads as ``{key: [items...]}``, at the same depth as in the whole file.

What the cuts cannot prove is checked by the loader on every piece: it parses alone (a quoted
scalar running over a cut leaves one piece unterminated), holds as many top-level keys or items
as its lines start, and no key comes twice across pieces. Texts with document markers are never
cut (``...`` at a piece's end would end the document quietly). Anchors, aliases and tags never
reach this point: admission (:mod:`linter.load.admission`) sends them to the reference loader.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

# A top-level key at column 0 (as linter.load.fast's _TOP_KEY), at the text's start or after a newline.
_TOP_KEY_TEXT = r"(?![#%\s]|-(?:[ \t]|$)|---|\.\.\.)(?=.)"
_TOP_KEY = re.compile(_TOP_KEY_TEXT)
_NEWLINE_TOP_KEY = re.compile("(?m)\n" + _TOP_KEY_TEXT)
# A document marker at a line's start (searched after a newline: a pattern starting with a literal
# is scanned for at C speed, one starting with "^" is tried at every character).
_DOCUMENT_MARKER = re.compile(r"(?:---|\.\.\.)(?:[ \t\r\n]|$)")
_NEWLINE_DOCUMENT_MARKER = re.compile(r"\n(?:---|\.\.\.)(?:[ \t\r\n]|$)")
# A key line whose value is on the following lines: a plain key, nothing but a comment after it.
_BLOCK_KEY_LINE = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.\-]*):[ ]*(?:#[^\n]*)?\n")
_FIRST_ENTRY = re.compile(r"(?m)^(?![ ]*(?:#|\r?$))( *)-(?:[ \r\n])")


@cache
def _at_or_left_of(indent: int) -> re.Pattern[str]:
    """A line (after its newline) whose first character, not a comment, is at column <= indent."""
    return re.compile(rf"\n {{0,{indent}}}[^ #\n]")


@dataclass(frozen=True)
class Piece:
    """``prefix + text[start:end]`` parses alone to a mapping of ``keys`` top-level keys; or, when
    ``items`` is set, to ``{key: [...]}`` holding that many items of the block sequence under
    ``key`` (``continues``: items after the first piece's, to be appended to its list)."""

    start: int
    end: int
    keys: int = 0
    key: str = ""
    prefix: str = ""
    items: int | None = None
    continues: bool = False


def cut(text: str, size: int) -> list[Piece] | None:
    """Pieces of about ``size`` characters covering ``text`` in order, or None when it cannot be
    cut (no top-level keys at column 0, document markers)."""
    if _DOCUMENT_MARKER.match(text) or _NEWLINE_DOCUMENT_MARKER.search(text):
        return None
    starts = [0] if _TOP_KEY.match(text) else []
    starts += [m.start() + 1 for m in _NEWLINE_TOP_KEY.finditer(text)]
    if not starts or not _only_comments(text[: starts[0]]):
        return None
    starts[0] = 0  # comments and blank lines before the first key belong to its region
    bounds = [*starts, len(text)]
    pieces: list[Piece] = []
    group_start, group_keys = 0, 0
    for begin, end in itertools.pairwise(bounds):
        split = _sequence_pieces(text, begin, end, size) if end - begin > size else None
        if split is None:
            group_keys += 1
            if end - group_start >= size:
                pieces.append(Piece(group_start, end, keys=group_keys))
                group_start, group_keys = end, 0
            continue
        if group_keys:
            pieces.append(Piece(group_start, begin, keys=group_keys))
        pieces.extend(split)
        group_start, group_keys = end, 0
    if group_keys:
        pieces.append(Piece(group_start, len(text), keys=group_keys))
    return pieces


def _only_comments(head: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in head.split("\n"))


def _sequence_pieces(text: str, begin: int, end: int, size: int) -> list[Piece] | None:
    """The region text[begin:end] of one top-level key cut between the items of its block
    sequence, or None when its value is not such a sequence or cannot be cut safely."""
    key_line = _BLOCK_KEY_LINE.match(text, begin, end)
    if key_line is None:
        return None
    body = key_line.end()
    first = _FIRST_ENTRY.search(text, body, end)
    if first is None or not _only_comments(text[body : first.start()]):
        return None
    indent = len(first.group(1))
    entry = f"{' ' * indent}-"
    cuts = [first.start()]
    for line in _at_or_left_of(indent).finditer(text, first.start(), end):
        at = line.start() + 1
        if not text.startswith(entry, at) or text[at + indent + 1] not in " \r\n":
            return None  # something other than an item starts there: the sequence is not cut
        cuts.append(at)
    pieces: list[Piece] = []
    key, prefix = key_line.group(1), text[begin:body]
    piece_start, items = begin, 0
    for at in [*cuts[1:], end]:
        items += 1
        if at - piece_start >= size or at == end:
            continues = bool(pieces)  # the first piece holds the key line itself
            pieces.append(
                Piece(piece_start, at, key=key, prefix=prefix if continues else "", items=items, continues=continues)
            )
            piece_start, items = at, 0
    return pieces
