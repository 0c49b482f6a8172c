"""Per-rule fixture tables: ``tests/rules/<CODE>.yaml``, one file per built-in rule.

A new rule is one module plus one fixture file. The file is a YAML multi-document stream; each
document (documents are separated by a line holding exactly ``---``) is one case, a small but
complete blueprint written as an architect would write it::

    # case: a misspelt target system (the message suggests the closest id)
    # options: {"max_peak_per_hour": 5000}          <- optional, the rule's options for this case
    # note: free text for reviewers                 <- optional, any other header comment
    blueprint_version: 1
    systems:
      - {id: SYS-WEB, name: Public website, kind: portal}
      - {id: SYS-CS, name: Customer Service, kind: d365_customer_engagement}
    interfaces:
      - id: IF-WEB-REQUEST
        source: SYS-WEB
        target: SYS-CRM  # expect: XR001

Rules of the format:

* The first line of a case is ``# case: <what it shows>``; it names the test
  (``test_case[XR001[2-a-misspelt-target-system-the-message-suggests]]``: code, position in the
  file, the description as a slug). Run one file with ``pytest tests/test_rule_fixtures.py -k XR001``.
* ``# expect: CODE`` at the end of a line: the rule reports a finding that *starts* on that line.
  Several codes are comma-separated (``# expect: CP005, SC001``). A marker may name the file's rule
  or one of the engine's own codes (SC001 schema, SY001-SY009 syntax), for cases that show the
  rule leaving a malformed value to the schema. Comparison is by (line, code): two findings of
  the same rule on one line need one marker. Lines count from the ``# case:`` line (line 1).
* A case without any marker must produce no finding at all (a passing case, a good design).
* ``# options: {json object}`` in the header comments configures the rule for that case. It is
  written into the case's ``.blueprint-lint.yaml`` as ``rule-options: {CODE: {...}}``, so it is
  validated against the rule's options schema exactly as a team's configuration is.
* Every file has at least one passing case and at least one case with a marker of its rule; a
  file must parse as a YAML stream, each case as a blueprint (a mapping with
  ``blueprint_version: 1``); a marker naming any other code is an error.
* Where a finding starts: on the value it is about (``target: SYS-CRM``); on the interface's first
  line (``- id: …``) when it is about the whole entity or a key the entity lacks; on the key that
  holds a block mapping when a key is missing inside it (``volume:`` without ``peak``). A finding
  about a block mapping or list *itself* starts on its first entry, not on its key::

        payload:
          format: json  # expect: CP010      (CP010 reports the payload mapping)

Each case is written to a temporary directory of its own, with a ``.blueprint-lint.yaml`` so it is
its own workspace, and linted once through the public API with only the file's rule enabled, plus
the engine's syntax, schema and internal-error diagnostics (so a case that is not a valid
blueprint cannot pass unnoticed). A mismatch prints what was expected, what was reported (with the
messages) and the case annotated with carets under each finding. ``tests/rules/.blueprint-lint.yaml``
keeps a directory walk of the repository (``blueprint-lint check .``) out of the fixtures.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from linter.api import LintOptions, lint, load_rules

FIXTURES = Path(__file__).parent / "rules"
CASE_FILE = "blueprint.yaml"

# `# expect: XR001` or `# expect: XR001, SC001` on the line a diagnostic starts on.
_EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>[^#]*)")
_CODE = re.compile(r"^[A-Z]{2,}[0-9]{3}$")
_CASE = re.compile(r"^#\s*case:\s*(?P<what>\S.*)$")
_OPTIONS = re.compile(r"^#\s*options:\s*(?P<json>.*)$")


@cache
def _ruleset() -> Any:
    return load_rules()


@cache
def _builtin_codes() -> frozenset[str]:
    return frozenset(r.code for r in _ruleset().rules if r.origin == "built-in")


@cache
def _engine_codes() -> frozenset[str]:
    """The engine's own diagnostics (syntax, schema, suppressions, internal errors)."""
    return frozenset(r.code for r in _ruleset().rules if r.origin == "core")


@dataclass
class Case:
    code: str  # the rule the file is about
    index: int  # 1-based position in the file
    what: str  # the `# case:` description
    text: str  # the case document, as written to the case's blueprint file
    first_line: int  # where the case starts in the fixture file
    options: dict[str, Any] | None = None
    expected: set[tuple[int, str]] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)  # the fixture itself is malformed

    @property
    def id(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.what.lower()).strip("-")
        if len(slug) > 48:
            slug = slug[:48].rsplit("-", 1)[0]
        return f"{self.code}[{self.index}-{slug}]"

    @property
    def where(self) -> str:
        return f"tests/rules/{self.code}.yaml:{self.first_line}"


