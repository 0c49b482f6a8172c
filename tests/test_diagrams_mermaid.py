"""Every Mermaid text ``blueprint-lint diagram`` writes parses with the real Mermaid parser, so what
GitHub and Azure DevOps render is what was tested.

The parser is npm's ``mermaid`` run under Node, with ``jsdom`` standing in for the browser DOM that
mermaid's module expects (``tests/mermaid/parse.mjs``); ``.ci/run`` installs both, pinned, under
``.tools/mermaid``. Locally the test is skipped when Node or the packages are absent, never in CI::

    npm install --no-save --prefix .tools/mermaid mermaid@11.12.2 jsdom@26.1.0
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from linter.api import lint_with_models
from linter.views import diagrams
from tests.helpers import ruleset
from tests.test_diagrams import EXAMPLE, HOSTILE, SMALL, fixture_models, model_of, readme_mermaid_blocks

ROOT = Path(__file__).resolve().parent.parent
MODULES = Path(os.environ.get("MERMAID_MODULES", ROOT / ".tools/mermaid/node_modules"))
SCRIPT = ROOT / "tests" / "mermaid" / "parse.mjs"


def _require_parser() -> str:
    node = shutil.which("node")
    if node and (MODULES / "mermaid" / "package.json").is_file() and (MODULES / "jsdom" / "package.json").is_file():
        return node
    message = f"the Mermaid parser needs node and mermaid + jsdom under {MODULES}; .ci/run installs them"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def parse(texts: list[str]) -> list[dict[str, object]]:
    node = _require_parser()
    outcome = subprocess.run(
        [node, str(SCRIPT)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        env={**os.environ, "MERMAID_MODULES": str(MODULES)},
        timeout=300,
        check=False,
    )
    assert outcome.returncode == 0, outcome.stderr[-3000:]
    results: list[dict[str, object]] = json.loads(outcome.stdout)
    assert len(results) == len(texts)
    return results


def texts_of(model: object, marked: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    found = [
        ("integration", diagrams.integration(model, "mermaid", marked=marked)),  # type: ignore[arg-type]
        (
            "integration with links",
            diagrams.integration(model, "mermaid", marked=marked, link=lambda ident: f"#{ident}"),  # type: ignore[arg-type]
        ),
    ]
    found += [(f"interaction {p}", text) for p, text in diagrams.interactions(model, "mermaid")]  # type: ignore[arg-type]
    return found


def test_every_mermaid_text_parses(tmp_path: Path) -> None:
    result, workspaces = lint_with_models([EXAMPLE], ruleset=ruleset(), cwd=ROOT)
    model = workspaces[0].model
    cases = texts_of(model, diagrams.marked_interfaces(result, model))
    cases += texts_of(model, frozenset(i.id for i in model.interfaces))  # every edge marked
    cases += [(f"small {n}", t) for n, t in texts_of(model_of(tmp_path / "small", SMALL), frozenset({"IF-1"}))]
    cases += [(f"hostile {n}", t) for n, t in texts_of(model_of(tmp_path / "hostile", HOSTILE))]
    cases += [(f"README {command}", text) for command, text in readme_mermaid_blocks()]
    results = parse([text for _, text in cases])
    failures = [(name, r.get("error")) for (name, _), r in zip(cases, results, strict=True) if not r["ok"]]
    assert not failures, failures
    kinds = {name.split()[0] + " " + str(r["type"]) for (name, _), r in zip(cases, results, strict=True)}
    assert "integration flowchart-v2" in kinds and "interaction sequence" in kinds


def test_the_fixture_cases_mermaid_parses() -> None:
    """Half-written blueprints (every case of the rule fixtures) still give valid Mermaid."""
    cases = [(f"{name} {n}", t) for name, model in fixture_models() for n, t in texts_of(model)]
    results = parse([text for _, text in cases])
    failures = [(name, r.get("error")) for (name, _), r in zip(cases, results, strict=True) if not r["ok"]]
    assert not failures, failures[:5]


def test_the_parser_rejects_broken_text() -> None:
    """The harness really parses: a broken text fails."""
    [result] = parse(["flowchart LR\n  A -->|label| \n"])
    assert result["ok"] is False
