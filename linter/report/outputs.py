"""Where reports go: the ``check`` command's ``--format``, ``--output`` and ``--report`` options.

One run can write several reports: the primary one (``-f/--format`` to standard output, or to
``-o/--output FILE``) and any number of ``--report FORMAT:FILE`` (``FILE`` may be ``-`` for
standard output), e.g. ``check -f text --report sarif:results.sarif --report junit:junit.xml``.
Without ``--format``, and when the primary report goes to standard output, the format follows
the CI service: ``github`` when ``GITHUB_ACTIONS=true``, ``azure`` when ``TF_BUILD=True``,
otherwise ``text``.

Paths in the CI formats are relative to the repository root: the nearest directory, from the
current one upwards, that holds ``.git`` (a directory, or the file of a git worktree); failing
that, the current directory. It is found by looking at the file system, never by running git.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from linter.report import COLOR_FORMATS, FORMATS, ReportContext, produce

if TYPE_CHECKING:
    from linter.core.result import LintResult

STDOUT = "-"


@dataclass(frozen=True)
class OutputSpec:
    """One report: its format and its file (None for standard output)."""

    fmt: str
    path: Path | None = None


def parse_report(value: str) -> OutputSpec:
    """``FORMAT:FILE`` (split at the first colon, so ``sarif:C:\\out.sarif`` works)."""
    fmt, sep, target = value.partition(":")
    fmt = fmt.strip()
    if not sep or not target:
        raise ValueError(f"'{value}' is not FORMAT:FILE (for example sarif:results.sarif; FILE '-' is standard output)")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}' in '{value}' (choose from {', '.join(FORMATS)})")
    return OutputSpec(fmt, None if target == STDOUT else Path(target))


def default_format(environ: Mapping[str, str]) -> str:
    """The format when none is given and the report goes to standard output."""
    if environ.get("GITHUB_ACTIONS", "").lower() == "true":
        return "github"
    if environ.get("TF_BUILD", "").lower() == "true":
        return "azure"
    return "text"


def plan_outputs(
    fmt: str | None, output: Path | None, reports: Sequence[OutputSpec], environ: Mapping[str, str]
) -> list[OutputSpec]:
    """Every report of the run, primary first; raises ValueError when two go to one place."""
    primary = OutputSpec(fmt or ("text" if output is not None else default_format(environ)), output)
    planned = [primary, *reports]
    seen: dict[str, str] = {}
    for spec in planned:
        where = "standard output" if spec.path is None else str(spec.path.resolve())
        if where in seen:
            shown = "standard output" if spec.path is None else str(spec.path)
            raise ValueError(
                f"the {seen[where]} and {spec.fmt} reports would both go to {shown}; give each its own file"
            )
        seen[where] = spec.fmt
    return planned


@dataclass(frozen=True)
class Written:
    """A rendered report ready to be written: where, what, and warnings for standard error."""

    spec: OutputSpec
    text: str
    warnings: tuple[str, ...]


def render_all(
    planned: Sequence[OutputSpec], result: LintResult, context: ReportContext, stdout_color: bool
) -> list[Written]:
    """Render every planned report (pure: nothing is written here)."""
    written = []
    for spec in planned:
        color = stdout_color and spec.path is None and spec.fmt in COLOR_FORMATS
        rendered = produce(spec.fmt, result, replace(context, color=color))
        written.append(Written(spec, rendered.text, rendered.warnings))
    return written
