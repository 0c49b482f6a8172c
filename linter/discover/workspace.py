"""Finding the workspace: which directory is the blueprint's root and which files are spec files.

A *workspace* is one blueprint, possibly split over many files. Its root is the nearest directory,
from a linted path upwards, that holds a blueprint-lint configuration (``.blueprint-lint.yaml``,
``.blueprint-lint.yml`` or a ``pyproject.toml`` with ``[tool.blueprint-lint]``); failing that, the
top of the enclosing git repository; failing that, the directory named (or the file's directory).
A configuration file further down starts a workspace of its own, so ``check examples/`` lints
every example as a separate blueprint.

Spec files are ``.yaml``, ``.yml`` and ``.json`` files with a top-level ``blueprint_version`` key.
The directory walk skips files without it, and what ``.gitignore`` and ``.ignore`` files ignore
(linter/discover/ignore.py); a file named on the command line is always linted.
The root never depends on *which* files were named, so pre-commit (which passes only the changed
files) resolves references exactly as a full run does.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from linter.core.memory import RunMemory, racy
from linter.core.paths import outside
from linter.discover.ignore import Chain, Rulebook, git_top, is_ignored

CONFIG_FILE_NAMES = (".blueprint-lint.yaml", ".blueprint-lint.yml")
PYPROJECT = "pyproject.toml"
# A `[tool.blueprint-lint]` table header (or one of its sub-tables) in a pyproject.toml.
_TOOL_TABLE = re.compile(r"""(?m)^\s*\[\s*tool\s*\.\s*["']?blueprint-lint["']?\s*[\].]""")
SPEC_SUFFIXES = (".yaml", ".yml", ".json")
# A top-level key at column 0, in block YAML or JSON ("blueprint_version": 1).
# A UTF-8 byte-order mark may precede it on the first line.
_MARKER = re.compile(rb'(?m)^(?:\xef\xbb\xbf)?(?:\{\s*)?["\']?blueprint_version["\']?\s*:')
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")  # UTF-16 (and UTF-32 LE, which starts the same)
_CHUNK = 1 << 20
# How much of a line's start is kept across chunks; a marker further into a line is not at column 0.
_CARRY = 256
# Directories that never hold a team's blueprint but can be huge.
_SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages", "build", "dist"})


def config_files(directory: Path) -> list[Path]:
    """The blueprint-lint configuration files in ``directory``: the YAML ones present, else a
    ``pyproject.toml`` that declares a ``[tool.blueprint-lint]`` table (an unrelated pyproject is
    not ours). The one test of "does this directory configure a workspace" for discovery and
    for loading the configuration alike."""
    present = [directory / name for name in CONFIG_FILE_NAMES if (directory / name).is_file()]
    if present:
        return present
    pyproject = directory / PYPROJECT
    if pyproject.is_file():
        try:
            text = pyproject.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
        if _TOOL_TABLE.search(text):
            return [pyproject]
    return []


def has_config(directory: Path) -> bool:
    return bool(config_files(directory))


def find_root(path: Path) -> Path:
    """The workspace root for ``path`` (absolute), by the rules in the module docstring."""
    start = path if path.is_dir() else path.parent
    chain = [start, *start.parents]
    for directory in chain:
        if has_config(directory):
            return directory
    for directory in chain:
        if (directory / ".git").exists():
            return directory
    return start


def looks_like_spec(head: bytes) -> bool:
    """Cheap pre-filter for the directory walk; the loader confirms the key really is top-level."""
    return _MARKER.search(head) is not None


class WalkResult:
    # A plain class, not a dataclass: this module is on the warm path (linter/cache/replay.py), where
    # importing dataclasses (and with it inspect) costs more than the rest of the run.
    def __init__(self) -> None:
        self.files: list[Path] = []
        self.unreadable: list[tuple[Path, str]] = []
        # .yaml/.yml/.json files without the blueprint_version key, dotfiles aside (check's
        # "skipped" warning).
        self.skipped: list[Path] = []
        # Directories and spec-suffixed files left out by .gitignore / .ignore rules (the walk
        # never enters an ignored directory), and every rules file read (the replay's inputs).
        self.ignored: list[Path] = []
        self.ignore_files: list[Path] = []
        # Whether a subdirectory visited (or left out as a nested root) holds its own configuration:
        # without one, the walk that stops at nested roots and the walk that does not are the same.
        self.nested_root_seen = False


def has_marker(path: Path) -> bool:
    """Whether the file has a top-level ``blueprint_version`` key, read in bounded chunks.

    A huge YAML file that is not a blueprint costs one pass of a C regex, never its whole size in
    memory. UTF-16 and UTF-32 files (with a byte-order mark) are decoded from their first chunk.
    """
    with path.open("rb") as handle:
        chunk = handle.read(_CHUNK)
        if chunk.startswith(_WIDE_BOMS) or chunk.startswith(b"\x00\x00\xfe\xff"):
            for encoding in ("utf-32", "utf-16"):
                try:
                    text = chunk.decode(encoding, errors="ignore")
                except UnicodeError:
                    continue
                if looks_like_spec(text.encode("utf-8", errors="ignore")):
                    return True
            return False
        carry = b""
        while chunk:
            buffer = carry + chunk
            if looks_like_spec(buffer):
                return True
            cut = buffer.rfind(b"\n")
            tail = buffer[cut:] if cut >= 0 else buffer
            # "x" keeps a cut line from looking like a line start to the regex's ``^``.
            carry = tail if len(tail) <= _CARRY else b"x"
            chunk = handle.read(_CHUNK)
    return False


# A baseline file (`blueprint-lint baseline`) says so at the top, after its comment header.
_BASELINE_MARKER = re.compile(rb'(?m)^["\']?baseline_version["\']?\s*:')


def _is_baseline(path: Path) -> bool:
    with path.open("rb") as handle:
        return _BASELINE_MARKER.search(handle.read(4096)) is not None


def escapes_root(candidate: Path, directory: Path) -> bool:
    """A symlink whose target lies outside ``directory`` (the walk never opens those)."""
    return candidate.is_symlink() and outside(candidate, directory)


# Walks shared by everything inside one `shared_walks()` block (None: no sharing), by
# (directory, stop at nested roots, respect .gitignore).
SharedWalks = dict[tuple[Path, bool, bool], WalkResult]
_shared: SharedWalks | None = None


@contextmanager
def shared_walks(seed: SharedWalks | None = None) -> Iterator[SharedWalks]:
    """Within the block, a directory walked twice the same way is walked once.

    A ``check`` run discovers its files twice: for the replay's inputs digest (linter/cache/replay.py)
    and in the engine. Sharing the walk halves that cost on a large workspace (each walk opens
    every candidate file) and lets both see the same listing. ``seed`` holds walks made moments
    before, outside the block (a replay that missed); the block yields its walks.
    """
    global _shared
    outer = _shared
    _shared = ({} if seed is None else seed) if outer is None else outer
    try:
        yield _shared
    finally:
        _shared = outer


def walk_specs(
    directory: Path, *, stop_at_nested_roots: bool, respect_gitignore: bool = True, memory: RunMemory | None = None
) -> WalkResult:
    """Spec files below ``directory`` in sorted order (hidden and tool directories skipped, and
    with ``respect_gitignore`` what the .gitignore and .ignore rules ignore).

    With ``stop_at_nested_roots``, subdirectories holding their own configuration are left out:
    they are separate workspaces. Directory symlinks are not followed. A file symlink pointing
    outside ``directory`` is listed without being opened: the engine refuses to read anything
    outside the workspace root and reports it when the file was asked for. With a ``memory`` (a
    long-lived process), a file whose ``stat`` is unchanged is not opened again for its marker.
    """
    if _shared is None:
        return _walk_specs(directory, stop_at_nested_roots, respect_gitignore, memory)
    key = (directory, stop_at_nested_roots, respect_gitignore)
    if key not in _shared:
        walk = _shared[key] = _walk_specs(directory, stop_at_nested_roots, respect_gitignore, memory)
        if not walk.nested_root_seen:  # a named directory's walk is then its workspace's too
            _shared.setdefault((directory, not stop_at_nested_roots, respect_gitignore), walk)
    return _shared[key]


def _marked(candidate: Path, memory: RunMemory | None) -> bool | None:
    """Whether the regular file has the marker (None: not a regular file, or a dangling link)."""
    try:
        info = os.stat(candidate)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None  # a FIFO, a socket, a directory named *.yaml
    if memory is None:
        return has_marker(candidate)
    signature = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    kept = memory.marker(candidate, signature)
    if kept is not None:
        return kept
    marked = has_marker(candidate)
    if not racy(info.st_mtime_ns, info.st_ctime_ns):
        memory.keep_marker(candidate, signature, marked)
    return marked


def _walk_specs(
    directory: Path, stop_at_nested_roots: bool, respect_gitignore: bool, memory: RunMemory | None = None
) -> WalkResult:
    result = WalkResult()
    rulebook = Rulebook() if respect_gitignore else None
    top = ""
    # The ignore rules of each directory still to visit, its parent's (a directory's own rules
    # are added when it is visited, from the listing os.walk made anyway).
    chains: dict[str, Chain] = {}
    if rulebook is not None:
        top = str(git_top(directory) or find_root(directory))
        start = rulebook.chain_for(str(directory), top)
        if start is None:  # the directory itself is ignored
            result.ignored.append(directory)
            result.ignore_files = [Path(p) for p in rulebook.files]
            return result
        chains[str(directory)] = start
    for current, dirnames, filenames in os.walk(directory, followlinks=False):
        base = Path(current)
        chain = Chain()
        if rulebook is not None:
            chain = chains.pop(current)
            if current != str(directory):
                chain = rulebook.extend(chain, current, filenames, top)
        keep = []
        for name in sorted(dirnames):
            if name.startswith(".") or name in _SKIP_DIRS:
                continue
            if has_config(base / name):
                result.nested_root_seen = True
                if stop_at_nested_roots:
                    continue
            if chain and is_ignored(chain, os.path.join(current, name), is_dir=True):
                result.ignored.append(base / name)
                continue
            keep.append(name)
            if rulebook is not None:
                chains[os.path.join(current, name)] = chain
        dirnames[:] = keep
        for name in sorted(filenames):
            if not name.endswith(SPEC_SUFFIXES):
                continue
            candidate = base / name
            if chain and is_ignored(chain, os.path.join(current, name), is_dir=False):
                result.ignored.append(candidate)
                continue
            if escapes_root(candidate, directory):
                result.files.append(candidate)
                continue
            try:
                marked = _marked(candidate, memory)
                if marked is None:
                    continue  # a dangling link, a symlink loop, a FIFO, a socket, …
                if marked:
                    result.files.append(candidate)
                elif not name.startswith(".") and not _is_baseline(candidate):
                    # dotfiles (.blueprint-lint.yaml, CI's) and baselines are never blueprints
                    result.skipped.append(candidate)
            except OSError as error:
                result.unreadable.append((candidate, error.strerror or str(error)))
    if rulebook is not None:
        result.ignore_files = [Path(p) for p in rulebook.files]
    return result


def ignored_by_rules(path: Path, rulebook: Rulebook) -> bool:
    """Whether the .gitignore / .ignore rules ignore the file ``path`` (absolute), as a walk would;
    for ``--force-exclude``, which applies them to named files too."""
    directory = path.parent
    top = str(git_top(directory) or find_root(directory))
    chain = rulebook.chain_for(str(directory), top)
    return chain is None or (bool(chain) and is_ignored(chain, str(path), is_dir=False))


def iter_unique(paths: Iterable[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for path in paths:
        if path not in seen:
            seen.add(path)
            yield path


def display_path(path: Path, cwd: Path) -> str:
    """Paths as users see them: relative to the current directory when below it, POSIX style."""
    try:
        shown = path.relative_to(cwd).as_posix()
    except ValueError:
        shown = path.as_posix()
    # A file name that is not valid UTF-8 arrives with surrogate escapes, which no output stream
    # can encode; show the undecodable bytes as U+FFFD instead of crashing the reporter.
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class UsageError(Exception):
    """The invocation itself is wrong (exit code 2)."""


def expand_paths(
    paths: Iterable[Path],
    cwd: Path,
    named: set[Path] | None = None,
    *,
    respect_gitignore: bool = True,
    walked: dict[Path, WalkResult] | None = None,
    virtual: Collection[Path] = (),
) -> list[Path]:
    """The files ``paths`` stand for: a directory's spec files, a file itself (added to ``named``).
    ``walked`` receives each named directory's walk (what it skipped, for the run's warnings). A
    path in ``virtual`` (standard input's ``--stdin-filename``, an editor's unsaved buffer) is a
    file whether or not it exists on disk."""
    files: list[Path] = []
    for given in paths:
        path = Path(os.path.abspath(cwd / given))
        if path in virtual:
            files.append(path)
            if named is not None:
                named.add(path)
        elif path.is_dir():
            walk = walk_specs(path, stop_at_nested_roots=False, respect_gitignore=respect_gitignore)
            if walked is not None:
                walked[path] = walk
            files.extend(walk.files)
        elif path.exists():
            files.append(path)
            if named is not None:
                named.add(path)
        else:
            raise UsageError(f"{given}: no such file or directory")
    return list(iter_unique(files))


def files_by_root(
    paths: Sequence[Path],
    cwd: Path,
    named: set[Path],
    *,
    respect_gitignore: bool = True,
    walked: dict[Path, WalkResult] | None = None,
    virtual: Collection[Path] = (),
) -> dict[Path, list[Path]]:
    """The files of ``paths`` (the current directory when none) grouped by workspace root."""
    by_root: dict[Path, list[Path]] = {}
    # The root of each directory, found once: a walk yields thousands of files from a few
    # directories, and each search stats every configuration file name up to the file system root.
    roots: dict[Path, Path] = {}
    expanded = expand_paths(
        paths or [Path(".")], cwd, named, respect_gitignore=respect_gitignore, walked=walked, virtual=virtual
    )
    for path in expanded:
        start = path if path.is_dir() else path.parent
        root = roots.get(start)
        if root is None:
            root = roots[start] = find_root(start)
        by_root.setdefault(root, []).append(path)
    return by_root


def repository_root(cwd: Path) -> Path:
    """The nearest directory from ``cwd`` upwards holding ``.git``; ``cwd`` itself failing that."""
    for directory in (cwd, *cwd.parents):
        if (directory / ".git").exists():
            return directory
    return cwd
