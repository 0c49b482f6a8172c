"""Acme's house rules for blueprint-lint, registered through the ``blueprint_lint.rules`` entry point."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from linter.api import Blueprint, Finding, Rule, Severity


class InterfaceIdPrefix(Rule):
    code = "ACME001"
    name = "interface-id-prefix"
    severity = Severity.WARNING
    tags = ("naming",)
    summary = "Every interface id starts with the team's prefix."
    rationale = (
        "Acme's integration catalogue, monitoring dashboards and work items find interfaces by id "
        "prefix (Acme integration handbook, section 3: naming)."
    )
    how_to_fix = "Rename the interface (and the references to it) so that its id starts with the prefix."
    passing_example = "blueprint_version: 1\ninterfaces:\n  - {id: IF-ORDERS}\n"
    failing_example = "blueprint_version: 1\ninterfaces:\n  - {id: ORDERS}\n"
    # Options: defaults, and the JSON Schema the configuration is validated against.
    default_options: ClassVar[dict[str, Any]] = {"prefix": "IF-"}
    options_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "properties": {"prefix": {"type": "string", "minLength": 1, "description": "Required id prefix."}},
        "additionalProperties": False,
    }

    def check(self, model: Blueprint) -> Iterator[Finding]:
        prefix = str(self.options["prefix"])
        for interface in model.interfaces:
            if interface.id and not interface.id.startswith(prefix):
                yield Finding.at(interface, "id", f"{interface.label} does not start with the prefix '{prefix}'")


def rules() -> list[type[Rule]]:
    return [InterfaceIdPrefix]
