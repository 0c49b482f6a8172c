"""``blueprint-lint init`` and ``blueprint-lint schema``: what a new user needs before the first
``check``: a starter blueprint with its configuration, and the JSON Schemas for the editor.

The starter files are package data (``linter/cli/templates/``), written byte for byte, so what
``init`` writes is exactly what the tests lint (tests/test_init.py). ``init`` never overwrites:
it checks every target before it writes any, and creates each file exclusively, so a run that
refuses, or loses a race with another writer, leaves the directory as it found it.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import click

from linter.cli.common import echo, fail
from linter.discover.workspace import config_files
from linter.settings.config import CONFIG_SCHEMA
from linter.validate.schema import BLUEPRINT_SCHEMA, schema_resource, schema_text

CONFIG_NAME = ".blueprint-lint.yaml"
BLUEPRINT_NAME = "blueprint.yaml"
# (template in linter/cli/templates/, file written): the configuration first, so the directory
# is a workspace root before a blueprint file appears in it.
STARTER_FILES = (("blueprint-lint.yaml", CONFIG_NAME), ("blueprint.yaml", BLUEPRINT_NAME))


def starter_text(template: str) -> bytes:
    """The bytes of one starter file as shipped (a test lints exactly these)."""
    return (resources.files("linter.cli") / "templates" / template).read_bytes()


def _say(message: str) -> None:
    echo(f"blueprint-lint: {message}", err=True)


def _refusal(directory: Path) -> str | None:
    """Why ``init`` must not write in ``directory``, or None. Another configuration (``.yml``, or
    a pyproject ``[tool.blueprint-lint]`` table) counts too: a new ``.blueprint-lint.yaml`` next to
    it would be an error (two YAML files) or would silently replace it (the YAML file wins)."""
    if directory.exists() and not directory.is_dir():
        return f"{directory}: not a directory"
    for _template, name in STARTER_FILES:
        target = directory / name
        if os.path.lexists(target):  # a dangling link counts: writing through it could land anywhere
            return f"{target}: already exists; blueprint-lint init writes nothing"
    if directory.is_dir() and (present := config_files(directory)):
        return f"{present[0]}: this directory is already configured; blueprint-lint init writes nothing"
    return None


def _write_all(directory: Path) -> list[Path]:
    written: list[Path] = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for template, name in STARTER_FILES:
            target = directory / name
            with open(target, "xb") as stream:  # exclusive: never replaces a file created meanwhile
                written.append(target)
                stream.write(starter_text(template))
    except OSError as error:
        for path in written:  # all or nothing
            path.unlink(missing_ok=True)
        where = error.filename or directory
        reason = "already exists" if isinstance(error, FileExistsError) else (error.strerror or str(error))
        fail(f"{where}: {reason}; blueprint-lint init writes nothing")
    return written


@click.command("init")
@click.argument("directory", required=False, default=".", type=click.Path(path_type=Path))
def init(directory: Path) -> None:
    """Write a starter blueprint and a commented configuration into DIRECTORY (default: .).

    Both lint clean; nothing is overwritten: if either file (or another blueprint-lint
    configuration) exists, nothing is written and the exit code is 2.
    """
    refusal = _refusal(directory)
    if refusal is not None:
        fail(refusal)
    config_path, blueprint_path = _write_all(directory)
    _say(f"wrote {config_path} (the configuration: every setting commented out)")
    _say(f"wrote {blueprint_path} (a starter blueprint that lints clean: replace the example with your own)")
    check = "blueprint-lint check" if directory == Path(".") else f"blueprint-lint check {directory}"
    _say(f"next: edit {blueprint_path} and run `{check}`")


@click.command("schema")
@click.option("--config", "config", is_flag=True, help="The configuration file's schema instead of the blueprint's.")
@click.option("--path", "path", is_flag=True, help="Print the installed schema file's path instead of its text.")
def schema(config: bool, path: bool) -> None:
    """Print the JSON Schema of the blueprint format (or, with --config, of the configuration).

    With --path, print where the installed file is, for an editor's schema modeline.
    """
    name = CONFIG_SCHEMA if config else BLUEPRINT_SCHEMA
    if not path:
        echo(schema_text(name), fmt="json", nl=False)
        return
    resource = schema_resource(name)
    if not isinstance(resource, Path):  # installed inside a zip: there is no file to point at
        fail(f"{name}: the installed schema is not a file on disk; save `blueprint-lint schema` to a file instead")
    echo(str(resource.resolve()))
