"""``linter.api.lint_with_models``: the findings of ``lint`` and the models they were found on."""

from __future__ import annotations

from pathlib import Path

from linter.api import LintOptions, lint, lint_with_models

ROOT = Path(__file__).resolve().parent.parent


def test_same_findings_as_lint_and_one_model_per_workspace() -> None:
    broken = ROOT / "examples" / "broken"
    plain = lint([broken], cwd=ROOT)
    result, models = lint_with_models([broken], cwd=ROOT)
    assert result.diagnostics == plain.diagnostics
    assert [m.root for m in models] == ["examples/broken", "examples/broken/unloadable"]
    ids = {e.id for e in models[0].model.interfaces}
    # every interface finding of the run points into the kept model
    assert {d.file for d in result.diagnostics} <= {s.display for m in models for s in m.model.files} | set(
        result.files
    )
    assert ids and all(i.startswith("IF-") for i in ids)


def test_models_are_built_even_when_the_workspace_is_cached(tmp_path: Path) -> None:
    example = ROOT / "examples" / "public-sector"
    options = LintOptions(cache_dir=tmp_path / "cache")
    lint([example], options, cwd=ROOT)  # fills the cache, so a plain lint would replay it
    result, models = lint_with_models([example], LintOptions(cache_dir=tmp_path / "cache"), cwd=ROOT)
    assert result.diagnostics == []
    assert len(models) == 1 and len(models[0].model.interfaces) == 7
