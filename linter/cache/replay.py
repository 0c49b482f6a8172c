"""The warm path: answer a repeated ``check`` from the cache before the engine is even imported.

A pre-commit hook, an editor or a watch loop runs the same ``blueprint-lint check`` again and again
on unchanged files. The result cache (:mod:`linter.cache.store`) already skips loading and the rules, but
such a run still imports click, the engine, every rule, the YAML and schema libraries and the
configuration, which alone costs ~0.3 s. This module replays the whole run instead: what it wrote
on standard output and standard error, the report files and the exit code, byte for byte.

An entry is found by the **invocation key**: the arguments, the current directory, the environment
variables the tool reads (:data:`ENV_INPUTS` and every ``BLUEPRINT_LINT_*``), whether standard
output and error are terminals and their encodings, the Python interpreter, a stamp of the import
path (installing or removing a package, a rule plugin say, changes a directory's modification time)
and the tool's fingerprint (version plus a digest of its own sources, schemas and data).

The entry holds the paths, ``--config`` and ``--baseline`` the full run parsed from those
arguments, and the **inputs digest** computed from them before the run began: each workspace root
(found exactly as the engine finds it, :mod:`linter.discover.workspace`), its configuration files, every
spec file of the workspace and every file named, by content; the ``.gitignore``, ``.ignore`` and
``.git/info/exclude`` files the walks read, by content, and the names of what they ignored or
skipped (the run's warnings count them); the ``--config`` and ``--baseline`` files; and the
repository root the CI formats use. A warm run recomputes the digest from the
entry's parsed values, so argument parsing is never duplicated here; a file added, removed,
renamed or edited, a configuration or baseline changed, anything differing gives a miss and a
full run, which stores a new entry.

**What the engine actually read.** The digest is taken before the run; the engine reads the files
later. While a run is recorded, every read of a spec file, configuration or baseline notes the
digest of the bytes as read (:mod:`linter.cache.reads`), and :meth:`Recording.store` refuses to
store unless each of those equals the stamp the inputs digest covered. So a file edited during
the run (even one reverted before it ends) never leaves an entry that pairs one content's digest
with another content's findings.

**Large files.** A file over :data:`_HASH_AT_MOST` (256 MiB) is stamped by size, modification time
and inode, not by content: hashing a 300 MB file costs about 0.4 s (blake2b, measured on the
development machine), on every warm run and twice on every full one. That stamp is enough when
the result depends on the file's size alone: one larger than ``max-file-bytes`` is refused unread
(SY007, stating its size), and the engine's read notes the size it saw. When the engine *read* the
content of such a file (``max-file-bytes`` raised above it, or a configuration or baseline that
large), the result depends on content the stamp does not cover, and the run is **not stored**:
such runs are never replayed.

**Plugins.** The rules of plugins (any rule whose class lives outside the tool's own packages)
make the entry depend on every source and data file (``.py``, ``.json``, ``.yaml``) of the
top-level package each rule's module belongs to, by content (:func:`linter.cache.identity.plugin_files`):
editing a rule module or a helper module of the package, at the same version, gives a full run.
They are stamped right after the plugins are imported and again when the entry is stored; a
difference means the code that ran is not the code on disk, and the run is not stored.

**Ignore rules.** The entry also keeps the full run's .gitignore decisions
(:data:`linter.discover.ignore.memo`, each keyed by the rules it was made under), so that the warm
path's walks never import and run the gitignore matcher; a decision under rules that changed has
another key and is made afresh.

**The entry's layout.** One line of JSON (the header: the parsed arguments, the inputs digest,
the dependencies, the exit code, and the name and size of each piece of standard output and error
and of each report file), then those bytes, one after the other. A warm run that misses reads the
header only; a 22,000-finding report no longer goes through JSON both ways (0.02 s to write and
0.03 s to read of every edit re-run, as an escaped string). Sizes that do not cover the bytes
exactly make the entry a miss.

Only runs that ended normally are stored (never ``--no-cache``, ``--debug``, a usage error or a
crashed rule). A replay writes report files only at paths its own arguments name.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from collections.abc import Sequence
from typing import Any

from linter.cache.atomic import write_atomic
from linter.cache.identity import default_directory, tool_fingerprint

# "2": content stamps hold the size; entries are only stored when the reads matched the stamps.
# "3": a header line, then the bytes written ("The entry's layout").
FORMAT = "3"
# Environment variables the tool reads (tests/test_replay.py checks the sources for others); every
# BLUEPRINT_LINT_* variable counts too.
ENV_INPUTS = frozenset(
    {"CI", "GITHUB_ACTIONS", "TF_BUILD", "NO_COLOR", "FORCE_COLOR", "NO_PROGRESS"}
    # The Azure Pipelines job's identity in SARIF (linter/report/pipeline.py); the build id changes every run.
    | {"SYSTEM_COLLECTIONURI", "SYSTEM_TEAMPROJECTID", "BUILD_DEFINITIONID", "SYSTEM_DEFINITIONID"}
    | {"BUILD_DEFINITIONNAME", "BUILD_BUILDID", "SYSTEM_PHASEID", "SYSTEM_JOBID", "SYSTEM_PHASENAME"}
    | {"SYSTEM_JOBNAME", "BUILD_SOURCEBRANCH"}
)
ENV_PREFIX = "BLUEPRINT_LINT_"
# Files larger than this are stamped by size, modification time and inode instead of content, so a
# huge file costs no more than a stat; a run whose result depends on such a file's content (the
# engine read it) is not stored (module docstring, "Large files"). Patched by tests.
_HASH_AT_MOST = 256 << 20
# The spec files whose stamped bytes the run parses (linter/cache/reads.py, "Read once"): at most
# the default max-file-bytes (a larger file is refused unread unless the limit is raised).
_KEEP_AT_MOST = 64 << 20
_CHUNK = 1 << 20

# The arguments of this process when the command line started it (linter.cli.launch); ``check``
# records its run only then. None in-process (click's test runner, library use).
launched_argv: list[str] | None = None


def _digest(*parts: object) -> str:
    text = json.dumps(parts, ensure_ascii=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode("ascii"), digest_size=20).hexdigest()


# -- keys ----------------------------------------------------------------------------------------
def _python_path_stamp(cwd: str) -> list[tuple[str, int | None]]:
    stamp: list[tuple[str, int | None]] = []
    for entry in sys.path:
        path = os.path.abspath(entry or cwd)
        if path == cwd:  # `python -m` puts the current directory first; reports written there change it
            continue
        try:
            stamp.append((path, os.stat(path).st_mtime_ns))
        except OSError:
            stamp.append((path, None))
    return stamp


def _stream(stream: Any) -> tuple[bool, str, str]:
    if stream is None:
        return (False, "", "")
    try:
        tty = bool(stream.isatty())
    except (AttributeError, ValueError):
        tty = False
    return (tty, str(getattr(stream, "encoding", "")), str(getattr(stream, "errors", "")))


def invocation_key(argv: Sequence[str]) -> str:
    cwd = os.getcwd()
    environment = sorted((k, v) for k, v in os.environ.items() if k in ENV_INPUTS or k.startswith(ENV_PREFIX))
    return _digest(
        "invocation",
        FORMAT,
        list(argv),
        cwd,
        environment,
        [_stream(sys.stdout), _stream(sys.stderr)],
        sys.executable,
        sys.version,
        _python_path_stamp(cwd),
        tool_fingerprint(),
    )


def file_stamp(path: str, keep: dict[str, tuple[bytes, str]] | None = None) -> list[Any]:
    """A file's content (size and digest of the bytes, in the terms of :mod:`linter.cache.reads`),
    or why there is none, without ever blocking on a FIFO; a file over :data:`_HASH_AT_MOST` is
    stamped by size, modification time and inode. With ``keep``, the bytes of a file of at most
    :data:`_KEEP_AT_MOST` go there with their digest, by absolute path (``reads``, "Read once")."""
    try:
        info = os.stat(path)
    except OSError as error:
        return ["missing", error.errno]
    if not stat.S_ISREG(info.st_mode):
        return ["special", stat.S_IFMT(info.st_mode)]
    if info.st_size > _HASH_AT_MOST:
        return ["large", info.st_size, info.st_mtime_ns, info.st_ino]
    digest = hashlib.blake2b(digest_size=20)
    size = 0
    pieces: list[bytes] | None = [] if keep is not None and info.st_size <= _KEEP_AT_MOST else None
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                if pieces is not None:
                    pieces.append(chunk)
    except OSError as error:
        return ["unreadable", error.errno]
    hexdigest = digest.hexdigest()
    if keep is not None and pieces is not None and size <= _KEEP_AT_MOST:
        keep[os.path.abspath(path)] = (pieces[0] if len(pieces) == 1 else b"".join(pieces), hexdigest)
    return ["content", size, hexdigest]


def matches(observed: list[Any], stamp: list[Any] | None) -> bool:
    """Whether what the engine saw of a file (:mod:`linter.cache.reads`) is what ``stamp`` covered."""
    if stamp is None:
        return False
    if observed[0] == "content":
        return stamp == observed  # never a "large" stamp: its content was not covered
    if observed[0] == "size":  # refused unread for its size: the result is the size
        return stamp[0] in ("content", "large") and stamp[1] == observed[1]
    return stamp[0] in ("missing", "special", "unreadable")


def inputs_digest(
    paths: Sequence[str], cwd: str, config: str | None, baseline: str | None, gitignore: bool = True
) -> str | None:
    """Everything a ``check`` of ``paths`` from ``cwd`` reads, by content; None if the paths are
    wrong (the full run reports that)."""
    inputs = _inputs(paths, cwd, config, baseline, gitignore)
    return None if inputs is None else inputs[0]


# The inputs digest; the stamp of every file it covers by absolute path (None for a path stamped
# twice differently: it changed while the digest was taken); the bytes and digest of each spec
# file stamped by content, by absolute path, for the run to parse (linter/cache/reads.py, "Read once").
_Inputs = tuple[str, dict[str, list[Any] | None], dict[str, tuple[bytes, str]]]


def _inputs(
    paths: Sequence[str], cwd: str, config: str | None, baseline: str | None, gitignore: bool
) -> _Inputs | None:
    """The inputs digest, the stamps it covers and the spec files' bytes (:data:`_Inputs`)."""
    from linter.discover.workspace import shared_walks

    with shared_walks():  # the named directories' walks and the roots' share what they can
        return _inputs_walked(paths, cwd, config, baseline, gitignore)


