"""Fast located loading: rapidyaml for the data, positions composed lazily, chunk by chunk.

The reference loader (:mod:`linter.load.reference`) composes the whole file with ruamel.yaml's pure-Python
round-trip composer, which keeps every position but costs about 4 µs per byte (30 s and more for a
33 MB blueprint). This module produces the *same* :class:`LoadedDocument` much faster:

- **Data** comes from rapidyaml (a C++ parser, about 60 ms for 3.7 MB), walked once in Python.
  Plain scalars are resolved with ruamel's own YAML 1.2 resolver and the reference converter's
  rules, so ``01``, ``0x1F``, ``~`` or ``2024-01-01`` get exactly the reference's values.
- **Large texts** (:data:`PIECES_FROM` and more) are parsed in pieces cut by
  :mod:`linter.load.pieces`, one tree alive at a time, when the pieces provably give the whole
  file's data (:func:`_load_in_pieces`); otherwise the whole file is parsed as before. Their
  admission runs meanwhile in a forked child where it can (:mod:`linter.core.alongside`).
- **Positions** are only needed for the few nodes a diagnostic points at. :class:`ChunkLocator`
  finds the text of the top-level key (or, inside a long top-level list, the single item) that
  holds a pointer, composes just that chunk with a located parser, checks that the chunk gives
  back exactly the data already loaded, and answers with the reference :class:`NodeLocator` on
  its own nodes (libyaml's, or ruamel's where libyaml places a node differently), given the
  chunk's first line. Anything that does not check out is located with a full reference compose.

Anything the fast path cannot reproduce exactly goes to the reference loader: a syntax error, a
tag, an anchor or alias, a merge key, a duplicate key, an empty or null key, directives, several
documents, a root that is not a mapping, a number the reference reports (SY008), nesting deeper
than the limit. Those are rare in real blueprints and the reference reports them with its own
located diagnostics. More nodes than the limit (counted as the reference counts them: keys too)
is refused here with the reference's own SY007, at the same place (:func:`_node_limit_refusal`),
so a file just over the limit is not composed a second time. Which texts the fast path takes at all
is decided first, by :mod:`linter.load.admission`. ``tests/test_fastload.py`` and
``tests/hostile/test_loader_differential.py`` check the equivalence on the examples, the test
fixtures, the YAML test suite and generated and mutated YAML.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
from collections.abc import Callable
from functools import cache
from typing import Any, ClassVar

from linter.core import codes
from linter.core.alongside import alongside
from linter.core.diagnostics import Span
from linter.core.limits import MAX_DEPTH_CEILING, LoadLimits, usable_number
from linter.core.limits import MAX_NUMBER_MAGNITUDE as _MAX_NUMBER
from linter.core.lines import count_line_breaks
from linter.core.pointer import segments as pointer_segments
from linter.core.pointer import unescape
from linter.load import admission, pieces
from linter.load.reference import (
    LoadedDocument,
    LoadProblem,
    NodeLocator,
    load_text,
    node_limit_message,
    parse_float,
    parse_int,
)

_TAG = "tag:yaml.org,2002:"
_TAG_SEQ, _TAG_MAP = _TAG + "seq", _TAG + "map"

try:  # rapidyaml is a wheel with a C++ extension; without it everything takes the reference path
    import ryml
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    ryml = None
try:  # orjson builds the data from rapidyaml's JSON a little faster than json.loads; optional
    import orjson
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    orjson = None  # type: ignore[assignment]


@cache
def _libyaml() -> tuple[Callable[..., Any], type] | None:
    """PyYAML's ``compose`` and a libyaml loader, which compose the chunks diagnostics point into;
    imported on first use (8 ms of every run's start-up, and most runs compose no chunk), None
    without PyYAML's libyaml binding."""
    try:
        from yaml import compose
        from yaml.cyaml import CParser
        from yaml.nodes import MappingNode, ScalarNode, SequenceNode
    except ImportError:  # pragma: no cover
        return None

    class _CLoader(CParser):  # type: ignore[misc]
        """libyaml's composer without tag resolution: the locator never looks at tags (the fast
        path takes no tags, merge keys or anchors), and resolving them was a third of the time."""

        _TAGS: ClassVar[dict[type, str]] = {ScalarNode: _TAG + "str", SequenceNode: _TAG_SEQ, MappingNode: _TAG_MAP}

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            return self._TAGS[kind]

        def descend_resolver(self, parent: Any, index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

    return compose, _CLoader


_PLAIN_TEXT_TAGS = {_TAG + "str", _TAG + "timestamp", _TAG + "binary"}

# Disable with BLUEPRINT_LINT_FAST_LOADER=0 (for comparing, or if a difference is ever suspected).
ENV_SWITCH = "BLUEPRINT_LINT_FAST_LOADER"


class _Fallback(Exception):
    """The fast path cannot reproduce the reference exactly for this document."""


class _OverNodeLimit(Exception):
    """The document holds more nodes than the limit (counted as the reference counts them)."""

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self.data = data


def enabled() -> bool:
    return ryml is not None and os.environ.get(ENV_SWITCH, "1") != "0"


def load(text: str, limits: LoadLimits | None = None) -> LoadedDocument:
    """The fast path when it applies, the reference loader otherwise: same result either way."""
    limits = limits or LoadLimits()
    if enabled():
        document = load_fast(text, limits)
        if document is not None:
            return document
    return load_text(text, limits)


# -- scalars ------------------------------------------------------------------------------------
class _Scalars:
    """Plain scalar text → value, as the reference converts it; memoised (blueprints repeat a lot)."""

    def __init__(self) -> None:
        from ruamel.yaml.nodes import ScalarNode
        from ruamel.yaml.resolver import VersionedResolver

        resolver = VersionedResolver()  # version 1.2, what the reference's round-trip loader uses

        def tag_of(text: str) -> str:
            return str(resolver.resolve(ScalarNode, text, (True, False)))

        self._tag_of: Callable[[str], str] = tag_of
        self.memo: dict[str, Any] = {}
        # First characters for which the resolver has any implicit rule; a plain scalar starting
        # with anything else is always a string.
        table = resolver.versioned_resolver
        if None in table:
            raise RuntimeError("ruamel.yaml resolver has catch-all rules; the fast loader needs updating")
        self.special_first = frozenset(k for k in table if k)

    def plain(self, text: str) -> Any:
        tag = self._tag_of(text)
        if tag in _PLAIN_TEXT_TAGS:
            value: Any = text
        elif tag == _TAG + "null":
            value = None
        elif tag == _TAG + "bool":
            value = text.lower() == "true"
        elif tag == _TAG + "int" or tag == _TAG + "float":
            try:
                value = parse_int(text) if tag == _TAG + "int" else parse_float(text)
            except ValueError:
                raise _Fallback from None
            if not usable_number(value):
                raise _Fallback  # not finite, or too large: the reference reports SY008 here
        else:
            raise _Fallback  # merge keys ('<<'), '=' (the value tag), anything the reference flags
        self.memo[text] = value
        return value


_SCALARS: _Scalars | None = None


def _scalars() -> _Scalars:
    global _SCALARS
    if _SCALARS is None:
        _SCALARS = _Scalars()
    return _SCALARS


# -- the data walk ------------------------------------------------------------------------------
class _Silenced:
    """rapidyaml prints parse errors on the C stderr; the reference reports them, so hide them."""

    def __enter__(self) -> None:
        try:
            sys.stderr.flush()
            self._saved = os.dup(2)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.close(devnull)
        except OSError:
            self._saved = -1

    def __exit__(self, *exc: object) -> None:
        if self._saved >= 0:
            os.dup2(self._saved, 2)
            os.close(self._saved)


def load_fast(text: str, limits: LoadLimits) -> LoadedDocument | None:
    """The document via rapidyaml, or ``None`` when only the reference can load it exactly."""
    if ryml is None:
        return None
    if len(text) >= PIECES_FROM:
        return _load_large(text, limits)
    encoded = admission.admit(text)
    if encoded is None:
        return None  # a construct where the parsers may differ: the reference decides
    return _load_whole(text, encoded, limits)


def _load_large(text: str, limits: LoadLimits) -> LoadedDocument | None:
    """A large text: admitted in a forked child while this process parses it in pieces (two
    independent passes over the text, linter/core/alongside.py); without a child, admitted first,
    as a small text is. Either way nothing parsed here is used unless the text is admitted."""
    with alongside(lambda: admission.admit(text) is not None) as admitted:
        if admitted.known and not admitted.result():
            return None
        try:
            in_pieces: dict[str, Any] | _OverNodeLimit | None = _load_in_pieces(text, limits)
        except _OverNodeLimit as over:
            in_pieces = over
        if not admitted.result():
            return None  # a construct where the parsers may differ: the reference decides
    if isinstance(in_pieces, _OverNodeLimit):
        return _node_limit_refusal(text, in_pieces.data, limits)
    if in_pieces is not None:
        return LoadedDocument(data=in_pieces, locator=ChunkLocator(text, in_pieces), problems=[])
    # Not provably the same in pieces: the whole file decides.
    return _load_whole(text, text.encode("utf-8"), limits)


def _load_whole(text: str, encoded: bytes, limits: LoadLimits) -> LoadedDocument | None:
    """An admitted text (``encoded``: its UTF-8) parsed in one tree."""
    try:
        source = _Tree(text, encoded)
    except Exception:  # any parse error: the reference gives the located SY001
        return None
    del encoded  # the tree holds its own copy
    try:
        try:
            data = _convert_json(source, text, limits)
        except _NeedWalk:
            data = _convert(source.get(), limits)
    except (_Fallback, RecursionError, UnicodeDecodeError):
        return None
    except _OverNodeLimit as over:
        # Refused on this count: composing the file again in the reference loader only to reach
        # the same limit took minutes and gigabytes for a few megabytes of text.
        return _node_limit_refusal(text, over.data, limits)
    return LoadedDocument(data=data, locator=ChunkLocator(text, data), problems=[])


# A text this long is parsed in pieces of about PIECE_CHARACTERS (see _load_in_pieces); module
# attributes so that the tests can cut small texts.
PIECES_FROM = 8_000_000
PIECE_CHARACTERS = 4_000_000


def _load_in_pieces(text: str, limits: LoadLimits) -> dict[str, Any] | None:
    """The data of ``text`` parsed piece by piece (:mod:`linter.load.pieces`), one rapidyaml tree
    alive at a time, or None when the pieces cannot be proven to give what the whole file gives
    (then the whole file is parsed as before, and decides).

    Each piece goes through the whole file's own conversion (:func:`_convert_json`), at the same
    depth (a sequence's later pieces are parsed under their key line), and must hold exactly the
    keys or items its lines start; a top-level key must not come twice. Anything a piece cannot
    take as the JSON shortcut (a walk, a fallback, a parse error) gives up the pieces: the whole
    file then takes the walk or the reference exactly as it would have. The node limit is applied
    to the whole file's count, summed from the pieces' counts, only once every piece is loaded, as
    the whole file's conversion applies it to the whole data; over it, the same refusal is made
    from the same data.
    """
    cuts = pieces.cut(text, PIECE_CHARACTERS)
    if cuts is None or len(cuts) < 2:
        return None
    unlimited = dataclasses.replace(limits, max_nodes=sys.maxsize)
    data: dict[str, Any] = {}
    values, keys = 1, 0  # the whole file's count: its root, then every piece's nodes but its root
    for piece in cuts:
        piece_text = piece.prefix + text[piece.start : piece.end]
        tally: list[int] = []
        try:
            source = _Tree(piece_text, piece_text.encode("utf-8"))
            part = _convert_json(source, piece_text, unlimited, tally)
        except Exception:  # a parse error, a walk or a fallback needed: the whole file decides
            return None
        del source
        piece_values, piece_keys = tally
        values += piece_values - 1
        keys += piece_keys
        if piece.items is None:
            if len(part) != piece.keys or any(key in data for key in part):
                return None
            data.update(part)
            continue
        items = part.get(piece.key)
        if len(part) != 1 or type(items) is not list or len(items) != piece.items:
            return None
        if not piece.continues:
            if piece.key in data:
                return None
            data[piece.key] = items
        else:
            data[piece.key].extend(items)
            values -= 1  # this piece's list is the first piece's list
            keys -= 1  # and its key line that piece's key
    if values + keys > limits.max_nodes:
        raise _OverNodeLimit(data)
    return data


def _node_limit_refusal(text: str, data: dict[str, Any], limits: LoadLimits) -> LoadedDocument | None:
    """The reference's SY007 for a document over the node limit, or None when it cannot be
    reproduced cheaply and exactly (then the reference loader decides).

    The reference counts nodes in document order (the root, then each key before its value) and
    reports the top-level entry being composed when the count crosses the limit, at the start of
    its key. The same count over the loaded data finds that entry; its key is found in the text
    as one of the lines that start a top-level key, which must be exactly as many as the keys.
    The reference would have stopped earlier on a node too deep before that point: then it
    decides.
    """
    limit = limits.max_nodes
    deepest_allowed = min(limits.max_depth, MAX_DEPTH_CEILING) - 1  # the root is level 1 there
    count = 1  # the root
    crossing = None
    for index, value in enumerate(data.values()):
        count += 1  # the key
        if count <= limit:
            size, depth = _size_and_depth(value, 1)
            if depth > deepest_allowed:
                return None
            count += size
        if count > limit:
            crossing = index
            break
    if crossing is None:
        return None
    starts = _line_starts(_TOP_KEY, _NEWLINE_TOP_KEY, text, 0, len(text))
    if len(starts) != len(data):
        return None
    start = starts[crossing]
    key = list(data)[crossing]
    if not re.compile(re.escape(key) + r"[ \t]*:(?:[ \t\r\n]|$)").match(text, start):
        return None  # a quoted, explicit or otherwise unusual key: the reference places it
    line = count_line_breaks(text, 0, start) + 1
    return LoadedDocument(problems=[LoadProblem(codes.TOO_LARGE, node_limit_message(limit), Span(line, 1, line, 2))])


def _size_and_depth(value: Any, depth: int) -> tuple[int, int]:
    """The nodes of ``value`` counted as the reference counts them (every key, value and item)
    and the level of its deepest node (``value`` itself at ``depth``, the root at 0)."""
    size, deepest = 0, depth
    stack = [(value, depth)]
    pop, push = stack.pop, stack.append
    while stack:
        item, level = pop()
        size += 1
        if level > deepest:
            deepest = level
        if type(item) is dict:
            size += len(item)  # the keys, one level down
            if item and level + 1 > deepest:
                deepest = level + 1
            for child in item.values():
                push((child, level + 1))
        elif type(item) is list:
            for child in item:
                push((child, level + 1))
    return size, deepest


class _Tree:
    """The rapidyaml tree of one text, released while the Python data is built.

    The tree takes about ten times the text's size (430 MB for a 42 MB blueprint), so holding it
    while the data is built would set the run's peak memory. The JSON shortcut needs it again only
    for a quoted string that looks like a number and for floats, rare in blueprints: then the
    text is parsed again (same text, same tree).
    """

    def __init__(self, text: str, encoded: bytes) -> None:
        self._text = text
        self._tree: Any = self._parse(encoded)

    @staticmethod
    def _parse(encoded: bytes) -> Any:
        with _Silenced():
            return ryml.parse_in_arena(encoded)

    def get(self) -> Any:
        if self._tree is None:
            self._tree = self._parse(self._text.encode("utf-8"))
        return self._tree

    def release(self) -> None:
        self._tree = None


class _NeedWalk(Exception):
    """The JSON shortcut cannot decide exactly; walk the tree node by node instead."""


# A tag, anchor or alias where a node can start (a false alarm only costs the slower walk).
_PROPERTY_START = re.compile(r"[!&*][^\s,\[\]{}]")


def _document_root(tree: Any) -> int:
    """The id of the single document's root mapping; falls back for anything else."""
    root = tree.root_id()
    root_type = tree.type(root)
    if root_type & ryml.STREAM == ryml.STREAM:
        child = tree.first_child(root)
        if child == ryml.NONE or tree.next_sibling(child) != ryml.NONE:
            raise _Fallback  # several documents (SY003) or none at all
        root, root_type = child, tree.type(child)
    if not root_type & ryml.MAP:
        raise _Fallback  # empty file, a list or a scalar at the top: the reference reports it
    return int(root)


def _convert_json(source: _Tree, text: str, limits: LoadLimits, tally: list[int] | None = None) -> dict[str, Any]:
    """rapidyaml emits JSON, orjson (or ``json.loads``) builds the values: about ten times faster
    than a walk.

    Exactness is restored afterwards. Numbers get the reference's values (``json.loads`` hooks
    see their text; see :func:`_finish_json` for orjson). rapidyaml quotes every string, plain or not, so a string that the
    YAML 1.2 resolver would *not* keep as a string when plain (``01``, ``~``, ``True``…) is looked
    up in the tree to learn whether it was quoted. Anything else unusual takes the walk.
    """
    tree = source.get()
    root = _document_root(tree)
    if "!" in text or "&" in text or "*" in text:
        for match in _PROPERTY_START.finditer(text):
            at = match.start()
            if at == 0 or text[at - 1] in " \t\r\n[{,":
                raise _NeedWalk
    scalars = _scalars()
    memo, plain = scalars.memo, scalars.plain

    def number(token: str) -> Any:
        found = memo.get(token, memo)
        return plain(token) if found is memo else found

    try:
        with _Silenced():
            emitted = ryml.emit_json_malloc(tree, root)
    except Exception:
        # rapidyaml's emitter refuses nesting deeper than its own limit (64 levels) with an
        # exception and lines on the C stderr; the walk has no such limit and applies max-depth.
        raise _NeedWalk from None
    # Every tree node is one value unless a duplicate key was silently merged by the JSON parser.
    nodes = tree.size() - (1 if root != tree.root_id() else 0)
    del tree
    source.release()  # before the data is built: the peak is the tree or the data, not both
    data = _orjson_data(emitted)
    if data is not None:
        try:
            return _finish_json(data, source, nodes, limits, scalars, by_orjson=True, tally=tally)
        except _NotOrjson:
            pass
    return _finish_json(_json_data(emitted, number), source, nodes, limits, scalars, by_orjson=False, tally=tally)


class _NotOrjson(Exception):
    """orjson may have read a number differently from the reference: use json.loads instead."""


# orjson reads an integer beyond 64 bits as a float; any float this large may have been one.
_ORJSON_EXACT_INTS = 2.0**63


def _orjson_data(emitted: str) -> Any:
    """``emitted`` read by orjson, or ``None`` when orjson is missing or refuses it (control
    characters, lone surrogates, ``NaN``…: json.loads then decides, as before)."""
    if orjson is None:
        return None
    try:
        return orjson.loads(emitted)
    except (orjson.JSONDecodeError, RecursionError, ValueError):
        return None


def _json_data(emitted: str, number: Callable[[str], Any]) -> Any:
    try:
        return json.loads(emitted, parse_int=number, parse_float=number, strict=False)
    except (ValueError, RecursionError):
        raise _NeedWalk from None


def _finish_json(
    data: Any,
    source: _Tree,
    nodes: int,
    limits: LoadLimits,
    scalars: _Scalars,
    *,
    by_orjson: bool,
    tally: list[int] | None = None,
) -> dict[str, Any]:
    """Check the JSON-built data against the tree and limits, and restore exact scalars.

    Integers are the same either way: rapidyaml writes an unquoted integer as a JSON integer
    token (``-?(0|[1-9][0-9]*)``), which the reference's YAML 1.2 resolution reads as
    ``int(token)``, exactly as orjson does within 64 bits (``tests/test_fastload.py`` checks
    this). Beyond 64 bits orjson gives a float; such a float sends the data back to json.loads.
    Every float is re-resolved from the tree's own text whichever parser read it. ``tally``, when
    given, receives the walk's counts (values, keys).
    """
    if not isinstance(data, dict):
        raise _NeedWalk
    count, keys, floats, ambiguous = _walk_json(data, _deepest_collection(limits), scalars)
    if count != nodes:
        raise _NeedWalk
    if tally is not None:
        tally[:] = [count, keys]  # a piece's count: the caller applies the limit to the sum
    if count + keys > limits.max_nodes:
        raise _OverNodeLimit(data)
    if by_orjson:
        for _, container, key in floats:
            if abs(container[key]) >= _ORJSON_EXACT_INTS:
                raise _NotOrjson
    if floats or ambiguous:
        _restore_from_tree(source, floats, ambiguous, scalars)
    return data


def _deepest_collection(limits: LoadLimits) -> int:
    """The deepest level (the root at 0) at which the fast path takes a collection.

    The reference counts levels as ruamel's composer does: the root is level 1 and every node
    counts, scalars included, up to ``max-depth`` (capped at the ceiling). A collection at depth
    ``d`` here holds its scalars at the reference's level ``d + 2``; anything deeper goes to the
    reference, which reports SY006 at its own place (an empty collection one level deeper is
    within the limit there: handing it over is only slower).
    """
    return min(limits.max_depth, MAX_DEPTH_CEILING) - 2


def _walk_json(
    data: dict[str, Any], max_depth: int, scalars: _Scalars
) -> tuple[int, int, list[tuple[Any, Any, Any]], list[tuple[Any, Any, Any, str]]]:
    """One pass over the JSON-built data: its node count, and the values to look up in the tree.

    Returns (values, keys, floats, ambiguous strings), each value as (trail, container, key[, text]);
    values are the tree's nodes, values and keys together what the node limit counts.
    The trail is a linked list of (parent trail, key) tuples, so a path is only spelled out for
    the rare value that needs a look at the tree. rapidyaml rewrites some float spellings in its
    JSON (``.5`` becomes ``0.5``), so every float is re-resolved from the scalar's own text (floats
    are rare in blueprints); a string whose plain reading is not a string may have been quoted.
    """
    memo, plain = scalars.memo, scalars.plain
    special = scalars.special_first
    ambiguous: list[tuple[Any, Any, Any, str]] = []
    floats: list[tuple[Any, Any, Any]] = []
    # Every value is a node: the root, and each container's children.
    count = 1
    keys = 0
    stack: list[tuple[Any, int, Any]] = [(data, 0, None)]
    pop, push, remembered = stack.pop, stack.append, memo.get
    while stack:
        value, depth, trail = pop()
        if depth > max_depth:
            raise _Fallback
        count += len(value)
        if type(value) is dict:
            if "" in value or "<<" in value:
                raise _NeedWalk
            keys += len(value)
            items: Any = value.items()
        else:
            items = enumerate(value)
        for key, item in items:
            kind = type(item)
            if kind is str:
                if item and item[0] not in special:
                    continue
                # A string that plain would be a string too needs no look at the tree.
                found = remembered(item, memo)
                if found is memo:
                    try:
                        found = plain(item)
                    except _Fallback:
                        found = memo  # not a string: looked at below
                if type(found) is not str:
                    ambiguous.append((trail, value, key, item))
            elif kind is dict or kind is list:
                push((item, depth + 1, (trail, key)))
            elif kind is float:
                floats.append((trail, value, key))
            elif kind is int and not -_MAX_NUMBER <= item <= _MAX_NUMBER:
                raise _Fallback  # too large to be usable: the reference reports SY008
    return count, keys, floats, ambiguous


def _restore_from_tree(
    source: _Tree,
    floats: list[tuple[Any, Any, Any]],
    ambiguous: list[tuple[Any, Any, Any, str]],
    scalars: _Scalars,
) -> None:
    """Re-resolve each float from its text in the tree, and each ambiguous string by whether the
    tree says it was quoted (then it stays a string) or not (then it is what plain YAML says)."""
    memo, plain = scalars.memo, scalars.plain
    tree = source.get()
    root = _document_root(tree)
    for trail, container, key in floats:
        raw = tree.val(_node_at(tree, root, _path(trail, key)))
        token = "" if raw is None else str(raw, "utf-8")
        container[key] = plain(token) if memo.get(token, memo) is memo else memo[token]
    for trail, container, key, item in ambiguous:
        try:
            as_plain = plain(item) if memo.get(item, memo) is memo else memo[item]
        except _Fallback:
            as_plain = _Mismatch()
        if type(as_plain) is str and as_plain == item:
            continue  # a string either way
        if tree.type(_node_at(tree, root, _path(trail, key))) & ryml.VALQUO:
            continue
        if isinstance(as_plain, _Mismatch):
            raise _Fallback
        container[key] = as_plain


def _path(trail: Any, key: Any) -> list[Any]:
    path = [key]
    while trail is not None:
        trail, step = trail
        path.append(step)
    path.reverse()
    return path


def _node_at(tree: Any, node: int, path: list[Any]) -> int:
    for step in path:
        if isinstance(step, int):
            node = tree.child(node, step)
        else:
            child = tree.first_child(node)
            while child != ryml.NONE and str(tree.key(child), "utf-8") != step:
                child = tree.next_sibling(child)
            node = child
        if node == ryml.NONE:
            raise _NeedWalk
    return node


def _convert(tree: Any, limits: LoadLimits) -> dict[str, Any]:
    MAP, SEQ, KEY, STREAM = ryml.MAP, ryml.SEQ, ryml.KEY, ryml.STREAM
    forbidden = ryml.KEYREF | ryml.VALREF | ryml.KEYANCH | ryml.VALANCH | ryml.KEYTAG | ryml.VALTAG | ryml.KEYNIL
    quoted = ryml.VALQUO
    none = ryml.NONE
    node_type, first_child, next_sibling = tree.type, tree.first_child, tree.next_sibling
    key_of, val_of = tree.key, tree.val
    scalars = _scalars()
    memo, plain = scalars.memo, scalars.plain
    max_depth, max_nodes = _deepest_collection(limits), limits.max_nodes
    count = 0

    root = tree.root_id()
    root_type = node_type(root)
    if root_type & STREAM == STREAM:
        documents = []
        child = first_child(root)
        while child != none:
            documents.append(child)
            child = next_sibling(child)
        if len(documents) != 1:
            raise _Fallback  # several documents (SY003) or none at all
        root = documents[0]
        root_type = node_type(root)
    if not root_type & MAP or root_type & forbidden:
        raise _Fallback  # empty file, a list or a scalar at the top: the reference reports it

    def value(node: int, kind: int, depth: int) -> Any:
        nonlocal count
        count += 1
        if kind & forbidden:
            raise _Fallback
        if kind & MAP:
            if depth > max_depth:
                raise _Fallback
            result: dict[str, Any] = {}
            children = 0
            child = first_child(node)
            while child != none:
                children += 1
                child_kind = node_type(child)
                if not child_kind & KEY:
                    raise _Fallback
                result[str(key_of(child), "utf-8")] = value(child, child_kind, depth + 1)
                child = next_sibling(child)
            count += children  # the keys: the reference counts each as a node
            if len(result) != children:
                raise _Fallback  # a duplicate key: the reference reports SY002 and keeps the first
            return result
        if kind & SEQ:
            if depth > max_depth:
                raise _Fallback
            items = []
            child = first_child(node)
            while child != none:
                items.append(value(child, node_type(child), depth + 1))
                child = next_sibling(child)
            return items
        raw = val_of(node)
        text = "" if raw is None else str(raw, "utf-8")
        if kind & quoted:
            return text
        found = memo.get(text, memo)
        return plain(text) if found is memo else found

    data = value(root, root_type, 0)
    if count > max_nodes:
        raise _OverNodeLimit(data)
    if "" in data:
        raise _Fallback  # an empty key: rare, let the reference decide what it means
    result: dict[str, Any] = data
    return result


# -- lazy positions -----------------------------------------------------------------------------
# A top-level key at column 0 (not a comment, a sequence entry, a document marker or a directive).
_TOP_KEY_TEXT = r"(?![#%\s]|-(?:[ \t]|$)|---|\.\.\.)(?=.)"
_TOP_KEY = re.compile("(?m)^" + _TOP_KEY_TEXT)
# The same after a newline: a pattern that starts with a literal is searched for much faster
# than one that starts with ``^`` (the key itself starts one character after the match).
_NEWLINE_TOP_KEY = re.compile("(?m)\n" + _TOP_KEY_TEXT)


def _line_starts(head: re.Pattern[str], after_newline: re.Pattern[str], text: str, begin: int, end: int) -> list[int]:
    """Where ``^`` + ``head`` matches in ``text[begin:end]`` (``begin`` is a line start), found as
    ``"\\n"`` + ``head`` (``after_newline``) after the first line."""
    starts = [begin] if head.match(text, begin, end) else []
    starts += [m.start() + 1 for m in after_newline.finditer(text, begin, end)]
    return starts


# How many composed chunks a ChunkLocator keeps (a chunk composed again gives the same nodes).
_KEPT_CHUNKS = 32


class ChunkLocator(NodeLocator):
    """A :class:`NodeLocator` that composes only the chunk of text a pointer lives in.

    Chunks are the region of one top-level key, or one item of a top-level block sequence. A
    chunk is trusted only if its own conversion equals the already-loaded data for that place;
    otherwise (or if it does not compose) the whole file is composed by the reference loader.
    """

    def __init__(self, text: str, data: dict[str, Any]) -> None:
        self._text = text
        self._data = data
        self._regions: list[tuple[int, int, int]] | None = None  # (start, end, line) per top-level key
        self._items: dict[str, list[tuple[int, int]] | None] = {}  # section → [(start, line)]
        # The chunks composed last, most recent at the end. Only a few are kept: diagnostics come
        # grouped by place, so memory stays bounded however many findings a file has (_remember).
        self._chunks: dict[tuple[str, int], NodeLocator | None] = {}
        self._full: NodeLocator | None = None
        self._lines: dict[tuple[str, int], _ItemLines | None] = {}  # the items read by _quick, a few kept
        self._has_cr: bool | None = None  # whether the text holds a CR (found when first needed)

    # The NodeLocator API --------------------------------------------------------------------
    def span(self, pointer: str) -> Span:
        quick = self._quick(pointer, False)
        if quick is not None:
            return quick
        locator, rest = self._locate(pointer)
        return locator.span(rest)

    def key_span(self, pointer: str) -> Span:
        quick = self._quick(pointer, True)
        if quick is not None:
            return quick
        locator, rest = self._locate(pointer)
        return locator.key_span(rest)

    def _quick(self, pointer: str, on_key: bool) -> Span | None:
        """The span read straight from the text of a plain block item (:class:`_ItemLines`), or
        None when that item, or the place in it, needs a composer."""
        segments = pointer.split("/")[1:] if pointer else []
        if len(segments) < 2 or not segments[1].isdigit():
            return None
        section = unescape(segments[0])
        value = self._data.get(section)
        position = int(segments[1])
        if not isinstance(value, list) or position >= len(value) or not isinstance(value[position], dict):
            return None
        key = (section, position)
        if key in self._lines:
            lines = self._lines[key]
        else:
            lines = self._item_lines(section, position)
            self._lines[key] = lines
            if len(self._lines) > _KEPT_CHUNKS:
                del self._lines[next(iter(self._lines))]
        if lines is None:
            return None
        rest = [unescape(s) for s in segments[2:]]
        return lines.span(rest, on_key)

    def _item_lines(self, section: str, position: int) -> _ItemLines | None:
        index = list(self._data).index(section)
        starts = self._item_starts(section, index)
        if starts is None:
            return None
        start, line = starts[position]
        end = starts[position + 1][0] if position + 1 < len(starts) else self._top_regions()[index][1]
        return _ItemLines.read(self._text[start:end], line, self._data[section][position])

    def resolves(self, pointer: str) -> bool:
        return _resolves(self._data, pointer)

    # Finding the chunk ------------------------------------------------------------------------
    def _locate(self, pointer: str) -> tuple[NodeLocator, str]:
        segments = pointer.split("/")[1:] if pointer else []
        keys = list(self._data)
        first = unescape(segments[0]) if segments else None
        index = keys.index(first) if first in self._data else 0
        section = keys[index] if keys else ""
        value = self._data.get(section)
        if len(segments) >= 2 and first == section and isinstance(value, list) and segments[1].isdigit():
            position = int(segments[1])
            if position < len(value):
                chunk = self._item_chunk(section, index, position)
                if chunk is not None:
                    return chunk, "/" + "/".join(segments[2:]) if len(segments) > 2 else ""
        chunk = self._region_chunk(section, index)
        if chunk is not None:
            return chunk, pointer
        return self._full_locator(), pointer

    def _full_locator(self) -> NodeLocator:
        if self._full is None:
            document = load_text(self._text)
            self._full = document.locator or _NullLocator()
        return self._full

    def _top_regions(self) -> list[tuple[int, int, int]]:
        if self._regions is None:
            starts = _line_starts(_TOP_KEY, _NEWLINE_TOP_KEY, self._text, 0, len(self._text))
            if len(starts) != len(self._data):
                self._regions = []
            else:
                regions, line, previous = [], 0, 0
                for i, start in enumerate(starts):
                    line += self._breaks(previous, start)
                    previous = start
                    end = starts[i + 1] if i + 1 < len(starts) else len(self._text)
                    regions.append((start, end, line))
                self._regions = regions
        return self._regions

    def _breaks(self, start: int, end: int) -> int:
        """The line breaks in ``text[start:end]``: a count of LFs for a text without CR (one scan
        instead of three; the item starts of a 20,000-item list count 20,000 stretches)."""
        if self._has_cr is None:
            self._has_cr = "\r" in self._text
        return count_line_breaks(self._text, start, end) if self._has_cr else self._text.count("\n", start, end)

    def _region_chunk(self, section: str, index: int) -> NodeLocator | None:
        key = (section, -1)
        if key in self._chunks:
            return self._recall(key)
        regions = self._top_regions()
        chunk = None
        if regions:
            start, end, line = regions[index]
            composed = _compose_chunk(self._text[start:end])
            if composed is not None and composed[1] == {section: self._data[section]}:
                chunk = NodeLocator(composed[0], line)
        return self._remember(key, chunk)

    def _recall(self, key: tuple[str, int]) -> NodeLocator | None:
        chunk = self._chunks.pop(key)
        self._chunks[key] = chunk  # now the most recent
        return chunk

    def _remember(self, key: tuple[str, int], chunk: NodeLocator | None) -> NodeLocator | None:
        self._chunks[key] = chunk
        if len(self._chunks) > _KEPT_CHUNKS:
            del self._chunks[next(iter(self._chunks))]  # the least recently used
        return chunk

    def _item_starts(self, section: str, index: int) -> list[tuple[int, int]] | None:
        if section not in self._items:
            self._items[section] = None
            regions = self._top_regions()
            if regions:
                start, end, line = regions[index]
                body_at = self._text.find("\n", start, end) + 1
                first = re.compile(r"(?m)^(?![ \t]*(?:#|$))( *)-(?:[ \t]|$)").search(self._text, body_at, end)
                if first is not None:
                    entry = rf"{first.group(1)}-(?:[ \t]|$)"
                    head, after_newline = re.compile("(?m)" + entry), re.compile("(?m)\n" + entry)
                    starts, previous = [], start
                    for at in _line_starts(head, after_newline, self._text, first.start(), end):
                        line += self._breaks(previous, at)
                        previous = at
                        starts.append((at, line))
                    if len(starts) == len(self._data[section]):
                        self._items[section] = starts
        return self._items[section]

    def _item_chunk(self, section: str, index: int, position: int) -> NodeLocator | None:
        key = (section, position)
        if key in self._chunks:
            return self._recall(key)
        chunk = None
        starts = self._item_starts(section, index)
        if starts is not None:
            start, line = starts[position]
            if position + 1 < len(starts):
                # Up to the next item's dash, not its line: an empty value at the end of this item
                # is placed at the next token, as the reference places it in the whole file.
                end = starts[position + 1][0]
                end += _indent_at(self._text, end)
            else:
                end = self._top_regions()[index][1]
            composed = _compose_chunk(self._text[start:end])
            if composed is not None:
                root, data = composed
                if root.id == "sequence" and len(root.value) == 1 and data[0] == self._data[section][position]:
                    chunk = NodeLocator(root.value[0], line)
        return self._remember(key, chunk)


_PLAIN_SCALAR = re.compile(r"[^\s#'\"{}\[\]&*!|>%@`,?:\-][^#]*|-[^\s#][^#]*")
_QUOTED_SCALAR = re.compile(r"\"[^\"\\]*\"|'[^']*'")
# Per indentation: the lines that start there (a key line, or anything else: group 1 unset), the
# lines that start further left (comments aside), and the first line that starts anywhere.
_KEYS_AT: dict[int, re.Pattern[str]] = {}
_LEFT_OF: dict[int, re.Pattern[str]] = {}
_FIRST_LINE = re.compile(r"(?m)^( *)[^ #\n]")


def _keys_at(indent: int) -> re.Pattern[str]:
    pattern = _KEYS_AT.get(indent)
    if pattern is None:
        pattern = re.compile(rf"(?m)^ {{{indent}}}(?:([A-Za-z0-9_][A-Za-z0-9_.\-]*):(?: +(.*))?$|[^ #\n])")
        _KEYS_AT[indent] = pattern
    return pattern


def _left_of(indent: int) -> re.Pattern[str]:
    pattern = _LEFT_OF.get(indent)
    if pattern is None:
        pattern = re.compile(rf"(?m)^ {{0,{indent - 1}}}[^ #\n]")
        _LEFT_OF[indent] = pattern
    return pattern


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and bool(a == b)


class _ItemLines:
    """Positions in one item of a top-level block sequence, read from its lines, no composer.

    Only the plainest shape is taken: ASCII lines without tabs or carriage returns, block
    mappings of ``key: value`` lines whose keys, read at each level on the way to a pointer, are
    exactly the loaded keys in order, and one-line plain or simply quoted scalars that resolve to
    the loaded value (or one-line flow collections that compose alone to it). Everything else
    (sequences on the way, comments or continuation lines after a scalar, empty values, a mapping
    of one key) answers None, and the caller composes the chunk as before. The spans are the ones
    :class:`NodeLocator` gives on libyaml's nodes of the same chunk (``tests/test_fastload.py``
    and ``tests/test_finding_locations.py`` compare them with the reference on every pointer).

    A key line is its match of :func:`_keys_at` (group 1 the key, group 2 the value text);
    places are offsets in the item's text, turned into lines only for the span answered.
    """

    def __init__(self, text: str, line_offset: int, data: dict[str, Any]) -> None:
        self._text = text
        self._offset = line_offset
        self._data = data

    @classmethod
    def read(cls, chunk: str, line_offset: int, data: dict[str, Any]) -> _ItemLines | None:
        if "\t" in chunk or "\r" in chunk or not chunk.isascii() or _EMPTY_VALUE_THEN_COMMENT.search(chunk):
            return None
        first = re.match(r" *- +(?=[^\s#])", chunk)
        if first is None:
            return None
        return cls(" " * first.end() + chunk[first.end() :], line_offset, data)  # the first key in place

    def _line(self, at: int) -> int:
        """The file's line (1-based) of offset ``at`` of the item."""
        return self._text.count("\n", 0, at) + 1 + self._offset

    def _keys(self, start: int, stop: int, indent: int, data: dict[str, Any]) -> list[re.Match[str]] | None:
        """The key lines of the block mapping in text[start:stop] at ``indent``, or None."""
        if indent and _left_of(indent).search(self._text, start, stop):
            return None
        found = list(_keys_at(indent).finditer(self._text, start, stop))
        if [m.group(1) for m in found] != list(data):
            return None  # something else starts at this indentation, or other keys
        return found

    def _after(self, entry: re.Match[str]) -> int:
        """Where the line after key line ``entry`` starts."""
        return entry.end() + 1 if entry.end() < len(self._text) else entry.end()

    def _scalar_end(self, entry: re.Match[str], stop: int, value: Any) -> int | None:
        """The column after the one-line scalar (or flow collection) of key line ``entry`` (its
        region ending at offset ``stop``), or None."""
        text = entry.group(2)
        if text is None:
            return None
        text = text.rstrip(" ")
        if self._text[self._after(entry) : stop].strip(" \n"):
            return None  # a continuation, a nested block or a comment after it: the composer decides
        column = entry.start(2) - entry.start()
        if isinstance(value, (dict, list)):
            return self._flow_end(column, text, value)
        if _QUOTED_SCALAR.fullmatch(text):
            if not _same(text[1:-1], value):
                return None
        elif _PLAIN_SCALAR.fullmatch(text) and ": " not in text and not text.endswith(":"):
            if not _same(_plain_value(text), value):
                return None
        else:
            return None
        return column + len(text)

    @staticmethod
    def _flow_end(column: int, text: str, value: Any) -> int | None:
        """The column after a one-line flow collection starting at ``column``, or None; the
        collection alone is composed (a few nodes) to check its data and its extent."""
        if text[:1] + text[-1:] not in ("{}", "[]") or "#" in text:
            return None
        composed = _compose_chunk(text)
        if composed is None or composed[1] != value:
            return None
        root = composed[0]
        if root.start_mark.column != 0 or root.end_mark.line != 0 or root.end_mark.column != len(text):
            return None
        return column + len(text)

    def _key_span(self, entry: re.Match[str]) -> Span:
        line = self._line(entry.start())
        column = entry.start(1) - entry.start()
        return Span(line, column + 1, line, column + len(entry.group(1)) + 1)

    def _mapping_span(self, keys: list[re.Match[str]], data: dict[str, Any]) -> Span | None:
        if len(keys) < 2:
            return None  # one key: whether the mapping spans lines depends on its value
        entry = keys[0]
        value = data[entry.group(1)]
        if isinstance(value, (dict, list)):
            if entry.group(2) is None and not isinstance(value, dict):
                return None  # a block sequence's node starts on a later line
            return self._key_span(entry)
        stop = self._scalar_end(entry, keys[1].start(), value)
        if stop is None:
            return None
        line = self._line(entry.start())
        return Span(line, entry.start(1) - entry.start() + 1, line, stop + 1)

    def span(self, segments: list[str], on_key: bool) -> Span | None:
        end, data = len(self._text), self._data
        holder: re.Match[str] | None = None  # the key line of the mapping we are in
        first = _FIRST_LINE.match(self._text)
        if first is None:
            return None
        keys = self._keys(0, end, len(first.group(1)), data)
        for depth, segment in enumerate(segments):
            if keys is None:
                return None
            if segment not in data:  # (key_span falls back to span for what does not resolve)
                if holder is not None:
                    # A key missing from a block mapping of several lines: the key that holds it.
                    return self._key_span(holder) if len(keys) >= 2 else None
                return self._mapping_span(keys, data)
            at = list(data).index(segment)
            entry = keys[at]
            stop = keys[at + 1].start() if at + 1 < len(keys) else end
            value = data[segment]
            if depth == len(segments) - 1:
                if on_key:
                    return self._key_span(entry)
                if isinstance(value, dict) and entry.group(2) is None:
                    child = self._child(entry, stop, value)
                    return None if child is None else self._mapping_span(child, value)
                if isinstance(value, list) and entry.group(2) is None:
                    return None  # a block sequence
                scalar_end = self._scalar_end(entry, stop, value)
                if scalar_end is None:
                    return None
                line = self._line(entry.start())
                return Span(line, entry.start(2) - entry.start() + 1, line, scalar_end + 1)
            if not isinstance(value, dict) or entry.group(2) is not None:
                return None  # into a sequence, a flow collection or a scalar: the composer
            keys = self._child(entry, stop, value)
            end, data, holder = stop, value, entry
        if not segments:
            return self._mapping_span(keys, data) if keys is not None else None
        return None

    def _child(self, entry: re.Match[str], stop: int, value: dict[str, Any]) -> list[re.Match[str]] | None:
        """The key lines of the block mapping under key line ``entry`` (its region up to ``stop``)."""
        if not value:
            return None
        begin = self._after(entry)
        first = _FIRST_LINE.search(self._text, begin, stop)
        if first is None or len(first.group(1)) <= entry.start(1) - entry.start():
            return None
        return self._keys(begin, stop, len(first.group(1)), value)


def _indent_at(text: str, at: int) -> int:
    """How many spaces start the line at offset ``at``."""
    end = at
    while end < len(text) and text[end] == " ":
        end += 1
    return end - at


class _NullLocator(NodeLocator):
    def __init__(self) -> None:
        pass

    def span(self, pointer: str) -> Span:
        return Span(1, 1, 1, 1)

    def key_span(self, pointer: str) -> Span:
        return Span(1, 1, 1, 1)

    def resolves(self, pointer: str) -> bool:
        return False


def _resolves(data: Any, pointer: str) -> bool:
    for segment in pointer_segments(pointer):
        if isinstance(data, dict) and segment in data:
            data = data[segment]
        elif isinstance(data, list) and segment.isdigit() and int(segment) < len(data):
            data = data[int(segment)]
        else:
            return False
    return True


_EMPTY_VALUE_THEN_COMMENT = re.compile(r":[ ]+#")


def _compose_chunk(chunk: str) -> tuple[Any, Any] | None:
    """Compose a chunk with a located composer: its root node and the plain data it holds.

    libyaml's composer (through PyYAML) is used when present, about ten times faster than the
    pure-Python one on a one-item chunk, and its nodes are used as they are (:class:`NodeLocator`
    walks PyYAML and ruamel nodes alike); its marks are checked against ruamel's by the
    differential tests, and the caller checks that the chunk gives back the loaded data. Lines
    count from the chunk's first line: the caller gives the locator the chunk's line offset.
    """
    if ":" in chunk and "#" in chunk and _EMPTY_VALUE_THEN_COMMENT.search(chunk):
        # An empty value followed by a comment ("key: # todo"): the reference places it after
        # the key or on the next line depending on what follows the chunk; only the whole file
        # answers exactly.
        return None
    libyaml = _libyaml()
    if libyaml is not None:
        compose, loader = libyaml
        try:
            node = compose(chunk, Loader=loader)
        except Exception:  # any libyaml error: try the reference composer on the chunk
            node = None
        if node is not None:
            try:
                return node, _libyaml_data(node)
            except _Fallback:
                pass
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = True
    try:
        root = yaml.compose(chunk)
    except (YAMLError, RecursionError):
        return None
    if root is None:
        return None
    return root, _to_data(root)


def _to_data(node: Any) -> Any:
    """The reference's plain data for a composed chunk (no tags, anchors or merges expected)."""
    if node.id == "mapping":
        return {str(k.value): _to_data(v) for k, v in node.value}
    if node.id == "sequence":
        return [_to_data(item) for item in node.value]
    if node.style == ">":
        return node.value.replace("\a", "")  # ruamel marks folds with BEL, as in the reference
    if node.style is not None and node.style != "":
        return node.value
    return _plain_value(node.value)


def _plain_value(text: str) -> Any:
    scalars = _scalars()
    found = scalars.memo.get(text, scalars.memo)
    try:
        return scalars.plain(text) if found is scalars.memo else found
    except _Fallback:
        return _Mismatch()


def _libyaml_data(node: Any) -> Any:
    """:func:`_to_data` for a PyYAML (libyaml) node tree; raises :class:`_Fallback` at an empty
    plain scalar, key or value: libyaml marks those right after the indicator, ruamel at the next
    token, so such a chunk is left to the reference composer to place."""
    kind = node.id
    if kind == "mapping":
        result = {}
        for key, value in node.value:
            if not key.style and key.id == "scalar" and key.value == "":
                raise _Fallback
            result[str(key.value)] = _libyaml_data(value)
        return result
    if kind == "sequence":
        return [_libyaml_data(item) for item in node.value]
    text = node.value
    if node.style:
        return text  # quoted or block: the text itself (libyaml marks no folds)
    if text == "":
        raise _Fallback
    return _plain_value(text)


class _Mismatch:
    """Never equal to anything: makes a chunk that holds something unexpected fail its check."""

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


__all__ = ["ChunkLocator", "enabled", "load", "load_fast"]
