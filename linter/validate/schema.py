"""Shape validation against the shipped JSON Schema, with errors that read like sentences.

jsonschema reports every failed keyword, and ``anyOf`` failures arrive with one sub-error per
branch; we keep the single most relevant one and phrase it for people: which entity, which key,
what was expected, and (for typos) what the author probably meant.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from linter.core.pointer import escape, from_path
from linter.model.blueprint import KIND_LABELS, SECTIONS

if TYPE_CHECKING:  # imported where used: a valid blueprint is screened without jsonschema (fastschema)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

BLUEPRINT_SCHEMA = "blueprint-v1.schema.json"


def schema_resource(name: str) -> Traversable:
    """A shipped schema, from the installed package or a source checkout alike."""
    return resources.files("blueprint_lint_schemas").joinpath(name)


def schema_text(name: str) -> str:
    """The text of a shipped schema (see :func:`schema_resource`)."""
    return schema_resource(name).read_text(encoding="utf-8")


@cache
def load_schema(name: str = BLUEPRINT_SCHEMA) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text(name))
    return schema


@cache
def _validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(name))


@dataclass(frozen=True)
class SchemaProblem:
    message: str
    pointer: str
    on_key: bool = False


def validate(data: Any, name: str = BLUEPRINT_SCHEMA) -> list[SchemaProblem]:
    """All shape problems of one document, one per offending place, in document order."""
    return explain_errors(_validator(name).iter_errors(data), data)


def explain_errors(errors: Iterable[ValidationError], data: Any) -> list[SchemaProblem]:
    """Each validation error as the problem a user can act on, duplicates dropped, in order."""
    problems: list[SchemaProblem] = []
    seen: set[tuple[str, str]] = set()
    for error in errors:
        for problem in _explain(_most_relevant(error), data):
            key = (problem.pointer, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    return problems


def _most_relevant(error: ValidationError) -> ValidationError:
    """Collapse anyOf/oneOf noise to the branch that got furthest."""
    if error.validator not in ("anyOf", "oneOf"):
        return error  # (and jsonschema is not imported for errors that came from jsonschema-rs)
    from jsonschema.exceptions import best_match

    while error.validator in ("anyOf", "oneOf") and error.context:
        # A value of the wrong type for every branch is best described by the branches' types.
        if all(sub.validator == "type" and not sub.relative_path for sub in error.context):
            return error
        error = best_match(error.context)
    return error


def _owner_label(data: Any, path: list[str | int]) -> str:
    """``interface IF-1`` for a path inside an entity, else a description of the place."""
    if len(path) >= 2 and isinstance(path[0], str) and path[0] in SECTIONS and isinstance(path[1], int):
        items = data.get(path[0]) if isinstance(data, dict) else None
        kind = KIND_LABELS[SECTIONS[path[0]]]
        if isinstance(items, list) and path[1] < len(items) and isinstance(items[path[1]], dict):
            entity_id = items[path[1]].get("id")
            if isinstance(entity_id, str) and entity_id:
                return f"{kind} {entity_id}"
        return f"{kind} #{path[1] + 1} in '{path[0]}'"
    return "the document"


def _where(data: Any, path: list[str | int]) -> str:
    """``in interface IF-1 at volume.peak`` style phrase for an error path."""
    owner = _owner_label(data, path)
    inner = path[2:] if owner != "the document" else path
    dotted = ".".join(str(p) for p in inner)
    return f"{owner}, at '{dotted}'" if dotted else owner


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def _type_phrase(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return " or ".join(_TYPE_NAMES.get(str(n), str(n)) for n in names)


def _quote(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return f"'{text}'" if len(text) <= 60 else f"'{text[:57]}…'"


def _explain(error: ValidationError, data: Any) -> Iterator[SchemaProblem]:
    path = list(error.absolute_path)
    pointer = from_path(path)
    where = _where(data, path)
    validator, expected, instance = error.validator, error.validator_value, error.instance

    if validator == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        for key in sorted(k for k in instance if k not in allowed and not k.startswith("x-")):
            hint = difflib.get_close_matches(key, allowed, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            owner = _where(data, path)
            yield SchemaProblem(
                f"unknown key '{key}' in {owner}{suggestion}",
                f"{pointer}/{escape(key)}",
                on_key=True,
            )
        return
    if validator == "required":
        missing = [k for k in expected if isinstance(instance, dict) and k not in instance]
        for key in missing:
            yield SchemaProblem(f"{where} is missing the required key '{key}'", f"{pointer}/{escape(key)}")
        return
    if validator == "enum":
        options = ", ".join(str(v) for v in expected)
        hint = (
            difflib.get_close_matches(str(instance), [str(v) for v in expected], n=1)
            if isinstance(instance, str)
            else []
        )
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        message = f"{_quote(instance)} is not an allowed value in {where}{suggestion}; expected one of: {options}"
    elif validator == "const":
        message = f"{where} must be {json.dumps(expected)}, not {_quote(instance)}"
    elif validator == "type":
        message = f"{where} must be {_type_phrase(expected)}, not {_describe(instance)}"
    elif validator in ("anyOf", "oneOf"):
        types = [sub.validator_value for sub in (error.context or []) if sub.validator == "type"]
        message = f"{where} must be {_type_phrase(sorted(set(map(str, types))))}, not {_describe(instance)}"
    elif validator == "pattern":
        message = f"{_quote(instance)} in {where} does not have the expected form ({_pattern_hint(path, expected)})"
    elif validator in ("minimum", "exclusiveMinimum"):
        message = f"{where} must be at least {expected}, not {instance}"
    elif validator == "minItems":
        message = f"{where} must not be an empty list"
    elif validator == "minLength":
        message = f"{where} must not be empty"
    elif validator == "maxLength":
        message = f"{where} is longer than {expected} characters"
    else:
        message = f"{where}: {error.message}"
    yield SchemaProblem(message, pointer)


def _pattern_hint(path: list[str | int], pattern: str) -> str:
    last = path[-1] if path else ""
    if pattern.startswith("^P"):
        return "an ISO-8601 duration such as PT5M, PT1H or P1D"
    if last == "id":
        return "an id starts with a letter and uses letters, digits, '-', '_', '.' or ':'"
    return f"pattern {pattern}"
