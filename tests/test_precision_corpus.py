"""The precision corpus: good designs a careful architect would write, each a small complete
blueprint in ``tests/precision/<name>/`` (a workspace of its own). Linted with every built-in rule
selected, none may produce a finding at any severity, information included (issue 14).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_cli

CORPUS = Path(__file__).resolve().parent / "precision"
DESIGNS = sorted(p.parent.name for p in CORPUS.glob("*/blueprint.yaml"))


def test_the_corpus_is_there() -> None:
    assert DESIGNS, f"no design under {CORPUS}"
    for name in DESIGNS:
        assert (CORPUS / name / ".blueprint-lint.yaml").is_file(), f"{name} must be a workspace of its own"


@pytest.mark.parametrize("name", DESIGNS)
def test_a_good_design_has_no_finding_at_any_severity(name: str) -> None:
    result = run_cli("check", "-f", "json", "--select", "ALL", "--fail-on", "info", ".", cwd=CORPUS / name)
    payload = json.loads(result.output)
    found = [f"{d['file']}:{d['line']} {d['code']} {d['message']}" for d in payload["diagnostics"]]
    assert found == [], "\n".join(found)
    assert result.exit_code == 0
    assert payload["summary"]["files_checked"] >= 1
