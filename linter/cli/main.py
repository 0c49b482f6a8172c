"""The command line: ``blueprint-lint check | rules | explain``.

Exit codes (a contract): 0 nothing at or above the fail threshold (or ``--exit-zero``); 1 findings
at or above it; 2 usage, configuration or internal error.
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
from linter.cli.common import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, echo, fail, make_parent_folders
from linter.core.limits import DEFAULT_RULE_TIMEOUT_SECONDS, MAX_DEPTH_CEILING, LoadLimits
from linter.discover.workspace import repository_root, shared_walks
from linter.report import FORMATS
from linter.report.outputs import OutputSpec, parse_report, plan_outputs, render_all
from linter.report.safety import for_stream

if TYPE_CHECKING:
    from linter.cache.replay import Recording
    from linter.catalog.registry import RuleSet
    from linter.core.options import LintOptions, Overrides
    from linter.core.result import LintResult

_DEFAULT_LIMITS = LoadLimits()
FAIL_ON = ("error", "warning", "info", "never")


_echo, _fail = echo, fail  # the shared ones (linter/cli/common.py), by the names this module uses


def _opt_str(path: Path | None) -> str | None:
    return None if path is None else str(path)


def _load_rules() -> RuleSet:
    from linter.api import RegistryError, load_rules

    try:
        return load_rules()
    except RegistryError as error:
        _fail(str(error))


# --- adoption: configuration, selection, baseline (see README "Configuration") -----------------
def _split_selectors(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _overrides(
    config: Path | None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    fail_on: str | None = None,
    force_exclude: bool = False,
    extend_select: tuple[str, ...] = (),
) -> Overrides:
    from linter.api import Overrides

    if config is not None and not config.is_file():
        _fail(f"{config}: configuration file not found")
    return Overrides(
        select=_split_selectors(select) or None,
        ignore=_split_selectors(ignore),
        extend_select=_split_selectors(extend_select),
        fail_on=fail_on,
        config_file=config,
        force_exclude=force_exclude,
    )


def _rules_with_config(overrides: Overrides) -> RuleSet:
    """The installed rules plus the custom rules of the configuration that applies here."""
    from linter.api import ConfigError, rules_for_directory

    try:
        return rules_for_directory(Path.cwd(), _load_rules(), overrides)
    except ConfigError as error:
        _fail(str(error))


_CONFIG_OPTION = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use this configuration file for every workspace (instead of each workspace's own).",
)
_SELECT_OPTION = click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Run only these rules (codes, prefixes, names or ALL; comma-separated). Replaces the configured selection.",
)
_IGNORE_OPTION = click.option(
    "--ignore", multiple=True, metavar="CODES", help="Do not run these rules (comma-separated); added to the selection."
)
_FORCE_EXCLUDE_OPTION = click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply include/exclude and skip non-blueprint files even for files named on the command line (pre-commit).",
)
# -- what is walked and shown (README "Workspaces"; linter/discover/ignore.py, linter/cli/show.py) --
_GITIGNORE_OPTION = click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=True,
    show_default=True,
    help="Leave out of directory walks what .gitignore, .ignore and .git/info/exclude ignore.",
)
# --- end adoption ------------------------------------------------------------------------------


def _use_color(mode: str, stream_is_tty: bool) -> bool:
    """``--color always|never`` first; then, for ``auto``, NO_COLOR (set and non-empty: no colour)
    over FORCE_COLOR (set and non-empty: colour even into a pipe), as CPython's own colouring and
    CMake order them; then whether standard output is a terminal."""
    if mode != "auto":
        return mode == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream_is_tty


# --- conventions users look for (ruff's): --extend-select, --exit-zero, -q/--quiet ---------------
def _check_exit_zero(exit_zero: bool, fail_on: str | None) -> None:
    """``--exit-zero`` with a threshold that asks for exit 1 contradicts itself: a usage error
    rather than one of the two silently winning."""
    if exit_zero and fail_on not in (None, "never"):
        _fail(f"--exit-zero contradicts --fail-on {fail_on}; give one of them")


def _exit_code(result: LintResult, fail_on: str, exit_zero: bool) -> int:
    """1 when findings fail the run, else 0; ``--exit-zero`` makes it 0 whatever the findings,
    a file that could not be loaded included (errors of the run itself still exit 2, elsewhere)."""
    if exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if result.fails(fail_on) else EXIT_CLEAN


# --- end conventions -------------------------------------------------------------------------------


def _parse_reports(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[OutputSpec, ...]:
    try:
        return tuple(parse_report(value) for value in values)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


class _Sink:
    """Where ``check`` writes; with a recording (linter/cache/replay.py), it also keeps exactly what was
    written so that an identical later run can replay it byte for byte."""

    def __init__(self, recording: Recording | None) -> None:
        self.recording = recording

    def stdout(self, text: str, color: bool, fmt: str = "text") -> None:
        # Standard output is a CI log or a terminal: made safe for both, in the format's own syntax
        # (a report written to a file stays exact). click strips ANSI codes unless told to keep
        # them; the recording keeps what was written.
        text = for_stream(fmt, text, color)
        click.echo(text, nl=False, color=color)
        if self.recording is not None:
            self.recording.stdout(text if color else click.unstyle(text))

    def stderr(self, line: str) -> None:
        line = for_stream("text", line)
        click.echo(line, err=True)
        if self.recording is not None:
            self.recording.stderr((line if sys.stderr.isatty() else click.unstyle(line)) + "\n")

    def file(self, path: Path, data: bytes) -> None:
        try:
            make_parent_folders(path)
            path.write_bytes(data)
        except OSError as error:
            _fail(f"{path}: cannot write report: {error.strerror or error}")
        if self.recording is not None:
            self.recording.file(str(path), data)


def _write_reports(
    planned: list[OutputSpec],
    result: LintResult,
    color: bool,
    sink: _Sink,
    include_suppressed: bool = False,
    statistics: bool = False,
    quiet: bool = False,
) -> None:
    """Render every report, write each where it goes, print the reporters' warnings on stderr
    (not when quiet)."""
    from linter.report import COLOR_FORMATS, ReportContext
    from linter.report.pipeline import azure_pipeline

    cwd = Path.cwd()
    context = ReportContext(
        version=__version__,
        cwd=str(cwd),
        source_root=str(repository_root(cwd)),
        include_suppressed=include_suppressed,
        azure_pipeline=azure_pipeline(os.environ),
        statistics=statistics,
        quiet=quiet,
    )
    for report in render_all(planned, result, context, color):
        for warning in () if quiet else report.warnings:
            sink.stderr(f"blueprint-lint: warning: {warning}")
        if report.spec.path is None:
            sink.stdout(report.text, color and report.spec.fmt in COLOR_FORMATS, report.spec.fmt)
        else:
            sink.file(report.spec.path, report.text.encode("utf-8", "backslashreplace"))


def _plugin_files(ruleset: RuleSet) -> list[str]:
    """Every file of the top-level package of each rule whose class is not the tool's own (a
    plugin's rule modules and their helpers): a replayed run must not outlive their edit."""
    from linter.cache.identity import rules_plugin_files

    return rules_plugin_files(ruleset.rules)


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


