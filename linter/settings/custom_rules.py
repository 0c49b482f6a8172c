"""Team rules declared in the configuration, without Python (``custom-rules``, codes CUS001–CUS999).

A declaration names an entity kind, an optional ``when`` filter, a dotted ``field`` path and one or
more conditions (``required``, ``pattern``, ``enum``, ``min-items``, ``references``, ``minimum``,
``maximum``). The JSON Schema checks the declaration's shape; this module checks its meaning (the
regular expression compiles, the field exists in the blueprint format, the code and name are free)
and turns each declaration into an ordinary :class:`~linter.api.Rule` whose origin is ``config``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from linter.core.diagnostics import Severity
from linter.model.blueprint import KIND_LABELS, Blueprint, Entity
from linter.model.rule import Finding, Rule
from linter.settings.config import Config, pointer_to
from linter.validate.schema import load_schema

CONDITIONS = ("required", "pattern", "enum", "min-items", "references", "minimum", "maximum")
_PLACEHOLDER = re.compile(r"\{(entity|id|kind|field|value)\}")


class ConfigRule(Rule):
    """Base of the rules built from ``custom-rules``; the class attributes hold the declaration."""

    kind: ClassVar[str]
    field_path: ClassVar[str]
    when: ClassVar[dict[str, list[Any]]]
    conditions: ClassVar[dict[str, Any]]
    message_template: ClassVar[str]
    regex: ClassVar[re.Pattern[str] | None] = None

    def check(self, model: Blueprint) -> Iterator[Finding]:
        slash = self.field_path.replace(".", "/")
        for entity in model.entities(self.kind):
            if not self._applies(entity):
                continue
            value = entity.get(slash)
            if self._violates(model, entity, value):
                yield Finding.at(entity, slash, self._message(entity, value))

    def _applies(self, entity: Entity) -> bool:
        return all(entity.get(path.replace(".", "/")) in accepted for path, accepted in self.when.items())

    def _violates(self, model: Blueprint, entity: Entity, value: Any) -> bool:
        """Whether the value breaks any condition: presence and count first (they apply to an
        absent value too), then each condition on every value of a present field."""
        conditions = self.conditions
        present = value is not None and value != "" and value != [] and value != {}
        if conditions.get("required") and not present:
            return True
        if "min-items" in conditions and _too_few(value, int(conditions["min-items"])):
            return True
        if not present:
            return False
        values = value if isinstance(value, list) else [value]
        return (
            (self.regex is not None and not all(isinstance(v, str) and self.regex.search(v) for v in values))
            or ("enum" in conditions and not all(v in conditions["enum"] for v in values))
            or ("references" in conditions and not _all_resolve(model, str(conditions["references"]), values))
            or (
                ("minimum" in conditions or "maximum" in conditions)
                and not _all_in_range(values, conditions.get("minimum"), conditions.get("maximum"))
            )
        )

    def _message(self, entity: Entity, value: Any) -> str:
        shown = "" if value is None else value if isinstance(value, str) else str(value)
        replacements = {
            "entity": entity.label,
            "id": entity.id,
            "kind": KIND_LABELS[entity.kind],
            "field": self.field_path,
            "value": shown,
        }
        # A fixed set of placeholders, substituted literally: str.format would let a configuration
        # reach attributes of the objects passed in.
        return _PLACEHOLDER.sub(lambda m: replacements[m.group(1)], self.message_template)


def _too_few(value: Any, least: int) -> bool:
    """A list shorter than ``least``, or a value that is not a list at all (absent counts as [])."""
    items = value if isinstance(value, list) else ([] if value is None else None)
    return items is None or len(items) < least


def _all_resolve(model: Blueprint, kind: str, values: list[Any]) -> bool:
    return all(isinstance(v, str) and model.get(kind, v) is not None for v in values)


def _all_in_range(values: list[Any], low: Any, high: Any) -> bool:
    """Every value is a number (not a boolean) within the inclusive bounds given."""
    numbers = [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if len(numbers) != len(values):
        return False
    return not any((low is not None and n < low) or (high is not None and n > high) for n in numbers)


def _properties(schema: dict[str, Any], node: Any) -> dict[str, Any] | None:
    """The ``properties`` of an object schema, following local ``$ref``s; None if open-ended."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 10:
        ref = str(node["$ref"])
        if not ref.startswith("#/$defs/"):
            return None
        node = schema["$defs"].get(ref.rsplit("/", 1)[1])
        seen += 1
    if not isinstance(node, dict):
        return None
    props = node.get("properties")
    return props if isinstance(props, dict) else None


