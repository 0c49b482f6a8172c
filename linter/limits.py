"""Bounds that keep linting hostile input finite. Documented in README ("Limits").

:class:`LoadLimits` is the single source of the defaults: the command-line options
(``--max-file-bytes``, ``--max-depth``, ``--max-nodes``) and any configuration keys override
individual fields with :func:`dataclasses.replace`, never restate the numbers.

The numbers come from measurements of the pure-Python ruamel.yaml composer on this project's
blueprints (see tests/hostile/README.md): about 0.3 MB of YAML per second and about 600 bytes of
memory per composed node, whatever the content.
"""

from __future__ import annotations

from dataclasses import dataclass

# A Python frame per composer level and two per conversion level must fit under the interpreter's
# recursion limit (1000 by default) with room for the caller's own frames.
MAX_DEPTH_CEILING = 300

# How long one rule may run on one workspace before it is stopped and reported as IE001.
DEFAULT_RULE_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class LoadLimits:
    # Per file. At ~0.3 MB/s, 16 MiB bounds the parse of one file to about a minute; a realistic
    # interface takes 1-3 KB, so one file holds 5,000-15,000 interfaces, and a bigger blueprint is
    # split over files (the limit is per file, not per blueprint).
    max_file_bytes: int = 16 * 1024 * 1024
    # Real blueprints nest fewer than 15 levels. At most MAX_DEPTH_CEILING (see above).
    max_depth: int = 200
    # Per file: nodes composed plus nodes reached again through aliases. Composed nodes cost about
    # 600 bytes each, so 2 million bounds memory to about 1.2 GB, holds a full 16 MiB file of
    # realistic interfaces (~80,000 nodes per MB), and stops a "billion laughs" alias bomb in
    # well under a second.
    max_nodes: int = 2_000_000
