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

**Read once.** Stamping a spec file by content reads all of its bytes. The stamps taken for a
recorded run hand those bytes to it (:func:`start`), and the engine's read of the file
(:func:`linter.load.read.read_spec`) parses them (:func:`take`) instead of reading and hashing the
file a second time: the digest is still of exactly the bytes parsed, and they are the bytes the
stamp covered. They are this run's alone: the recording drops what the engine did not take when
the run ends (:func:`drop_contents`).

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
# absolute path → (bytes, digest) the recorded run's stamps read, until the engine takes them
_contents: dict[str, tuple[bytes, str]] = {}


def digest(raw: bytes) -> str:
    """The content digest of the stamps (blake2b, 20 bytes): one definition for every reader."""
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def start(contents: dict[str, tuple[bytes, str]] | None = None) -> None:
    """Begin recording what the engine reads (a run being recorded for the replay); ``contents``:
    the bytes and digest of each file the stamps read, by absolute path, for :func:`take`."""
    global _journal, _contents
    _journal = []
    _contents = contents if contents is not None else {}


def stop() -> list[tuple[str, list[Any]]]:
    """Stop recording and return what was read (empty when nothing was being recorded)."""
    global _journal
    journal, _journal = _journal, None
    drop_contents()
    return journal or []


def take(path: Path | str) -> tuple[bytes, str] | None:
    """The bytes and digest the stamps of this recorded run read from ``path``, once; None when
    they did not (or were already taken): then the file is read."""
    if not _contents:
        return None
    return _contents.pop(os.path.abspath(path), None)


def drop_contents() -> None:
    """Forget the stamped bytes the engine did not take (a file it refused for its size, say)."""
    global _contents
    _contents = {}


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
