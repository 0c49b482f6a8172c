"""Every YAML snippet of the README and docs/ is what it claims to be: each ```yaml block is
extracted, classified and checked by the real tool, so an example cannot rot unnoticed.

How a snippet is classified (the first rule that applies):

1. a marker on the line right before its fence, ``<!-- snippet: CLASS[; expect: CODE, ...] [-- reason] -->``;
2. in docs/rules.md, a block under "### Passing example" / "### Failing example": a *rule example*,
   generated from the rule's metadata (tools/regen.py), whose passing and failing behaviour
   tests/test_rule_docs.py checks; here it must be exactly the example of the rule it documents;
3. a first line that names a CI pipeline file (``# .github/workflows/x.yml``, ``# azure-pipelines.yml``,
   ``# .gitlab-ci.yml``): a *workflow* (docs/ci.md's recipes, whose commands tests/test_ci_docs.py
   checks; validating the pipelines themselves is not this test's job: they must parse);
4. a top-level ``blueprint_version``: a *blueprint*;
5. otherwise the snippet is unclassified, and the test fails naming it.

What each class must do:

- ``blueprint``: lint with the default configuration and selection and give exactly the findings
  its marker's ``expect:`` lists (codes, repeated as often as they occur); no marker: none at all;
- ``config``: a ``.blueprint-lint.yaml`` the real loader accepts (schema included), and with which a
  run resolves (selectors, rule options, custom rules);
- ``pre-commit``: a ``.pre-commit-config.yaml`` whose blueprint-lint hooks exist in
  ``.pre-commit-hooks.yaml``, at the released version;
- ``baseline``: a baseline the real loader accepts, every entry of which is one that
  ``blueprint-lint baseline`` really records for examples/broken;
- ``fragment`` (a reason is required): a piece of a file that is not checkable alone; it must
  parse as YAML;
- in every snippet but the rule examples (SU004's failing example is malformed on purpose), each
  ``# blueprint-lint:`` comment parses as a suppression and names rules that exist.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from linter import __version__
from linter.api import load_baseline
from linter.cli.init_command import STARTER_FILES, starter_text
from linter.filter.suppressions import scan
from linter.settings.config import load_config
from tests.helpers import lint_files, ruleset, run_cli

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
CLASSES = ("blueprint", "config", "pre-commit", "baseline", "workflow", "fragment", "rule-example")
# The CI snippets' kinds (tests/test_ci_docs.py validates each against its own schema) are
# workflows and pre-commit configurations here.
ALIASES = {
    "github-workflow": "workflow",
    "azure-pipelines": "workflow",
    "gitlab-ci": "workflow",
    "pre-commit-config": "pre-commit",
}
MARKER = re.compile(r"^<!--\s*snippet:\s*(?P<body>.*?)\s*-->\s*$")
PIPELINE_FILE = re.compile(r"^#\s*(\.github/workflows/[^\s/]+\.ya?ml|azure-pipelines\.ya?ml|\.gitlab-ci\.ya?ml)\s*$")
RULE_HEADING = re.compile(r"^## (?P<code>[A-Z]+[0-9]+) ")
EXAMPLE_HEADING = {"### Passing example": "passing_example", "### Failing example": "failing_example"}


@dataclass(frozen=True)
class Snippet:
    document: Path
    line: int  # of the opening fence, 1-based
    text: str
    kind: str | None  # one of CLASSES, or None: unclassified
    expect: tuple[str, ...] = ()
    reason: str = ""
    problem: str = ""  # a marker that does not parse
    rule: str = ""  # for a rule example: the code and which example ("XR001 passing_example")

    @property
    def where(self) -> str:
        return f"{self.document.relative_to(ROOT)}:{self.line}"


def _classify(document: Path, line: int, text: str, marker: str | None, context: tuple[str, str]) -> Snippet:
    if marker is not None:
        body, _, reason = marker.partition(" -- ")
        kind, _, rest = (part.strip() for part in body.partition(";"))
        kind = ALIASES.get(kind, kind)
        expect: tuple[str, ...] = ()
        problem = ""
        if rest:
            found = re.fullmatch(r"expect:\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)", rest)
            expect = tuple(sorted(c.strip() for c in found.group(1).split(","))) if found else ()
            problem = "" if found else f"cannot read {rest!r} (expected 'expect: CODE, CODE')"
        if kind not in CLASSES:
            problem = f"unknown snippet class {kind!r} (one of {', '.join(CLASSES)})"
        elif expect and kind != "blueprint":
            problem = "only a blueprint snippet can expect findings"
        elif kind == "fragment" and not reason.strip():
            problem = "a fragment needs a reason: <!-- snippet: fragment -- why it cannot be checked alone -->"
        return Snippet(document, line, text, kind, expect, reason.strip(), problem)
    rule_code, example = context
    if document.name == "rules.md" and rule_code and example:
        return Snippet(document, line, text, "rule-example", rule=f"{rule_code} {example}")
    first = text.split("\n", 1)[0]
    if PIPELINE_FILE.match(first):
        return Snippet(document, line, text, "workflow")
    if re.search(r"^blueprint_version:", text, flags=re.MULTILINE):
        return Snippet(document, line, text, "blueprint")
    return Snippet(document, line, text, None)


def extract(document: Path) -> list[Snippet]:
    """The ```yaml (or ```yml) blocks of one Markdown file, with what classifies them."""
    lines = document.read_text(encoding="utf-8").split("\n")
    snippets: list[Snippet] = []
    rule_code = example = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        if heading := RULE_HEADING.match(line):
            rule_code, example = heading.group("code"), ""
        elif line.startswith("## "):
            rule_code = example = ""
        elif line.startswith("### "):
            example = EXAMPLE_HEADING.get(line.strip(), "")
        fence = re.match(r"^(`{3,}|~{3,})\s*([^\s`]*)", line)
        if fence is None:
            index += 1
            continue
        close = re.compile(rf"^{re.escape(fence.group(1)[0])}{{{len(fence.group(1))},}}\s*$")
        end = next((i for i in range(index + 1, len(lines)) if close.match(lines[i])), len(lines))
        if fence.group(2).lower() in ("yaml", "yml"):
            before = lines[index - 1] if index else ""
            marker = MARKER.match(before)
            text = "\n".join(lines[index + 1 : end]) + "\n"
            snippets.append(
                _classify(document, index + 1, text, marker.group("body") if marker else None, (rule_code, example))
            )
        index = end + 1
    return snippets


SNIPPETS = [snippet for document in DOCUMENTS for snippet in extract(document)]


def load_yaml(text: str) -> Any:
    """Any YAML (a list too, unlike linter.api.load_yaml, which reads blueprint documents), 1.2."""
    return YAML(typ="safe", pure=True).load(text)


def _of(kind: str) -> list[Snippet]:
    return [s for s in SNIPPETS if s.kind == kind]


def _ids(snippets: list[Snippet]) -> list[str]:
    return [s.where for s in snippets]


def test_every_snippet_is_classified() -> None:
    unclassified = [f"{s.where}: unclassified: mark it (<!-- snippet: CLASS -->)" for s in SNIPPETS if s.kind is None]
    broken = [f"{s.where}: {s.problem}" for s in SNIPPETS if s.problem]
    assert unclassified + broken == []


def test_the_snippets_checked_per_class(capsys: pytest.CaptureFixture[str]) -> None:
    """What this module checks, by class (shown with ``pytest -s``); every class the README and
    docs use today is found, so an extraction that silently finds nothing fails."""
    counts = Counter(s.kind for s in SNIPPETS)
    with capsys.disabled():
        print("\nYAML snippets checked: " + ", ".join(f"{counts[kind]} {kind}" for kind in CLASSES))
    assert {kind for kind in CLASSES if counts[kind] == 0} == set(), counts
    assert counts["rule-example"] == 2 * len(ruleset().rules)  # docs/rules.md documents every rule
    assert any(s.document.name == "ci.md" for s in _of("workflow"))


@pytest.mark.parametrize("snippet", _of("blueprint"), ids=_ids(_of("blueprint")))
def test_blueprint_snippet_gives_exactly_the_findings_it_expects(snippet: Snippet, tmp_path: Path) -> None:
    result = lint_files(tmp_path, {"snippet.yaml": snippet.text})
    found = sorted(d.code for d in result.diagnostics)
    assert found == list(snippet.expect), "\n".join(
        f"{snippet.document.name}:{snippet.line + d.line}: {d.code} {d.message}" for d in result.diagnostics
    )


@pytest.mark.parametrize("snippet", _of("config"), ids=_ids(_of("config")))
def test_config_snippet_loads_and_resolves(snippet: Snippet, tmp_path: Path) -> None:
    config = tmp_path / ".blueprint-lint.yaml"
    config.write_text(snippet.text, encoding="utf-8")
    assert load_config(config).data, "a configuration snippet that sets nothing"
    # Resolving the selection, the rule options and the custom rules needs a run: a ConfigError
    # (an unknown selector, a bad option or custom rule) is raised here.
    [(template, name)] = [(t, n) for t, n in STARTER_FILES if n == "blueprint.yaml"]
    result = lint_files(tmp_path, {name: starter_text(template).decode()}, config=snippet.text)
    assert not result.internal_error


@pytest.mark.parametrize("snippet", _of("pre-commit"), ids=_ids(_of("pre-commit")))
def test_pre_commit_snippet_uses_hooks_that_exist(snippet: Snippet) -> None:
    offered = {hook["id"] for hook in load_yaml((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    config = load_yaml(snippet.text)
    ours = [repo for repo in config["repos"] if repo["repo"].rstrip("/").endswith("/blueprint-lint")]
    assert ours, "the snippet does not use this repository"
    for repo in ours:
        assert repo["rev"] == f"v{__version__}"
        assert {hook["id"] for hook in repo["hooks"]} <= offered


@pytest.fixture(scope="module")
def broken_baseline(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The baseline ``blueprint-lint baseline`` records for examples/broken, written next to it."""
    work = tmp_path_factory.mktemp("baseline") / "broken"
    shutil.copytree(ROOT / "examples" / "broken", work)
    recorded = run_cli("baseline", "-o", ".blueprint-lint-baseline.yaml", cwd=work)
    assert recorded.exit_code == 0, recorded.output
    return (work / ".blueprint-lint-baseline.yaml").read_text(encoding="utf-8")


