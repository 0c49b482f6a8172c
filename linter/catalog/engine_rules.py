"""Diagnostics the engine itself emits (syntax, schema, unreadable files, crashed rules, coverage
below the configured minimums).

They are not plugins: the engine produces them while loading and validating. They are declared as
rules so that ``rules``, ``explain``, SARIF and the configuration treat them like any other.
"""

from __future__ import annotations

from collections.abc import Iterable

from linter.core import codes
from linter.core.diagnostics import Severity
from linter.model.blueprint import Blueprint
from linter.model.rule import Finding, Rule

_GOOD = """\
blueprint_version: 1
goals:
  - id: G-01
    statement: Customers see their order status online
"""


class _EngineRule(Rule):
    tags = ("syntax",)
    precision = "very-high"
    passing_example = _GOOD

    def check(self, model: Blueprint) -> Iterable[Finding]:
        return ()


class YamlSyntaxError(_EngineRule):
    code = codes.YAML_SYNTAX
    name = "yaml-syntax-error"
    severity = Severity.ERROR
    summary = "The file is not valid YAML."
    rationale = (
        "Nothing can be checked in a file that does not parse; the parser's message and position say where it broke."
    )
    how_to_fix = "Fix the syntax at the reported position (unclosed quotes and brackets, tabs used for indentation, bad indentation)."
    failing_example = 'blueprint_version: 1\ngoals:\n  - id: G-01\n    statement: "unclosed\n'


class DuplicateKey(_EngineRule):
    code = codes.DUPLICATE_KEY
    name = "duplicate-key"
    severity = Severity.ERROR
    summary = "A mapping repeats a key."
    rationale = (
        "YAML forbids duplicate keys, but many parsers silently keep the last value, so a copy-paste "
        "slip hides data. blueprint-lint keeps the first value and reports the repeat."
    )
    how_to_fix = "Remove or rename one of the keys."
    failing_example = "blueprint_version: 1\ngoals:\n  - id: G-01\n    id: G-02\n"


class NotAMapping(_EngineRule):
    code = codes.NOT_A_BLUEPRINT
    name = "not-a-blueprint-document"
    severity = Severity.ERROR
    summary = "The file holds something other than one mapping document."
    rationale = "A blueprint file is one YAML document whose top level is a mapping of sections (goals, systems, interfaces, …)."
    how_to_fix = "Make the top level a mapping, and split several `---` documents into separate files."
    failing_example = "- blueprint_version: 1\n"


class NonStringKey(_EngineRule):
    code = codes.INVALID_KEY
    name = "invalid-key"
    severity = Severity.ERROR
    summary = "A mapping key is a collection, or a merge key points at something other than a mapping."
    rationale = "Blueprint keys are plain names; complex keys cannot be represented in JSON or checked by the schema."
    how_to_fix = "Use a plain string key."
    failing_example = "blueprint_version: 1\n? [a, b]\n: value\n"


class UnsupportedTag(_EngineRule):
    code = codes.UNSUPPORTED_TAG
    name = "unsupported-tag"
    severity = Severity.ERROR
    summary = "A YAML tag other than the standard ones is used."
    rationale = (
        "Tags such as `!!python/object` ask a loader to build objects, which is how YAML files execute "
        "code. blueprint-lint never constructs tagged values; it reads the plain text and reports the tag."
    )
    how_to_fix = "Remove the tag."
    failing_example = "blueprint_version: 1\nproject:\n  name: !!python/object/apply:os.system [echo hi]\n"


class TooDeep(_EngineRule):
    code = codes.TOO_DEEP
    name = "nesting-too-deep"
    severity = Severity.ERROR
    summary = "The document nests deeper than the configured limit."
    rationale = "Real blueprints nest fewer than fifteen levels; extreme nesting is hostile input and is refused to keep time and memory bounded."
    how_to_fix = "Flatten the structure, or raise the `max-depth` limit if the nesting is genuine."
    failing_example = "blueprint_version: 1\nproject: " + "[" * 300 + "]" * 300 + "\n"


class TooLarge(_EngineRule):
    code = codes.TOO_LARGE
    name = "document-too-large"
    severity = Severity.ERROR
    summary = "The file is larger than the limits allow, or its aliases expand beyond them."
    rationale = (
        'An alias bomb ("billion laughs") is a few lines that expand to billions of nodes. Loading stops '
        "at the `max-nodes` and `max-file-bytes` limits so the linter answers in bounded time and memory."
    )
    how_to_fix = "Remove the recursive aliases, split the file, or raise the limit if the size is genuine."
    failing_example = (
        'blueprint_version: 1\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
    )


