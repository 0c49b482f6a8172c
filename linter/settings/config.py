"""Reading and validating the configuration file of a workspace.

The configuration lives in ``.blueprint-lint.yaml`` (or ``.yml``) or in the ``[tool.blueprint-lint]``
table of ``pyproject.toml`` at a workspace root; its presence is what makes the directory a root
(see ``linter/discover/workspace.py``). It is validated against ``schemas/config.schema.json``; every
problem names the configuration file with a line and column and the run stops with exit code 2.
What the settings *mean* for a run (which rules, which severities) is ``linter/settings/resolve.py``'s job.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.cache import reads
from linter.core.limits import LoadLimits
from linter.core.lines import split_lines
from linter.core.pointer import escape, segments
from linter.discover.workspace import PYPROJECT, config_files, display_path
from linter.load.reference import load_text
from linter.model.coverage import FIGURE_KEYS
from linter.validate.fastschema import validate  # screened by jsonschema-rs, same problems as linter.validate.schema

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_SCHEMA = "config.schema.json"
TOML_TABLE = ("tool", "blueprint-lint")

Locate = Callable[[str, bool], tuple[int, int]]


class ConfigError(Exception):
    """The configuration is invalid: one line per problem, each ``file:line:col: message``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _no_location(pointer: str, on_key: bool = False) -> tuple[int, int]:
    return (1, 1)


@dataclass
class Config:
    """A validated configuration (or the defaults). Accessors return typed, defaulted values."""

    path: Path | None = None
    data: dict[str, Any] = field(default_factory=dict)
    locate: Locate = _no_location

    @property
    def display(self) -> str:
        return display_path(self.path, Path.cwd()) if self.path else "(defaults)"

    def problem(self, pointer: str, message: str, *, on_key: bool = False) -> str:
        """``file:line:col: message`` for a problem at ``pointer`` of this configuration."""
        line, column = self.locate(pointer, on_key)
        return f"{self.display}:{line}:{column}: {message}"

    def _list(self, key: str) -> list[str]:
        value = self.data.get(key)
        return [str(v) for v in value] if isinstance(value, list) else []

    @property
    def select(self) -> list[str] | None:
        return self._list("select") if "select" in self.data else None

    @property
    def extend_select(self) -> list[str]:
        return self._list("extend-select")

    @property
    def ignore(self) -> list[str]:
        return self._list("ignore")

    @property
    def include(self) -> list[str]:
        return self._list("include")

    @property
    def exclude(self) -> list[str]:
        return self._list("exclude")

    @property
    def severity(self) -> dict[str, str]:
        return dict(self.data.get("severity") or {})

    @property
    def per_file_ignores(self) -> dict[str, list[str]]:
        return {k: [str(s) for s in v] for k, v in (self.data.get("per-file-ignores") or {}).items()}

    @property
    def rule_options(self) -> dict[str, dict[str, Any]]:
        return dict(self.data.get("rule-options") or {})

    @property
    def fail_on(self) -> str | None:
        value = self.data.get("fail-on")
        return str(value) if value is not None else None

    @property
    def require_reason(self) -> bool:
        return bool((self.data.get("suppressions") or {}).get("require-reason", False))

    @property
    def custom_rules(self) -> list[dict[str, Any]]:
        return list(self.data.get("custom-rules") or [])

    @property
    def coverage(self) -> dict[str, float]:
        """The ``coverage`` minimums: figure key -> percentage (validated by the schema: known keys, 0-100)."""
        given = self.data.get("coverage") or {}
        return {
            str(key): float(value)
            for key, value in given.items()
            if isinstance(value, (int, float)) and not isinstance(value, bool)
        }

    def limits(self) -> LoadLimits:
        given = self.data.get("limits") or {}
        defaults = LoadLimits()
        return LoadLimits(
            max_file_bytes=int(given.get("max-file-bytes", defaults.max_file_bytes)),
            max_depth=int(given.get("max-depth", defaults.max_depth)),
            max_nodes=int(given.get("max-nodes", defaults.max_nodes)),
        )


def find_config(root: Path) -> Path | None:
    """The configuration file at a workspace root, if any: .yaml, then .yml, then a
    pyproject.toml with a ``[tool.blueprint-lint]`` table (the discovery's own test).

    Two YAML configuration files side by side are refused rather than one silently winning.
    """
    present = config_files(root)
    if len(present) > 1:
        names = " and ".join(p.name for p in present)
        raise ConfigError([f"{display_path(root, Path.cwd()) or '.'}: both {names} exist; keep one"])
    return present[0] if present else None


