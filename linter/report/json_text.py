"""``json.dumps(value, indent=2, ensure_ascii=False)``, byte for byte, in a fraction of the time.

With ``indent`` set, the standard library gives up its C encoder and walks the value with nested
Python generators: 0.3 s for the JSON report of 20,000 findings. A value of only dicts, lists,
tuples, strings, ints, booleans and None (a report without floats) is written by orjson, which
spells such values exactly as ``json.dumps`` does (0.01 s for that report); it refuses what it
would spell otherwise (a lone surrogate, an int beyond 64 bits, a key that is not a string), and
floats are never given to it (``1e+16`` is ``1e16`` there). Anything else is written by appending
to one list, with the C encoder for every flat mapping (a diagnostic) and string (0.15 s), and
what that writer does not handle goes to the standard library, so the output is always exactly
``json.dumps``'s (tests/test_json_text.py compares them).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from itertools import chain
from json.encoder import encode_basestring
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - a declared dependency; the writer below does without it
    orjson = None  # type: ignore[assignment]


class _Unsupported(Exception):
    """A value this writer does not spell the way ``json.dumps`` would: let it do the work."""


def dumps_indented(value: Any) -> str:
    if orjson is not None and _spelled_alike_by_orjson(value):
        try:
            return str(orjson.dumps(value, option=orjson.OPT_INDENT_2), "utf-8")
        except orjson.JSONEncodeError:  # a lone surrogate, a huge int, a key that is not a string, deep nesting
            pass
    out: list[str] = []
    try:
        _write(value, out, "\n")
    except (_Unsupported, RecursionError):
        return json.dumps(value, indent=2, ensure_ascii=False)
    return "".join(out)


# The exact types orjson writes as json.dumps does (a subclass, a float: not asked).
_ALIKE_SCALARS = frozenset({str, int, bool, type(None)})
_CONTAINERS = frozenset({dict, list, tuple})
_ALIKE = _ALIKE_SCALARS | _CONTAINERS


def _spelled_alike_by_orjson(value: Any) -> bool:
    """Whether ``value`` holds only the types orjson spells as json.dumps does, level by level
    (each level's types tested in C: a report is one list of 20,000 flat mappings)."""
    level = [value]
    while level:
        if not _ALIKE.issuperset(map(type, level)):
            return False
        containers = [item for item in level if item.__class__ in _CONTAINERS]
        level = list(chain.from_iterable(item.values() if item.__class__ is dict else item for item in containers))
    return True


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return str(encode_basestring(value))
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")):
        return float.__repr__(value)
    raise _Unsupported


@cache
def _flat(inner: str) -> Callable[[Any], str]:
    """The C encoder, spelling a mapping's items one per line at ``inner`` (its own braces stay
    on the line of the first and last item: :func:`_write` moves them)."""
    return json.JSONEncoder(ensure_ascii=False, separators=("," + inner, ": ")).encode


# The types a flat mapping holds: exactly these (a subclass takes the general path, which spells it
# the way json.dumps does), tested in C over all the keys and values at once.
_KEY_TYPES = frozenset({str})
_SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


def _is_flat(mapping: dict[Any, Any]) -> bool:
    return _KEY_TYPES.issuperset(map(type, mapping)) and _SCALAR_TYPES.issuperset(map(type, mapping.values()))


def _write(value: Any, out: list[str], newline: str) -> None:
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        if _is_flat(value):
            # A flat mapping (a diagnostic): the C encoder, with its braces put on their own lines.
            text = _flat(inner)(value)
            out.append("{" + inner + text[1:-1] + newline + "}")
            return
        separator = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unsupported  # json.dumps converts such keys to strings its own way
            out.append(separator)
            out.append(encode_basestring(key))
            out.append(": ")
            if isinstance(item, (dict, list, tuple)):
                _write(item, out, inner)
            else:
                out.append(_scalar(item))
            separator = "," + inner
        out.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        if all(item.__class__ is dict and item and _is_flat(item) for item in value):
            # A list of flat mappings (the diagnostics): one call of the C encoder for all of them.
            # Its separator between two mappings, "}" "," deeper "{", cannot occur inside one (a
            # flat mapping's values are scalars, and no string holds a raw line break), so it is
            # where the braces are moved to their own lines.
            deeper = inner + "  "
            body = _flat(deeper)(value)[2:-2].replace("}," + deeper + "{", inner + "}," + inner + "{" + deeper)
            out.append("[" + inner + "{" + deeper + body + inner + "}" + newline + "]")
            return
        separator = "[" + inner
        for item in value:
            out.append(separator)
            if isinstance(item, (dict, list, tuple)):
                _write(item, out, inner)
            else:
                out.append(_scalar(item))
            separator = "," + inner
        out.append(newline + "]")
    else:
        out.append(_scalar(value))
