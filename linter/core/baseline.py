"""What a baseline holds: findings identified by rule, file, entity and value, never by line.

The values live here, at the bottom, because the run's options carry a loaded baseline; how
anchors are computed, matched, read and written is ``linter/filter/baseline.py``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Key:
    code: str
    file: str
    entity: str
    path: str
    hash: str


@dataclass(frozen=True)
class Anchor:
    """Where a finding is, independent of line numbers; ``abs_path`` is made relative later."""

    code: str
    abs_path: str
    entity: str
    path: str
    hash: str

    def key(self, base: Path) -> Key:
        relative = Path(os.path.relpath(self.abs_path, base)).as_posix()
        return Key(self.code, relative, self.entity, self.path, self.hash)


@dataclass
class Entry:
    key: Key
    count: int
    message: str
    line: int


@dataclass
class Baseline:
    path: Path
    entries: list[Entry]

    @property
    def base(self) -> Path:
        return self.path.parent