def load_config(path: Path) -> Config:
    """Read and validate a configuration file; raises ConfigError with located problems."""
    display = display_path(path, Path.cwd())
    try:
        text = reads.read_text(path, "utf-8-sig")  # recorded for the replay (linter/cache/reads.py)
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not valid UTF-8 text"
        raise ConfigError([f"{display}: cannot read configuration: {reason or error}"]) from error
    config = _from_toml(path, display, text) if path.name == PYPROJECT else _from_yaml(path, display, text)
    problems = []
    for schema_problem in validate(config.data, CONFIG_SCHEMA):
        message = schema_problem.message.replace("the document", "the configuration")
        if schema_problem.pointer.endswith("/code") and "expected form" in message:
            message = message.split(" does not have")[0] + " is not a custom rule code: use CUS001 to CUS999"
        if schema_problem.pointer.startswith("/coverage/") and message.startswith("unknown key"):
            message += f" (the coverage figures: {', '.join(FIGURE_KEYS)})"
        problems.append(config.problem(schema_problem.pointer, message, on_key=schema_problem.on_key))
    if problems:
        raise ConfigError(problems)
    return config


def _from_yaml(path: Path, display: str, text: str) -> Config:
    document = load_text(text)
    if document.problems:
        raise ConfigError([f"{display}:{p.span.line}:{p.span.column}: {p.message}" for p in document.problems])
    if document.empty:
        return Config(path, {})
    locator = document.locator
    if not isinstance(document.data, dict) or locator is None:
        raise ConfigError([f"{display}:1:1: the configuration must be a mapping of settings"])

    def locate(pointer: str, on_key: bool = False) -> tuple[int, int]:
        span = locator.key_span(pointer) if on_key else locator.span(pointer)
        return (span.line, span.column)

    return Config(path, document.data, locate)


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def _from_toml(path: Path, display: str, text: str) -> Config:
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_POSITION.search(str(error))
        where = f"{found.group(1)}:{found.group(2)}" if found else "1:1"
        message = _TOML_POSITION.sub("", str(error)).strip()
        raise ConfigError([f"{display}:{where}: invalid TOML: {message}"]) from error
    table: Any = parsed
    for key in TOML_TABLE:
        table = table.get(key) if isinstance(table, dict) else None
    if not isinstance(table, dict):
        return Config(path, {})
    lines = split_lines(text)

    def locate(pointer: str, on_key: bool = False) -> tuple[int, int]:
        return _toml_position(lines, pointer)

    return Config(path, table, locate)


_TABLE_HEADER = re.compile(r"""^\s*\[\s*tool\s*\.\s*["']?blueprint-lint["']?\s*\]""")


def _toml_position(lines: list[str], pointer: str) -> tuple[int, int]:
    """Best-effort line of a pointer inside ``[tool.blueprint-lint]``: tomllib keeps no positions.

    Each pointer segment is searched forward from the previous one, as a ``key =`` line, a
    ``[...key]`` table header or (for list indexes) the n-th ``[[...key]]`` header.
    """
    line = next((i for i, text in enumerate(lines) if _TABLE_HEADER.match(text)), 0)
    previous = ""
    for segment in segments(pointer):
        if segment.isdigit() and previous:
            header = re.compile(r"^\s*\[\[[^\]]*" + re.escape(previous) + r"\s*\]\]")
            hits = [i for i in range(line, len(lines)) if header.match(lines[i])]
            if len(hits) > int(segment):
                line = hits[int(segment)]
        else:
            key = re.compile(r"""^\s*(?:\[\[?[^\]]*\.\s*)?["']?""" + re.escape(segment) + r"""["']?\s*(?:=|\]|\.)""")
            hit = next((i for i in range(line, len(lines)) if key.match(lines[i])), None)
            if hit is not None:
                line = hit
        previous = segment
    text = lines[line] if line < len(lines) else ""
    return (line + 1, len(text) - len(text.lstrip()) + 1)


def pointer_to(*parts: str | int) -> str:
    return "".join(f"/{escape(str(p))}" for p in parts)
