"""One command regenerates every generated file, and none is stale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_generated_file_is_stale() -> None:
    completed = subprocess.run(
        [sys.executable, "tools/regen.py", "--check"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr + "\nrun `python tools/regen.py`"


def test_the_check_notices_a_stale_file(tmp_path: Path) -> None:
    from linter import docs

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "rules.md").write_text("# out of date\n", encoding="utf-8")
    (tmp_path / "README.md").write_text((ROOT / "README.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert docs.stale(tmp_path) == [tmp_path / "docs" / "rules.md"]
    assert docs.write(tmp_path) == [tmp_path / "docs" / "rules.md"]
    assert docs.stale(tmp_path) == []
