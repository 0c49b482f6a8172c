"""The versioned limits profile (``rules/data/limits-v1.yaml``): published platform limits with sources.

Rules of any family read it through this module (:func:`load_profile`; ``profile.value(key)``,
``profile[key].source``, ``profile.guidance``); the capacity rules import it as ``ca._limits``.
Every limit is either published (its source has a title, an https URL and a date) or the tool's own
``assumption`` with a ``reason``; :func:`parse_profile` refuses anything else, so an unsourced number
cannot ship. A limit may carry a ``label`` (such as "transition-period limit") that rules quote
with the number, and a ``note``.

The profile is package data read through :mod:`importlib.resources`, so it loads the same way from a
source checkout, an editable install and a wheel. It is parsed with the engine's own YAML loader
(YAML 1.2, no tags constructed). A broken profile is a packaging bug, so it raises
:class:`ProfileError` with a one-line reason rather than yielding half a profile.

Rules take their limits from the profile as ``default_options``; a team overrides any of them per
rule in the configuration (the option name is the limit's key), and :meth:`LimitsProfile.with_overrides`
applies those options.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from linter.api import YamlError, load_yaml

PROFILE_FILE = "limits-v1.yaml"
# The profile is data of the top-level rules package (``rules/data/``), whatever family reads it.
_DATA_PACKAGE = __name__.split(".", 1)[0]
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ProfileError(Exception):
    """The shipped limits profile is missing or malformed."""


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    date: str
    read_from: str

    @property
    def published(self) -> bool:
        """A source a reader can check: a title, an https URL and a date."""
        return bool(self.title and self.url.startswith("https://") and _DATE.fullmatch(self.date))


ASSUMPTION_SOURCE = Source("blueprint-lint assumption (not a published limit)", "", "", PROFILE_FILE)


@dataclass(frozen=True)
class Limit:
    key: str
    value: float
    unit: str
    scope: str
    source: Source
    # The tool's own figure, not a published limit; ``reason`` says why it is what it is.
    assumption: bool = False
    reason: str = ""
    # Shown wherever the number is quoted (e.g. "transition-period limit (2022-10-10 copy)").
    label: str = ""
    note: str = ""

    def citation(self) -> str:
        """``[Title]``, ``[Title; label]`` or ``[blueprint-lint assumption]``: how a message cites it."""
        if self.assumption:
            return "[blueprint-lint assumption]"
        return f"[{self.source.title}; {self.label}]" if self.label else f"[{self.source.title}]"


@dataclass(frozen=True)
class Guidance:
    """A published statement that is not a number (e.g. business events are not for data export)."""

    key: str
    statement: str
    source: Source


@dataclass(frozen=True)
class LimitsProfile:
    name: str
    version: int
    limits: Mapping[str, Limit]
    # Keys whose value came from a rule option rather than the shipped profile.
    overridden: frozenset[str] = field(default_factory=frozenset)
    guidance: Mapping[str, Guidance] = field(default_factory=dict)

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
        key: {"type": "number", "minimum": 0, "description": _option_description(profile[key])} for key in keys
    }
    properties.update(extra or {})
    return {"type": "object", "properties": properties, "additionalProperties": False}


def _option_description(limit: Limit) -> str:
    if limit.assumption:
        return f"{limit.scope} ({limit.unit}); the default is a blueprint-lint assumption, not a published limit"
    label = f", {limit.label}" if limit.label else ""
    return f"{limit.scope} ({limit.unit}); default from {limit.source.title}{label}"


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
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProfileError(f"{PROFILE_FILE}: version must be an integer")
    limits = {key: _limit(key, raw, sources) for key, raw in raw_limits.items()}
    raw_guidance = data.get("guidance", {})
    if not isinstance(raw_guidance, dict):
        raise ProfileError(f"{PROFILE_FILE}: guidance must be a mapping")
    guidance = {key: _guidance(key, raw, sources) for key, raw in raw_guidance.items()}
    return LimitsProfile(_text(data, "profile", "profile"), version, limits, guidance=guidance)


def _published_source(raw: Mapping[str, Any], sources: Mapping[str, Source], where: str) -> Source:
    source_key = _text(raw, "source", where)
    if source_key not in sources:
        raise ProfileError(f"{PROFILE_FILE}: {where}.source names unknown source {source_key!r}")
    return sources[source_key]


def _limit(key: str, raw: Any, sources: Mapping[str, Source]) -> Limit:
    where = f"limits.{key}"
    if not isinstance(raw, dict):
        raise ProfileError(f"{PROFILE_FILE}: {where} must be a mapping")
    value = raw.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ProfileError(f"{PROFILE_FILE}: {where}.value must be a non-negative number")
    assumption = raw.get("assumption", False)
    if not isinstance(assumption, bool):
        raise ProfileError(f"{PROFILE_FILE}: {where}.assumption must be true or false")
    reason = _text(raw, "reason", where).strip()
    if assumption:
        if not reason:
            raise ProfileError(f"{PROFILE_FILE}: {where} is an assumption without a reason")
        source = _published_source(raw, sources, where) if "source" in raw else ASSUMPTION_SOURCE
        if source.published:
            raise ProfileError(f"{PROFILE_FILE}: {where} is an assumption but cites a published source")
    else:
        source = _published_source(raw, sources, where)
        if not source.published:
            raise ProfileError(
                f"{PROFILE_FILE}: {where} is neither published (a source with title, https URL and date) "
                "nor an assumption with a reason"
            )
    return Limit(
        key,
        float(value),
        _text(raw, "unit", where),
        _text(raw, "scope", where),
        source,
        assumption=assumption,
        reason=reason,
        label=_text(raw, "label", where).strip(),
        note=_text(raw, "note", where).strip(),
    )


def _guidance(key: str, raw: Any, sources: Mapping[str, Source]) -> Guidance:
    where = f"guidance.{key}"
    if not isinstance(raw, dict):
        raise ProfileError(f"{PROFILE_FILE}: {where} must be a mapping")
    statement = _text(raw, "statement", where).strip()
    source = _published_source(raw, sources, where)
    if not statement or not source.published:
        raise ProfileError(f"{PROFILE_FILE}: {where} needs a statement and a published source")
    return Guidance(key, statement, source)


@cache
def load_profile() -> LimitsProfile:
    """The shipped profile, read once per process."""
    resource = resources.files(_DATA_PACKAGE) / "data" / PROFILE_FILE
    try:
        text = resource.read_text(encoding="utf-8")
    except OSError as error:
        raise ProfileError(f"cannot read the limits profile {PROFILE_FILE}: {error}") from error
    return parse_profile(text)
