"""The contract of a rule: what it declares about itself, what it receives and what it yields.

A rule is a subclass of :class:`Rule` with its metadata as class attributes and a ``check`` method
that receives the :class:`~linter.model.blueprint.Blueprint` and yields :class:`Finding` objects.
Plugins import these from the public API, :mod:`linter.api`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from linter.core.diagnostics import Severity
from linter.model.blueprint import Blueprint, Entity, SourceFile


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


# What each precision level promises, as the rule reference states it.
PRECISION_MEANING: Mapping[str, str] = {
    "very-high": "it checks what the blueprint states, not a guess; no known false positive on a good design",
    "high": "no known false positive on a good design; a finding can rest on a documented assumption the team may override",
    "medium": "a heuristic: some findings are designs a team has judged correct, so it is a warning or information",
    "low": "a heuristic that often needs a person's judgement, so it is a warning or information",
}


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
    # How often a finding is a real problem: very-high, high, medium, low (SARIF precision). The
    # rule reference states it with PRECISION_MEANING; an ``error`` rule is very-high or high (no
    # known false positive on a good design), a heuristic (medium, low) a warning or information.
    precision: ClassVar[str] = "high"
    # Options a team may set in the configuration, with their defaults, and a JSON Schema
    # (an "object" schema) the configuration loader validates them against.
    default_options: ClassVar[Mapping[str, Any]] = {}
    options_schema: ClassVar[Mapping[str, Any]] = {}
    # True for a rule that concludes from what is *absent* across the blueprint (an undeclared id,
    # an unused system, a missing mapping): while a file of the workspace could not be loaded, the
    # missing file could explain its findings, so the engine holds it back and says so (SY010).
    needs_complete_blueprint: ClassVar[bool] = False
    # What the rule's findings depend on, for the incremental re-lint (linter/run/incremental.py).
    # Empty (the default, and always safe): anything in the blueprint, so the rule runs on the
    # whole model every time. Otherwise the kinds of entity the rule *judges* one at a time
    # ("interface", "mapping", …) and/or "document" (a whole file at a time), and the rule
    # promises three things:
    #   1. it finds the findings on an entity of a judged kind while iterating that kind's list
    #      (``model.interfaces``, ``model.entities("mapping")``; ``model.documents()`` for
    #      "document"), and places each on the entity (or file) being judged;
    #   2. what it says about an entity depends only on that entity's data; the entities its
    #      references resolve to, transitively (``model.get`` on a field of REFERENCE_FIELDS,
    #      ``goals_of``, ``alm_links_of``); the entities that reference it directly
    #      (``model.referrers``, ``mappings_for``); other entities declared with its id; and the
    #      rule's options. A "document" finding depends only on its file;
    #   3. it does not iterate the lists of the kinds it judges for anything else (an index of
    #      all interfaces, a sum over them): an incremental run shows it only the entities an
    #      edit can affect. Other kinds' lists stay whole.
    # The engine then re-runs it on only the entities an edit can affect and keeps its other
    # findings from the previous run. A finding placed anywhere else makes the engine run the
    # rule on the whole model instead; a rule that reads more than point 2 allows must keep the
    # default. The differential test (tests/test_incremental.py) holds the built-in rules to it.
    judges: ClassVar[tuple[str, ...]] = ()
    # With ``judges``: what the rule says about an entity may also depend on which ids the
    # blueprint declares at all (XR001's "did you mean", drawn from every declared id of a kind,
    # read through ``model.ids()``, never through a judged kind's list). An edit that declares or
    # removes an id then makes the engine run the rule on the whole model; other edits re-judge
    # only the entities they can affect.
    reads_declared_ids: ClassVar[bool] = False
    # The name of a derived analysis the rule computes through ``Blueprint.memo`` and shares with
    # other rules (the capacity model of the CA rules and OP006). When the rules run in two
    # processes, those sharing one run in the same process, so it is computed once, not once in
    # each (linter/run/rule_runner.py). A hint for speed only: it never changes what is found.
    shares_analysis: ClassVar[str] = ""
    # Its findings point at secret values (SE002). The engine then redacts them from the whole
    # run: it masks each finding's span, and every secret :meth:`secret_spans` finds on the lines
    # an excerpt shows, in the source texts reporters quote (``LintResult.sources``: one mask
    # character per character, line breaks kept, so carets stay right); removes the found values
    # from every message; never writes a cache entry holding one; and baselines a finding on a
    # masked span by its message instead of a hash of the value. Such a rule runs even when it is
    # not selected, to redact only (its findings are then not reported).
    redacts_findings: ClassVar[bool] = False

    def secret_spans(self, line: str) -> Iterable[tuple[int, int]]:
        """For a rule with ``redacts_findings``: where the secrets are in one line of a linted
        file, as ``(start, end)`` character offsets (end exclusive).

        The engine asks this of every line an excerpt shows, so that secrets the model does not
        hold are masked too: a duplicate key's dropped value, a comment, a file that does not
        parse. It must never raise, and should be cheap on a line without any secret.
        """
        return ()

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
                f"*Default severity:* {cls.severity.label}"
                + f" · *Precision:* {cls.precision}"
                + (f" ({PRECISION_MEANING[cls.precision]})" if cls.precision in PRECISION_MEANING else "")
                + (
                    " · *held back while a file of the workspace cannot be loaded (SY010)*"
                    if cls.needs_complete_blueprint
                    else ""
                ),
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
