"""The ``blueprint-lint report`` page: the blueprint's pictures, traceability, coverage, capacity,
findings and interface cards in one self-contained HTML page or one Markdown document.

``facts.build`` gathers the content as plain data; ``html.render`` and ``markdown.render`` lay it
out. :func:`render` does both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linter.api import Blueprint, LintResult

FORMATS = ("html", "markdown")


def render(result: LintResult, workspaces: Sequence[tuple[str, Blueprint, Any]], fmt: str = "html") -> str:
    """The report of ``result`` over ``workspaces`` ((root, model, the workspace's rules)) in ``fmt``."""
    from linter.views.report import facts, html, markdown

    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r} (expected html or markdown)")
    content = facts.build(result, workspaces, "svg" if fmt == "html" else "mermaid")
    return html.render(content) if fmt == "html" else markdown.render(content)
