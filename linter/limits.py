"""Bounds that keep loading hostile input finite. Documented in README ("Limits")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LoadLimits:
    # A realistic 100,000-interface blueprint is ~160 MB; larger single files are refused.
    max_file_bytes: int = 256 * 1024 * 1024
    # Real blueprints nest fewer than 15 levels; Python's own recursion sets a hard ceiling too.
    max_depth: int = 200
    # Nodes after alias expansion: ~60 per interface, so 20 million allows ~300,000 interfaces
    # while stopping a "billion laughs" document within a fraction of a second.
    max_nodes: int = 20_000_000
