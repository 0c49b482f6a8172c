"""Writing a cache file so that a reader sees the old file, the new one or none, never half of one."""

from __future__ import annotations

import contextlib
import os

# Temporary files start with this; the size trim (linter/cache/store.py) removes stale ones.
TEMPORARY_PREFIX = ".tmp-"


def write_atomic(path: str, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename.

    Returns False when it could not be written (a full disk, a read-only cache directory): a
    cache that cannot be written only costs speed, so callers carry on.
    """
    import tempfile  # not on the warm path: only a full run stores anything

    directory = os.path.dirname(path) or "."
    try:
        os.makedirs(directory, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=TEMPORARY_PREFIX)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    return True
