"""The command line: ``blueprint-lint check | rules | explain``.

Exit codes (a contract): 0 nothing at or above the fail threshold; 1 findings at or above it;
2 usage, configuration or internal error.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from linter import __version__

if TYPE_CHECKING:
    from linter.registry import RuleSet

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_ON = ("error", "warning", "info", "never")


def _fail(message: str) -> NoReturn:
    """A one-line error and exit code 2, never a traceback."""
    click.echo(f"blueprint-lint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _load_rules() -> RuleSet:
    from linter.registry import RegistryError, load_rules

    try:
        return load_rules()
    except RegistryError as error:
        _fail(str(error))


def _use_color(mode: str, stream_is_tty: bool) -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream_is_tty


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="blueprint-lint")
def main() -> None:
    """Lint Dynamics 365 / Power Platform integration blueprints."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE instead of standard output.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="error",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour in text output (NO_COLOR is honoured).",
)
@click.option("--debug", is_flag=True, help="Print tracebacks of crashed rules.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for loading files [default: all cores for large workspaces].",
)
def check(
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    fail_on: str,
    color: str,
    debug: bool,
    no_cache: bool,
    jobs: int | None,
) -> None:
    """Lint blueprint files and directories (default: the current directory)."""
    from linter.cache import default_directory
    from linter.diagnostics import Severity
    from linter.engine import LintOptions, UsageError, lint
    from linter.reporters import ReportContext, renderer

    ruleset = _load_rules()
    from linter.progress import wanted as progress_wanted

    options = LintOptions(
        debug=debug,
        cache_dir=None if no_cache else default_directory(),
        jobs=jobs,
        progress=(output is None and progress_wanted(fmt)) or (output is not None and progress_wanted("text")),
    )
    try:
        result = lint(list(paths), ruleset, options)
    except UsageError as error:
        _fail(str(error))
    context = ReportContext(version=__version__, color=output is None and _use_color(color, sys.stdout.isatty()))
    text = renderer(fmt)(result, ruleset, context)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            _fail(f"{output}: cannot write report: {error.strerror or error}")
    if debug:
        for trace in result.tracebacks:
            click.echo(trace, err=True)
    if result.internal_error:
        click.echo(
            "blueprint-lint: error: a rule crashed (see IE001 above); other findings were still reported", err=True
        )
        sys.exit(EXIT_ERROR)
    if fail_on != "never":
        threshold = Severity.parse(fail_on)
        if any(d.severity >= threshold for d in result.diagnostics):
            sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_CLEAN)


@main.command("rules")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(fmt: str) -> None:
    """List every rule with its code, name, default severity and origin."""
    ruleset = _load_rules()
    if fmt == "json":
        payload = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.label,
                "summary": r.summary,
                "rationale": " ".join(r.rationale.split()),
                "how_to_fix": r.how_to_fix,
                "passing_example": r.passing_example.strip("\n"),
                "failing_example": r.failing_example.strip("\n"),
                "tags": list(r.tags),
                "origin": r.origin,
            }
            for r in ruleset.rules
        ]
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    width = max(len(r.name) for r in ruleset.rules)
    for r in ruleset.rules:
        click.echo(f"{r.code:<7} {r.name:<{width}}  {r.severity.label:<7}  {r.origin:<10}  {r.summary}")


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print the documentation of a rule, by code (XR001) or name (unresolved-reference)."""
    ruleset = _load_rules()
    found = ruleset.find(rule)
    if found is None:
        _fail(f"unknown rule '{rule}' (see `blueprint-lint rules`)")
    click.echo(found.documentation())
