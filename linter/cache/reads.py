"""What the engine read during a recorded run, by the bytes it read (the replay's check of a race).

The replay's inputs digest (:mod:`linter.cache.replay`) is computed before the run, from the files
as they were then. A file edited while the run reads it, and reverted afterwards, would leave an
entry that pairs the digest of the old content with the findings of the edited one. So while a
run is recorded, every input the engine reads says here what it saw, in the terms of
:func:`linter.cache.replay.file_stamp`:

- ``["content", size, digest]``: the bytes read (the spec files, the configuration, the baseline),
  hashed as read, so the stamp is of exactly what the engine went on to parse;
- ``["size", size]``: a file refused for its size without being read (SY007 depends on the size alone);
- ``["unreadable"]``: a file that could not be opened or is not a regular file.

:meth:`linter.cache.replay.Recording.store` compares these observations with the stamps taken
before the run, and refuses to store when one differs or names a file the digest did not cover.
Nothing is kept when no run is recorded (library use, ``--no-cache``): :func:`seen` costs a test.

Standard library only; imported by a recorded run alone, never by the warm path's replay.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from typing import Any

# (absolute path, observation) in the order read; None when no run is being recorded.
_journal: list[tuple[str, list[Any]]] | None = None


def digest(raw: bytes) -> str:
    """The content digest of the stamps (blake2b, 20 bytes): one definition for every reader."""
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def start() -> None:
    """Begin recording what the engine reads (a run being recorded for the replay)."""
    global _journal
    _journal = []


def stop() -> list[tuple[str, list[Any]]]:
    """Stop recording and return what was read (empty when nothing was being recorded)."""
    global _journal
    journal, _journal = _journal, None
    return journal or []


def seen(path: Path | str, observation: list[Any]) -> None:
    if _journal is not None:
        _journal.append((os.path.abspath(path), observation))


def content(path: Path | str, raw: bytes, hashed: str | None = None) -> None:
    """The engine read ``raw`` from ``path`` (``hashed``: its :func:`digest`, when already known)."""
    if _journal is not None:
        seen(path, ["content", len(raw), hashed or digest(raw)])


def read_text(path: Path, encoding: str) -> str:
    """``path.read_text(encoding)`` (universal newlines included), recording the bytes read.

    Raises what ``read_text`` raises (OSError, UnicodeDecodeError); an unreadable file is
    recorded as such."""
    try:
        raw = path.read_bytes()
    except OSError:
        seen(path, ["unreadable"])
        raise
    content(path, raw)
    with io.TextIOWrapper(io.BytesIO(raw), encoding=encoding) as stream:
        return stream.read()
