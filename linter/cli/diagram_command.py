"""``blueprint-lint diagram``: the integration diagram, the interaction diagrams or the mapping
tables of a blueprint, as Mermaid, Graphviz DOT, SVG, Markdown or HTML (linter/views/diagrams/).

The model comes from ``linter.api.lint_with_models``, so the edges of interfaces with error
findings are marked, and a file that does not load is left out with one warning line.
Several workspaces: one picture per workspace, in workspace order, each introduced by a comment
naming it (``%%`` in Mermaid, ``//`` in DOT, ``<!-- -->`` in Markdown and HTML); in SVG the pictures
are stacked in one document under a heading each, as are several interaction diagrams.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from linter.cli.common import fail, lint_for_views, make_parent_folders, warn
from linter.report.safety import for_stream

if TYPE_CHECKING:
    from collections.abc import Sequence

    from linter.api import LintResult, WorkspaceModel

KINDS = ("integration", "interaction", "mapping")
FORMATS = ("mermaid", "dot", "svg", "markdown", "html")


def _comment(fmt: str, text: str) -> str:
    line = " ".join(text.split())
    if fmt == "mermaid":
        return f"%% {line}\n"
    if fmt == "dot":
        return f"// {line}\n"
    return f"<!-- {line.replace('--', '- -')} -->\n"


@click.command("diagram")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-k",
    "--kind",
    type=click.Choice(KINDS),
    default="integration",
    show_default=True,
    help="integration: systems and interfaces; interaction: one sequence diagram per process; "
    "mapping: one field table per mapping.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="mermaid, dot or svg for integration; mermaid or svg for interaction; markdown or html for "
    "mapping. [default: mermaid, or markdown for mapping]",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (default: stdout)."
)
@click.option("--goal", metavar="GOAL", help="Integration: only the interfaces that serve this goal.")
@click.option(
    "--process", metavar="PROCESS", help="Integration: only this process's interfaces; interaction: only this process."
)
@click.option("--system", metavar="SYSTEM", help="Integration: only the interfaces to or from this system.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use this configuration file for every workspace (instead of each workspace's own).",
)
def diagram(
    paths: tuple[Path, ...],
    kind: str,
    fmt: str | None,
    output: Path | None,
    goal: str | None,
    process: str | None,
    system: str | None,
    config_file: Path | None,
) -> None:
    """Draw the blueprint: its integration diagram, interaction diagrams or mapping tables.

    \b
    Examples:
      blueprint-lint diagram examples/public-sector                     # Mermaid flowchart
      blueprint-lint diagram --format svg -o integration.svg --goal G-SELF-SERVICE
      blueprint-lint diagram --kind interaction --process P-REQUEST-INTAKE
      blueprint-lint diagram --kind mapping --format html -o mappings.html

    Interfaces with error findings (see `blueprint-lint check`) are drawn in red with a ⚠ marker.
    The output is deterministic: the same blueprint gives the same bytes.
    """
    from linter.views import diagrams

    allowed = {
        "integration": diagrams.INTEGRATION_FORMATS,
        "interaction": diagrams.INTERACTION_FORMATS,
        "mapping": diagrams.MAPPING_FORMATS,
    }[kind]
    fmt = fmt or allowed[0]
    if fmt not in allowed:
        hint = " (mapping tables are tables: Mermaid, DOT and SVG have none)" if kind == "mapping" else ""
        _usage(f"--kind {kind} is not drawn as {fmt}; use --format {' or '.join(allowed)}{hint}")
    if kind == "interaction" and (goal or system):
        _usage("--goal and --system slice the integration diagram; --kind interaction takes --process")
    if kind == "mapping" and (goal or process or system):
        _usage("--kind mapping takes no --goal, --process or --system")
    result, workspaces = lint_for_views(paths, config_file)
    for file in result.unloaded_files:
        warn(f"{file} could not be loaded and is left out of the diagram (see `blueprint-lint check`)")
    if not workspaces:
        fail("no blueprint loaded: nothing to draw")
    try:
        text = render(result, workspaces, kind, fmt, goal=goal, process=process, system=system)
    except LookupError as error:
        fail(str(error))
    except Exception as error:  # a bug of ours: one line and exit 2, never a traceback
        fail(f"internal error while drawing the diagram: {type(error).__name__}: {error}")
    _write(text, fmt, output)


def render(
    result: LintResult,
    workspaces: Sequence[WorkspaceModel],
    kind: str,
    fmt: str,
    *,
    goal: str | None = None,
    process: str | None = None,
    system: str | None = None,
) -> str:
    """The command's output for a run (what ``diagram`` writes). A slice applies to the workspaces
    that declare its id; ``LookupError`` when none does."""
    from linter.views import diagrams

    pictures: list[tuple[str, str]] = []  # (heading, text)
    known = False
    for workspace in workspaces:
        model = workspace.model
        try:
            if kind == "integration":
                marked = diagrams.marked_interfaces(result, model)
                text = diagrams.integration(model, fmt, goal=goal, process=process, system=system, marked=marked)
                pictures.append((f"workspace {workspace.root}", text))
            elif kind == "interaction":
                for process_id, text in diagrams.interactions(model, fmt, process=process):
                    pictures.append((f"workspace {workspace.root} · process {process_id}", text))
            else:
                for mapping_id, text in diagrams.mapping_tables(model, fmt):
                    pictures.append((f"workspace {workspace.root} · mapping {mapping_id}", text))
            known = True
        except diagrams.UnknownId as error:
            if len(workspaces) == 1:
                raise LookupError(str(error)) from None
    if not known:
        wanted = next((f"--{n} {v}" for n, v in (("goal", goal), ("process", process), ("system", system)) if v), "")
        raise LookupError(f"{wanted}: no workspace declares this id")
    if kind != "integration" and len(workspaces) == 1:  # one workspace: the process or mapping says enough
        pictures = [(heading.partition(" · ")[2], text) for heading, text in pictures]
    return _join(fmt, pictures)


def _usage(message: str) -> NoReturn:
    raise click.UsageError(message)


def _join(fmt: str, pictures: list[tuple[str, str]]) -> str:
    if not pictures:
        return ""
    if fmt == "svg":
        if len(pictures) == 1:
            return pictures[0][1]
        from linter.views.diagrams.svg import stack

        return stack(pictures)
    if len(pictures) == 1:
        return pictures[0][1]
    return "\n".join(_comment(fmt, heading) + text for heading, text in pictures)


def _write(text: str, fmt: str, output: Path | None) -> None:
    if output is not None:
        try:
            make_parent_folders(output)
            output.write_bytes(text.encode("utf-8"))
        except OSError as error:
            fail(f"{output}: cannot write: {error.strerror or error}")
        return
    click.echo(for_stream("junit" if fmt in ("svg", "html") else "text", text), nl=False)
