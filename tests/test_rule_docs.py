"""Every rule carries complete documentation whose examples really pass and fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import lint_files, ruleset

RULES = [r for r in ruleset().rules if r.origin != "core"]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_metadata_is_complete(rule) -> None:
    for attr in ("code", "name", "summary", "rationale", "how_to_fix", "passing_example", "failing_example"):
        assert str(getattr(rule, attr)).strip(), f"{rule.code} lacks {attr}"
    assert rule.name == rule.name.lower() and " " not in rule.name, "names are kebab-case"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_passing_example_passes(rule, tmp_path: Path) -> None:
    result = lint_files(tmp_path, {"spec.yaml": rule.passing_example})
    assert [d for d in result.diagnostics if d.code == rule.code] == []
    assert [d for d in result.diagnostics if d.code.startswith(("SY", "SC"))] == [], "examples must be valid blueprints"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_failing_example_fails(rule, tmp_path: Path) -> None:
    result = lint_files(tmp_path, {"spec.yaml": rule.failing_example})
    assert [d for d in result.diagnostics if d.code == rule.code], f"{rule.code}'s failing example raises nothing"
    assert [d for d in result.diagnostics if d.code.startswith(("SY", "SC"))] == [], "examples must be valid blueprints"