def _standard_input(paths: tuple[Path, ...], stdin_filename: Path | None) -> tuple[tuple[Path, ...], dict[Path, bytes]]:
    """``check -``: the paths with ``-`` standing for the ``--stdin-filename`` file (``-`` in the
    current directory without one, as ruff shows it), and standard input's bytes as its overlay."""
    if Path("-") not in paths:
        if stdin_filename is not None:
            _fail("--stdin-filename is for linting standard input: pass `-` as the path")
        return paths, {}
    if len(paths) > 1:
        _fail("`-` (standard input) cannot be combined with other paths")
    stand_in = Path(os.path.abspath(stdin_filename if stdin_filename is not None else "-"))
    if stand_in.is_dir():
        _fail(f"{stdin_filename}: --stdin-filename names a directory")
    return (stand_in,), {stand_in: sys.stdin.buffer.read()}


EXIT_INTERRUPTED = 128 + 2  # what a shell reports for a process ended by SIGINT


def interrupted() -> NoReturn:
    """Ctrl-C: one line and exit 130, never a traceback nor click's "Aborted!" with exit 1
    (which would read as "findings")."""
    try:
        sys.stderr.write("blueprint-lint: interrupted\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    sys.exit(EXIT_INTERRUPTED)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            interrupted()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="blueprint-lint")
def main() -> None:
    """Lint Dynamics 365 / Power Platform integration blueprints."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Format of the report [default: text; github when GITHUB_ACTIONS=true, azure when TF_BUILD=True].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE instead of standard output.",
)
@click.option(
    "--report",
    "reports",
    multiple=True,
    metavar="FORMAT:FILE",
    callback=_parse_reports,
    help="Also write a report in FORMAT to FILE ('-' = standard output); repeatable.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Lowest severity that makes the exit code 1 [default: the configuration's fail-on, else error].",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour in text and concise output [auto: on a terminal, or when FORCE_COLOR is set; never when NO_COLOR is].",
)
@click.option("--debug", is_flag=True, help="Print tracebacks of crashed rules.")
@_CONFIG_OPTION
@_SELECT_OPTION
@_IGNORE_OPTION
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Hide the findings recorded in this baseline file (see `blueprint-lint baseline`).",
)
@click.option(
    "--include-suppressed",
    is_flag=True,
    help="Also list suppressed findings (inline or baseline), marked as such, in sarif, json and json-lines "
    "(for consumers that honour SARIF suppressions; GitHub code scanning does not).",
)
@click.option(
    "--statistics",
    is_flag=True,
    help="Also print the coverage figures (goal trace, frequency, volume, ALM links, mappings, goals served) "
    "and the number of findings per rule, in text, concise, json (summary.statistics) and sarif (run properties).",
)
@click.option(
    "--extend-select",
    multiple=True,
    metavar="CODES",
    help="Also run these rules (codes, prefixes, names or ALL; comma-separated): added to the configured selection.",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 whatever the findings (even a file that could not be loaded); errors of the run still exit 2.",
)
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Print the findings only: no summary line, no warnings, no progress (errors are still printed).",
)
@_FORCE_EXCLUDE_OPTION
@_GITIGNORE_OPTION
@click.option("--show-files", is_flag=True, help="Print the files that would be linted, with their workspace root.")
@click.option("--show-settings", is_flag=True, help="Print the resolved settings of the first path's workspace (JSON).")
@click.option("-v", "--verbose", is_flag=True, help="Name the files the warnings count (skipped YAML files).")
# -- limits (defaults live in linter.core.limits; see README "Limits") ---------------------------------
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
@click.option(
    "--stdin-filename",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With `check -`: lint standard input as if it were this file (its workspace, its configuration).",
)
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
    fmt: str | None,
    output: Path | None,
    reports: tuple[OutputSpec, ...],
    fail_on: str | None,
    color: str,
    debug: bool,
    config_file: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    baseline_file: Path | None,
    include_suppressed: bool,
    statistics: bool,
    extend_select: tuple[str, ...],
    exit_zero: bool,
    quiet: bool,
    force_exclude: bool,
    respect_gitignore: bool,
    show_files: bool,
    show_settings: bool,
    verbose: bool,
    max_file_bytes: int | None,
    max_depth: int | None,
    max_nodes: int | None,
    rule_timeout: float | None,
    stdin_filename: Path | None,
    no_cache: bool,
    jobs: int | None,
) -> None:
    """Lint blueprint files and directories (default: the current directory); `-` reads standard input."""
    from linter.api import BaselineError, ConfigError, LintOptions, UsageError, lint, load_baseline
    from linter.cache.replay import Recording, missed_walks
    from linter.cache.store import default_directory as default_cache_directory
    from linter.run.progress import wanted as progress_wanted

    _check_exit_zero(exit_zero, fail_on)
    try:
        planned = plan_outputs(fmt, output, reports, os.environ)
    except ValueError as error:
        _fail(str(error))
    paths, overlays = _standard_input(paths, stdin_filename)
    no_cache = no_cache or bool(overlays)  # standard input is not a file the replay could stamp
    # The replay's inputs digest and the engine discover the files with one shared walk.
    with shared_walks(missed_walks()):
        # The warm path's record of this run (linter/cache/replay.py); its inputs are read before the run's.
        recording = (
            None
            if no_cache or debug or show_files or show_settings
            else Recording.start(
                [str(p) for p in paths], _opt_str(config_file), _opt_str(baseline_file), respect_gitignore
            )
        )
        ruleset = _load_rules()
        if recording is not None:
            for file in _plugin_files(ruleset):  # stamped now, right after the plugins' import
                recording.depends_on(file)
        overrides = _overrides(config_file, select, ignore, fail_on, force_exclude, extend_select)
        try:
            baseline = load_baseline(baseline_file) if baseline_file is not None else None
            options = LintOptions(
                debug=debug,
                overrides=overrides,
                baseline=baseline,
                cache_dir=None if no_cache else default_cache_directory(),
                jobs=jobs,
                # A progress line only when a person watches text on a terminal (never in CI or JSON).
                progress=not quiet and all(spec.fmt == "text" for spec in planned) and progress_wanted("text"),
                statistics=statistics,
                overlays=overlays,
                respect_gitignore=respect_gitignore,
                verbose=verbose,
            )
            options = _limit_options(options, max_file_bytes, max_depth, max_nodes, rule_timeout)
            if show_files or show_settings:
                from linter.cli import show

                (show.show_files if show_files else show.show_settings)(list(paths), ruleset, options)
            try:
                result = lint(list(paths), options, ruleset=ruleset)
            finally:
                if recording is not None:
                    recording.release_contents()
        except (UsageError, ConfigError, BaselineError) as error:
            _fail(str(error))
        except Exception as error:  # a bug of ours: one line, the traceback only when asked for
            if debug:
                raise
            _fail(f"internal error: {type(error).__name__}: {error} (run with --debug for the traceback)")
    fail_on = fail_on or result.fail_on or "error"
    sink = _Sink(None if result.internal_error else recording)
    for warning in () if quiet else result.warnings:
        sink.stderr(f"blueprint-lint: warning: {warning}")
    try:
        use_color = _use_color(color, sys.stdout.isatty())
        _write_reports(planned, result, use_color, sink, include_suppressed, statistics, quiet)
    except Exception as error:  # a reporter bug: one line, the traceback only when asked for
        if debug:
            raise
        _fail(f"internal error while writing the report: {type(error).__name__}: {error} (run with --debug)")
    if debug:
        for trace in result.tracebacks:
            _echo(trace, err=True)
    if result.internal_error:
        _echo("blueprint-lint: error: a rule crashed (see IE001 above); other findings were still reported", err=True)
        sys.exit(EXIT_ERROR)
    exit_code = _exit_code(result, fail_on, exit_zero)
    if sink.recording is not None:
        sink.recording.store(exit_code)
    sys.exit(exit_code)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The baseline file to write (YAML).",
)
@_CONFIG_OPTION
@_FORCE_EXCLUDE_OPTION
@_GITIGNORE_OPTION
def baseline(
    paths: tuple[Path, ...], output: Path, config_file: Path | None, force_exclude: bool, respect_gitignore: bool
) -> None:
    """Record today's findings in a baseline file; `check --baseline FILE` then reports only new ones."""
    from linter.api import ConfigError, LintOptions, UsageError, lint, render_baseline

    ruleset = _load_rules()
    overrides = _overrides(config_file, force_exclude=force_exclude)
    try:
        options = LintOptions(overrides=overrides, collect_anchors=True, respect_gitignore=respect_gitignore)
        result = lint(list(paths), options, ruleset=ruleset)
    except (UsageError, ConfigError) as error:
        _fail(str(error))
    except Exception as error:  # a bug of ours: one line and exit 2, as `check` does, never a traceback
        _fail(f"internal error: {type(error).__name__}: {error}")
    if result.internal_error:
        _fail("a rule crashed (IE001); not writing a baseline that would hide its findings")
    try:
        make_parent_folders(output)
        output.write_text(render_baseline(result.anchored, output), encoding="utf-8")
    except OSError as error:
        _fail(f"{output}: cannot write baseline: {error.strerror or error}")
    _echo(f"blueprint-lint: wrote {len(result.anchored)} finding(s) to {output}", err=True)
    for file in result.unloaded_files:
        _echo(f"blueprint-lint: warning: {file} could not be loaded; a baseline never hides that", err=True)


@main.command("rules")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_CONFIG_OPTION
def list_rules(fmt: str, config_file: Path | None) -> None:
    """List every rule with its code, name, default severity and origin (built-in, core, config or plugin)."""
    ruleset = _rules_with_config(_overrides(config_file))
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
                "precision": r.precision,
                "origin": r.origin,
            }
            for r in ruleset.rules
        ]
        _echo(json.dumps(payload, indent=2, ensure_ascii=False), fmt="json")
        return
    width = max(len(r.name) for r in ruleset.rules)
    origin_width = max(10, *(len(r.origin) for r in ruleset.rules))
    for r in ruleset.rules:
        _echo(f"{r.code:<7} {r.name:<{width}}  {r.severity.label:<7}  {r.origin:<{origin_width}}  {r.summary}")


