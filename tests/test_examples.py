"""The shipped examples: the clean one is clean, the broken one gives exactly its planted findings."""

from __future__ import annotations

from pathlib import Path

from linter.run.engine import lint
from tests.helpers import expectations, ruleset

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def test_public_sector_example_is_clean() -> None:
    result = lint([Path("examples/public-sector")], ruleset(), cwd=ROOT)
    assert [f"{d.file}:{d.line} {d.code} {d.message}" for d in result.diagnostics] == []
    assert len(result.files) >= 8, "the example is split over several files"


def test_broken_example_gives_exactly_the_planted_findings() -> None:
    result = lint([Path("examples/broken")], ruleset(), cwd=ROOT)
    expected = []
    for path in sorted((EXAMPLES / "broken").rglob("*.yaml")):
        relative = path.relative_to(ROOT).as_posix()
        expected += expectations(path.read_text(encoding="utf-8"), relative)
    actual = sorted((d.file, d.line, d.code) for d in result.diagnostics)
    assert actual == sorted(expected)
