"""``blueprint-lint report``: goldens of the Markdown and HTML reports of ``examples/public-sector``
(``tests/golden/report/``, and the committed ``docs/example-report.md``), hostile text, determinism,
a blueprint with a syntax error, an empty workspace, the command line's contract.

Regenerate the goldens and the example after an intended change: ``python tools/regen.py``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from linter.api import lint_with_models
from linter.views.report import render
from tests.helpers import ruleset, run_cli

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "report"
EXAMPLE = "examples/public-sector"
EXAMPLE_REPORT = ROOT / "docs" / "example-report.md"
SUFFIX = {"markdown": "md", "html": "html"}


def render_example(fmt: str, path: str = EXAMPLE, cwd: Path = ROOT) -> str:
    result, models = lint_with_models([path], ruleset=ruleset(), cwd=cwd)
    return render(result, [(w.root, w.model, w.ruleset.rules) for w in models], fmt)


def _expected() -> dict[Path, str]:
    markdown = render_example("markdown")
    return {
        GOLDEN / "public-sector.md": markdown,
        GOLDEN / "public-sector.html": render_example("html"),
        EXAMPLE_REPORT: markdown,
    }


def stale_reports() -> list[Path]:
    return [p for p, text in _expected().items() if not p.is_file() or p.read_text(encoding="utf-8") != text]


def regenerate() -> list[Path]:
    """Rewrite the report goldens and docs/example-report.md; returns the files that changed."""
    changed = []
    for path, text in _expected().items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            changed.append(path)
    return changed


# -- goldens ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_golden_report_of_the_public_sector_example(fmt: str) -> None:
    golden = GOLDEN / f"public-sector.{SUFFIX[fmt]}"
    assert render_example(fmt) == golden.read_text(encoding="utf-8"), f"{golden.name} is stale: run tools/regen.py"


def test_the_example_report_in_docs_is_current_and_linked_from_the_readme() -> None:
    assert EXAMPLE_REPORT.read_text(encoding="utf-8") == render_example("markdown"), "run tools/regen.py"
    assert "docs/example-report.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_cli_writes_what_the_views_render(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    outcome = run_cli("report", EXAMPLE, "-o", str(out), "--no-cache", cwd=ROOT)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == ""
    assert out.read_text(encoding="utf-8") == render_example("html")
    markdown = run_cli("report", EXAMPLE, "--format", "markdown", "--no-cache", cwd=ROOT)
    assert markdown.exit_code == 0
    assert markdown.stdout == render_example("markdown")


def test_the_report_holds_every_part_the_issue_asks_for() -> None:
    _, models = lint_with_models([EXAMPLE], ruleset=ruleset(), cwd=ROOT)
    model = models[0].model
    page = render_example("html")
    markdown = render_example("markdown")
    for heading in ("Integration diagram", "Interaction diagrams", "Traceability matrix", "Coverage", "Capacity"):
        assert f">{heading}</h2>" in page and f"## {heading}" in markdown
    for interface in model.interfaces:
        assert f'id="{interface.id}"' in page and f'<a id="{interface.id}"></a>' in markdown
        assert f'href="#{interface.id}"' in page and f"(#{interface.id})" in markdown
    for process in model.processes:
        assert process.id in page and process.id in markdown
    assert markdown.count("```mermaid") == 1 + len(model.processes)
    assert page.count("<svg") >= 1 + len(model.processes)
    # The capacity figures are the `capacity` command's, cell for cell.
    capacity = run_cli("capacity", EXAMPLE, cwd=ROOT).stdout
    for row in capacity.splitlines():
        if row.startswith("IF-") or row.startswith("ID-"):
            cells = re.split(r"\s{2,}", row.strip())
            assert "| " + " | ".join(cells) + " |" in markdown.replace("\\_", "_")


# -- offline, escaped, deterministic ---------------------------------------------------------------
def test_the_html_page_asks_for_nothing_outside_itself() -> None:
    page = render_example("html")
    assert "<script" not in page.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#)""", page), "only in-page links"
    assert "@import" not in page
    assert not re.search(r"url\((?!#)", page), "url() only for in-page references (SVG markers)"
    assert "<link" not in page.lower()


