"""Located loading: YAML (and JSON) text to plain Python data plus a locator.

ruamel.yaml composes the text into a node tree that remembers where every node starts and ends;
we convert that tree into plain dicts, lists and scalars (what the schema validator and the rules
want) and keep the tree to answer "where is this JSON pointer?" later. Nothing is ever
constructed from a tag: unknown tags (``!!python/object`` and friends) are reported, never run.

Bad input never raises out of :func:`load_text`; every problem comes back as a
:class:`LoadProblem` with a location.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from linter.core import codes
from linter.core.diagnostics import Span
from linter.core.limits import MAX_DEPTH_CEILING, MAX_NUMBER_MAGNITUDE, LoadLimits, usable_number
from linter.core.lines import line_column
from linter.core.pointer import escape, segments

_TAG_PREFIX = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_TAG_PREFIX + t for t in ("str", "int", "float", "bool", "null"))
_TIMESTAMP, _BINARY, _MERGE = (_TAG_PREFIX + t for t in ("timestamp", "binary", "merge"))
_MAP, _SEQ = _TAG_PREFIX + "map", _TAG_PREFIX + "seq"
# ruamel resolves a plain "=" to YAML 1.1's "value" type even under 1.2; in 1.2 it is a string.
_VALUE = _TAG_PREFIX + "value"
_KNOWN_CONTAINER_TAGS = {_MAP, _SEQ, _TAG_PREFIX + "omap", _TAG_PREFIX + "set"}


@dataclass(frozen=True)
class LoadProblem:
    """A loading problem: which engine rule it belongs to, what happened and where."""

    code: str
    message: str
    span: Span
    pointer: str = ""


@dataclass
class LoadedDocument:
    """The result of loading one file's text: plain data (or ``None``), a locator and problems."""

    data: Any = None
    locator: NodeLocator | None = None
    problems: list[LoadProblem] = field(default_factory=list)
    empty: bool = False


def _span_of_marks(start: Any, end: Any, line_offset: int = 0) -> Span:
    return Span(start.line + line_offset + 1, start.column + 1, end.line + line_offset + 1, end.column + 1)


def node_span(node: Any, line_offset: int = 0) -> Span:
    """The span to underline for a node.

    Scalars and one-line collections cover their whole text. A multi-line mapping is shown by its
    first key (and that key's value when it sits on the same line), so that a diagnostic about
    "interface IF-1" underlines ``id: IF-1`` rather than forty lines.

    ``node`` is a ruamel node or a PyYAML one (both have ``id``, ``value`` and ``start_mark`` /
    ``end_mark`` with ``line`` and ``column``); ``line_offset`` is added to every line, for nodes
    composed from a chunk of the file that starts on a later line.
    """
    start, end = node.start_mark, node.end_mark
    kind = node.id
    if kind == "scalar" or end.line == start.line:
        return _span_of_marks(start, end, line_offset)
    first_line = start.line + line_offset + 1
    if kind == "mapping" and node.value:
        key, value = node.value[0]
        last = value if value.id == "scalar" and value.end_mark.line == key.start_mark.line else key
        return Span(first_line, start.column + 1, last.end_mark.line + line_offset + 1, last.end_mark.column + 1)
    if kind == "sequence" and node.value:
        first = node.value[0]
        head = node_span(first, line_offset)
        if head.line == first_line:
            return Span(first_line, start.column + 1, head.end_line, head.end_column)
    return Span(first_line, start.column + 1, first_line, start.column + 2)


