"""``blueprint-lint report``: the blueprint's one-page report, HTML (a file) or Markdown.

The findings and the models come from one run (``linter.api.lint_with_models``); the page is
``linter.views.report``. Exit codes: 0 when the report was written (findings do not fail it), 2 for
a usage, configuration or internal error. Nothing is written but ``-o`` (and the result cache).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from linter.cli.common import EXIT_CLEAN, EXIT_ERROR, echo, fail, lint_for_views, make_parent_folders, warn


@click.command("report")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["html", "markdown"]),
    default="html",
    show_default=True,
    help="html: one self-contained page that works offline; markdown: a wiki page with Mermaid diagrams.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file (required for html; markdown goes to standard output without it).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use this configuration file for every workspace (instead of each workspace's own).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
def report(paths: tuple[Path, ...], fmt: str, output: Path | None, config_file: Path | None, no_cache: bool) -> None:
    """Write the blueprint's report: diagrams, traceability, coverage, capacity, findings, interface cards."""
    from linter.cache.store import default_directory as default_cache_directory
    from linter.views.report import render

    if fmt == "html" and output is None:
        fail("the html report is a file: name it with -o (e.g. -o report.html), or use --format markdown")
    cache_dir = None if no_cache else default_cache_directory()
    result, models = lint_for_views(paths, config_file, cache_dir)
    for warning in result.warnings:
        warn(warning)
    try:
        text = render(result, [(w.root, w.model, w.ruleset.rules) for w in models], fmt)
    except Exception as error:  # a bug of ours: one line and exit 2, never a traceback
        fail(f"internal error while writing the report: {type(error).__name__}: {error}")
    if output is None:
        echo(text, nl=False)
    else:
        try:
            make_parent_folders(output)
            output.write_bytes(text.encode("utf-8"))
        except OSError as error:
            fail(f"{output}: cannot write the report: {error.strerror or error}")
    if result.internal_error:
        echo("blueprint-lint: error: a rule crashed (see IE001 in the report); the report was still written", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_CLEAN)
