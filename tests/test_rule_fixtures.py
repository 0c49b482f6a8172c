"""Per-rule fixture tables: ``tests/rules/<CODE>.yaml``, one file per built-in rule.

A fixture file is a YAML multi-document stream; each document (separated by a line holding only
``---``) is one case, a small complete blueprint::

    # case: an interface whose target system is not declared
    # options: {"max_peak_per_hour": 5000}     (optional: the rule's options for this case)
    blueprint_version: 1
    systems:
      - {id: SYS-WEB, name: Public website, kind: portal}
    interfaces:
      - id: IF-WEB-REQUEST
        source: SYS-WEB
        target: SYS-CRM  # expect: XR001

Each case is written to a temporary directory of its own (with a ``.blueprint-lint.yaml``, so it
is its own workspace) and linted with only the file's rule enabled (plus the engine's own syntax,
schema and internal-error diagnostics, so a fixture that is not a valid blueprint cannot pass
unnoticed). The lines the findings start on must be exactly the lines carrying an
``# expect: CODE`` marker; line 1 is the case's ``# case:`` line. A case without a marker must
produce no finding. ``# options:`` is a JSON object written to the case's configuration as
``rule-options: {CODE: {...}}``, so it is validated against the rule's options schema exactly as
a team's configuration is.
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

from linter.api import lint
from linter.engine import LintOptions
from linter.registry import load_rules

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
    return sorted(FIXTURES.glob("*.yaml"))


def _all_cases() -> list[Case]:
    return [case for path in _fixture_paths() for case in _load_fixture(path).cases]


# -- the cases ----------------------------------------------------------------------------------


def _describe(case: Case, expected: set[tuple[int, str]], got: dict[tuple[int, str], list[str]]) -> str:
    """A readable report of a mismatch: what is missing, what is unexpected, and the case annotated."""
    missing = sorted(expected - got.keys())
    unexpected = sorted(got.keys() - expected)
    out = [f"{case.id} at {case.where}: the findings do not match the '# expect:' markers"]
    if case.options is not None:
        out.append(f"  options: {json.dumps(case.options)}")
    if missing:
        out.append("  expected by a marker but not reported:")
        out += [f"    line {line}: {code}" for line, code in missing]
    if unexpected:
        out.append("  reported but not marked:")
        out += [f"    line {line}: {code} {msg}" for line, code in unexpected for msg in got[(line, code)]]
    out.append("  the case (line numbers relative to the case; '<' marks a difference):")
    for number, line in enumerate(case.text.splitlines(), start=1):
        flag = "<" if any(n == number for n, _ in missing + unexpected) else " "
        out.append(f"  {flag}{number:4} | {line}")
        for code, msg in ((c, m) for (n, c), msgs in sorted(got.items()) if n == number for m in msgs):
            out.append(f"        |   ^ got {code}: {msg}")
    return "\n".join(out)


@pytest.mark.parametrize("case", _all_cases(), ids=lambda case: case.id)
def test_case(case: Case, tmp_path: Path) -> None:
    assert not case.problems, f"{case.id} at {case.where} is malformed:\n  " + "\n  ".join(case.problems)
    rule = next((r for r in _ruleset().rules if r.code == case.code), None)
    assert rule is not None and rule.origin == "built-in", f"{case.code} is not a built-in rule"
    config = "# a fixture case: its own workspace\n"
    if case.options is not None:
        config += "rule-options:\n  " + case.code + ": " + json.dumps(case.options) + "\n"
    (tmp_path / ".blueprint-lint.yaml").write_text(config, encoding="utf-8")
    (tmp_path / CASE_FILE).write_text(case.text, encoding="utf-8")

    enabled = frozenset({case.code}) | _engine_codes()
    result = lint([CASE_FILE], LintOptions(enabled=enabled), ruleset=_ruleset(), cwd=tmp_path)

    # Not vacuous: the case file was linted, with the rule enabled, and no rule crashed.
    assert result.files == [CASE_FILE], f"{case.id}: expected {CASE_FILE} to be linted, got {result.files}"
    assert result.enabled is not None and case.code in result.enabled, f"{case.id}: {case.code} did not run"
    assert not result.internal_error, f"{case.id}: a rule crashed:\n" + "\n".join(result.tracebacks)
    got: dict[tuple[int, str], list[str]] = {}
    for diagnostic in result.diagnostics:
        assert diagnostic.file == CASE_FILE, f"{case.id}: a finding in another file: {diagnostic}"
        got.setdefault((diagnostic.line, diagnostic.code), []).append(
            f"{diagnostic.message} (column {diagnostic.column})"
        )
    if case.expected:
        assert any(code == case.code for _, code in got), _describe(case, case.expected, got)
    assert set(got) == case.expected, _describe(case, case.expected, got)


# -- the fixture files --------------------------------------------------------------------------


@pytest.mark.parametrize("path", _fixture_paths(), ids=lambda path: path.stem)
def test_fixture_file(path: Path) -> None:
    """Each file names a built-in rule, parses, and has at least one passing and one failing case."""
    assert path.stem in _builtin_codes(), (
        f"tests/rules/{path.name} names no built-in rule (known: {', '.join(sorted(_builtin_codes()))})"
    )
    fixture = _load_fixture(path)
    assert not fixture.problems, "\n".join(fixture.problems)
    failing = [c for c in fixture.cases if any(code == fixture.code for _, code in c.expected)]
    passing = [c for c in fixture.cases if not c.expected]
    assert passing, f"tests/rules/{path.name} needs a passing case (a good design, no '# expect:' marker)"
    assert failing, f"tests/rules/{path.name} needs a failing case (a line marked '# expect: {fixture.code}')"
    ids = [c.id for c in fixture.cases]
    assert len(ids) == len(set(ids)), f"tests/rules/{path.name}: two cases have the same id"


def test_every_builtin_rule_has_a_fixture() -> None:
    """A new rule is one module plus one fixture file: tests/rules/<CODE>.yaml."""
    have = {path.stem for path in _fixture_paths()}
    missing = sorted(_builtin_codes() - have)
    assert len(_builtin_codes()) > 0
    assert not missing, "built-in rules without a fixture file in tests/rules/: " + ", ".join(missing)


def test_no_fixture_for_an_unknown_code() -> None:
    unknown = sorted(path.name for path in _fixture_paths() if path.stem not in _builtin_codes())
    assert not unknown, "fixture files that name no built-in rule: " + ", ".join(unknown)