class NodeLocator:
    """Answers "where is this pointer?" from the composed node tree.

    Lookups walk the tree along the pointer; a pointer that runs past what exists resolves to the
    deepest node that does exist (a missing key points at the mapping that should hold it).
    The tree may be ruamel's or PyYAML's (see :func:`node_span`); ``line_offset`` is the line of
    the file where the composed text starts (0 for a whole file).
    """

    def __init__(self, root: Any, line_offset: int = 0) -> None:
        self._root = root
        self._line_offset = line_offset

    def _walk(self, pointer: str) -> tuple[Any, Any, bool]:
        """Return (deepest node, the key node it was reached through if any, fully resolved?)."""
        node = self._root
        key_node = None
        if not pointer:
            return node, None, True
        for segment in segments(pointer):
            found = _child(node, segment)
            if found is None:
                return node, key_node, False
            key_node, node = found
        return node, key_node, True

    def span(self, pointer: str) -> Span:
        node, key_node, resolved = self._walk(pointer)
        if not resolved and key_node is not None and node.end_mark.line > node.start_mark.line:
            # A key missing from a block mapping: point at the key that holds the mapping
            # ("retry:"), not at whichever child happens to come first.
            return node_span(key_node, self._line_offset)
        return node_span(node, self._line_offset)

    def key_span(self, pointer: str) -> Span:
        """The span of the key that holds ``pointer`` (falls back to :meth:`span`)."""
        _, key_node, resolved = self._walk(pointer)
        if resolved and key_node is not None:
            return node_span(key_node, self._line_offset)
        return self.span(pointer)

    def resolves(self, pointer: str) -> bool:
        return self._walk(pointer)[2]


def _child(node: Any, segment: str) -> tuple[Any, Any] | None:
    """The (key node or ``None``, child node) that ``segment`` names under ``node``."""
    kind = node.id
    if kind == "mapping":
        merged: list[Any] = []
        for key, value in node.value:
            if key.tag == _MERGE:
                merged.extend(value.value if value.id == "sequence" else [value])
            elif key.id == "scalar" and key.value == segment:
                return key, value
        for source in merged:
            found = _child(source, segment)
            if found is not None:
                return found
        return None
    if kind == "sequence" and segment.isdigit():
        index = int(segment)
        if index < len(node.value):
            return None, node.value[index]
    return None


class _Yaml12Resolver(VersionedResolver):
    """Always resolve plain scalars by the YAML 1.2 rules, whatever a ``%YAML`` directive says.

    ruamel switches to YAML 1.1 rules on ``%YAML 1.1``, where ``no`` is a boolean, ``0777`` is
    octal and ``1:20`` is the integer 80. The blueprint format is YAML 1.2 everywhere, so one
    document cannot silently change the meaning of its values (tests/hostile/test_yaml_versions.py).
    """

    @property
    def processing_version(self) -> Any:
        return (1, 2)


class _NodeLimitExceeded(MarkedYAMLError):
    """Raised by the composer when a file holds more nodes than ``max_nodes``."""


def node_limit_message(max_nodes: int) -> str:
    """The SY007 message of a file with more than ``max_nodes`` nodes (both loaders say it)."""
    return f"the file holds more than {max_nodes:,} nodes (limit max-nodes)"


class _BoundedComposer(Composer):
    """ruamel's composer, counting nodes as they are built so that memory stays bounded.

    Nodes are counted as the composer makes them, in document order: every key, value, item and
    alias use, the root included. The file that crosses ``max_nodes`` is reported at the start of
    the top-level entry (the key of the root mapping) being composed when the limit was crossed,
    or at the node that crossed it when the root is not a mapping: a place the fast loader can
    name from its own count without composing the file again (``linter/load/fast.py``).

    Depth is bounded by ruamel's own ``max_depth`` check, which raises a located
    ``MaxDepthExceededError`` long before Python's recursion limit (``MAX_DEPTH_CEILING``).
    """

    max_nodes = 0  # set per load (the composer is created by ruamel, without our arguments)

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.composed = 0
        self._level = 0  # how many compose_node calls are open
        self._entry_mark: Any = None  # where the top-level entry being composed starts
        # A re-defined anchor is legal YAML (the later one wins); ruamel would print a warning.
        self.warn_double_anchors = False

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self._level == 0:
            self._entry_mark = None  # a document's root
        elif self._level == 1 and index is None and isinstance(parent, MappingNode):
            self._entry_mark = self.parser.peek_event().start_mark  # a key of the root mapping
        self.composed += 1
        if self.composed > self.max_nodes:
            mark = self._entry_mark if self._entry_mark is not None else self.parser.peek_event().start_mark
            raise _NodeLimitExceeded(None, None, node_limit_message(self.max_nodes), mark)
        self._level += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._level -= 1


class _Budget(Exception):
    """Raised inside conversion when a limit is exceeded; turned into a problem."""

    def __init__(self, code: str, message: str, node: Node) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.node = node


