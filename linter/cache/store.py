"""A content-hash result cache, safe when several processes share it (as pre-commit runs do).

Two kinds of entries, both keyed on everything that can change them:

- **per file**: the loaded data, load problems and schema problems of one file, keyed on its
  bytes as the engine read them (hashed while reading: linter/load/read.py), the schema, the load
  limits, the loader in use and the tool's fingerprint; written only after the rules ran, and
  never for a file in which a rule found a secret (the data would hold it: linter/run/redaction.py);
- **per workspace**: the final diagnostics of one workspace (their messages redacted) and where
  its excerpts are masked, keyed on every file's path, role and digest of the bytes read, the
  options (configuration), the rule set, the source of every plugin (every file of the top-level
  package a plugin rule comes from: :func:`linter.cache.identity.plugin_digest`) and the tool's
  fingerprint.

The tool's fingerprint (:func:`linter.identity.tool_fingerprint`) is its version plus a digest of
the engine's, the schemas' and the built-in rules' files, so even an unreleased edit invalidates
the cache. Entries are written to a
temporary file and renamed into place (atomic on every platform), so a reader sees a whole entry
or none. A missing, truncated or foreign entry is a miss. Entries are read with a restricted
unpickler that only builds plain data and the engine's own value classes.

Size: the cache keeps at most ``$BLUEPRINT_LINT_CACHE_MAX_MB`` megabytes (1024 by default). At most
once an hour a run scans it and removes the least recently used entries (a hit marks an entry as
used) down to 80 % of the limit, and temporary files a dead writer left behind.

Location: ``$BLUEPRINT_LINT_CACHE_DIR`` if set, else the platform's user cache directory
(``$XDG_CACHE_HOME/blueprint-lint`` or ``~/.cache/blueprint-lint`` on Linux,
``~/Library/Caches/blueprint-lint`` on macOS, ``%LOCALAPPDATA%\\blueprint-lint\\Cache`` on
Windows). Never inside the linted repository.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from linter.cache import identity
from linter.cache.atomic import TEMPORARY_PREFIX, write_atomic
from linter.cache.identity import ENV_DIR, tool_fingerprint
from linter.core.memory import RunMemory

__all__ = [
    "ENV_DIR",
    "Cache",
    "content_hash",
    "default_directory",
    "make_key",
    "maybe_trim",
    "tool_fingerprint",
    "trim",
]
# Bump when the layout of an entry changes.
FORMAT = "1"

_ALLOWED = {
    ("linter.core.diagnostics", "Diagnostic"),
    ("linter.core.diagnostics", "Severity"),
    ("linter.core.diagnostics", "Span"),
    ("linter.core.diagnostics", "Suppression"),
    ("linter.load.reference", "LoadProblem"),
    ("linter.validate.schema", "SchemaProblem"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return super().find_class(module, name)


def default_directory() -> Path:
    return Path(identity.default_directory())


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def make_key(*parts: object) -> str:
    return key_maker(*parts)()


def key_maker(*parts: object) -> Callable[..., str]:
    """``make_key`` with ``parts`` hashed once: the function gives ``make_key(*parts, *more)``
    for its arguments ``more`` (2,000 per-file keys share all but the file's digest)."""
    digest = hashlib.blake2b(digest_size=20)
    _feed(digest, (FORMAT, *parts))

    def finish(*more: object) -> str:
        copy = digest.copy()
        _feed(copy, more)
        return copy.hexdigest()

    return finish


def _feed(digest: Any, parts: tuple[object, ...]) -> None:
    for part in parts:
        text = part if isinstance(part, str) else repr(part)
        digest.update(len(text).to_bytes(8, "little"))
        digest.update(text.encode("utf-8", "surrogatepass"))


class Cache:
    """Get and put pickled values by key under ``directory`` (``None`` disables the cache)."""

    # The kinds a long-lived process keeps decoded in memory (linter/core/memory.py): the per-file
    # entries, read thousands at a time. Workspace replays and incremental states are read once.
    MEMORY_KINDS = frozenset({"file"})
    # Kept in memory as written, the disk write deferred until the memory is flushed: the
    # incremental state, read and replaced by every run of the same workspace.
    DEFERRED_KINDS = frozenset({"incremental"})
    # Pickled without the memo (the pickler's fast mode: a quarter of the time for the 4.5 MB state
    # of a 2,000-file workspace, which every edit re-run writes): the kinds whose values are trees of
    # a fixed, shallow shape (linter/run/incremental.py's State, a workspace's diagnostics), so an
    # object met twice is only written twice. Never a file's data (YAML aliases share sub-trees;
    # unfolded, a few lines could become gigabytes) nor the per-entity facts (their loads share
    # objects: unfolded, the 2.6 MB facts of that workspace became 680 MB).
    TREE_KINDS = frozenset({"incremental", "workspace"})

    def __init__(self, directory: Path | None, memory: RunMemory | None = None) -> None:
        self.directory = directory
        self.memory = memory

    def __getstate__(self) -> dict[str, Any]:
        # A worker process gets the directory, never the parent's memory.
        return {"directory": self.directory, "memory": None}

    @property
    def enabled(self) -> bool:
        return self.directory is not None

    def _path(self, kind: str, key: str) -> str:
        assert self.directory is not None
        # Joined as text: a run reads thousands of entries, and pathlib's joins cost more than the reads.
        return os.path.join(self.directory, f"v{FORMAT}", kind, key[:2], key[2:])

    def get(self, kind: str, key: str) -> Any | None:
        if self.directory is None:
            return None
        remember = self.memory is not None and (kind in self.MEMORY_KINDS or kind in self.DEFERRED_KINDS)
        if remember:
            assert self.memory is not None
            kept = self.memory.value(kind, key)
            if kept is not None:
                return kept
        value = self._read(kind, key)
        if remember and value is not None:
            assert self.memory is not None
            self.memory.keep_value(kind, key, value)
        return value

    def _read(self, kind: str, key: str) -> Any | None:
        try:
            with open(self._path(kind, key), "rb") as entry:
                raw = entry.read()
        except OSError:
            return None
        value = self.decode(kind, key, raw)
        if value is not None:
            touch(self._path(kind, key))
        return value

    def decode(self, kind: str, key: str, raw: bytes) -> Any | None:
        """The value the bytes :meth:`encode` gave for ``kind`` and ``key`` hold; None for anything
        else (damaged, foreign, or written for another kind or key)."""
        try:
            stored = _Unpickler(io.BytesIO(raw)).load()
        except (EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError, IndexError):
            return None
        # An entry names the kind and key it was written for: one copied or swapped in under
        # another name is a miss, never another input's result.
        if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == kind and stored[1] == key):
            return None
        return stored[2]

    def put(self, kind: str, key: str, value: Any) -> None:
        if self.memory is not None and self.directory is not None and kind in self.DEFERRED_KINDS:
            self.memory.keep_value(kind, key, value)
            self.memory.defer(kind, key, lambda: self._put_now(kind, key, value))
            return
        self._put_now(kind, key, value)

    def _put_now(self, kind: str, key: str, value: Any) -> None:
        data = self.encode(kind, key, value)
        if data is not None:
            self.put_encoded(kind, key, data)

    def encode(self, kind: str, key: str, value: Any) -> bytes | None:
        """The bytes :meth:`put` would store (None when the cache is off or the value is not storable),
        for a caller that decides later whether to store them (linter/run/file_stage.py)."""
        if self.directory is None:
            return None
        try:
            if kind not in self.TREE_KINDS:
                return pickle.dumps((kind, key, value), protocol=pickle.HIGHEST_PROTOCOL)
            buffer = io.BytesIO()
            pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.fast = True  # a cycle raises ValueError (caught below) instead of recursing
            pickler.dump((kind, key, value))
            return buffer.getvalue()
        except (pickle.PicklingError, RecursionError, TypeError, AttributeError, ValueError):
            return None  # not storable: the run goes on uncached

    def put_encoded(self, kind: str, key: str, data: bytes) -> None:
        if self.directory is not None:
            write_atomic(self._path(kind, key), data)


