"""The engine's redaction (linter/run/redaction.py): what a redacting rule finds is masked in the
source texts reporters quote, removed from messages, kept out of the caches and the baseline."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.api import Blueprint, Finding, Rule, RuleSet, Severity
from linter.cache import store as cache_module
from linter.core.diagnostics import Diagnostic, Span
from linter.core.options import LintOptions
from linter.filter.baseline import render
from linter.report import ReportContext, sarif, text
from linter.run import file_stage, redaction
from linter.run.engine import lint, load_models
from tests.helpers import ruleset, write_workspace

SECRET = "Pl4nted-Secret-77!"
SECRETS = f"""\
blueprint_version: 1
systems:
  - {{id: SYS-A, name: A, kind: portal}}
  - {{id: SYS-B, name: B, kind: saas}}
interfaces:
  - id: IF-1
    source: SYS-A
    target: SYS-B
    security:
      auth: basic
      x-password: "{SECRET}"  # the secret
      x-api-key: "{SECRET}"
"""
CLEAN = """\
blueprint_version: 1
goals:
  - {id: G-1, statement: Keep the data in sync}
"""


def _lint(root: Path, **options: object) -> object:
    return lint([Path(".")], ruleset(), LintOptions(**options), cwd=root)  # type: ignore[arg-type]


def _everything(result: object) -> str:
    """Every text a reporter could print: the sources, the messages, text and SARIF reports."""
    context = ReportContext(cwd="", version="0")
    parts = [*result.sources.values(), *(d.message for d in result.diagnostics)]  # type: ignore[attr-defined]
    parts += [text.render(result, context), sarif.render(result, context)]  # type: ignore[arg-type]
    return "\n".join(parts)


# -- masking texts ---------------------------------------------------------------------------------
def test_a_mask_keeps_lines_columns_and_the_quotes() -> None:
    source = 'a: 1\r\nx-password: "Winter2026!"  # note\r\nb: 2\n'
    lines = redaction._lines(source)
    ranges = list(redaction.span_ranges(Span(2, 13, 2, 26), lines))
    masked = redaction.mask_text(source, ranges)
    assert masked == 'a: 1\r\nx-password: "***********"  # note\r\nb: 2\n'
    assert len(masked) == len(source)


@pytest.mark.parametrize(
    ("source", "span", "expected"),
    [
        ("k: &a 'Winter2026!'", Span(1, 4, 1, 20), "k: &a '***********'"),
        ("k: Winter2026!", Span(1, 4, 1, 15), "k: ***********"),
        (  # a block scalar: its header line and the indentation of its lines are kept
            "k: |\n  line one\n  line two\nnext: 1",
            Span(1, 4, 4, 1),
            "k: |\n  ********\n  ********\nnext: 1",
        ),
        (  # a double-quoted scalar over two lines: both quotes kept
            'k: "first\n  second"\nnext: 1',
            Span(1, 4, 2, 10),
            'k: "*****\n  ******"\nnext: 1',
        ),
    ],
)
def test_span_ranges(source: str, span: Span, expected: str) -> None:
    assert redaction.mask_text(source, list(redaction.span_ranges(span, redaction._lines(source)))) == expected


# -- messages --------------------------------------------------------------------------------------
def test_messages_lose_the_value_and_a_truncated_quote_of_it() -> None:
    value = "AccountKey=abcdEFGH0123456789abcdEFGH0123456789abcdEFGH0123456789xyz"
    finder = redaction.Finder(redaction.forms(value))
    assert finder.redact(f"refers to '{value}'") == "refers to '[redacted]'"
    assert finder.redact(f"'{value[:57]}…' is not allowed") == "'[redacted]…' is not allowed"
    assert finder.redact("nothing here") == "nothing here"


def test_a_short_value_is_redacted_as_a_word_only() -> None:
    finder = redaction.Finder(redaction.forms("Summer25"))
    assert finder.redact("the value 'Summer25' is wrong") == "the value '[redacted]' is wrong"
    assert finder.redact("Summer2025 and xSummer25") == "Summer2025 and xSummer25"
    # "admin" is too short to be looked for anywhere but where it was found.
    assert not redaction.Finder(redaction.forms("admin"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abAB12-!", min_size=6, max_size=20), min_size=65, max_size=80), st.text(max_size=60))
def test_the_indexed_search_finds_what_the_plain_one_finds(values: list[str], noise: str) -> None:
    indexed = redaction.Finder(values)
    plain = redaction.Finder(values[:1])
    plain.values = indexed.values  # the same values, searched one by one
    text = noise + " " + values[0] + " " + noise + values[-1][:17]
    assert redaction._merged(indexed.spans(text)) == redaction._merged(plain.spans(text))


# -- the engine ------------------------------------------------------------------------------------
def test_the_sources_reporters_quote_are_masked(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"if.yaml": SECRETS})
    result = _lint(root)
    masked = result.sources["if.yaml"]  # type: ignore[attr-defined]
    assert SECRET not in _everything(result)
    assert masked.count("*" * len(SECRET)) == 2
    assert len(masked) == len(SECRETS) and masked.count("\n") == SECRETS.count("\n")
    assert "# the secret" in masked  # the rest of the line is still there
    codes = [d.code for d in result.diagnostics]  # type: ignore[attr-defined]
    assert codes.count("SE002") == 2


def test_secrets_are_masked_when_se002_is_not_selected_or_suppressed(tmp_path: Path) -> None:
    ignored = write_workspace(tmp_path / "ignored", {"if.yaml": SECRETS}, config="ignore: [SE002]\n")
    result = _lint(ignored)
    assert "SE002" not in {d.code for d in result.diagnostics}  # type: ignore[attr-defined]
    assert SECRET not in _everything(result)
    suppressed = SECRETS.replace("# the secret", "# blueprint-lint: disable=SE002 -- a test value")
    inline = write_workspace(tmp_path / "inline", {"if.yaml": suppressed})
    result = _lint(inline)
    assert [d.code for d in result.suppressed] == ["SE002"]  # type: ignore[attr-defined]
    assert SECRET not in _everything(result)


def test_other_rules_messages_about_a_secret_are_redacted(tmp_path: Path) -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
    blueprint = SECRETS.replace("target: SYS-B", f"target: {jwt}").replace("auth: basic", f'auth: "{jwt}"')
    root = write_workspace(tmp_path / "ws", {"if.yaml": blueprint})
    result = _lint(root)
    messages = {d.code: d.message for d in result.diagnostics}  # type: ignore[attr-defined]
    assert "'[redacted]'" in messages["XR001"] and "'[redacted]…'" in messages["SC001"]
    assert "dozjgNry" not in _everything(result) and "eyJzdWIi" not in _everything(result)


def test_a_dropped_duplicate_value_and_a_comment_are_masked_by_the_line_scan(tmp_path: Path) -> None:
    blueprint = SECRETS.replace(
        f'      x-api-key: "{SECRET}"\n',
        '      x-api-key: "Summer2025#1"\n      x-api-key: "Autumn2025#2"  # password: Spring2025#3\n',
    )
    root = write_workspace(tmp_path / "ws", {"if.yaml": blueprint})
    result = _lint(root)
    assert "SY002" in {d.code for d in result.diagnostics}  # type: ignore[attr-defined]
    everything = _everything(result)
    assert "Summer2025" not in everything and "Autumn2025" not in everything and "Spring2025" not in everything
    assert "# password: ************" in result.sources["if.yaml"]  # type: ignore[attr-defined]


def test_a_file_that_does_not_parse_is_masked_by_the_line_scan(tmp_path: Path) -> None:
    broken = 'blueprint_version: 1\nx-deploy:\n  broken: [unclosed\n  x-password: "Winter2026!"\n'
    root = write_workspace(tmp_path / "ws", {"broken.yaml": broken})
    result = _lint(root)
    assert [d.code for d in result.diagnostics] == ["SY001"]  # type: ignore[attr-defined]
    assert SECRET not in _everything(result)


class _CrashingRedactor(Rule):
    code = "ZZ001"
    name = "crashing-redactor"
    severity = Severity.ERROR
    summary = rationale = how_to_fix = "test"
    passing_example = failing_example = "blueprint_version: 1\n"
    redacts_findings: ClassVar[bool] = True

    def check(self, model: Blueprint) -> Iterator[Finding]:
        raise RuntimeError("boom")


def test_when_a_redacting_rule_fails_every_quoted_line_is_masked_and_nothing_is_cached(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"if.yaml": SECRETS, "goals.yaml": CLEAN})
    rules = RuleSet(rules=[*ruleset().rules, _CrashingRedactor()], plugins=[])
    cache = tmp_path / "cache"
    result = lint([Path(".")], rules, LintOptions(cache_dir=cache), cwd=root)
    assert result.internal_error
    shown = result.sources["if.yaml"].splitlines()
    for d in result.diagnostics:
        if d.file == "if.yaml":
            assert set(shown[d.line - 1]) == {"*"}
    assert not [p for p in cache.rglob("*") if p.is_file() and p.name != ".trimmed"]


def _entries(cache: Path, kind: str) -> list[object]:
    """The values of the cache's entries of ``kind`` (each is stored as (kind, key, value))."""
    entries = [
        pickle.loads(p.read_bytes()) for p in (cache / f"v{cache_module.FORMAT}" / kind).rglob("*") if p.is_file()
    ]
    return [entry[2] for entry in entries]