HOSTILE = """blueprint_version: 1
project: {name: "Acme <script>alert(1)</script> & co"}
goals:
  - {id: G-1, statement: "goal | with pipe ` backtick ] bracket <b>bold</b>"}
systems:
  - {id: SYS-A, name: "A\\"quoted\\" <img src=x onerror=alert(1)>", kind: portal, hosting: cloud}
  - {id: SYS-B, name: "B]\\nsecond line", kind: database, hosting: on_premises}
processes:
  - id: P-1
    name: "process <script>"
    goals: [G-1]
    steps: [{step: 1, interface: IF-1, action: "do | it ``` now"}]
interfaces:
  - id: IF-1
    name: "</table><script>alert('x')</script>"
    description: "[link](javascript:alert(1)) *emph* <iframe>"
    process: P-1
    source: SYS-A
    target: SYS-B
    security:
      auth: basic
      password: "Winter2026!SuperSecret"
"""


def test_hostile_text_is_escaped_and_secrets_are_not_printed(tmp_path: Path) -> None:
    (tmp_path / "blueprint.yaml").write_text(HOSTILE, encoding="utf-8")
    for fmt in ("html", "markdown"):
        text = render_example(fmt, path=".", cwd=tmp_path)
        assert "Winter2026" not in text, "the secret SE002 finds is never printed"
        # No tag of the blueprint's survives as a tag (Markdown escapes its "<" with a backslash;
        # excerpts are verbatim inside code fences, which no renderer reads as HTML).
        prose = re.sub(r"^( *)(`{3,})[^\n]*\n.*?^\1\2$", "", text, flags=re.M | re.S) if fmt == "markdown" else text
        assert not re.search(r"(?<!\\)<(?:script|img|iframe|b>)", prose), fmt
        if fmt == "html":
            assert text.count("<table") == text.count("</table>"), "a name cannot close a table"
            assert "&lt;script&gt;" in text
        else:
            assert not re.search(r"(?<!\\)\]\(javascript:", prose), "no link of the blueprint's"
            # Every table row keeps its column count: no cell's pipe escapes.
            for block in re.findall(r"(?:^\|.*\|$\n?)+", text, flags=re.M):
                widths = {len(re.findall(r"(?<!\\)\|", line)) for line in block.splitlines()}
                assert len(widths) == 1, block


def test_the_same_blueprint_gives_the_same_bytes(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "1"):
        out = tmp_path / f"report-{seed}.html"
        code = (
            "import sys; from linter.cli.main import main; "
            f"sys.argv = ['blueprint-lint', 'report', {EXAMPLE!r}, '-o', {str(out)!r}, '--no-cache']; main()"
        )
        env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, check=False)
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    text = outputs[0].decode("utf-8")
    assert str(ROOT) not in text and str(tmp_path) not in text


