"""CP005 missing-shape: Every interface states its direction, integration type, timing, pattern and mechanism."""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from .._shared.sources import PATTERN_ARTICLE
from .._shared.text import listing


class MissingShape(Rule):
    code = "CP005"
    judges = ("interface",)
    name = "missing-shape"
    severity = Severity.ERROR
    tags = ("completeness",)
    precision = "very-high"
    summary = "Every interface states its direction, integration type, timing, pattern and mechanism."
    rationale = f"""
These five fields are the design decision itself. *Choose the right design* classifies every
integration as UI, data or process integration; {PATTERN_ARTICLE} asks for the flow direction
and the pattern, and warns not to confuse synchronous with near-real-time; *Overcome integration
challenges* lists synchronous versus asynchronous, single record versus batch, and frequency and
direction as the technology choices to document per interface. The consistency and capacity rules
can only check what is stated.
"""
    how_to_fix = "Add the missing keys: `direction`, `integration_type`, `timing`, `pattern` and `mechanism`."
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-REQUEST
    source: SYS-WEB
    target: SYS-CE
    direction: one_way
    integration_type: process
    timing: near_real_time
    pattern: [push, event_notification]
    mechanism: service_bus
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-REQUEST
    source: SYS-WEB
    target: SYS-CE
    timing: near_real_time
    mechanism: service_bus
"""

    _FIELDS: tuple[tuple[str, str], ...] = (
        ("direction", "direction"),
        ("integration_type", "integration type"),
        ("timing", "timing"),
        ("pattern", "pattern"),
        ("mechanism", "mechanism"),
    )

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            missing = [words for key, words in self._FIELDS if not interface.has(key)]
            if missing:
                yield Finding.at(interface, "", f"{interface.label} does not state its {listing(missing)}")
