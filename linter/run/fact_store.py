"""The per-entity facts of a run (``Blueprint.memo_of``), stored for the next ``check``.

A long-lived process (the language server) keeps the facts of its last lint in memory and carries
them over to the next (linter/run/engine.py, ``_carry_facts``). A ``check`` after an edit would
otherwise recompute them for every entity of the workspace: on a 20,000-interface blueprint the
capacity model's load of each interface alone is about half of the rules' time. So the facts are
stored in the result cache next to the incremental state, under the same setup key, and tagged
with the **token** of the state they were computed with (:func:`token`: every file's digest). A
run takes them only when its plan is against that very state; any other pairing is a miss.

The facts are encoded apart from the model they came from: an ``Entity`` inside a fact (the
capacity model's ``InterfaceLoad`` holds its interface) is written as a placeholder that reads
back as ``None``; the rule that reads the fact rebinds it to the current model's entity, as it must
for a fact carried in memory (``Blueprint.memo_of``). Anything else of the model (a file, the
model itself) makes the facts unstorable: they would drag the whole blueprint in.

Reading goes through a restricted unpickler, like every cache entry (linter/cache/store.py):
plain data, and the dataclasses of the loaded rules' own packages that are already imported.
An entry that names anything else is a miss.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
import sys
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from linter.cache.store import make_key
from linter.model.blueprint import Blueprint, Entity, EntityFacts, SourceFile
from linter.model.rule import Rule
from linter.run.incremental import Facts as FileFacts

# Bump when the encoding changes.
FORMAT = "1"
_BUILTINS = {("builtins", "set"), ("builtins", "frozenset")}

Facts = EntityFacts


def token(digests: Mapping[str, str]) -> str:
    """What identifies a state's files: each file's display and digest."""
    return make_key("entity-facts", FORMAT, sorted(digests.items()))


def token_of(files: Mapping[str, FileFacts]) -> str:
    """:func:`token` of an incremental state's files (linter/run/incremental.py: digest first)."""
    return token({display: facts[0] for display, facts in files.items()})


def rule_packages(rules: Iterable[Rule]) -> set[str]:
    """The top-level packages of ``rules``' classes: those whose dataclasses a stored fact may hold."""
    return {type(rule).__module__.partition(".")[0] for rule in rules}


def _entity_placeholder() -> None:
    """What an ``Entity`` inside a stored fact reads back as."""
    return None


class _Encoder(pickle.Pickler):
    # reducer_override, not persistent_id: the pickler skips it for plain values (strings,
    # numbers, tuples, dicts), which are nearly all a fact holds (a Python call per object would
    # double the time it takes to store the facts of a large blueprint).
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Entity):
            return _entity_placeholder, ()
        if isinstance(obj, (SourceFile, Blueprint)):
            raise pickle.PicklingError("a per-entity fact holds the model")
        return NotImplemented


def encode(facts: Facts) -> bytes | None:
    """The facts as bytes (None when a fact cannot be stored)."""
    buffer = io.BytesIO()
    try:
        _Encoder(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(facts)
    except (pickle.PicklingError, RecursionError, TypeError, AttributeError):
        return None
    return buffer.getvalue()


class _Decoder(pickle.Unpickler):
    def __init__(self, raw: bytes, packages: Collection[str]) -> None:
        super().__init__(io.BytesIO(raw))
        self._packages = packages

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _BUILTINS:
            return super().find_class(module, name)
        if (module, name) == (__name__, _entity_placeholder.__name__):
            return _entity_placeholder
        # Only a class already imported (the rules that compute facts are), from a rule package,
        # and a dataclass: never a module imported or a callable reached by the entry itself.
        loaded = sys.modules.get(module)
        found = getattr(loaded, name, None) if module.partition(".")[0] in self._packages else None
        if isinstance(found, type) and dataclasses.is_dataclass(found):
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in stored facts")


def decode(raw: Any, packages: Collection[str]) -> Facts | None:
    """The facts ``raw`` encodes, or None for anything else (a miss, never an error).
    ``packages``: the top-level packages of the loaded rules, whose dataclasses a fact may be."""
    if not isinstance(raw, bytes):
        return None
    try:
        facts = _Decoder(raw, packages).load()
    except (pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError, IndexError, KeyError):
        return None
    if not (isinstance(facts, dict) and all(type(d) is str and type(f) is dict for d, f in facts.items())):
        return None
    return facts
