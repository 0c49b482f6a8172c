"""Whether a path stays inside a directory: the one test behind "never read outside the workspace"."""

from __future__ import annotations

import os
from pathlib import Path


def outside(path: Path, root: Path) -> bool:
    """True when ``path`` resolves (through symlinks) to a place outside the workspace ``root``."""
    try:
        real = Path(os.path.realpath(path))
        real.relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return True
    return False
