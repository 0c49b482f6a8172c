"""The command line: ``blueprint-lint check | rules | explain``.

Exit codes (a contract): 0 nothing at or above the fail threshold; 1 findings at or above it;
2 usage, configuration or internal error.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from linter import __version__
from linter.limits import DEFAULT_RULE_TIMEOUT_SECONDS, MAX_DEPTH_CEILING, LoadLimits

if TYPE_CHECKING:
    from linter.engine import LintOptions
    from linter.registry import RuleSet

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_ON = ("error", "warning", "info", "never")
_DEFAULT_LIMITS = LoadLimits()


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
# -- limits (defaults live in linter.limits; see README "Limits") ---------------------------------
@click.option(
    "--max-file-bytes",
    type=click.IntRange(min=1),
    default=None,
    help=f"Refuse larger files (SY007) [default: {_DEFAULT_LIMITS.max_file_bytes}].",
)
@click.option(
    "--max-depth",
    type=click.IntRange(min=1, max=MAX_DEPTH_CEILING),
    default=None,
    help=f"Refuse deeper nesting (SY006) [default: {_DEFAULT_LIMITS.max_depth}, at most {MAX_DEPTH_CEILING}].",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=None,
    help=f"Refuse files with more nodes, aliases expanded (SY007) [default: {_DEFAULT_LIMITS.max_nodes}].",
)
@click.option(
    "--rule-timeout",
    type=click.FloatRange(min=0),
    default=None,
    help=f"Seconds one rule may run before it is stopped (IE001); 0 = no limit [default: {DEFAULT_RULE_TIMEOUT_SECONDS:g}].",
)
def check(
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    fail_on: str,
    color: str,
    debug: bool,
    max_file_bytes: int | None,
    max_depth: int | None,
    max_nodes: int | None,
    rule_timeout: float | None,
) -> None:
    """Lint blueprint files and directories (default: the current directory)."""
    from linter.diagnostics import Severity
    from linter.engine import LintOptions, UsageError, lint
    from linter.reporters import ReportContext, renderer

    ruleset = _load_rules()
    options = _limit_options(LintOptions(debug=debug), max_file_bytes, max_depth, max_nodes, rule_timeout)
    try:
        result = lint(list(paths), ruleset, options)
    except UsageError as error:
        _fail(str(error))
    except Exception as error:  # a bug of ours: one line, the traceback only when asked for
        if debug:
            raise
        _fail(f"internal error: {type(error).__name__}: {error} (run with --debug for the traceback)")
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


def _limit_options(
    options: LintOptions,
    max_file_bytes: int | None,
    max_depth: int | None,
    max_nodes: int | None,
    rule_timeout: float | None,
) -> LintOptions:
    """Apply the limit options given on the command line over the defaults (or configuration)."""
    given = {"max_file_bytes": max_file_bytes, "max_depth": max_depth, "max_nodes": max_nodes}
    overrides = {key: value for key, value in given.items() if value is not None}
    if overrides:
        options.limits = dataclasses.replace(options.limits, **overrides)
    if rule_timeout is not None:
        options.rule_timeout = rule_timeout
    return options


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
