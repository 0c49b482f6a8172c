"""What a long-lived process keeps between lint runs (the language server, linter/lsp/session.py).

A ``check`` process lints once and exits; everything it knows comes from the files and the result
cache. A server lints the same workspace after every keystroke, so it keeps two things in memory:

- the files on disk as last read, by their ``stat`` (identity and change time, size): an unchanged
  file is neither re-read, re-hashed nor re-resolved (a symlink's target is checked once), and the
  directory walk does not open it again to look for the ``blueprint_version`` marker;
- the per-file cache entries already unpickled: an unchanged file's parse is the very object the
  previous run used, instead of a fresh copy from disk (unpickling 2,000 entries costs a third of
  a second, and freeing the previous copy as much again);
- each unchanged file's ``SourceFile`` (linter/model/blueprint.py), with the entities and the
  parts of the referrer indexes the model derived from it: the next model is assembled from them
  instead of re-deriving them from every file's data;
- the incremental state (linter/run/incremental.py) as the last run left it; its write to the
  cache is deferred until :meth:`RunMemory.flush` (after the diagnostics are published).

Performance only: never part of a cache key, and a run with it gives the output a run without it
gives (tests/test_lsp_session.py checks this over random edits). Values kept here are shared
between runs, so nothing may mutate a loaded file's data (the engine and the rules never do).
After each run :meth:`RunMemory.forget_unused` drops what that run did not use (a deleted file,
the previous version of an edited one), so memory follows the workspace, not its history.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# A file changed this recently may change again within the file system's timestamp granularity
# without its stat changing; such a file is read afresh each run until it has been still this long
# (git's "racily clean" entries, handled the same way).
RACY_NS = 2_000_000_000


def racy(*changed_ns: int) -> bool:
    """Whether a file whose times (nanoseconds) are ``changed_ns`` changed within RACY_NS."""
    return time.time_ns() - max(changed_ns) < RACY_NS


_Stamped = dict[Path, tuple[tuple[int, ...], Any]]


class RunMemory:
    def __init__(self) -> None:
        # path → (stat signature, the snapshot read then)
        self.snapshots: _Stamped = {}
        # (cache kind, key) → the decoded value
        self.values: dict[tuple[str, str], Any] = {}
        # path → (stat signature, whether it has the blueprint_version marker), for the walk
        self.markers: _Stamped = {}
        self._used_snapshots: set[Path] = set()
        self._used_values: set[tuple[str, str]] = set()
        self._used_markers: set[Path] = set()
        # path → the SourceFile built last time and what it was built from (see source_file)
        self.sources: dict[Path, tuple[tuple[tuple[Any, ...], tuple[Any, ...]], Any]] = {}
        self._used_sources: set[Path] = set()
        self._pending: dict[tuple[str, str], Callable[[], None]] = {}

    def snapshot(self, path: Path, signature: tuple[int, ...]) -> Any | None:
        return _stamped(self.snapshots, self._used_snapshots, path, signature)

    def keep_snapshot(self, path: Path, signature: tuple[int, ...], snapshot: Any) -> None:
        self.snapshots[path] = (signature, snapshot)
        self._used_snapshots.add(path)

    def value(self, kind: str, key: str) -> Any | None:
        value = self.values.get((kind, key))
        if value is not None:
            self._used_values.add((kind, key))
        return value

    def keep_value(self, kind: str, key: str, value: Any) -> None:
        self.values[(kind, key)] = value
        self._used_values.add((kind, key))

    def marker(self, path: Path, signature: tuple[int, ...]) -> bool | None:
        marked: bool | None = _stamped(self.markers, self._used_markers, path, signature)
        return marked

    def keep_marker(self, path: Path, signature: tuple[int, ...], marked: bool) -> None:
        self.markers[path] = (signature, marked)
        self._used_markers.add(path)

    def source_file(
        self, path: Path, made_of: tuple[Any, ...], settings: tuple[Any, ...], build: Callable[[], Any]
    ) -> Any:
        """The SourceFile kept for ``path`` if it was built from the very same objects ``made_of``
        (the snapshot and its loaded data: compared by identity, never by content) and equal
        ``settings``; else a new one from ``build``, kept for the next run."""
        self._used_sources.add(path)
        kept = self.sources.get(path)
        if kept is not None:
            (kept_of, kept_settings), source = kept
            same = len(kept_of) == len(made_of) and all(a is b for a, b in zip(kept_of, made_of, strict=True))
            if same and kept_settings == settings:
                return source
        built = build()
        self.sources[path] = ((made_of, settings), built)
        return built

    def defer(self, kind: str, key: str, write: Callable[[], None]) -> None:
        """Hold a cache write until :meth:`flush` (the latest one per entry): the server writes
        the incremental state after the diagnostics are out, not before."""
        self._pending[(kind, key)] = write

    def flush(self) -> None:
        pending, self._pending = self._pending, {}
        for write in pending.values():
            write()

    def forget_unused(self) -> None:
        """Drop what the run since the last call did not use."""
        self.snapshots = {p: kept for p, kept in self.snapshots.items() if p in self._used_snapshots}
        self.values = {k: v for k, v in self.values.items() if k in self._used_values}
        self.markers = {p: kept for p, kept in self.markers.items() if p in self._used_markers}
        self.sources = {p: kept for p, kept in self.sources.items() if p in self._used_sources}
        self._used_snapshots, self._used_values, self._used_markers = set(), set(), set()
        self._used_sources = set()


def _stamped(table: _Stamped, used: set[Path], path: Path, signature: tuple[int, ...]) -> Any | None:
    """What ``table`` keeps for ``path`` if its stat ``signature`` is unchanged (marked used)."""
    kept = table.get(path)
    if kept is None or kept[0] != signature:
        return None
    used.add(path)
    return kept[1]