class BadNumber(_EngineRule):
    code = codes.INVALID_NUMBER
    name = "invalid-number"
    severity = Severity.ERROR
    summary = "A number is not finite or cannot be represented."
    rationale = (
        "Volumes, sizes and limits are compared numerically; `.nan`, `.inf` and numbers larger than 2^53 "
        "(9,007,199,254,740,992, the last integer a float holds exactly) in magnitude make those comparisons "
        "meaningless. Such a value is kept as the text written, so no rule computes with it."
    )
    how_to_fix = "Write a finite number of a realistic size."
    failing_example = (
        "blueprint_version: 1\ninterfaces:\n  - id: IF-1\n    source: A\n    target: B\n    payload: {max_kb: .inf}\n"
    )


class UnreadableFile(_EngineRule):
    code = codes.UNREADABLE
    name = "unreadable-file"
    severity = Severity.ERROR
    summary = "The file cannot be read as text."
    rationale = "Binary files, files in an unsupported encoding and files the linter may not read cannot be checked, and saying so beats skipping them silently."
    how_to_fix = "Save the file as UTF-8 (UTF-16 with a byte-order mark is accepted too) and check its permissions."
    failing_example = "(a file containing NUL bytes or invalid UTF-8)"


class RulesHeldBack(_EngineRule):
    code = codes.RULES_HELD_BACK
    name = "rules-held-back"
    severity = Severity.INFO
    summary = "Rules that conclude from what is absent were held back: a file of the workspace could not be loaded."
    rationale = (
        "An id reported as undeclared, a goal as orphaned or a system as unused may be declared, served or "
        "used in the file that did not load; reporting them would bury the one real problem under dozens "
        "of findings that are not (one syntax error in the example's systems.yaml once gave 63). While any "
        "file of a workspace fails to load, the rules that declare `needs_complete_blueprint` (undeclared "
        "references, goals, orphan goals, unused systems, mapping coverage, ALM links, process steps, "
        "systems of record, capacity sums) do not run, and this finding, on the file that did not load, "
        "names them. Every other rule still reports. When that file was not among the paths named on the "
        "command line, a warning on standard error names it and the rules instead: a file the run was not "
        "asked about never fails it by itself."
    )
    how_to_fix = "Fix the file that could not be loaded (its own finding says why); the held-back rules then run again."
    failing_example = (
        "# goals.yaml\nblueprint_version: 1\ngoals:\n  - {id: G-1, statement: Faster case handling}\n"
        "# systems.yaml, in the same workspace (SY010 is reported here, beside its SY001)\n"
        'blueprint_version: 1\nsystems:\n  - {id: SYS-A, name: "unclosed\n'
    )


class SchemaViolation(_EngineRule):
    code = codes.SCHEMA_VIOLATION
    name = "schema-violation"
    severity = Severity.ERROR
    summary = "A value does not have the shape the blueprint format requires."
    rationale = (
        "The JSON Schema in `schemas/blueprint-v1.schema.json` defines the keys, types and allowed "
        "values of the format (editors use it for completion). Unknown keys are usually typos that would "
        "make a rule silently miss data. Completeness (a missing volume) is left to the rules."
    )
    how_to_fix = "Use the key names and values the message lists; the schema's descriptions explain each field."
    failing_example = (
        "blueprint_version: 1\ninterfaces:\n  - id: IF-1\n    source: SYS-A\n    target: SYS-B\n    timing: sync\n"
    )
    tags = ("schema",)


class InternalError(_EngineRule):
    code = codes.INTERNAL_ERROR
    name = "internal-error"
    severity = Severity.ERROR
    summary = "A rule crashed; the other rules still ran."
    rationale = "A crashing rule must not hide every other finding. It is reported with the rule's name and makes the run exit with code 2."
    how_to_fix = "Report it to the rule's authors with the file that triggers it; `--debug` prints the traceback."
    failing_example = "(any input that makes a rule raise)"
    tags = ("internal",)


class CoverageBelowMinimum(_EngineRule):
    code = codes.COVERAGE_BELOW_MINIMUM
    name = "coverage-below-minimum"
    severity = Severity.ERROR
    tags = ("coverage",)
    summary = "A coverage figure of the workspace is below the minimum its configuration sets (`coverage:`)."
    rationale = (
        "The team asked for it: `coverage: {goal-trace: 100, alm-links: 90}` in the configuration states how "
        "much of the blueprint must be traced, measured and linked (the figures of `check --statistics`). "
        "Microsoft's Dynamics 365 implementation guide asks that the blueprint evolve to carry goals, "
        "frequency, volume and links to ALM resources; a minimum makes that maturity a gate. The figures "
        "count the interfaces and goals of the files linted, so a run on some files of a workspace judges "
        "those files alone. The message names the figure, its percentage, the minimum and the first ids "
        "missing. It is located on the `project` section of the first linted file that has one, else at "
        "the top of the first linted file, so inline suppressions (`# blueprint-lint: disable-file=CV001`), "
        "per-file ignores and the baseline apply as for any finding (a baseline entry matches one "
        "message, so it no longer matches once the percentage changes). Not a heuristic: the figures "
        "are counts, and the minimum is the team's."
    )
    how_to_fix = (
        "Fill in what the message lists (`blueprint-lint check --statistics` prints every figure with the "
        "ids still missing via `-f json`), or lower the minimum in the configuration's `coverage` section."
    )
    passing_example = _GOOD
    failing_example = (
        "(with `coverage: {goal-trace: 100}` in .blueprint-lint.yaml)\nblueprint_version: 1\ninterfaces:\n"
        "  - {id: IF-1, source: SYS-A, target: SYS-B}\n"
    )


