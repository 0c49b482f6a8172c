"""The versioned limits profile (``rules/data/limits-v1.yaml``): published platform limits with sources.

The profile is package data read through :mod:`importlib.resources`, so it loads the same way from a
source checkout, an editable install and a wheel. It is parsed with the engine's own YAML loader
(YAML 1.2, no tags constructed). A broken profile is a packaging bug, so it raises
:class:`ProfileError` with a one-line reason rather than yielding half a profile.

Rules take their limits from the profile as ``default_options``; a team overrides any of them per
rule in the configuration (the option name is the limit's key), and :meth:`LimitsProfile.with_overrides`
applies those options.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from linter.api import YamlError, load_yaml

PROFILE_FILE = "limits-v1.yaml"
# The profile is data of the top-level rules package (``rules/data/``), whatever family reads it.
_DATA_PACKAGE = __name__.split(".", 1)[0]


class ProfileError(Exception):
    """The shipped limits profile is missing or malformed."""


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    date: str
    read_from: str


@dataclass(frozen=True)
class Limit:
    key: str
    value: float
    unit: str
    scope: str
    source: Source


@dataclass(frozen=True)
class LimitsProfile:
    name: str
    version: int
    limits: Mapping[str, Limit]
    # Keys whose value came from a rule option rather than the shipped profile.
    overridden: frozenset[str] = field(default_factory=frozenset)

    def __getitem__(self, key: str) -> Limit:
        return self.limits[key]

    def value(self, key: str) -> float:
        return self.limits[key].value

    def defaults(self, keys: Iterable[str]) -> dict[str, float | int]:
        """``default_options`` for a rule that uses ``keys``: integers stay integers in the docs."""
        return {key: _plain(self.limits[key].value) for key in keys}

    def with_overrides(self, options: Mapping[str, Any]) -> LimitsProfile:
        """The profile with every option that names a limit (and holds a number) applied."""
        limits = dict(self.limits)
        overridden = set(self.overridden)
        for key, value in options.items():
            if key in limits and isinstance(value, (int, float)) and not isinstance(value, bool):
                if float(value) != limits[key].value:
                    overridden.add(key)
                limits[key] = replace(limits[key], value=float(value))
        return replace(self, limits=limits, overridden=frozenset(overridden))


def _plain(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def options_schema(keys: Iterable[str], extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A JSON Schema (object) for rule options naming limits: each a non-negative number."""
    profile = load_profile()
    properties: dict[str, Any] = {
        key: {
            "type": "number",
            "minimum": 0,
            "description": f"{profile[key].scope} ({profile[key].unit}); default from {profile[key].source.title}",
        }
        for key in keys
    }
    properties.update(extra or {})
    return {"type": "object", "properties": properties, "additionalProperties": False}


def _text(mapping: Mapping[str, Any], key: str, where: str) -> str:
    value = mapping.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ProfileError(f"{PROFILE_FILE}: {where}.{key} must be a string")
    return value


def parse_profile(text: str) -> LimitsProfile:
    """Build a profile from the YAML text of a limits file (raises :class:`ProfileError`)."""
    try:
        data = load_yaml(text)
    except YamlError as error:
        raise ProfileError(f"{PROFILE_FILE}:{error.line}:{error.column}: {error.message}") from None
    if not isinstance(data, dict):
        raise ProfileError(f"{PROFILE_FILE} is not a YAML mapping")
    raw_sources = data.get("sources")
    raw_limits = data.get("limits")
    if not isinstance(raw_sources, dict) or not isinstance(raw_limits, dict):
        raise ProfileError(f"{PROFILE_FILE} needs 'sources' and 'limits' mappings")
    sources: dict[str, Source] = {}
    for key, raw in raw_sources.items():
        if not isinstance(raw, dict):
            raise ProfileError(f"{PROFILE_FILE}: source {key} must be a mapping")
        where = f"sources.{key}"
        sources[key] = Source(
            _text(raw, "title", where),
            _text(raw, "url", where),
            _text(raw, "date", where),
            _text(raw, "read_from", where),
        )
    limits: dict[str, Limit] = {}
    for key, raw in raw_limits.items():
        where = f"limits.{key}"
        if not isinstance(raw, dict):
            raise ProfileError(f"{PROFILE_FILE}: {where} must be a mapping")
        value = raw.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ProfileError(f"{PROFILE_FILE}: {where}.value must be a non-negative number")
        source_key = _text(raw, "source", where)
        if source_key not in sources:
            raise ProfileError(f"{PROFILE_FILE}: {where}.source names unknown source {source_key!r}")
        limits[key] = Limit(
            key, float(value), _text(raw, "unit", where), _text(raw, "scope", where), sources[source_key]
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProfileError(f"{PROFILE_FILE}: version must be an integer")
    return LimitsProfile(_text(data, "profile", "profile"), version, limits)


@cache
def load_profile() -> LimitsProfile:
    """The shipped profile, read once per process."""
    resource = resources.files(_DATA_PACKAGE) / "data" / PROFILE_FILE
    try:
        text = resource.read_text(encoding="utf-8")
    except OSError as error:
        raise ProfileError(f"cannot read the limits profile {PROFILE_FILE}: {error}") from error
    return parse_profile(text)
