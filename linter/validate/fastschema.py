"""Fast schema validation: jsonschema-rs finds the invalid entities, jsonschema explains them.

Python's jsonschema costs about 0.7 ms per realistic interface (15 s for 20,000). Almost every
entity of a real blueprint is valid, so the work is split:

- the document *without* its entity lists' ``items`` keyword (a handful of keys) is validated by
  the reference validator as before;
- each entity of each list is checked with jsonschema-rs (Rust, about 50 times faster); only the
  entities it rejects are validated by the reference validator, against the very ``items``
  subschema, and their errors are moved under ``/<section>/<index>``.

That decomposition yields exactly the errors a whole-document ``iter_errors`` yields (``items``
applies the subschema to each element and prefixes the index), so :func:`validate` returns the
same problems as :func:`linter.schema.validate`; ``tests/test_fastschema.py`` checks it. When
jsonschema-rs is missing, or the schema is not shaped as expected, the reference does everything.

An entity whose errors are all of the plain kinds the explanations spell out themselves (an
unknown key, a missing key, a wrong type, value, form or bound, outside any ``anyOf``) is explained
from jsonschema-rs's own errors (:class:`_RsError`), with the same subschema and values the
reference's errors carry; anything else goes to the reference. Importing jsonschema and building
its validators took about 50 ms, which a blueprint with one misspelt enum value paid in full.
"""

from __future__ import annotations

import copy
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from linter.validate.schema import BLUEPRINT_SCHEMA, SchemaProblem, explain_errors, load_schema
from linter.validate.schema import validate as reference_validate

try:
    import jsonschema_rs
except ImportError:  # pragma: no cover - only where the wheel is missing
    jsonschema_rs = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

# Keywords a list section may carry for the split to stay exact (``items`` is the one we split).
_SECTION_KEYWORDS = {"type", "items", "title", "description"}


class _Split:
    """The schema split into a hollow document validator and one pair of validators per list.

    The reference (Python) validators are built on first use: a valid blueprint never needs them,
    and importing jsonschema is a sixth of a small run's start-up.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        hollow = copy.copy(schema)
        hollow["properties"] = dict(schema["properties"])
        self.sections: dict[str, tuple[Any, dict[str, Any]]] = {}
        for name, subschema in schema["properties"].items():
            if not isinstance(subschema, dict) or "items" not in subschema:
                continue
            if not set(subschema) <= _SECTION_KEYWORDS:
                raise ValueError(f"section {name} has keywords the split does not handle")
            hollow["properties"][name] = {k: v for k, v in subschema.items() if k != "items"}
            # The same $defs objects, so errors carry the same subschemas as the reference's.
            items = {"$defs": schema.get("$defs", {}), **subschema["items"]}
            self.sections[name] = (jsonschema_rs.Draft202012Validator(items, validate_formats=False), items)
        self.hollow_schema = hollow
        self.hollow_fast = jsonschema_rs.Draft202012Validator(hollow, validate_formats=False)
        self._slow: dict[str, Draft202012Validator] = {}

    def slow(self, section: str | None) -> Draft202012Validator:
        """The reference validator of a section's items (of the hollow document for None)."""
        key = "" if section is None else section
        if key not in self._slow:
            from jsonschema import Draft202012Validator

            self._slow[key] = Draft202012Validator(self.hollow_schema if section is None else self.sections[key][1])
        return self._slow[key]


@cache
def _split(name: str) -> _Split | None:
    if jsonschema_rs is None:
        return None
    try:
        return _Split(load_schema(name))
    except (ValueError, KeyError, TypeError):
        return None


@cache
def _screen(name: str) -> Any:
    """A jsonschema-rs validator of a whole schema (the configuration's), or None."""
    if jsonschema_rs is None:
        return None
    try:
        return jsonschema_rs.Draft202012Validator(load_schema(name), validate_formats=False)
    except (ValueError, TypeError):
        return None


def _is_valid(fast: Any, data: Any) -> bool:
    try:
        return bool(fast.is_valid(data))
    except (ValueError, OverflowError, TypeError):
        return False  # a value Rust cannot hold (a huge integer…): let the reference judge


# The keywords whose explanation (linter/validate/schema.py ``_explain``) is built from the
# error's keyword, keyword value, subschema, instance and path alone, never its message or context.
_EXPLAINED_KEYWORDS = frozenset(
    {
        "additionalProperties",
        "required",
        "enum",
        "const",
        "type",
        "pattern",
        "minimum",
        "exclusiveMinimum",
        "minItems",
        "minLength",
        "maxLength",
    }
)


@dataclass
class _RsError:
    """The attributes of a jsonschema ``ValidationError`` that the explanations read, from a
    jsonschema-rs error (whose schema path is absolute: every ``$ref`` already followed)."""

    validator: str
    validator_value: Any
    instance: Any
    absolute_path: deque[str | int]
    schema: dict[str, Any]
    context: None = None
    message: str = ""


def _subschema(root: dict[str, Any], path: Sequence[str | int]) -> dict[str, Any] | None:
    node: Any = root
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node if isinstance(node, dict) else None


def _rs_errors(fast: Any, schema: dict[str, Any], item: Any, prefix: tuple[str, int]) -> list[_RsError] | None:
    """The item's errors as :class:`_RsError`, or None when one of them needs the reference."""
    found: list[_RsError] = []
    try:
        errors = list(fast.iter_errors(item))
    except (ValueError, OverflowError, TypeError):
        return None
    for error in errors:
        schema_path = list(error.schema_path)
        if not schema_path or "anyOf" in schema_path or "oneOf" in schema_path or "$ref" in schema_path:
            return None
        keyword = schema_path[-1]
        subschema = _subschema(schema, schema_path[:-1])
        if keyword not in _EXPLAINED_KEYWORDS or subschema is None or keyword not in subschema:
            return None
        instance: Any = item
        for part in error.instance_path:
            instance = instance[part]
        if instance != error.instance:
            # jsonschema-rs saw another value: its copy turns what Rust cannot hold (an infinite
            # float) into null, and judges that null. The reference judges the real value.
            return None
        path: deque[str | int] = deque(prefix)
        path.extend(error.instance_path)
        found.append(_RsError(keyword, subschema[keyword], instance, path, subschema))
    return found or None


def validate(data: Any, name: str = BLUEPRINT_SCHEMA) -> list[SchemaProblem]:
    """The same problems as :func:`linter.schema.validate` (the engine sorts them afterwards)."""
    split = _split(name)
    if split is None or not isinstance(data, dict):
        screen = _screen(name)
        if screen is not None and _is_valid(screen, data):
            return []  # what jsonschema-rs accepts the reference accepts (tests/test_fastschema.py)
        return reference_validate(data, name)
    errors: list[Any] = [] if _is_valid(split.hollow_fast, data) else list(split.slow(None).iter_errors(data))
    for section, (fast, _) in split.sections.items():
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if _is_valid(fast, item):
                continue
            plain = _rs_errors(fast, split.sections[section][1], item, (section, index))
            if plain is not None:
                errors.extend(plain)
                continue
            for error in split.slow(section).iter_errors(item):
                error.path.appendleft(index)
                error.path.appendleft(section)
                errors.append(error)
    return explain_errors(errors, data)