class _SuppressionRule(_EngineRule):
    tags = ("suppression",)
    severity = Severity.WARNING


class UnusedSuppression(_SuppressionRule):
    code = codes.UNUSED_SUPPRESSION
    name = "unused-suppression"
    summary = "An inline suppression hides no finding."
    rationale = (
        "A suppression that no longer suppresses anything is noise, and worse, it will silently hide the "
        "next finding of that rule on that line. Reporting it (as ruff's RUF100 does for `noqa`) keeps "
        "exceptions honest as the blueprint evolves. Suppressions of rules that are switched off in this "
        "run are not reported."
    )
    how_to_fix = "Delete the suppression comment (or the code that no longer fires from its list)."
    passing_example = _GOOD
    failing_example = (
        "blueprint_version: 1\ngoals:\n  - id: G-01\n"
        "    statement: Customers see their order status  # blueprint-lint: disable=XR001 -- legacy\n"
    )


class UnknownSuppressedCode(_SuppressionRule):
    code = codes.UNKNOWN_SUPPRESSED_CODE
    name = "unknown-code-in-suppression"
    summary = "An inline suppression names a code or rule name that no installed or configured rule has, or a load failure, which no suppression hides."
    rationale = (
        "A typo in a suppression (XR03 for XR003) suppresses nothing while looking deliberate; a code "
        "from a plugin that is not installed here means the file is linted differently elsewhere. A file "
        "that cannot be loaded (SY001, SY003, SY006, SY007, SY009) was not checked at all, so its finding "
        "always fails the run and a suppression of it is refused."
    )
    how_to_fix = "Correct the code (see `blueprint-lint rules`), or install the plugin that provides it; fix a file that does not load instead of suppressing it."
    passing_example = _GOOD
    failing_example = (
        "blueprint_version: 1\ngoals:\n  - id: G-01  # blueprint-lint: disable=XR999 -- typo\n"
        "    statement: Customers see their order status\n"
    )


class SuppressionWithoutReason(_SuppressionRule):
    code = codes.SUPPRESSION_WITHOUT_REASON
    name = "suppression-without-reason"
    summary = "An inline suppression gives no reason while the configuration requires one."
    rationale = (
        "With `suppressions: {require-reason: true}` every exception carries its justification "
        "(`-- reason`), which reviewers read and SARIF carries as the suppression's justification."
    )
    how_to_fix = "Append ` -- why this is acceptable` to the suppression comment."
    passing_example = _GOOD
    failing_example = (
        "blueprint_version: 1\ngoals:\n  - id: G-01  # blueprint-lint: disable=XR004\n"
        "    statement: Customers see their order status\n"
    )


class MalformedSuppression(_SuppressionRule):
    code = codes.MALFORMED_SUPPRESSION
    name = "malformed-suppression"
    summary = "A comment starts like a suppression (`# blueprint-lint:`) but does not follow the grammar."
    rationale = (
        "A misspelt directive (`disabel=`, a missing `=`) would otherwise be ignored silently and suppress nothing."
    )
    how_to_fix = "Write `# blueprint-lint: disable=CODE -- reason` (or `disable-next-line=`, `disable-file=`)."
    passing_example = _GOOD
    failing_example = (
        "blueprint_version: 1\ngoals:\n  - id: G-01  # blueprint-lint: disabel XR004\n"
        "    statement: Customers see their order status\n"
    )


class StaleBaselineEntry(_SuppressionRule):
    code = codes.STALE_BASELINE_ENTRY
    name = "stale-baseline-entry"
    severity = Severity.INFO
    summary = "A baseline entry matches no finding any more."
    rationale = (
        "Once a baselined finding is fixed, its entry should go: left in place it documents debt that no "
        "longer exists. Only entries for files linted in this run are checked, so a partial run (pre-commit) "
        "does not report the rest of the baseline as stale."
    )
    how_to_fix = "Regenerate the baseline with `blueprint-lint baseline [PATH...] -o FILE` and commit the diff."
    passing_example = _GOOD
    failing_example = "(a baseline entry for a finding that has been fixed)"


ENGINE_RULES: tuple[type[Rule], ...] = (
    YamlSyntaxError,
    DuplicateKey,
    NotAMapping,
    NonStringKey,
    UnsupportedTag,
    TooDeep,
    TooLarge,
    BadNumber,
    UnreadableFile,
    RulesHeldBack,
    SchemaViolation,
    InternalError,
    CoverageBelowMinimum,
    UnusedSuppression,
    UnknownSuppressedCode,
    SuppressionWithoutReason,
    MalformedSuppression,
    StaleBaselineEntry,
)