class _Converter:
    """Node tree to plain data, with duplicate-key, tag, depth and alias-expansion checks."""

    def __init__(self, limits: LoadLimits) -> None:
        self.limits = limits
        self.problems: list[LoadProblem] = []
        self._memo: dict[int, tuple[Any, int, int]] = {}
        self._expanded = 0
        # Characters of scalar text (keys and values), aliases expanded: without aliases this
        # never exceeds the file's size, so it is bounded by max-file-bytes like the file is. A
        # node count alone would let one long string aliased many times reach the rules as
        # hundreds of megabytes (each rule that reads text would scan it all).
        self._characters = 0

    def convert(self, node: Node, pointer: str = "", depth: int = 0) -> Any:
        memo = self._memo.get(id(node))
        if memo is not None:
            # An alias: the value is shared, but every consumer will walk it again, so its
            # expanded size counts against the budget (this is what stops "billion laughs").
            value, size, characters = memo
            self._charge(size, node)
            self._charge_text(characters, node)
            return value
        if depth > self.limits.max_depth:
            raise _Budget(
                codes.TOO_DEEP,
                f"nesting is deeper than {self.limits.max_depth} levels (limit max-depth)",
                node,
            )
        before, before_characters = self._expanded, self._characters
        if isinstance(node, MappingNode):
            value = self._mapping(node, pointer, depth)
        elif isinstance(node, SequenceNode):
            self._check_container_tag(node, pointer)
            value = [self.convert(item, f"{pointer}/{i}", depth + 1) for i, item in enumerate(node.value)]
        else:
            value = self._scalar(node, pointer)
            self._charge_text(len(str(node.value)), node)
        self._charge(1, node)
        self._memo[id(node)] = (value, self._expanded - before, self._characters - before_characters)
        return value

    def _charge(self, size: int, node: Node) -> None:
        self._expanded += size
        if self._expanded > self.limits.max_nodes:
            raise _Budget(
                codes.TOO_LARGE,
                f"the document expands to more than {self.limits.max_nodes:,} nodes "
                "(an alias bomb or an oversized file; limit max-nodes)",
                node,
            )

    def _charge_text(self, characters: int, node: Node) -> None:
        self._characters += characters
        if self._characters > self.limits.max_file_bytes:
            raise _Budget(
                codes.TOO_LARGE,
                f"the document expands to more than {self.limits.max_file_bytes:,} characters of text "
                "(a long value used again through aliases; limit max-file-bytes)",
                node,
            )

    def _check_container_tag(self, node: Node, pointer: str) -> None:
        if str(node.tag) not in _KNOWN_CONTAINER_TAGS:
            self._unknown_tag(node, pointer)

    def _unknown_tag(self, node: Node, pointer: str) -> None:
        self.problems.append(
            LoadProblem(
                codes.UNSUPPORTED_TAG,
                f"unsupported YAML tag '{node.tag}' is ignored (tags are never executed or constructed)",
                node_span(node),
                pointer,
            )
        )

    def _mapping(self, node: MappingNode, pointer: str, depth: int) -> dict[str, Any]:
        self._check_container_tag(node, pointer)
        result: dict[str, Any] = {}
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merges.extend(value_node.value if isinstance(value_node, SequenceNode) else [value_node])
                continue
            if not isinstance(key_node, ScalarNode):
                self.problems.append(
                    LoadProblem(
                        codes.INVALID_KEY,
                        "mapping keys must be plain strings, not collections",
                        node_span(key_node),
                        pointer,
                    )
                )
                continue
            key = self._text(key_node, pointer)
            self._charge_text(len(key), key_node)
            child_pointer = f"{pointer}/{escape(key)}"
            if key in result:
                self.problems.append(
                    LoadProblem(
                        codes.DUPLICATE_KEY,
                        f"duplicate key '{key}' (the first occurrence is kept)",
                        node_span(key_node),
                        child_pointer,
                    )
                )
                continue
            result[key] = self.convert(value_node, child_pointer, depth + 1)
        for source in merges:
            merged = self.convert(source, pointer, depth + 1)
            if isinstance(merged, dict):
                for key, value in merged.items():
                    result.setdefault(key, value)
            else:
                self.problems.append(
                    LoadProblem(
                        codes.INVALID_KEY, "a merge key ('<<') must point at a mapping", node_span(source), pointer
                    )
                )
        return result

    def _text(self, node: Node, pointer: str) -> str:
        """A scalar's text; a lone surrogate (only reachable through a ``\\uD800`` escape) is not
        a Unicode character and could not be written out, so it is replaced and reported."""
        text = str(node.value)
        if getattr(node, "style", None) == ">":
            # ruamel's round-trip scanner marks each fold of a folded (``>``) scalar with a BEL
            # character so it can re-emit the folds; the value itself has none (a BEL cannot be
            # written literally in YAML), so they are removed here.
            text = text.replace("\a", "")
        if _SURROGATE.search(text):
            # A pair of escapes (``"\\ud83d\\ude00"``, as JSON writes characters beyond the BMP)
            # is one character; only an unpaired half is an error.
            utf16 = text.encode("utf-16-le", "surrogatepass")
            try:
                text = utf16.decode("utf-16-le")
            except UnicodeDecodeError:
                self.problems.append(
                    LoadProblem(
                        codes.YAML_SYNTAX,
                        "YAML syntax error: an escape sequence produces a lone surrogate, which is not a character",
                        node_span(node),
                        pointer,
                    )
                )
                text = utf16.decode("utf-16-le", errors="replace")
        return text

    def _scalar(self, node: Node, pointer: str) -> Any:
        tag = str(node.tag)
        text = self._text(node, pointer)
        if tag == _STR or tag in (_TIMESTAMP, _BINARY, _VALUE):
            # Timestamps and binary stay as the text the author wrote: the blueprint format has no
            # date-typed fields, and silently turning "2024-01-01" into a datetime loses the form.
            return text
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return text.lower() == "true"
        if tag not in (_INT, _FLOAT):
            self._unknown_tag(node, pointer)
            return text
        try:
            number: float = parse_int(text) if tag == _INT else parse_float(text)
        except ValueError:  # more digits than Python converts (4,300)
            reason = "is not a usable number"
        else:
            if usable_number(number):
                return number
            if isinstance(number, float) and not math.isfinite(number):
                reason = "is not a finite number"
            else:
                reason = f"is too large to be a usable number (at most ±{MAX_NUMBER_MAGNITUDE:,})"
        # A number no rule can compute with never reaches one: the value stays the text the
        # author wrote (so the schema sees a string, and typed getters give None), with an SY008.
        self.problems.append(
            LoadProblem(codes.INVALID_NUMBER, f"'{_shorten(text)}' {reason}", node_span(node), pointer)
        )
        return text


