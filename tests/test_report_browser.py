"""The HTML report of ``examples/public-sector`` in a real headless Chromium (Debian's ``chromium``,
driven by Playwright with that executable; ``playwright install`` is never run).

The page loads with no console error and no network request (only the page's own ``file://``),
every diagram is an SVG, the integration diagram has one ``.bl-node`` per system and one
``.bl-edge`` per interface of the example (counted from the model), and a screenshot is written.
Skipped only outside CI when Chromium or Playwright is absent; under ``CI=true`` it fails instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from linter.api import lint_with_models
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
REVIEW = Path("/work/scratch/i15")


def _browser_or_skip() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install -e '.[test]')")
    if missing:
        message = "the browser test needs " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def test_the_html_report_renders_offline_in_chromium(tmp_path: Path) -> None:
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "report.html"
    outcome = run_cli("report", "examples/public-sector", "-o", str(page_file), cwd=ROOT)
    assert outcome.exit_code == 0, outcome.stderr
    _, models = lint_with_models([ROOT / "examples" / "public-sector"], cwd=ROOT)
    model = models[0].model
    systems = {system.id for system in model.systems}
    interfaces = {interface.id for interface in model.interfaces}
    processes = [process.id for process in model.processes]
    assert systems and interfaces and processes

    url = page_file.resolve().as_uri()
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(url, wait_until="networkidle")

            integration = page.locator(".diagram.integration > svg")
            assert integration.count() == 1
            node_ids = integration.locator(".bl-node").evaluate_all("els => els.map(e => e.dataset.id)")
            edge_ids = integration.locator(".bl-edge").evaluate_all("els => els.map(e => e.dataset.id)")
            assert sorted(node_ids) == sorted(systems), "one node per system"
            assert sorted(edge_ids) == sorted(interfaces), "one edge per interface"
            interactions = page.locator(".diagram.interaction")
            assert interactions.count() == len(processes)
            assert page.locator(".diagram.interaction > svg").count() == len(processes), "each one an SVG"
            assert page.locator(".diagram").count() == page.locator(".diagram > svg").count() == len(processes) + 1
            # The diagram's interface links lead to the cards.
            for interface_id in interfaces:
                assert page.locator(f'section.card[id="{interface_id}"]').count() == 1
            hrefs = integration.locator("a").evaluate_all(
                "els => els.map(e => e.getAttribute('href') || e.getAttribute('xlink:href'))"
            )
            assert {f"#{i}" for i in interfaces} <= set(hrefs)
            # Rendered, not just present: the integration picture has a size on the page.
            box = integration.bounding_box()
            assert box is not None and box["width"] > 200 and box["height"] > 100

            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            if REVIEW.is_dir():
                shutil.copyfile(shot, REVIEW / "report.png")
                page.screenshot(path=str(REVIEW / "report-top.png"))
        finally:
            browser.close()
    assert errors == [], errors
    assert requests == [url], f"the page made requests besides its own file: {requests}"