def _inputs_walked(
    paths: Sequence[str], cwd: str, config: str | None, baseline: str | None, gitignore: bool
) -> _Inputs | None:
    from pathlib import Path

    from linter.discover.workspace import (
        CONFIG_FILE_NAMES,
        UsageError,
        WalkResult,
        escapes_root,
        files_by_root,
        repository_root,
        walk_specs,
    )

    named: set[Path] = set()
    walked: dict[Path, WalkResult] = {}
    try:
        by_root = files_by_root([Path(p) for p in paths], Path(cwd), named, respect_gitignore=gitignore, walked=walked)
    except (UsageError, OSError):
        return None
    stamps: dict[str, list[Any] | None] = {}
    contents: dict[str, tuple[bytes, str]] = {}

    def stamped(path: str, keep: dict[str, tuple[bytes, str]] | None = None) -> list[Any]:
        stamp = file_stamp(path, keep)
        key = os.path.abspath(path)
        stamps[key] = stamp if stamps.get(key, stamp) == stamp else None
        return stamp

    def walk_part(walk: WalkResult) -> list[Any]:
        """What of a walk the run's warnings (and the ignore rules behind it) depend on."""
        return [
            [[str(p), stamped(str(p))] for p in walk.ignore_files],
            [str(p) for p in walk.ignored],
            [str(p) for p in walk.skipped],
        ]

    parts: list[Any] = [[str(directory), walk_part(walked[directory])] for directory in sorted(walked)]
    for root in sorted(by_root):
        walk = walk_specs(root, stop_at_nested_roots=True, respect_gitignore=gitignore)
        files = sorted(set(by_root[root]) | set(walk.files))
        parts.append(
            [
                str(root),
                [stamped(str(root / name)) for name in (*CONFIG_FILE_NAMES, "pyproject.toml")],
                [
                    [
                        str(f),
                        f in named,
                        ["outside", os.path.realpath(f)] if escapes_root(f, root) else stamped(str(f), contents),
                    ]
                    for f in files
                ],
                sorted((str(p), reason) for p, reason in walk.unreadable),
                walk_part(walk),
            ]
        )
    extra = [None if p is None else [p, stamped(os.path.join(cwd, p))] for p in (config, baseline)]
    return _digest("inputs", FORMAT, gitignore, parts, extra, str(repository_root(Path(cwd)))), stamps, contents


