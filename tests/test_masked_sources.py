"""The run's source texts are masked when read, exactly as masking each workspace right after its
rules would mask them (linter/run/masked_sources.py), and a run that reads none never scans."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from click.testing import CliRunner

from linter.cli.main import main
from linter.core.diagnostics import Diagnostic, Severity, Span
from linter.model.rule import Rule
from linter.run import redaction
from linter.run.masked_sources import MaskedSources


class _Scanner:
    """A redacting rule's scan: every ``token=...`` value is a secret; counts the lines it scanned."""

    def __init__(self) -> None:
        self.scanned: list[str] = []

    def secret_spans(self, line: str) -> Iterator[tuple[int, int]]:
        self.scanned.append(line)
        for match in re.finditer(r"token=(\w+)", line):
            yield match.start(1), match.end(1)


def _finding(file: str, line: int) -> Diagnostic:
    return Diagnostic("XX001", "test", Severity.WARNING, "a finding", file, Span(line, 1, line, 2))


def _sources(**texts: str) -> MaskedSources:
    sources = MaskedSources()
    for display, text in texts.items():
        sources[display] = text
    return sources


def test_nothing_is_scanned_until_a_text_it_touches_is_read() -> None:
    scanner = _Scanner()
    sources = _sources(a="x: 1\ntoken=abcdef\n", b="token=zzz\n")
    sources.mask_later({}, [_finding("a", 2)], [cast(Rule, scanner)], True)
    assert "a" in sources and sorted(sources) == ["a", "b"] and len(sources) == 2
    assert scanner.scanned == []
    assert sources["b"] == "token=zzz\n"  # no finding there: not touched, not masked
    assert scanner.scanned == []
    assert sources["a"] == "x: 1\ntoken=******\n"
    assert scanner.scanned  # read once: scanned then, and never again
    seen = len(scanner.scanned)
    assert sources["a"] == "x: 1\ntoken=******\n" and len(scanner.scanned) == seen


def test_the_ranges_are_those_masking_right_away_finds() -> None:
    shown = [_finding("a", 2)]
    text = "x: 1\ntoken=abcdef\ny: 2\n"
    scanner = _Scanner()
    stored: redaction.Masks = {"a": [(0, 0, 1)]}
    sources = _sources(a=text)
    sources.mask_later(stored, shown, [cast(Rule, scanner)], True)
    eager = redaction.combine(stored, redaction.scanned_masks({"a": text}, shown, [cast(Rule, _Scanner())]))
    assert sources.ranges() == eager
    assert sources["a"] == redaction.mask_text(text, eager["a"])


def test_a_text_replaced_later_keeps_the_earlier_masking_off_the_new_text() -> None:
    # Two workspaces naming the same file: the first one's masks apply to what it saw.
    scanner = _Scanner()
    sources = _sources(a="token=abcdef\n")
    sources.mask_later({}, [_finding("a", 1)], [cast(Rule, scanner)], True)
    sources["a"] = "token=second\n"
    assert sources.ranges() == {"a": [(0, 6, 12)]}
    assert sources["a"] == "token=second\n"


def test_an_incomplete_scan_masks_every_shown_line_whole() -> None:
    sources = _sources(a="one\ntwo\nthree\n")
    sources.mask_later({}, [_finding("a", 2)], [], False)
    assert sources["a"] == "***\n***\n*****\n"


def _lint(tmp_path: Path, fmt: str, monkeypatch: Any) -> tuple[str, int]:
    """``check -f fmt`` on a blueprint with a finding next to an inline secret, counting how many
    lines the redacting rules scanned for the excerpts."""
    calls = {"n": 0}
    real = redaction._scan

    def counting(line: str, rules: Any, whole: bool) -> list[tuple[int, int]]:
        calls["n"] += 1
        return real(line, rules, whole)

    monkeypatch.setattr(redaction, "_scan", counting)
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "blueprint_version: '1.0'\nsystems:\n  - id: crm\n    name: CRM\n    notes: 'password: Hunter2-very-secret'\n"
    )
    result = CliRunner().invoke(main, ["check", str(spec), "-f", fmt, "--no-cache"])
    return result.output, calls["n"]


def test_a_report_that_quotes_no_source_scans_nothing(tmp_path: Path, monkeypatch: Any) -> None:
    output, scans = _lint(tmp_path, "json", monkeypatch)
    assert json.loads(output)["diagnostics"], "the blueprint has findings"
    assert scans == 0
    text, scans = _lint(tmp_path, "text", monkeypatch)
    assert scans > 0 and "Hunter2" not in text
