"""The precision corpus: good designs a good architect would write must lint with no finding at all.

Every design under ``tests/precision/`` is a small complete blueprint: a directory (one workspace,
usually ``<name>/blueprint.yaml`` with its own ``.blueprint-lint.yaml``) or a single YAML file.
Each is linted on its own with the full built-in catalogue at its default settings, and must give
no finding at any severity, information included, and nothing hidden by a suppression. A design
is copied into a fresh workspace first, so its result never depends on the files around it.

A design's configuration may not weaken the run (no rule selection, severities, options, ignores,
suppression or custom rules): the point is what the default catalogue says about a good design.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from linter.api import load_yaml
from linter.discover.workspace import CONFIG_FILE_NAMES, SPEC_SUFFIXES
from linter.run.engine import lint
from tests.helpers import ruleset

CORPUS = Path(__file__).resolve().parent / "precision"
# Configuration keys that would change what the catalogue reports.
WEAKENING_KEYS = frozenset(
    {"select", "ignore", "severity", "per-file-ignores", "exclude", "rule-options", "suppressions", "custom-rules"}
)


def designs() -> list[Path]:
    """Every design: each directory directly under the corpus, and each spec file directly in it."""
    if not CORPUS.is_dir():
        return []
    return sorted(
        path
        for path in CORPUS.iterdir()
        if not path.name.startswith((".", "_")) and (path.is_dir() or (path.is_file() and path.suffix in SPEC_SUFFIXES))
    )


def _workspace(design: Path, root: Path) -> Path:
    """A copy of ``design`` as a workspace of its own under ``root``."""
    workspace = root / design.stem
    if design.is_dir():
        shutil.copytree(design, workspace)
    else:
        workspace.mkdir()
        shutil.copy2(design, workspace / design.name)
    if not any((workspace / name).is_file() for name in CONFIG_FILE_NAMES):
        (workspace / CONFIG_FILE_NAMES[0]).write_text("# precision corpus design\n", encoding="utf-8")
    return workspace


def test_the_corpus_holds_designs() -> None:
    found = {path.name for path in designs()}
    assert len(found) >= 8, found
    for design in designs():
        files = [design] if design.is_file() else [p for p in design.rglob("*") if p.suffix in SPEC_SUFFIXES]
        assert files, f"{design.name} holds no blueprint file"


@pytest.mark.parametrize("design", designs(), ids=lambda path: path.name)
def test_design_config_does_not_weaken_the_catalogue(design: Path) -> None:
    if design.is_file():
        return
    for name in CONFIG_FILE_NAMES:
        config = design / name
        if config.is_file():
            settings = load_yaml(config.read_text(encoding="utf-8")) or {}
            assert isinstance(settings, dict), f"{config} is not a mapping"
            assert not WEAKENING_KEYS & set(settings), f"{config} changes what the catalogue reports"


@pytest.mark.parametrize("design", designs(), ids=lambda path: path.name)
def test_good_design_gives_no_finding(design: Path, tmp_path: Path) -> None:
    workspace = _workspace(design, tmp_path)
    result = lint([Path(".")], ruleset(), cwd=workspace)
    findings = [
        f"{d.file}:{d.line}:{d.column} {d.severity.name.lower()} {d.code} {d.message}"
        for d in [*result.diagnostics, *result.suppressed]
    ]
    assert findings == [], f"{design.name} is a good design but gives findings:\n" + "\n".join(findings)
    assert result.files, f"{design.name}: no file was linted"