# The inputs a replay that missed computed, with the (paths, cwd, config, baseline) they are for.
_computed: tuple[tuple[list[str], str, str | None, str | None, bool], _Inputs | None] | None = None


# The walks a replay that missed made, and the .gitignore decisions they consulted: the full run
# discovers its files with the same walks (:func:`missed_walks`) instead of walking again.
_missed: tuple[dict[Any, Any], dict[str, bool]] | None = None


def missed_walks() -> dict[Any, Any] | None:
    """The walks of the replay that missed in this process, for ``shared_walks(seed=…)``."""
    return None if _missed is None else _missed[0]


# -- the store -----------------------------------------------------------------------------------
def _entry_path(directory: str, key: str) -> str:
    return os.path.join(directory, f"v{FORMAT}", "replay", key[:2], key[2:] + ".entry")


def _named_by(path: str, argv: Sequence[str], cwd: str) -> bool:
    """Whether the arguments name ``path`` (as ``-o FILE``, ``--output=FILE`` or ``--report F:FILE``)."""
    for token in argv:
        glued = token[2:] if token.startswith("-o") else ""
        for candidate in (token, token.partition("=")[2], token.partition(":")[2], glued):
            if candidate and os.path.abspath(os.path.join(cwd, candidate)) == path:
                return True
    return False