def field_problem(kind: str, dotted: str) -> str | None:
    """Why ``dotted`` is not a field of ``kind`` in the blueprint format, or None if it is."""
    schema = load_schema()
    node: Any = schema["$defs"].get(kind)
    walked: list[str] = []
    for part in dotted.split("."):
        props = _properties(schema, node)
        if props is None:
            return None  # a free-form mapping (or a list): anything may live below it
        if part not in props and not part.startswith("x-"):
            where = f"'{'.'.join(walked)}' of " if walked else ""
            hint = difflib.get_close_matches(part, sorted(props), n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            label = KIND_LABELS[kind]
            article = "an" if label[0] in "aeiouAEIOU" else "a"
            return f"{where}{article} {label} has no field '{part}'{suggestion}"
        node = props.get(part)
        walked.append(part)
    return None


def build_custom_rules(config: Config, taken: Sequence[Rule]) -> list[Rule]:
    """Rules for the configuration's ``custom-rules``; raises ConfigError with located problems."""
    from linter.settings.config import ConfigError

    codes = {rule.code: rule.origin for rule in taken}
    names = {rule.name: rule.code for rule in taken}
    problems: list[str] = []
    rules: list[Rule] = []
    for index, spec in enumerate(config.custom_rules):
        at = pointer_to("custom-rules", index)
        before = len(problems)
        code, name, kind = str(spec["code"]), str(spec["name"]), str(spec["kind"])
        if code in codes:
            problems.append(config.problem(f"{at}/code", f"rule code {code} is already used ({codes[code]})"))
        if name in names:
            problems.append(config.problem(f"{at}/name", f"rule name '{name}' is already used by {names[name]}"))
        present = [c for c in CONDITIONS if c in spec]
        if not present:
            problems.append(
                config.problem(at, f"custom rule {code} states no condition; give one of: {', '.join(CONDITIONS)}")
            )
        for dotted, pointer in [(str(spec["field"]), f"{at}/field")] + [
            (path, f"{at}/when/{path}") for path in spec.get("when", {})
        ]:
            problem = field_problem(kind, dotted)
            if problem:
                on_key = "/when/" in pointer
                problems.append(config.problem(pointer, f"custom rule {code}: {problem}", on_key=on_key))
        regex = None
        if "pattern" in spec:
            try:
                regex = re.compile(str(spec["pattern"]))
            except re.error as error:
                problems.append(
                    config.problem(f"{at}/pattern", f"custom rule {code}: invalid regular expression: {error}")
                )
        if "minimum" in spec and "maximum" in spec and spec["minimum"] > spec["maximum"]:
            problems.append(config.problem(f"{at}/minimum", f"custom rule {code}: minimum is larger than maximum"))
        codes[code], names[name] = "config", code
        if len(problems) > before:
            continue
        rules.append(_make_rule(config, spec, regex))
    if problems:
        raise ConfigError(problems)
    return rules


def _make_rule(config: Config, spec: dict[str, Any], regex: re.Pattern[str] | None) -> Rule:
    code, message = str(spec["code"]), str(spec["message"])
    when = {path: (v if isinstance(v, list) else [v]) for path, v in spec.get("when", {}).items()}
    attributes: dict[str, Any] = {
        "code": code,
        "name": str(spec["name"]),
        "severity": Severity.parse(str(spec.get("severity", "warning"))),
        "summary": str(spec.get("summary") or message),
        "rationale": str(spec.get("rationale") or f"A team rule declared in {config.display}."),
        "how_to_fix": str(spec.get("how-to-fix") or "See the team's configuration for what this rule expects."),
        "passing_example": "(declared in the configuration; no example)",
        "failing_example": "(declared in the configuration; no example)",
        "tags": ("custom",),
        "kind": str(spec["kind"]),
        "field_path": str(spec["field"]),
        "when": when,
        "conditions": {c: spec[c] for c in CONDITIONS if c in spec},
        "message_template": message,
        "regex": regex,
        # A `references` condition concludes from absence: the id may be in a file that did not load.
        "needs_complete_blueprint": "references" in spec,
        # It judges each entity of its kind by the entity's own fields, so an incremental run re-runs
        # it on the edited entities only; except with `references`: its field need not be one the
        # model indexes as a reference, so an edit elsewhere (the target removed) could change it.
        "judges": () if "references" in spec else (str(spec["kind"]),),
    }
    cls = type(f"ConfigRule_{code}", (ConfigRule,), attributes)
    rule: Rule = cls()
    rule.origin = "config"
    return rule