@dataclass
class FixtureFile:
    code: str
    path: Path
    cases: list[Case]
    problems: list[str]


def _split(text: str) -> list[tuple[int, str]]:
    """(first line in the file, text) of each document; a separator is a line holding only ``---``."""
    documents: list[tuple[int, str]] = []
    start, lines = 1, []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if line.rstrip("\r\n") == "---":
            documents.append((start, "".join(lines)))
            start, lines = number + 1, []
        else:
            lines.append(line)
    documents.append((start, "".join(lines)))
    return [(first, doc) for first, doc in documents if doc.strip()]


def _parse_case(code: str, index: int, first_line: int, text: str) -> Case:
    lines = text.splitlines()
    header = _CASE.match(lines[0].strip()) if lines else None
    case = Case(code, index, header.group("what").strip() if header else f"case {index}", text, first_line)
    if header is None:
        case.problems.append(f"the first line must be '# case: <what it shows>', not {lines[0]!r}")
    allowed = {code} | _engine_codes()
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break  # the header comments end at the first line of YAML
        options = _OPTIONS.match(stripped)
        if options:
            try:
                case.options = json.loads(options.group("json"))
            except json.JSONDecodeError as error:
                case.problems.append(f"line {number}: '# options:' is not valid JSON ({error})")
                continue
            if not isinstance(case.options, dict):
                case.problems.append(f"line {number}: '# options:' must be a JSON object")
    for number, line in enumerate(lines, start=1):
        marker = _EXPECT.search(line)
        if not marker:
            continue
        codes = [c.strip() for c in marker.group("codes").split(",") if c.strip()]
        if not codes:
            case.problems.append(f"line {number}: '# expect:' names no code")
        for marker_code in codes:
            if not _CODE.match(marker_code) or marker_code not in allowed:
                case.problems.append(
                    f"line {number}: '# expect: {marker_code}' names a code this file cannot report "
                    f"(only {code} or an engine code such as SC001)"
                )
            else:
                case.expected.add((number, marker_code))
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        case.problems.append(f"the case is not valid YAML: {error}")
    else:
        if not isinstance(data, dict) or data.get("blueprint_version") != 1:
            case.problems.append("the case must be a blueprint document: a mapping with 'blueprint_version: 1'")
    return case


@cache
def _load_fixture(path: Path) -> FixtureFile:
    code = path.stem
    text = path.read_text(encoding="utf-8")
    problems: list[str] = []
    try:
        list(yaml.safe_load_all(text))
    except yaml.YAMLError as error:
        problems.append(f"{path.name} is not a valid YAML stream: {error}")
    cases = [_parse_case(code, i, first, doc) for i, (first, doc) in enumerate(_split(text), start=1)]
    if not cases:
        problems.append(f"{path.name} holds no case")
    return FixtureFile(code, path, cases, problems)


def _fixture_paths() -> list[Path]:
    # tests/rules/.blueprint-lint.yaml keeps a directory walk of the repository out of the fixtures.
    return sorted(path for path in FIXTURES.glob("*.yaml") if not path.name.startswith("."))


def _all_cases() -> list[Case]:
    return [case for path in _fixture_paths() for case in _load_fixture(path).cases]


# -- the cases ----------------------------------------------------------------------------------


Found = dict[tuple[int, str], list[tuple[int, str]]]  # (line, code) -> [(column, message)]


def _describe(case: Case, got: Found) -> str:
    """A readable report of a mismatch: what is missing, what is unexpected, and the case annotated."""
    missing = sorted(case.expected - got.keys())
    unexpected = sorted(got.keys() - case.expected)
    offset = case.first_line - 1
    out = [f"{case.id}: the findings do not match the '# expect:' markers ({case.where})"]
    if case.options is not None:
        out.append(f"  options: {json.dumps(case.options)}")
    if missing:
        out.append("  expected by a marker, not reported:")
        out += [f"    line {line} (file line {line + offset}): {code}" for line, code in missing]
    if unexpected:
        out.append("  reported, no marker on that line:")
        out += [
            f"    line {line} (file line {line + offset}): {code} {message}"
            for line, code in unexpected
            for _, message in got[(line, code)]
        ]
    out.append("  the case as linted (line 1 = its '# case:' line; '>' marks a difference):")
    differ = {line for line, _ in missing + unexpected}
    for number, text in enumerate(case.text.splitlines(), start=1):
        out.append(f"  {'>' if number in differ else ' '}{number:4} | {text}")
        for (line, code), found in sorted(got.items()):
            if line == number:
                out += [f"        | {' ' * (column - 1)}^ {code} {message}" for column, message in found]
    return "\n".join(out)


