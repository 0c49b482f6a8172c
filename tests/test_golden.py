"""Golden output of every format, on a small synthetic result (tests/golden_result.py).

The goldens live in ``tests/golden/``; they hold a few made-up rules and findings, so adding or
rewording a real rule never rewrites them. After an intended change of a reporter's output,
regenerate every generated file and review the diff:

    python tools/regen.py

End to end, the command line's output on ``examples/broken`` is compared with the reporters' own
rendering of the same run (no golden needed, so the example can grow with the catalogue).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.api import Severity, lint
from linter.report import FORMATS, ReportContext, produce
from tests.golden_result import CWD, synthetic_result
from tests.helpers import ruleset, run_cli

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SUFFIX = {
    "text": "txt",
    "json": "json",
    "json-lines": "jsonl",
    "sarif": "sarif",
    "github": "txt",
    "azure": "txt",
    "junit": "xml",
    "gitlab": "json",
}
# The formats whose output holds no version, so the CLI's bytes equal a reporter's.
VERSIONLESS = ["text", "json", "json-lines", "github", "azure", "junit", "gitlab"]


def golden_path(fmt: str) -> Path:
    return GOLDEN / f"synthetic.{fmt}.{SUFFIX[fmt]}"


def render_synthetic(fmt: str) -> str:
    context = ReportContext(version="0.0.0-golden", cwd=CWD, source_root=CWD)
    return produce(fmt, synthetic_result(), context).text


def stale_goldens() -> list[Path]:
    return [
        golden_path(f)
        for f in FORMATS
        if not golden_path(f).is_file() or golden_path(f).read_text(encoding="utf-8") != render_synthetic(f)
    ]


def regenerate() -> list[Path]:
    """Rewrite every golden; returns the files that changed."""
    changed = stale_goldens()
    GOLDEN.mkdir(exist_ok=True)
    for path in changed:
        fmt = next(f for f in FORMATS if golden_path(f) == path)
        path.write_bytes(render_synthetic(fmt).encode("utf-8"))
    return changed


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_output(fmt: str) -> None:
    expected = golden_path(fmt).read_text(encoding="utf-8")
    assert render_synthetic(fmt) == expected, f"{golden_path(fmt).name} is stale: run `python tools/regen.py`"


@pytest.mark.parametrize("fmt", FORMATS)
def test_goldens_hold_no_real_paths_or_versions(fmt: str) -> None:
    text = golden_path(fmt).read_text(encoding="utf-8")
    assert str(ROOT) not in text
    assert "/work/" not in text and "/home/" not in text and "/tmp/" not in text
    if fmt == "sarif":
        assert '"semanticVersion": "0.0.0-golden"' in text


def test_every_format_has_a_golden() -> None:
    # tests/golden/diagrams/ holds the diagram goldens (tests/test_diagrams.py)
    assert sorted(p.name for p in GOLDEN.iterdir() if p.is_file()) == sorted(golden_path(f).name for f in FORMATS)


def test_the_synthetic_result_exercises_what_reporters_render() -> None:
    result = synthetic_result()
    origins = {rule.origin for rule in result.rules}
    assert {"built-in", "core", "config"} <= origins and any(" " in o for o in origins), "a plugin rule too"
    assert {d.severity for d in [*result.diagnostics, *result.suppressed]} == set(Severity)
    assert any(not d.file for d in result.diagnostics), "a finding without a file"
    assert result.suppressed and result.plugins
    assert any(f not in result.sources for f in result.files), "a clean file"


@pytest.mark.parametrize("fmt", VERSIONLESS)
def test_cli_output_is_the_reporters_rendering_of_the_same_run(fmt: str) -> None:
    """The command line adds nothing and loses nothing between the engine and the reporter."""
    outcome = run_cli("check", "-f", fmt, "examples/broken", cwd=ROOT)
    assert outcome.exit_code == 1
    result = lint([Path("examples/broken")], ruleset=ruleset(), cwd=ROOT)
    context = ReportContext(version="unused", cwd=str(ROOT), source_root=str(ROOT))
    assert outcome.stdout == produce(fmt, result, context).text
    assert len(result.diagnostics) > 50, "the broken example really has findings"