@pytest.mark.parametrize("jobs", [1, 2])
def test_no_cache_entry_holds_a_secret(tmp_path: Path, jobs: int) -> None:
    root = write_workspace(tmp_path / "ws", {"if.yaml": SECRETS, "goals.yaml": CLEAN})
    cache = tmp_path / "cache"
    first = _lint(root, cache_dir=cache, jobs=jobs)
    files = _entries(cache, "file")
    assert len(files) == 1
    data = file_stage._read_data(files[0][0])  # type: ignore[index]  # JSON text, or the data itself
    assert data["goals"][0]["id"] == "G-1"
    for path in cache.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    # The workspace entry keeps where to mask, so a replayed run is masked the same way.
    again = _lint(root, cache_dir=cache, jobs=jobs)
    assert again.sources == first.sources and again.diagnostics == first.diagnostics  # type: ignore[attr-defined]
    assert SECRET not in _everything(again)


def test_load_models_writes_no_file_entry(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"if.yaml": SECRETS, "goals.yaml": CLEAN})
    cache = tmp_path / "cache"
    load_models([Path(".")], ruleset(), LintOptions(cache_dir=cache), cwd=root)
    assert not _entries(cache, "file")


def test_a_baseline_never_hashes_a_secret(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"if.yaml": SECRETS})
    result = _lint(root, collect_anchors=True)
    baseline = render(result.anchored, root / "baseline.yaml")  # type: ignore[attr-defined]
    assert SECRET not in baseline
    other = write_workspace(tmp_path / "other", {"if.yaml": SECRETS.replace(SECRET, "Pl4nted-Secret-88!")})
    again = render(_lint(other, collect_anchors=True).anchored, other / "baseline.yaml")  # type: ignore[attr-defined]
    # Hashed by message: a secret of the same length anchors the same, so the hash says nothing of it.
    assert baseline == again