@main.command()
@click.argument("rule")
@_CONFIG_OPTION
def explain(rule: str, config_file: Path | None) -> None:
    """Print the documentation of a rule, by code (XR001) or name (unresolved-reference)."""
    ruleset = _rules_with_config(_overrides(config_file))
    found = ruleset.find(rule)
    if found is None:
        _fail(_unknown_rule(ruleset, rule))
    _echo(found.documentation())


def _unknown_rule(ruleset: RuleSet, wanted: str) -> str:
    """``unknown rule 'XR01'; did you mean XR001 (unresolved-reference)?`` when a code or name is close."""
    close = ruleset.closest(wanted)
    hint = f"; did you mean {close.code} ({close.name})?" if close is not None else ""
    return f"unknown rule '{wanted}'{hint} (see `blueprint-lint rules`)"


# -- capacity --------------------------------------------------------------------------------------
# A self-contained block: the table is linter/views/capacity.py, over the capacity model of the
# built-in capacity rules (blueprint_lint_rules.ca); the models come from linter.api.load_models.
@main.command("capacity")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def capacity(paths: tuple[Path, ...], fmt: str) -> None:
    """Print peak Dataverse requests per identity and system against the platform limits."""
    from linter.api import ConfigError, UsageError, load_models
    from linter.views.capacity import profile_for, render

    ruleset = _load_rules()
    try:
        loaded = load_models(list(paths), ruleset=ruleset)
    except (UsageError, ConfigError) as error:
        _fail(str(error))
    except Exception as error:  # a bug of ours: one line and exit 2, as `check` does, never a traceback
        _fail(f"internal error: {type(error).__name__}: {error}")
    for file in loaded.unloaded:
        _echo(
            f"blueprint-lint: warning: {file} could not be loaded and is left out (see `blueprint-lint check`)",
            err=True,
        )
    # The limits come from the capacity rules' options as each workspace configures them.
    profiles = [profile_for(w.ruleset.rules) for w in loaded.workspaces] or [profile_for(ruleset.rules)]
    if any(profile != profiles[0] for profile in profiles[1:]):
        _echo(
            f"blueprint-lint: warning: the workspaces configure different limits; the table uses those of "
            f"{loaded.workspaces[0].root}",
            err=True,
        )
    try:
        text = render([(w.root, w.model) for w in loaded.workspaces], profiles[0], fmt)
    except Exception as error:  # a bug of ours: one line and exit 2, never a traceback
        _fail(f"internal error while writing the capacity report: {type(error).__name__}: {error}")
    _echo(text, fmt=fmt, nl=False)


# -- diagram ---------------------------------------------------------------------------------------
# The command's body is linter/cli/diagram_command.py, over linter/views/diagrams/.
from linter.cli.diagram_command import diagram  # noqa: E402

main.add_command(diagram)

# -- report ----------------------------------------------------------------------------------------
from linter.cli import report_command  # noqa: E402

main.add_command(report_command.report)

# -- server ----------------------------------------------------------------------------------------
from linter.cli.server_command import server  # noqa: E402

main.add_command(server)

# -- init, schema ----------------------------------------------------------------------------------
from linter.cli import init_command  # noqa: E402

main.add_command(init_command.init)
main.add_command(init_command.schema)