def test_a_blueprint_with_a_syntax_error_still_gets_a_report_with_the_errors_on_top(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(
        "blueprint_version: 1\nsystems:\n  - {id: SYS-A, name: Alpha, kind: portal, hosting: cloud}\n"
        "  - {id: SYS-B, name: Beta, kind: database, hosting: cloud}\n"
        "interfaces:\n  - {id: IF-1, name: One, source: SYS-A, target: SYS-B}\n",
        encoding="utf-8",
    )
    (tmp_path / "broken.yaml").write_text("blueprint_version: 1\ninterfaces: [\n  - {id: IF-2\n", encoding="utf-8")
    out = tmp_path / "report.html"
    outcome = run_cli("report", str(tmp_path), "-o", str(out), "--no-cache", cwd=tmp_path)
    assert outcome.exit_code == 0, outcome.stderr
    page = out.read_text(encoding="utf-8")
    assert page.index("Files that could not be loaded") < page.index("Integration diagram")
    assert "SY001" in page and "broken.yaml" in page
    assert 'id="IF-1"' in page, "what loaded is still reported"
    markdown = run_cli("report", str(tmp_path), "-f", "markdown", "--no-cache", cwd=tmp_path).stdout
    assert markdown.index("## Files that could not be loaded") < markdown.index("## Integration diagram")


def test_an_empty_workspace_gets_a_report_that_says_so(tmp_path: Path) -> None:
    outcome = run_cli("report", ".", "-f", "markdown", "--no-cache", cwd=tmp_path)
    assert outcome.exit_code == 0, outcome.stderr
    assert "# Integration blueprint report" in outcome.stdout
    assert "The blueprint declares no interface." in outcome.stdout or "No findings" in outcome.stdout
    out = tmp_path / "r.html"
    assert run_cli("report", ".", "-o", str(out), "--no-cache", cwd=tmp_path).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_findings_show_their_masked_excerpt_and_their_rules_help() -> None:
    result, models = lint_with_models(["examples/broken"], ruleset=ruleset(), cwd=ROOT)
    markdown = render(result, [(w.root, w.model, w.ruleset.rules) for w in models], "markdown")
    assert "## Files that could not be loaded" in markdown
    assert "### Errors (" in markdown and "*How to fix:*" in markdown and "*Rule:*" in markdown
    finding = next(d for d in result.diagnostics if d.file in result.sources and d.code.startswith("CP"))
    line = result.sources[finding.file].splitlines()[finding.line - 1]
    assert f"{finding.line} | {line}" in markdown


def test_usage_errors_exit_2_and_write_nothing(tmp_path: Path) -> None:
    outcome = run_cli("report", EXAMPLE, cwd=ROOT)
    assert outcome.exit_code == 2 and "-o" in outcome.stderr, "html needs a file"
    outcome = run_cli("report", EXAMPLE, "-f", "pdf", cwd=ROOT)
    assert outcome.exit_code == 2
    outcome = run_cli("report", str(tmp_path / "missing"), "-o", str(tmp_path / "r.html"), cwd=ROOT)
    assert outcome.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_findings_do_not_fail_the_report(tmp_path: Path) -> None:
    out = tmp_path / "broken.html"
    outcome = run_cli("report", "examples/broken", "-o", str(out), "--no-cache", cwd=ROOT)
    assert outcome.exit_code == 0, outcome.stderr
    assert list(tmp_path.iterdir()) == [out]


def test_cards_mark_the_interfaces_the_diagrams_mark() -> None:
    """The report's own index of findings per interface agrees with diagrams.marked_interfaces."""
    from linter.views import diagrams
    from linter.views.report import facts

    result, models = lint_with_models(["examples/broken"], ruleset=ruleset(), cwd=ROOT)
    content = facts.build(result, [(w.root, w.model, w.ruleset.rules) for w in models], "svg")
    marked = set()
    for space, workspace in zip(content.workspaces, models, strict=True):
        expected = diagrams.marked_interfaces(result, workspace.model)
        assert {card.id for card in space.cards if card.marked} == expected
        marked |= expected
    assert marked, "the broken example has interfaces with error findings"


def test_the_capacity_section_has_the_capacity_commands_figures_in_html_too() -> None:
    capacity = run_cli("capacity", EXAMPLE, cwd=ROOT).stdout
    page = render_example("html")
    for row in capacity.splitlines():
        if row.startswith("IF-") or row.startswith("ID-"):
            cells = re.split(r"\s{2,}", row.strip())
            assert "</td><td" in page
            assert all(f">{cell}</td>" in page for cell in cells), row


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_drawing_the_integration_diagram_in_a_worker_gives_the_same_bytes(fmt: str) -> None:
    """Large blueprints draw the integration diagram in a forked worker meanwhile (PARALLEL_ABOVE)."""
    result, models = lint_with_models(["examples/public-sector", "examples/broken"], ruleset=ruleset(), cwd=ROOT)
    spaces = [(w.root, w.model, w.ruleset.rules) for w in models]
    assert len(spaces) > 1, "several workspaces: anchors with prefixes"
    sequential = render(result, spaces, fmt, parallel_above=10**9)
    assert render(result, spaces, fmt, parallel_above=0) == sequential
    from linter.views import report

    assert report._render_in_parallel(result, spaces, "svg" if fmt == "html" else "mermaid") is not None, "no fallback"
