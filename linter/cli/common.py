"""What every command of the command line shares: how it prints, how it fails, and the one run
that gives the diagrams and the report their findings and models.

``main.py`` registers the commands whose bodies live in modules of their own (``diagram_command``,
``report_command``); those cannot import ``main`` (it imports them), so the shared pieces live here.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from linter.report.safety import for_stream

if TYPE_CHECKING:
    from linter.api import LintResult, WorkspaceModel

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def echo(text: str, err: bool = False, fmt: str = "text", nl: bool = True) -> None:
    """Write to standard output or error, made safe for a CI log and a terminal first: everything
    the command line prints passes here or through ``main._Sink`` (linter/report/safety.py)."""
    click.echo(for_stream(fmt, text), err=err, nl=nl)


def fail(message: str) -> NoReturn:
    """A one-line error (one line per problem) and exit code 2, never a traceback."""
    for line in message.rstrip("\n").split("\n"):
        echo(f"blueprint-lint: error: {line}", err=True)
    sys.exit(EXIT_ERROR)


def warn(message: str) -> None:
    echo(f"blueprint-lint: warning: {message}", err=True)


def lint_for_views(
    paths: tuple[Path, ...], config_file: Path | None, cache_dir: Path | None = None
) -> tuple[LintResult, list[WorkspaceModel]]:
    """The findings and the models of ``paths`` from one run, for the commands that draw them; any
    problem with the invocation, the configuration or the plugins is a one-line error."""
    from linter import api

    if config_file is not None and not config_file.is_file():
        fail(f"{config_file}: configuration file not found")
    try:
        ruleset = api.load_rules()
        options = api.LintOptions(overrides=api.Overrides(config_file=config_file), cache_dir=cache_dir)
        return api.lint_with_models(list(paths), options, ruleset=ruleset)
    except (api.UsageError, api.ConfigError, api.BaselineError, api.RegistryError) as error:
        fail(str(error))
    except Exception as error:  # a bug of ours: one line and exit 2, never a traceback
        fail(f"internal error: {type(error).__name__}: {error}")


def make_parent_folders(path: Path) -> None:
    """Create the missing folders above a file the user named for output (``-o reports/x.sarif``),
    as a CI job or a pre-commit hook expects. An ancestor that is a file is an ``OSError`` naming it
    (``mkdir`` alone would say only "File exists" or "Not a directory")."""
    for folder in reversed(path.parents):
        if folder.exists() and not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, f"{folder} is not a directory")
    path.parent.mkdir(parents=True, exist_ok=True)