def parse_int(text: str) -> int:
    """A YAML 1.2 core-schema integer (``0o17``, ``0x1F``, ``0b101``, ``1_000``; ``017`` is 17)."""
    cleaned = text.replace("_", "")
    sign = -1 if cleaned.startswith("-") else 1
    digits = cleaned.lstrip("+-")
    for prefix, base in (("0b", 2), ("0o", 8), ("0x", 16)):
        if digits.lower().startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits, 10)


def parse_float(text: str) -> float:
    """A YAML 1.2 core-schema float, including ``.inf``, ``-.inf`` and ``.nan``."""
    cleaned = text.replace("_", "").lower()
    if cleaned in (".inf", "+.inf"):
        return math.inf
    if cleaned == "-.inf":
        return -math.inf
    if cleaned == ".nan":
        return math.nan
    return float(cleaned)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_SYNTAX_CLEANUP = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")


# The line breaks ruamel's reader counts lines by; at one of them (or at the end of the text) a
# mark sits past the line's last character.
_MARK_BREAKS = "\r\n\x85\u2028\u2029"


def _mark_span(mark: Any, text: str) -> Span:
    """The one character at ``mark``, or an empty span at the end of its line when the mark sits
    past the line's last character (end of line, end of file): never beyond the line."""
    if mark is None:
        return Span(1, 1, 1, 1 if not text else 2)
    line, column = mark.line + 1, mark.column + 1
    index = getattr(mark, "index", None)
    at_break = not isinstance(index, int) or index >= len(text) or text[index] in _MARK_BREAKS
    return Span(line, column, line, column if at_break else column + 1)


