"""Bounds that keep linting hostile input finite. Documented in README ("Limits").

:class:`LoadLimits` is the single source of the defaults: the command-line options
(``--max-file-bytes``, ``--max-depth``, ``--max-nodes``) and any configuration keys override
individual fields with :func:`dataclasses.replace`, never restate the numbers.

The numbers come from measurements on this project's blueprints (see tests/hostile/README.md and
BENCHMARKS.md): realistic blueprints hold about 48,000 nodes per MB; the fast loader (rapidyaml)
reads them at about 8 MB/s, the pure-Python reference composer (used for files the fast loader
hands over: syntax errors, anchors, tags, unusual layouts) at about 0.3 MB/s and about 600 bytes
of memory per composed node.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# A Python frame per composer level and two per conversion level must fit under the interpreter's
# recursion limit (1000 by default) with room for the caller's own frames.
MAX_DEPTH_CEILING = 300

# The largest magnitude a number in a blueprint may have: 2**53, the last integer a float (and a
# JSON reader in JavaScript) represents exactly. Real volumes, sizes and limits are far below it; a
# bigger one (a 400-digit integer, 1e308) is refused as SY008 by both loaders, as ``.inf`` and
# ``.nan`` are, so no rule ever multiplies, rounds or converts a number that overflows.
MAX_NUMBER_MAGNITUDE = 2**53

# How long one rule may run on one workspace before it is stopped and reported as IE001.
DEFAULT_RULE_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class LoadLimits:
    # Per file. 64 MiB holds about 35,000 realistic interfaces (1.7 KB each) in one file, which the
    # fast loader reads in about 8 s; a bigger blueprint is split over files or raises the limit
    # (it is per file, not per blueprint). A file that falls back to the reference composer is
    # bounded by the node limit below as well.
    max_file_bytes: int = 64 * 1024 * 1024
    # Real blueprints nest fewer than 15 levels. At most MAX_DEPTH_CEILING (see above).
    max_depth: int = 200
    # Per file: nodes composed plus nodes reached again through aliases. 4 million holds a full
    # 64 MiB file of realistic interfaces (~48,000 nodes per MB), bounds the reference composer's
    # memory to about 2.4 GB (600 bytes a node), and stops a "billion laughs" alias bomb in well
    # under a second.
    max_nodes: int = 4_000_000


def usable_number(value: float) -> bool:
    """A number rules may compute with: finite, and at most ``MAX_NUMBER_MAGNITUDE`` in magnitude."""
    if isinstance(value, int):
        return -MAX_NUMBER_MAGNITUDE <= value <= MAX_NUMBER_MAGNITUDE
    return math.isfinite(value) and -MAX_NUMBER_MAGNITUDE <= value <= MAX_NUMBER_MAGNITUDE
