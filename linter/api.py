"""The public plugin API: what a rule is, what it receives and what it yields.

A rule is a subclass of :class:`Rule` with its metadata as class attributes and a ``check`` method
that receives the :class:`~linter.model.Blueprint` and yields :class:`Finding` objects::

    from linter.api import Finding, Rule, Severity

    class InterfaceNeedsName(Rule):
        code = "ACME001"
        name = "interface-needs-name"
        severity = Severity.WARNING
        summary = "Every interface has a name."
        rationale = "Names make reviews readable (our house style guide, section 2)."
        how_to_fix = "Add `name:` to the interface."
        passing_example = "interfaces:\\n  - id: IF-1\\n    name: Orders\\n"
        failing_example = "interfaces:\\n  - id: IF-1\\n"

        def check(self, model):
            for interface in model.interfaces:
                if not interface.has("name"):
                    yield Finding.at(interface, "", f"{interface.label} has no name")

Rules are registered through the ``blueprint_lint.rules`` entry-point group; the value may be a
Rule subclass, or a callable returning an iterable of them. The built-in rules register the same
way (see ``pyproject.toml``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from linter.diagnostics import Severity
from linter.model import KIND_LABELS, Blueprint, Entity, Reference, SourceFile
from linter.pointer import escape as escape_pointer

if TYPE_CHECKING:
    from pathlib import Path

    from linter.engine import LintOptions, LintResult
    from linter.registry import RuleSet

__all__ = [
    "KIND_LABELS",
    "Blueprint",
    "Entity",
    "Finding",
    "Reference",
    "Rule",
    "Severity",
    "SourceFile",
    "YamlError",
    "escape_pointer",
    "lint",
    "load_yaml",
]


@dataclass(frozen=True)
class Finding:
    """What a rule reports: a message and where it applies.

    ``path`` is relative to the entity (``"volume/peak"``); when it names something missing, the
    diagnostic is placed on the deepest part that exists, while the JSON pointer keeps the full
    path. ``on_key`` underlines the key instead of the value (useful for "unexpected key").
    """

    message: str
    entity: Entity | None = None
    path: str = ""
    source: SourceFile | None = None
    pointer: str = ""
    on_key: bool = False

    @classmethod
    def at(cls, entity: Entity, path: str, message: str, *, on_key: bool = False) -> Finding:
        return cls(message=message, entity=entity, path=path, on_key=on_key)

    @classmethod
    def in_file(cls, source: SourceFile, pointer: str, message: str, *, on_key: bool = False) -> Finding:
        return cls(message=message, source=source, pointer=pointer, on_key=on_key)


class Rule:
    """Base class of every rule. Subclasses set the metadata and implement :meth:`check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    summary: ClassVar[str]
    rationale: ClassVar[str]
    how_to_fix: ClassVar[str]
    passing_example: ClassVar[str]
    failing_example: ClassVar[str]
    tags: ClassVar[tuple[str, ...]] = ()
    # How often a finding is a real problem: very-high, high, medium, low (SARIF precision).
    precision: ClassVar[str] = "high"
    # Options a team may set in the configuration, with their defaults, and a JSON Schema
    # (an "object" schema) the configuration loader validates them against.
    default_options: ClassVar[Mapping[str, Any]] = {}
    options_schema: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        self.options: dict[str, Any] = {**self.default_options, **(options or {})}
        # Filled in by the registry: "built-in", "core", or "<distribution> <version>".
        self.origin: str = ""

    def check(self, model: Blueprint) -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    @classmethod
    def documentation(cls) -> str:
        """The rule's documentation as Markdown; ``explain``, docs/rules.md and SARIF share it."""
        return "\n".join(
            [
                f"## {cls.code} {cls.name}",
                "",
                f"*Default severity:* {cls.severity.label}",
                "",
                cls.summary,
                "",
                "### Why",
                "",
                cls.rationale.strip(),
                "",
                "### How to fix",
                "",
                cls.how_to_fix.strip(),
                "",
                "### Passing example",
                "",
                "```yaml",
                cls.passing_example.strip("\n"),
                "```",
                "",
                "### Failing example",
                "",
                "```yaml",
                cls.failing_example.strip("\n"),
                "```",
                "",
            ]
        )


class YamlError(ValueError):
    """The first problem of a YAML text :func:`load_yaml` could not load, with its position."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.line = line
        self.column = column
        self.message = message


def load_yaml(text: str) -> Any:
    """The data of a YAML text, read by the engine's own reference loader (YAML 1.2, no tags
    constructed), for rules that ship data files (the capacity rules' limits profile)."""
    from linter.yamlload import load_text

    document = load_text(text)
    if document.problems:
        problem = document.problems[0]
        raise YamlError(problem.span.line, problem.span.column, problem.message)
    return document.data


def lint(
    paths: Sequence[str | Path],
    options: LintOptions | None = None,
    *,
    ruleset: RuleSet | None = None,
    cwd: str | Path | None = None,
) -> LintResult:
    """Lint files and directories as ``blueprint-lint check`` does, and return the result.

    ``ruleset`` defaults to every installed rule (built-ins and plugins); ``options`` to the
    defaults (no result cache). Bad input becomes diagnostics; a path that does not exist raises
    ``UsageError`` and a broken configuration ``ConfigError``.
    """
    from pathlib import Path

    from linter import engine
    from linter.registry import load_rules

    return engine.lint(
        [Path(p) for p in paths],
        ruleset if ruleset is not None else load_rules(),
        options,
        cwd=None if cwd is None else Path(cwd),
    )
