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
from typing import Any

from jsonschema import Draft202012Validator

from linter.schema import BLUEPRINT_SCHEMA, SchemaProblem, _explain, _most_relevant, load_schema
from linter.schema import validate as reference_validate

try:
    import jsonschema_rs
except ImportError:  # pragma: no cover - only where the wheel is missing
    jsonschema_rs = None  # type: ignore[assignment]

# Keywords a list section may carry for the split to stay exact (``items`` is the one we split).
_SECTION_KEYWORDS = {"type", "items", "title", "description"}


class _Split:
    """The schema split into a hollow document validator and one pair of validators per list."""

    def __init__(self, schema: dict[str, Any]) -> None:
        hollow = copy.copy(schema)
        hollow["properties"] = dict(schema["properties"])
        self.sections: dict[str, tuple[Any, Draft202012Validator]] = {}
        for name, subschema in schema["properties"].items():
            if not isinstance(subschema, dict) or "items" not in subschema:
                continue
            if not set(subschema) <= _SECTION_KEYWORDS:
                raise ValueError(f"section {name} has keywords the split does not handle")
            hollow["properties"][name] = {k: v for k, v in subschema.items() if k != "items"}
            # The same $defs objects, so errors carry the same subschemas as the reference's.
            items = {"$defs": schema.get("$defs", {}), **subschema["items"]}
            fast = jsonschema_rs.Draft202012Validator(items, validate_formats=False)
            self.sections[name] = (fast, Draft202012Validator(items))
        self.hollow = Draft202012Validator(hollow)


@cache
def _split(name: str) -> _Split | None:
    if jsonschema_rs is None:
        return None
    try:
        return _Split(load_schema(name))
    except (ValueError, KeyError, TypeError):
        return None


def validate(data: Any, name: str = BLUEPRINT_SCHEMA) -> list[SchemaProblem]:
    """The same problems as :func:`linter.schema.validate` (the engine sorts them afterwards)."""
    split = _split(name)
    if split is None or not isinstance(data, dict):
        return reference_validate(data, name)
    errors = list(split.hollow.iter_errors(data))
    for section, (fast, slow) in split.sections.items():
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            try:
                if fast.is_valid(item):
                    continue
            except (ValueError, OverflowError, TypeError):
                pass  # a value Rust cannot hold (a huge integer…): let the reference judge
            for error in slow.iter_errors(item):
                error.path.appendleft(index)
                error.path.appendleft(section)
                errors.append(error)
    problems: list[SchemaProblem] = []
    seen: set[tuple[str, str]] = set()
    for error in errors:
        for problem in _explain(_most_relevant(error), data):
            key = (problem.pointer, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    return problems