def test_masked_overlap() -> None:
    masks = {"f": [(4, 10, 20)]}

    def at(line: int, column: int, end_line: int, end_column: int) -> Diagnostic:
        return Diagnostic("X", "x", Severity.ERROR, "m", "f", Span(line, column, end_line, end_column))

    assert redaction.masked(at(5, 11, 5, 21), masks)
    assert redaction.masked(at(5, 15, 5, 15), masks)  # a point inside
    assert redaction.masked(at(3, 1, 7, 1), masks)  # a mapping around it
    assert not redaction.masked(at(5, 1, 5, 11), masks)
    assert not redaction.masked(at(5, 21, 5, 30), masks)
    assert not redaction.masked(at(6, 11, 6, 21), masks)


def test_an_entity_whose_id_is_a_secret_is_not_named_in_the_baseline(tmp_path: Path) -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJQbDRudGVkIn0.Pl4ntedJwtSignature0123abcd"
    root = write_workspace(tmp_path / "ws", {"if.yaml": SECRETS.replace("id: IF-1", f"id: {jwt}")})
    result = _lint(root, collect_anchors=True)
    assert "SE002" in {d.code for d in result.diagnostics}  # type: ignore[attr-defined]
    assert "Pl4nted" not in render(result.anchored, root / "baseline.yaml")  # type: ignore[attr-defined]
