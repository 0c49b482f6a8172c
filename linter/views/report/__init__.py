"""The ``blueprint-lint report`` page: the blueprint's pictures, traceability, coverage, capacity,
findings and interface cards in one self-contained HTML page or one Markdown document.

``facts.build`` gathers the content as plain data; ``html.render`` and ``markdown.render`` lay it
out. :func:`render` does both.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from linter.api import Blueprint, LintResult

if TYPE_CHECKING:
    from linter.views.report.facts import ReportFacts

FORMATS = ("html", "markdown")
# From this many interfaces on, the integration diagrams (the largest single piece of work: the
# layout of every system and interface) are drawn in a forked worker process while this one builds
# the rest of the report, when the machine has a second core (BENCHMARKS.md, "The report").
PARALLEL_ABOVE = 2000

# What the forked worker draws: set just before the fork, inherited by the child (never pickled).
_JOB: tuple[LintResult, Sequence[tuple[str, Blueprint, Any]], str] | None = None


def _draw(index: int) -> str:
    from linter.views.report import facts

    assert _JOB is not None
    result, workspaces, fmt = _JOB
    return facts.integration_diagram(result, workspaces[index][1], fmt, facts.prefix(index, len(workspaces) > 1))


def _parallel(workspaces: Sequence[tuple[str, Blueprint, Any]], parallel_above: int) -> bool:
    if sum(len(model.interfaces) for _, model, _ in workspaces) < parallel_above:
        return False
    if (os.cpu_count() or 1) < 2:
        return False
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def render(
    result: LintResult,
    workspaces: Sequence[tuple[str, Blueprint, Any]],
    fmt: str = "html",
    *,
    parallel_above: int = PARALLEL_ABOVE,
) -> str:
    """The report of ``result`` over ``workspaces`` ((root, model, the workspace's rules)) in ``fmt``.

    The bytes do not depend on ``parallel_above`` (the worker runs the same code on the same model).
    """
    from linter.views.report import facts, html, markdown

    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r} (expected html or markdown)")
    diagram_format = "svg" if fmt == "html" else "mermaid"
    content = None
    if _parallel(workspaces, parallel_above):
        content = _render_in_parallel(result, workspaces, diagram_format)
    if content is None:
        content = facts.build(result, workspaces, diagram_format)
    return html.render(content) if fmt == "html" else markdown.render(content)


def _render_in_parallel(
    result: LintResult, workspaces: Sequence[tuple[str, Blueprint, Any]], diagram_format: str
) -> ReportFacts | None:
    """The content, its integration diagrams drawn by a forked worker meanwhile; None (draw them
    here) when the worker cannot be started or fails."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from linter.views.report import facts

    global _JOB
    _JOB = (result, workspaces, diagram_format)
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_draw, index) for index in range(len(workspaces))]
            content = facts.build(result, workspaces, diagram_format, integration=False)
            drawn = [future.result() for future in futures]
    except Exception:  # no worker (resources, a sandbox) or a broken pool: draw them here instead
        return None
    finally:
        _JOB = None
    spaces = tuple(
        dataclasses.replace(space, integration=text) for space, text in zip(content.workspaces, drawn, strict=True)
    )
    return dataclasses.replace(content, workspaces=spaces)