class Recording:
    """What one full ``check`` run wrote, kept so that an identical later run can replay it."""

    def __init__(
        self, argv: list[str], paths: list[str], config: str | None, baseline: str | None, gitignore: bool = True
    ) -> None:
        self.argv = argv
        self.cwd = os.getcwd()
        self.paths, self.config, self.baseline, self.gitignore = paths, config, baseline, gitignore
        # Computed before the run reads anything; what the run then reads is checked against the
        # stamps before storing (module docstring, "What the engine actually read").
        from linter.discover import ignore

        if ignore.memo is None:  # the engine's walks record their decisions for the entry
            # (those served from a missed replay's walks were consulted there: they start it)
            ignore.memo = dict(_missed[1]) if _missed is not None else {}
        global _computed
        known, _computed = _computed, None
        if known is not None and known[0] == (list(paths), self.cwd, config, baseline, gitignore):
            inputs = known[1]
        else:
            inputs = _inputs(paths, self.cwd, config, baseline, gitignore)
        self.inputs: str | None = None if inputs is None else inputs[0]
        self.stamps: dict[str, list[Any] | None] = {} if inputs is None else inputs[1]
        self.events: list[tuple[str, str]] = []  # ("stdout" | "stderr", text) in the order written
        self.files: list[tuple[str, bytes]] = []
        # plugin modules' files, by content, stamped when the plugins were imported
        self.dependencies: dict[str, list[Any]] = {}
        from linter.cache import reads

        reads.start(None if inputs is None else inputs[2])  # the engine parses the bytes stamped

    @classmethod
    def start(
        cls, paths: list[str], config: str | None, baseline: str | None, gitignore: bool = True
    ) -> Recording | None:
        if launched_argv is None:
            return None
        return cls(list(launched_argv), paths, config, baseline, gitignore)

    def stdout(self, text: str) -> None:
        self.events.append(("stdout", text))

    def stderr(self, text: str) -> None:
        self.events.append(("stderr", text))

    def file(self, path: str, data: bytes) -> None:
        self.files.append((os.path.abspath(path), data))

    def depends_on(self, path: str) -> None:
        """The run's result depends on this file's content (a plugin's source): stamped now, right
        after the plugins were imported, and checked again when the entry is stored."""
        path = os.path.abspath(path)
        if path not in self.dependencies:
            self.dependencies[path] = file_stamp(path)

    def release_contents(self) -> None:
        """The run has read its files: the stamped bytes it did not take are dropped, never parsed
        by a later run in this process (linter/cache/reads.py, "Read once")."""
        from linter.cache import reads

        reads.drop_contents()

    def storable(self) -> bool:
        """Whether the run's result is the one its inputs digest and dependencies describe: every
        file the engine read was read as stamped, and no plugin file changed since its import."""
        from linter.cache import reads

        observations = reads.stop()
        if self.inputs is None:
            return False
        if not all(matches(observed, self.stamps.get(path)) for path, observed in observations):
            return False  # a file changed during the run, or was read without the digest covering it
        for path, stamp in self.dependencies.items():
            if stamp[0] != "content" or file_stamp(path) != stamp:
                return False  # edited since it was imported, or too large to be stamped by content
        return True

    def store(self, exit_code: int) -> None:
        """Write the entry (atomically: concurrent runs see a whole entry or none), unless the run
        read anything other than what its key describes (:meth:`storable`)."""
        if not self.storable():
            return
        outputs = [(stream, text.encode("utf-8", "surrogatepass")) for stream, text in self.events]
        entry = {
            "format": FORMAT,
            "paths": self.paths,
            "config": self.config,
            "baseline": self.baseline,
            "gitignore": self.gitignore,
            "inputs": self.inputs,
            "ignore_decisions": _decisions(),
            "dependencies": [[p, stamp] for p, stamp in sorted(self.dependencies.items())],
            # what was written, by size: the bytes follow the header ("The entry's layout")
            "events": [[stream, len(data)] for stream, data in outputs],
            "files": [[p, len(data)] for p, data in self.files],
            "exit": exit_code,
        }
        path = _entry_path(default_directory(), invocation_key(self.argv))
        header = _encoded(entry)
        if header is not None:
            write_atomic(path, b"".join([header, b"\n", *(data for _, data in outputs), *(d for _, d in self.files)]))


