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
"""

from __future__ import annotations

import copy
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


def validate(data: Any, name: str = BLUEPRINT_SCHEMA) -> list[SchemaProblem]:
    """The same problems as :func:`linter.schema.validate` (the engine sorts them afterwards)."""
    split = _split(name)
    if split is None or not isinstance(data, dict):
        screen = _screen(name)
        if screen is not None and _is_valid(screen, data):
            return []  # what jsonschema-rs accepts the reference accepts (tests/test_fastschema.py)
        return reference_validate(data, name)
    errors = [] if _is_valid(split.hollow_fast, data) else list(split.slow(None).iter_errors(data))
    for section, (fast, _) in split.sections.items():
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if _is_valid(fast, item):
                continue
            for error in split.slow(section).iter_errors(item):
                error.path.appendleft(index)
                error.path.appendleft(section)
                errors.append(error)
    return explain_errors(errors, data)
