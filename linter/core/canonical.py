"""A hash-seed-independent form of settings and options, for the result cache's keys."""

from __future__ import annotations

import dataclasses
from typing import Any


def canonical(value: Any) -> Any:
    """A hash-seed-independent form of options (sets sorted, dataclasses as field tuples)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            tuple((f.name, canonical(getattr(value, f.name))) for f in dataclasses.fields(value)),
        )
    if isinstance(value, dict):
        return tuple(sorted((repr(k), canonical(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(repr(canonical(v)) for v in value))
    if isinstance(value, (list, tuple)):
        return tuple(canonical(v) for v in value)
    return repr(value)
