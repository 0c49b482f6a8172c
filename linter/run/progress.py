"""Progress on stderr for long runs: only on a terminal, never in CI logs or machine formats.

The CLI decides whether progress is wanted (text format, stderr is a terminal, ``CI`` unset);
the engine reports stages of large workspaces only, so quick runs stay silent.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

# Workspaces smaller than this load in well under a second: no progress line.
MIN_BYTES = 4_000_000


def wanted(fmt: str, stream: TextIO | None = None) -> bool:
    stream = stream or sys.stderr
    if fmt != "text" or os.environ.get("CI") or os.environ.get("NO_PROGRESS"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


class Progress:
    """One self-erasing status line."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self._width = 0

    def show(self, message: str) -> None:
        if not self.enabled:
            return
        line = f"blueprint-lint: {message}"
        self.stream.write("\r" + line.ljust(self._width))
        self.stream.flush()
        self._width = len(line)

    def clear(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
