"""Golden output of every format on ``examples/broken``.

The goldens live in ``tests/golden/``. After an intended change of output (or of the broken
example), regenerate them and review the diff:

    python -m tests.test_golden

Goldens hold no absolute path (the repository root's ``file://`` URI is written as
``file:///REPOSITORY/``) and no version that changes (the context says ``0.0.0-golden``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from linter.report import FORMATS, ReportContext, produce
from linter.report.locations import file_uri
from linter.run.engine import lint
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
ROOT_URI = "file:///REPOSITORY/"


def golden_path(fmt: str) -> Path:
    return GOLDEN / f"broken.{fmt}.{SUFFIX[fmt]}"


def render_broken(fmt: str) -> str:
    result = lint([Path("examples/broken")], ruleset(), cwd=ROOT)
    context = ReportContext(version="0.0.0-golden", cwd=str(ROOT), source_root=str(ROOT))
    return produce(fmt, result, context).text.replace(file_uri(str(ROOT) + "/"), ROOT_URI)


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_output(fmt: str) -> None:
    expected = golden_path(fmt).read_text(encoding="utf-8")
    assert render_broken(fmt) == expected, f"{golden_path(fmt).name} is stale: run `python -m tests.test_golden`"


@pytest.mark.parametrize("fmt", FORMATS)
def test_goldens_hold_no_absolute_paths_or_real_versions(fmt: str) -> None:
    text = golden_path(fmt).read_text(encoding="utf-8")
    assert str(ROOT) not in text
    assert "/work/" not in text and "/home/" not in text and "/tmp/" not in text
    if fmt == "sarif":
        assert '"semanticVersion": "0.0.0-golden"' in text


def test_every_format_has_a_golden() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(golden_path(f).name for f in FORMATS)


@pytest.mark.parametrize("fmt", ["text", "json", "json-lines", "github", "azure", "junit", "gitlab"])
def test_cli_output_matches_the_golden(fmt: str) -> None:
    """The CLI gives the same bytes as the reporter (these formats carry no version)."""
    outcome = run_cli("check", "-f", fmt, "examples/broken", cwd=ROOT)
    assert outcome.exit_code == 1
    assert outcome.stdout == golden_path(fmt).read_text(encoding="utf-8")


def regenerate() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for fmt in FORMATS:
        golden_path(fmt).write_bytes(render_broken(fmt).encode("utf-8"))
        print(f"wrote {golden_path(fmt).relative_to(ROOT)}")


if __name__ == "__main__":
    regenerate()
    sys.exit(0)
