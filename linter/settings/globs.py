"""Workspace globs (``include``, ``exclude``, ``per-file-ignores``) matched in linear time.

The semantics, over workspace-relative POSIX paths:

* ``*`` and ``?`` stay inside one path segment (``*`` any run of characters but ``/``, ``?``
  exactly one), ``**/`` is zero or more whole directories, any other ``**`` spans anything;
* every other character is itself (no character classes, no escapes);
* a leading ``./`` and leading or trailing ``/`` are ignored; a pattern without a ``/`` matches
  a name at any depth (as in .gitignore);
* a pattern that matches a directory matches everything below it (``drafts`` matches
  ``drafts/x.yaml``).

These used to be translated to a backtracking regular expression, where a pattern with many
``**`` (``**a**a**a…b``) against a long name took exponential time. The glob is now compiled to
a small automaton (one state per pattern element) and run on the set of states it can be in, one
path character at a time, so a match costs at most (path length x pattern length) steps whatever
the pattern. The sets reached are memoised per glob (a lazily built DFA, bounded), so the usual
cost is one dictionary look-up per character.

What a glob may be is bounded as well (:func:`glob_problem`, reported by the configuration as a
located error): at most :data:`MAX_GLOB_LENGTH` characters and :data:`MAX_GLOB_DOUBLE_STARS` ``**``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

MAX_GLOB_LENGTH = 1024
MAX_GLOB_DOUBLE_STARS = 32
# Memoised transitions per glob; past this the memo is cleared (memory stays bounded).
_MAX_MEMO = 4096

# Pattern elements.
_LITERAL, _ONE, _STAR, _ANY, _DIRS = range(5)


def glob_problem(pattern: str) -> str | None:
    """Why ``pattern`` is refused as a glob, or None when it is acceptable."""
    if len(pattern) > MAX_GLOB_LENGTH:
        return f"a glob is at most {MAX_GLOB_LENGTH} characters (this one has {len(pattern)})"
    stars = pattern.count("**")
    if stars > MAX_GLOB_DOUBLE_STARS:
        return f"a glob has at most {MAX_GLOB_DOUBLE_STARS} '**' (this one has {stars})"
    return None


def _elements(pattern: str) -> list[tuple[int, str]]:
    text = pattern.strip()
    if text.startswith("./"):
        text = text[2:]
    anchored = "/" in text.rstrip("/")
    text = text.strip("/")
    out: list[tuple[int, str]] = [] if anchored else [(_DIRS, "")]
    i = 0
    while i < len(text):
        if text.startswith("**/", i):
            out.append((_DIRS, ""))
            i += 3
        elif text.startswith("**", i):
            out.append((_ANY, ""))
            i += 2
        elif text[i] == "*":
            out.append((_STAR, ""))
            i += 1
        elif text[i] == "?":
            out.append((_ONE, ""))
            i += 1
        else:
            out.append((_LITERAL, text[i]))
            i += 1
    return out


@dataclass
class _Glob:
    """A compiled glob. States: ``0..n`` "before element i" (``n``: the whole pattern matched),
    ``n + 1`` the tail below a matched directory, ``n + 2 + i`` inside the ``(.*/)`` of a
    ``**/`` element i."""

    elements: list[tuple[int, str]]
    alphabet: frozenset[str] = field(init=False)
    start: frozenset[int] = field(init=False)
    memo: dict[tuple[frozenset[int], str | None], frozenset[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.alphabet = frozenset(c for kind, c in self.elements if kind == _LITERAL) | {"/"}
        self.start = self._closure({0})

    @property
    def _final(self) -> int:
        return len(self.elements)

    def _closure(self, states: set[int]) -> frozenset[int]:
        n = self._final
        todo = list(states)
        seen = set(states)
        while todo:
            state = todo.pop()
            if state >= n:
                continue
            kind = self.elements[state][0]
            following: list[int] = []
            if kind in (_STAR, _ANY):
                following.append(state + 1)
            elif kind == _DIRS:
                following += [state + 1, n + 2 + state]
            for other in following:
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return frozenset(seen)

    def _step(self, states: frozenset[int], char: str | None) -> frozenset[int]:
        """The states after reading ``char`` (None: a character the pattern does not name)."""
        n = self._final
        reached: set[int] = set()
        for state in states:
            if state == n:
                if char == "/":
                    reached.add(n + 1)
            elif state == n + 1:
                reached.add(n + 1)
            elif state > n + 1:
                reached.add(state)
                if char == "/":
                    reached.add(state - n - 2 + 1)
            else:
                kind, literal = self.elements[state]
                if kind == _LITERAL:
                    if char == literal:
                        reached.add(state + 1)
                elif kind == _ONE:
                    if char != "/":
                        reached.add(state + 1)
                elif kind == _STAR:
                    if char != "/":
                        reached.add(state)
                elif kind == _ANY:
                    reached.add(state)
        return self._closure(reached)

    def match(self, path: str) -> bool:
        n = self._final
        states = self.start
        alphabet = self.alphabet
        memo = self.memo
        for char in path:
            # Characters the pattern does not name behave alike: one memo entry for all of them.
            symbol = char if char in alphabet else None
            key = (states, symbol)
            following = memo.get(key)
            if following is None:
                if len(memo) >= _MAX_MEMO:
                    memo.clear()
                following = memo[key] = self._step(states, symbol)
            states = following
            if not states:
                return False
            if n + 1 in states:
                return True  # a matched directory: everything below it matches
        return n in states or n + 1 in states


@cache
def _compiled(pattern: str) -> _Glob:
    return _Glob(_elements(pattern))


def glob_match(pattern: str, relative_posix: str) -> bool:
    """Whether the workspace glob ``pattern`` matches the workspace-relative POSIX path."""
    return _compiled(pattern).match(relative_posix)
