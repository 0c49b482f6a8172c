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
from tests.golden_result import CWD, synthetic_result, synthetic_statistics_result
from tests.helpers import ruleset, run_cli

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SUFFIX = {
    "text": "txt",
    "concise": "txt",
    "json": "json",
    "json-lines": "jsonl",
    "sarif": "sarif",
    "github": "txt",
    "azure": "txt",
    "junit": "xml",
    "gitlab": "json",
}
# The formats whose output holds no version, so the CLI's bytes equal a reporter's.
VERSIONLESS = ["text", "concise", "json", "json-lines", "github", "azure", "junit", "gitlab"]


# The formats that show ``check --statistics`` (linter/report/statistics.py), each with a second golden.
STATISTICS_FORMATS = ("text", "concise", "json", "sarif")
# (format, with statistics) of every golden.
GOLDENS = [(f, False) for f in FORMATS] + [(f, True) for f in STATISTICS_FORMATS]


def golden_path(fmt: str, statistics: bool = False) -> Path:
    return GOLDEN / f"synthetic{'-statistics' if statistics else ''}.{fmt}.{SUFFIX[fmt]}"


def render_synthetic(fmt: str, statistics: bool = False) -> str:
    context = ReportContext(version="0.0.0-golden", cwd=CWD, source_root=CWD, statistics=statistics)
    result = synthetic_statistics_result() if statistics else synthetic_result()
    return produce(fmt, result, context).text


def _stale(fmt: str, statistics: bool) -> bool:
    path = golden_path(fmt, statistics)
    return not path.is_file() or path.read_text(encoding="utf-8") != render_synthetic(fmt, statistics)


def stale_goldens() -> list[Path]:
    return [golden_path(f, s) for f, s in GOLDENS if _stale(f, s)]


def regenerate() -> list[Path]:
    """Rewrite every golden; returns the files that changed."""
    GOLDEN.mkdir(exist_ok=True)
    changed = []
    for fmt, statistics in GOLDENS:
        if _stale(fmt, statistics):
            path = golden_path(fmt, statistics)
            path.write_bytes(render_synthetic(fmt, statistics).encode("utf-8"))
            changed.append(path)
    return changed


@pytest.mark.parametrize(("fmt", "statistics"), GOLDENS)
def test_golden_output(fmt: str, statistics: bool) -> None:
    expected = golden_path(fmt, statistics).read_text(encoding="utf-8")
    assert render_synthetic(fmt, statistics) == expected, (
        f"{golden_path(fmt, statistics).name} is stale: run `python tools/regen.py`"
    )


@pytest.mark.parametrize(("fmt", "statistics"), GOLDENS)
def test_goldens_hold_no_real_paths_or_versions(fmt: str, statistics: bool) -> None:
    text = golden_path(fmt, statistics).read_text(encoding="utf-8")
    assert str(ROOT) not in text
    assert "/work/" not in text and "/home/" not in text and "/tmp/" not in text
    if fmt == "sarif":
        assert '"semanticVersion": "0.0.0-golden"' in text


def test_every_format_has_a_golden() -> None:
    # tests/golden/diagrams/ and tests/golden/report/ hold the diagram and report goldens
    assert sorted(p.name for p in GOLDEN.iterdir() if p.is_file()) == sorted(golden_path(f, s).name for f, s in GOLDENS)


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