# -- size: least recently used entries go first ------------------------------------------------
MAX_ENV = "BLUEPRINT_LINT_CACHE_MAX_MB"
DEFAULT_MAX_MB = 1024
# A full scan of the cache at most this often (a marker file's age says when the last one ran).
TRIM_INTERVAL_SECONDS = 3600
# A temporary file this old belongs to a process that died while writing.
STALE_TEMPORARY_SECONDS = 86400
# Trimming goes below the limit, so that the next runs do not trim again at once.
TRIM_TO = 0.8


def touch(path: str | Path) -> None:
    """Mark an entry as just used (trimming removes the least recently used first)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def max_bytes() -> int:
    """The cache's size limit: ``$BLUEPRINT_LINT_CACHE_MAX_MB`` megabytes, 1024 by default."""
    try:
        megabytes = float(os.environ.get(MAX_ENV, DEFAULT_MAX_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return max(0, int(megabytes * 1_000_000))


def maybe_trim(directory: Path | None, now: float | None = None) -> None:
    """Trim the cache when the last trim is older than :data:`TRIM_INTERVAL_SECONDS`."""
    if directory is None:
        return
    now = time.time() if now is None else now
    marker = directory / f"v{FORMAT}" / ".trimmed"
    try:
        if now - marker.stat().st_mtime < TRIM_INTERVAL_SECONDS:
            return
    except OSError:
        pass  # never trimmed (or unreadable): trim now
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
        os.utime(marker, (now, now))
    except OSError:
        return  # a cache that cannot be written cannot grow either
    trim(directory, max_bytes(), now)


def trim(directory: Path, limit: int, now: float) -> int:
    """Remove least recently used entries until the cache holds at most ``TRIM_TO`` × ``limit``
    bytes (when it holds more than ``limit``), and temporary files left by dead writers; returns
    the bytes removed. Safe while other runs use the cache: a reader that loses an entry has a miss.
    """
    entries: list[tuple[float, int, str]] = []
    removed = 0
    for current, _, names in os.walk(directory / f"v{FORMAT}"):
        for name in names:
            path = os.path.join(current, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            if name.startswith(TEMPORARY_PREFIX) or name.endswith(".tmp"):
                if now - info.st_mtime > STALE_TEMPORARY_SECONDS and _unlink(path):
                    removed += info.st_size
                continue
            if name != ".trimmed":
                entries.append((info.st_mtime, info.st_size, path))
    total = sum(size for _, size, _ in entries)
    if total <= limit:
        return removed
    for _, size, path in sorted(entries):
        if total <= limit * TRIM_TO:
            break
        if _unlink(path):
            total -= size
            removed += size
    return removed


def _unlink(path: str) -> bool:
    try:
        os.unlink(path)
    except OSError:
        return False
    return True