def _header(baseline: str) -> str:
    return baseline.split("baseline_version:", 1)[0]


@pytest.mark.parametrize("snippet", _of("baseline"), ids=_ids(_of("baseline")))
def test_baseline_snippet_is_what_the_tool_records(snippet: Snippet, tmp_path: Path, broken_baseline: str) -> None:
    path = tmp_path / ".blueprint-lint-baseline.yaml"
    path.write_text(snippet.text, encoding="utf-8")
    assert load_baseline(path).entries, "a baseline snippet without entries"
    assert _header(snippet.text) == _header(broken_baseline)
    recorded = load_yaml(broken_baseline)["findings"]
    assert [entry for entry in load_yaml(snippet.text)["findings"] if entry not in recorded] == []


@pytest.mark.parametrize("snippet", _of("workflow") + _of("fragment"), ids=_ids(_of("workflow") + _of("fragment")))
def test_workflow_and_fragment_snippets_parse(snippet: Snippet) -> None:
    data = load_yaml(snippet.text)
    if snippet.kind == "workflow":
        assert isinstance(data, dict) and data


@pytest.mark.parametrize("snippet", _of("rule-example"), ids=[s.rule for s in _of("rule-example")])
def test_rule_example_is_the_rules_own(snippet: Snippet) -> None:
    code, attribute = snippet.rule.split()
    [rule] = [r for r in ruleset().rules if r.code == code]
    assert snippet.text == getattr(rule, attribute).strip("\n") + "\n"


def test_suppression_comments_in_snippets_parse_and_name_rules() -> None:
    rules = ruleset().rules
    known = {r.code for r in rules} | {r.name for r in rules}
    problems = []
    for snippet in SNIPPETS:
        if snippet.kind == "rule-example":
            continue
        directives, malformed = scan(snippet.text)
        problems += [f"{snippet.where} (+{c.line}): not a suppression: {c.body}" for c in malformed]
        problems += [
            f"{snippet.where} (+{d.comment.line}): no rule {code}"
            for d in directives
            for code in d.codes
            if code not in known
        ]
    assert problems == []
