"""The ``.gitignore`` and ``.ignore`` rules a directory walk respects (``--no-respect-gitignore`` turns
them off), with git's meaning, matched by pathspec.

Which rules apply to a path: those of every directory from the *top* down to the path's directory.
The top is the enclosing git repository's top (where ``.git`` is), else the workspace root (the
nearest directory with a blueprint-lint configuration), else the directory walked. In each
directory, ``.gitignore`` is read first and ``.ignore`` (ripgrep's and ruff's convention) after it,
so its rules win; at a repository's top, ``.git/info/exclude`` comes before both. A deeper
directory's rules win over a shallower one's; within one directory the last matching pattern wins,
so ``!keep.yaml`` re-includes. As in git, a file inside an ignored directory cannot be re-included:
the walk never enters that directory.

The rules are read once per directory and walk, and compiled (importing pathspec) only when a
directory has a rule that is not blank or a comment, so a repository without ignore files pays
nothing. A replayed run (linter/cache/replay.py) needs no pathspec at all: the full run it replays
left its decisions in :data:`memo`, each keyed by the text of every rule that applied.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

IGNORE_FILE_NAMES = (".gitignore", ".ignore")
GIT_EXCLUDE = os.path.join(".git", "info", "exclude")

# Decisions already made, by "chain key NUL path NUL d|f" (the key digests every rule of the chain
# with its directory, so a changed, added or removed rules file gives other keys): whether the path
# is ignored. None: no memo. The replay fills it from the run it replays and stores the full run's.
memo: dict[str, bool] | None = None
# Decisions of the run a replay looked at, consulted before deciding afresh: ``memo`` then holds
# exactly the decisions this process's walks consulted (what the next entry should keep).
previous: dict[str, bool] | None = None


class IgnoreRules:
    """The ignore rules of one directory, matched against paths relative to it."""

    __slots__ = ("_spec", "base", "key", "lines")

    def __init__(self, base: str, lines: list[str]) -> None:
        self.base = base
        self.lines = lines
        self._spec: Any = None
        self.key = _digest(base + "\0" + "\n".join(lines))

    def decide(self, relative: str) -> bool | None:
        """True: ignored; False: re-included by a negation; None: no rule here matches."""
        if self._spec is None:
            # Imported here: pathspec costs more than the warm path's whole run (linter/cache/replay.py).
            from pathspec import GitIgnoreSpec

            self._spec = GitIgnoreSpec.from_lines(self.lines)
        include: bool | None = self._spec.check_file(relative).include
        return include


class Chain:
    """The rules that apply in one directory, the top's first, and a key naming all of them."""

    __slots__ = ("key", "rules")

    def __init__(self, rules: tuple[IgnoreRules, ...] = (), key: str = "") -> None:
        self.rules = rules
        self.key = key

    def __bool__(self) -> bool:
        return bool(self.rules)

    def plus(self, rules: IgnoreRules) -> Chain:
        return Chain((*self.rules, rules), _digest(self.key + rules.key))


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()


def _lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read().splitlines()
    except OSError:
        return []  # unreadable or gone: no rules, as git does


def _effective(lines: list[str]) -> bool:
    return any(line.strip() and not line.startswith("#") for line in lines)


def is_ignored(chain: Chain, path: str, is_dir: bool) -> bool:
    """Whether the rules of ``chain`` ignore ``path`` (absolute, below every base)."""
    if memo is None:
        return _decide(chain, path, is_dir)
    key = f"{chain.key}\0{path}\0{'d' if is_dir else 'f'}"
    known = memo.get(key)
    if known is None:
        known = previous.get(key) if previous is not None else None
        if known is None:
            known = _decide(chain, path, is_dir)
        memo[key] = known
    return known


def _decide(chain: Chain, path: str, is_dir: bool) -> bool:
    for rules in reversed(chain.rules):
        relative = path[len(rules.base) :].lstrip(os.sep)
        if os.sep != "/":
            relative = relative.replace(os.sep, "/")
        decided = rules.decide(relative + "/" if is_dir else relative)
        if decided is not None:
            return decided
    return False


class Rulebook:
    """The ignore rules of the directories one walk (or one run, within ``shared_walks``) visits,
    each directory's read once; ``files`` lists every rules file read (the replay's inputs)."""

    def __init__(self) -> None:
        self._chains: dict[str, Chain | None] = {}
        self.files: list[str] = []

    def extend(self, chain: Chain, directory: str, present: set[str] | list[str], top: str) -> Chain:
        """``chain`` (the parent's) with ``directory``'s own rules, if it has any; ``present`` are
        the names in the directory (only the ignore file names matter)."""
        lines: list[str] = []
        if directory == top:
            exclude = os.path.join(directory, GIT_EXCLUDE)
            if os.path.isfile(exclude):
                self.files.append(exclude)
                lines += _lines(exclude)
        for name in IGNORE_FILE_NAMES:
            if name in present:
                path = os.path.join(directory, name)
                self.files.append(path)
                lines += _lines(path)
        return chain.plus(IgnoreRules(directory, lines)) if _effective(lines) else chain

    def chain_for(self, directory: str, top: str) -> Chain | None:
        """The rules that apply to the entries of ``directory`` (its own included), or None when
        the directory itself is ignored (or lies inside an ignored one)."""
        if directory in self._chains:
            return self._chains[directory]
        if directory == top or not directory.startswith(top.rstrip(os.sep) + os.sep):
            chain: Chain | None = self.extend(Chain(), directory, _present(directory), directory)
        else:
            parent = self.chain_for(os.path.dirname(directory), top)
            if parent is None or is_ignored(parent, directory, is_dir=True):
                chain = None
            else:
                chain = self.extend(parent, directory, _present(directory), top)
        self._chains[directory] = chain
        return chain


def _present(directory: str) -> list[str]:
    return [name for name in IGNORE_FILE_NAMES if os.path.isfile(os.path.join(directory, name))]


def git_top(directory: Path) -> Path | None:
    """The top of the git repository ``directory`` is in (where the rules start), if any."""
    for candidate in (directory, *directory.parents):
        if (candidate / ".git").exists():
            return candidate
    return None
