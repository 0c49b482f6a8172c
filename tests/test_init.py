"""``blueprint-lint init`` (starter files that lint clean, never an overwrite) and ``schema``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from linter.cli.init_command import BLUEPRINT_NAME, CONFIG_NAME, STARTER_FILES, starter_text
from linter.settings.config import load_config
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
CLEAN = "No problems found in 1 file checked.\n"


def _starter(name: str) -> bytes:
    [template] = [template for template, written in STARTER_FILES if written == name]
    return starter_text(template)


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_init_writes_the_two_starter_files_and_says_so_on_stderr(tmp_path: Path) -> None:
    result = run_cli("init", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == [CONFIG_NAME, BLUEPRINT_NAME]
    assert (tmp_path / CONFIG_NAME).read_bytes() == _starter(CONFIG_NAME)
    assert (tmp_path / BLUEPRINT_NAME).read_bytes() == _starter(BLUEPRINT_NAME)
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"blueprint-lint: wrote {CONFIG_NAME} ")
    assert lines[1].startswith(f"blueprint-lint: wrote {BLUEPRINT_NAME} ")
    assert lines[2] == f"blueprint-lint: next: edit {BLUEPRINT_NAME} and run `blueprint-lint check`"


@pytest.mark.parametrize("selection", [(), ("--select", "ALL")], ids=["default", "ALL"])
def test_the_starter_lints_clean(tmp_path: Path, selection: tuple[str, ...]) -> None:
    assert run_cli("init", "project", cwd=tmp_path).exit_code == 0
    result = run_cli("check", "--no-cache", "--fail-on", "info", *selection, "project", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == CLEAN  # no finding of any severity, not just none that fails


def test_init_creates_the_directory_and_names_it_in_the_next_step(tmp_path: Path) -> None:
    result = run_cli("init", "blueprints/sales", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "blueprints" / "sales" / BLUEPRINT_NAME).is_file()
    assert result.stderr.splitlines()[-1].endswith("run `blueprint-lint check blueprints/sales`")


def test_a_second_run_refuses_and_writes_nothing(tmp_path: Path) -> None:
    assert run_cli("init", cwd=tmp_path).exit_code == 0
    (tmp_path / BLUEPRINT_NAME).write_text("blueprint_version: 1\n# my own work\n", encoding="utf-8")
    before = _snapshot(tmp_path)
    result = run_cli("init", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (
        result.stderr == f"blueprint-lint: error: {CONFIG_NAME}: already exists; blueprint-lint init writes nothing\n"
    )
    assert _snapshot(tmp_path) == before


def test_one_existing_target_keeps_the_other_from_being_written(tmp_path: Path) -> None:
    """Every target is checked before any is written: an existing blueprint.yaml means no
    configuration appears either (which would turn the directory into a workspace root)."""
    (tmp_path / BLUEPRINT_NAME).write_text("blueprint_version: 1\n", encoding="utf-8")
    result = run_cli("init", cwd=tmp_path)
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"blueprint-lint: error: {BLUEPRINT_NAME}: already exists; blueprint-lint init writes nothing\n"
    )
    assert _snapshot(tmp_path) == {BLUEPRINT_NAME: b"blueprint_version: 1\n"}


def test_a_dangling_link_counts_as_existing(tmp_path: Path) -> None:
    (tmp_path / BLUEPRINT_NAME).symlink_to(tmp_path / "elsewhere.yaml")
    assert run_cli("init", cwd=tmp_path).exit_code == 2
    assert not (tmp_path / "elsewhere.yaml").exists() and not (tmp_path / CONFIG_NAME).exists()


@pytest.mark.parametrize(
    ("name", "text"),
    [(".blueprint-lint.yml", "select: [XR]\n"), ("pyproject.toml", '[tool.blueprint-lint]\nselect = ["XR"]\n')],
)
def test_another_configuration_of_the_directory_is_respected(tmp_path: Path, name: str, text: str) -> None:
    """A .blueprint-lint.yaml next to a .yml would be an error, and it would win over pyproject."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_cli("init", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"blueprint-lint: error: {name}: this directory is already configured")
    assert _snapshot(tmp_path) == {name: text.encode()}


def test_an_unrelated_pyproject_does_not_stop_init(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert run_cli("init", cwd=tmp_path).exit_code == 0
    assert (tmp_path / CONFIG_NAME).is_file()


def test_a_file_is_not_a_directory_to_init(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = run_cli("init", "notes.txt", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == "blueprint-lint: error: notes.txt: not a directory\n"


# --- the commented configuration ------------------------------------------------------------------
def _uncommented(text: str) -> str:
    """The configuration with every commented-out setting switched on: the template writes prose
    as ``# text``, a setting as ``#key: value`` (no space after the ``#``) and the lines that
    continue a setting with at least two spaces after the ``#``."""
    return "".join(line[1:] if re.match(r"#(\S|  )", line) else line for line in text.splitlines(keepends=True))


def test_the_configuration_switches_nothing_on_as_written(tmp_path: Path) -> None:
    path = tmp_path / CONFIG_NAME
    path.write_bytes(_starter(CONFIG_NAME))
    assert load_config(path).data == {}


def test_every_commented_setting_is_valid_and_the_starter_stays_clean_with_all_of_them(tmp_path: Path) -> None:
    """Uncommenting any line gives a valid configuration (all of them at once do), and the
    examples shown (coverage minimums, a custom rule) hold for the starter blueprint."""
    config = _uncommented(_starter(CONFIG_NAME).decode())
    (tmp_path / CONFIG_NAME).write_text(config, encoding="utf-8")
    (tmp_path / BLUEPRINT_NAME).write_bytes(_starter(BLUEPRINT_NAME))
    assert load_config(tmp_path / CONFIG_NAME).data  # something was switched on
    result = run_cli("check", "--no-cache", "--fail-on", "info", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == CLEAN


def test_the_configuration_shows_every_setting_of_the_schema() -> None:
    schema = json.loads((ROOT / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    settings = set(schema["properties"]) - {"$schema"}
    shown = set(re.findall(r"^#([a-z-]+):", _starter(CONFIG_NAME).decode(), flags=re.MULTILINE))
    assert shown == settings


# --- schema ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("flags", "file"),
    [((), "blueprint-v1.schema.json"), (("--config",), "config.schema.json")],
    ids=["blueprint", "config"],
)
def test_schema_prints_the_shipped_schema_or_its_path(flags: tuple[str, ...], file: str, tmp_path: Path) -> None:
    shipped = (ROOT / "schemas" / file).read_text(encoding="utf-8")
    printed = run_cli("schema", *flags, cwd=tmp_path)
    assert printed.exit_code == 0 and printed.stderr == ""
    assert printed.stdout == shipped
    assert json.loads(printed.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    located = run_cli("schema", *flags, "--path", cwd=tmp_path)
    assert located.exit_code == 0 and located.stderr == ""
    path = Path(located.stdout.removesuffix("\n"))
    assert path.is_absolute() and path.name == file
    assert path.read_text(encoding="utf-8") == shipped


def test_schema_path_of_a_schema_inside_a_zip_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installed as a zip, the schema has no path to point an editor at: say so, do not invent one."""
    import zipfile

    from linter.cli import init_command

    archive = tmp_path / "schemas.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("blueprint-v1.schema.json", "{}")
    monkeypatch.setattr(init_command, "schema_resource", lambda name: zipfile.Path(archive, name))
    result = run_cli("schema", "--path", cwd=tmp_path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(
        "blueprint-lint: error: blueprint-v1.schema.json: the installed schema is not a file"
    )
    assert result.stderr.count("\n") == 1