def _syntax_problem(error: MarkedYAMLError, limits: LoadLimits, text: str) -> LoadProblem:
    mark = error.problem_mark or error.context_mark
    if isinstance(error, (MaxDepthExceededError, _NodeLimitExceeded)):
        if isinstance(error, MaxDepthExceededError):
            code, message = codes.TOO_DEEP, f"nesting is deeper than {limits.max_depth} levels (limit max-depth)"
        else:
            code, message = codes.TOO_LARGE, str(error.problem)
        return LoadProblem(code, message, _mark_span(mark, text))
    # "found unexpected end of stream" is detected at the end of the file; the construct that was
    # left open (a quote, a bracket) starts at the context mark, which is where the fix goes.
    if (
        error.context_mark is not None
        and error.problem
        and ("end of stream" in error.problem or "<stream end>" in error.problem)
    ):
        mark = error.context_mark
    parts = [p for p in (error.context, error.problem) if p]
    message = _SYNTAX_CLEANUP.sub(" ", "; ".join(parts)).strip() or "invalid YAML"
    if "\\t" in message or "'\\t'" in message:
        message += " (tabs are not allowed for indentation in YAML)"
    return LoadProblem(codes.YAML_SYNTAX, f"YAML syntax error: {message}", _mark_span(mark, text))


def load_text(text: str, limits: LoadLimits | None = None) -> LoadedDocument:
    """Compose ``text`` and convert it; never raises for bad input."""
    limits = limits or LoadLimits()
    node_budget = limits.max_nodes
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = True  # we report duplicates ourselves, located
    yaml.Resolver = _Yaml12Resolver

    class _Composer(_BoundedComposer):
        max_nodes = node_budget

    yaml.Composer = _Composer
    # ruamel counts the root as level 1 and refuses depth > max_depth; the converter below counts
    # the root as level 0, so the composer's check is the one that fires.
    yaml.max_depth = min(limits.max_depth, MAX_DEPTH_CEILING)
    try:
        roots = list(yaml.compose_all(text))
    except MarkedYAMLError as error:
        return LoadedDocument(problems=[_syntax_problem(error, limits, text)])
    except ReaderError as error:
        # A character YAML does not allow (control characters); ruamel gives only an offset.
        position = max(0, min(int(error.position), len(text)))
        line, column = line_column(text, position)
        message = _SYNTAX_CLEANUP.sub(" ", f"unacceptable character #x{error.character:04x}").strip()
        return LoadedDocument(
            problems=[
                LoadProblem(codes.YAML_SYNTAX, f"YAML syntax error: {message}", Span(line, column, line, column + 1))
            ]
        )
    except YAMLError as error:
        return LoadedDocument(
            problems=[LoadProblem(codes.YAML_SYNTAX, f"YAML syntax error: {error}", Span(1, 1, 1, 2))]
        )
    except RecursionError:
        return LoadedDocument(
            problems=[LoadProblem(codes.TOO_DEEP, "nesting is too deep to parse (limit max-depth)", Span(1, 1, 1, 2))]
        )
    except Exception as error:
        # ruamel signals a few malformed inputs with plain exceptions (an assertion on
        # ``%YAML 1.3``, for one); they are still syntax errors in the file, not crashes of ours.
        detail = _SYNTAX_CLEANUP.sub(" ", str(error)).strip() or type(error).__name__
        return LoadedDocument(
            problems=[LoadProblem(codes.YAML_SYNTAX, f"YAML syntax error: {detail}", Span(1, 1, 1, 2))]
        )
    roots = [r for r in roots if r is not None]
    if not roots:
        return LoadedDocument(empty=True)
    root = roots[0]
    problems: list[LoadProblem] = []
    for extra in roots[1:]:
        problems.append(
            LoadProblem(
                codes.NOT_A_BLUEPRINT,
                "a blueprint file holds one YAML document; this extra document is ignored",
                node_span(extra),
            )
        )
        break
    converter = _Converter(limits)
    try:
        data = converter.convert(root)
    except _Budget as budget:
        return LoadedDocument(problems=[LoadProblem(budget.code, budget.message, node_span(budget.node))])
    except RecursionError:
        return LoadedDocument(
            problems=[LoadProblem(codes.TOO_DEEP, "nesting is too deep to process (limit max-depth)", node_span(root))]
        )
    problems = converter.problems + problems
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        problems.append(
            LoadProblem(
                codes.NOT_A_BLUEPRINT, f"a blueprint document must be a mapping of keys, not {kind}", node_span(root)
            )
        )
        return LoadedDocument(problems=problems)
    return LoadedDocument(data=data, locator=NodeLocator(root), problems=problems)