@pytest.mark.parametrize("case", _all_cases(), ids=lambda case: case.id)
def test_case(case: Case, tmp_path: Path) -> None:
    if case.problems:
        pytest.fail(f"{case.id} is malformed ({case.where}):\n  " + "\n  ".join(case.problems), pytrace=False)
    if case.code not in _builtin_codes():
        pytest.fail(f"tests/rules/{case.code}.yaml names no built-in rule", pytrace=False)
    config = "# a fixture case: its own workspace\n"
    if case.options is not None:
        config += "rule-options:\n  " + case.code + ": " + json.dumps(case.options) + "\n"
    (tmp_path / ".blueprint-lint.yaml").write_text(config, encoding="utf-8")
    (tmp_path / CASE_FILE).write_text(case.text, encoding="utf-8")

    enabled = frozenset({case.code}) | _engine_codes()
    try:
        result = lint([CASE_FILE], LintOptions(enabled=enabled), ruleset=_ruleset(), cwd=tmp_path)
    except Exception as error:  # a ConfigError for options the rule refuses, a UsageError…
        refused = f"{type(error).__name__}: {error}"
    else:
        refused = ""
    if refused:
        what = f"the case's options {json.dumps(case.options)} were refused" if case.options else "the lint failed"
        pytest.fail(f"{case.id}: {what} ({case.where}):\n  {refused}", pytrace=False)

    # Not vacuous: the case file was linted, with the rule enabled, and no rule crashed.
    assert result.files == [CASE_FILE], f"{case.id}: expected {CASE_FILE} to be linted, got {result.files}"
    assert result.enabled is not None and case.code in result.enabled, f"{case.id}: {case.code} did not run"
    assert not result.internal_error, f"{case.id}: a rule crashed:\n" + "\n".join(result.tracebacks)
    got: Found = {}
    for diagnostic in result.diagnostics:
        assert diagnostic.file == CASE_FILE, f"{case.id}: a finding in another file: {diagnostic}"
        got.setdefault((diagnostic.line, diagnostic.code), []).append((diagnostic.column, diagnostic.message))
    marked = any(code == case.code for _, code in case.expected)
    if set(got) != case.expected or (marked and not any(code == case.code for _, code in got)):
        pytest.fail(_describe(case, got), pytrace=False)


# -- the fixture files --------------------------------------------------------------------------


@pytest.mark.parametrize("path", _fixture_paths(), ids=lambda path: path.stem)
def test_fixture_file(path: Path) -> None:
    """Each file names a built-in rule, parses, and has at least one passing and one failing case."""
    where = f"tests/rules/{path.name}"
    problems = []
    if path.stem not in _builtin_codes():
        problems.append(f"{where} names no built-in rule (known: {', '.join(sorted(_builtin_codes()))})")
    fixture = _load_fixture(path)
    problems += fixture.problems
    if not any(not case.expected for case in fixture.cases):
        problems.append(f"{where} needs a passing case (a good design, no '# expect:' marker)")
    if not any(any(code == fixture.code for _, code in case.expected) for case in fixture.cases):
        problems.append(f"{where} needs a failing case (a line marked '# expect: {fixture.code}')")
    malformed = [case.id for case in fixture.cases if case.problems]
    if malformed:
        problems.append(f"{where} has malformed cases (see their own failures): {', '.join(malformed)}")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_every_builtin_rule_has_a_fixture() -> None:
    """A new rule is one module plus one fixture file: tests/rules/<CODE>.yaml."""
    have = {path.stem for path in _fixture_paths()}
    missing = sorted(_builtin_codes() - have)
    assert _builtin_codes(), "no built-in rule was found (is blueprint-lint installed?)"
    if missing:
        pytest.fail(
            "built-in rules without a fixture file (a new rule is one module plus one fixture: "
            "tests/rules/<CODE>.yaml, see tests/test_rule_fixtures.py): " + ", ".join(missing),
            pytrace=False,
        )


def test_no_fixture_for_an_unknown_code() -> None:
    unknown = sorted(path.name for path in _fixture_paths() if path.stem not in _builtin_codes())
    if unknown:
        pytest.fail("fixture files in tests/rules/ that name no built-in rule: " + ", ".join(unknown), pytrace=False)
