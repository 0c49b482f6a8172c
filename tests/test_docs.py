"""The generated rule reference and README table are in sync with the rules' metadata."""

from __future__ import annotations

from pathlib import Path

from linter.docs import README_START, rules_markdown, updated_readme
from tests.helpers import ruleset

ROOT = Path(__file__).resolve().parent.parent


def test_rules_md_is_current() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rules_markdown(ruleset()), "docs/rules.md is stale: run `python -m linter.docs`"


def test_readme_rule_table_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_START in readme
    assert readme == updated_readme(readme, ruleset()), "README rule table is stale: run `python -m linter.docs`"
