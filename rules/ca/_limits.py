"""The limits profile, as the capacity rules have always imported it.

The loader lives in :mod:`.._shared.limits` so that rules of every family read the same profile;
this module keeps the capacity family's import path (``from ._limits import load_profile``).
"""

from __future__ import annotations

from .._shared.limits import (
    PROFILE_FILE,
    Guidance,
    Limit,
    LimitsProfile,
    ProfileError,
    Source,
    load_profile,
    options_schema,
    parse_profile,
)

__all__ = [
    "PROFILE_FILE",
    "Guidance",
    "Limit",
    "LimitsProfile",
    "ProfileError",
    "Source",
    "load_profile",
    "options_schema",
    "parse_profile",
]