def _encoded(entry: dict[str, Any]) -> bytes | None:
    """The entry as UTF-8 JSON: by orjson when it is there (a 22,000-finding report's entry in a
    tenth of the standard library's time; only a full run stores, and it has orjson loaded),
    else, or for text orjson refuses (a lone surrogate), by the standard library."""
    try:
        import orjson

        return orjson.dumps(entry)
    except (ImportError, TypeError):  # orjson.JSONEncodeError is a TypeError
        pass
    try:
        return json.dumps(entry).encode("ascii")
    except ValueError:
        return None


def _decisions() -> dict[str, bool]:
    from linter.discover import ignore

    return dict(sorted((ignore.memo or {}).items()))


# -- the replay ----------------------------------------------------------------------------------
def _load(argv: Sequence[str]) -> tuple[dict[str, Any], memoryview] | None:
    """The stored entry of this invocation: its header, and the bytes it wrote (not parsed)."""
    path = _entry_path(default_directory(), invocation_key(argv))
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        os.utime(path)  # used: trimming (linter/cache/store.py) removes the least recently used first
        end = raw.find(b"\n")
        entry = json.loads(raw[:end]) if end >= 0 else None
    except (OSError, ValueError):
        return None
    if not (isinstance(entry, dict) and entry.get("format") == FORMAT):
        return None
    return entry, memoryview(raw)[end + 1 :]


def _written(listed: Any, payload: memoryview) -> list[tuple[str, bytes]]:
    """``[name, size]`` pairs and the payload they cut, in order, as ``(name, bytes)``; a
    ValueError unless the sizes cover the payload exactly (a damaged or foreign entry)."""
    found: list[tuple[str, bytes]] = []
    start = 0
    for name, size in listed:
        if not (type(name) is str and type(size) is int and 0 <= size <= len(payload) - start):
            raise ValueError("a damaged entry")
        found.append((name, bytes(payload[start : start + size])))
        start += size
    if start != len(payload):
        raise ValueError("a damaged entry")
    return found


def replay(argv: Sequence[str]) -> int | None:
    """Replay a stored identical run and return its exit code; None when there is none (a miss)."""
    if not argv or argv[0] != "check" or any(a in ("--no-cache", "--debug", "-h", "--help") for a in argv):
        return None
    try:
        loaded = _load(argv)
        if loaded is None:
            return None
        entry, payload = loaded
        cwd = os.getcwd()
        gitignore = bool(entry["gitignore"])
        from linter.discover import ignore

        decisions = entry["ignore_decisions"]
        if not isinstance(decisions, dict):
            return None
        from linter.discover.workspace import shared_walks

        # The stored decisions are consulted; ``memo`` collects the ones these walks consulted.
        ignore.previous = {str(k): v for k, v in decisions.items() if type(v) is bool}
        ignore.memo = {}
        try:
            with shared_walks() as walks:
                inputs = _inputs(entry["paths"], cwd, entry["config"], entry["baseline"], gitignore)
            consulted = ignore.memo
        finally:
            ignore.previous = ignore.memo = None
        if inputs is None or inputs[0] != entry["inputs"]:
            # A miss: the full run records under the same arguments, so it reuses these stamps
            # (taken before it reads anything, as its own would be) instead of hashing every file again,
            # and discovers its files with these walks (the decisions they consulted go to its entry).
            global _computed, _missed
            _computed = ((list(entry["paths"]), cwd, entry["config"], entry["baseline"], gitignore), inputs)
            _missed = (walks, consulted)
            return None
        if any(file_stamp(path) != stamp for path, stamp in entry["dependencies"]):
            return None
        written = _written([*entry["events"], *entry["files"]], payload)
        events = [(stream, data.decode("utf-8", "surrogatepass")) for stream, data in written[: len(entry["events"])]]
        files = written[len(entry["events"]) :]
        if not all(_named_by(path, argv, cwd) for path, _ in files):
            return None  # never write anywhere the arguments do not name
        code = int(entry["exit"])
    except (KeyError, TypeError, ValueError, UnicodeError):
        return None  # a foreign or damaged entry is a miss
    for path, data in files:
        try:
            with open(path, "wb") as handle:
                handle.write(data)
        except OSError:
            return None  # let the full run report it
    for stream, text in events:
        target = sys.stdout if stream == "stdout" else sys.stderr
        target.write(text)
        target.flush()
    return code
