"""Capacity rules (CA001-CA012): the blueprint's volumes against the platforms' published limits, today and at the end of the growth horizon.

The package's public face is the capacity model, for the rules of other families that ask about
load (OP006) and for the ``blueprint-lint capacity`` report: :func:`analyse` builds it (once per
blueprint and limits profile), :func:`load_profile` reads the shipped limits, and the figures are
written as the CA rules write them. Everything else lives in ``_``-prefixed modules.
"""

from __future__ import annotations

from ._core import format_number, format_percent, percent
from ._limits import LimitsProfile, load_profile
from ._model import CAPACITY_MODEL, CapacityModel, IdentityLoad, InterfaceLoad, analyse, pool_formula
from ._rule import CapacityRule

__all__ = [
    "CAPACITY_MODEL",
    "CapacityModel",
    "CapacityRule",
    "IdentityLoad",
    "InterfaceLoad",
    "LimitsProfile",
    "analyse",
    "format_number",
    "format_percent",
    "load_profile",
    "percent",
    "pool_formula",
]
