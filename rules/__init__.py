"""The built-in rules of blueprint-lint, installed as the ``blueprint_lint_rules`` package.

One subpackage per family, named after the codes' prefix: ``xr`` (traceability and references),
``cp`` (completeness), ``cn`` (consistency), ``ca`` (capacity), ``se`` (security) and ``op``
(operability). Each rule has a module of its own named after its code and name
(``xr/xr001_unresolved_reference.py``), so a code tells its file. Helpers private to a family are
``_``-prefixed modules of its package; helpers several families use are in ``_shared``.

Every ``Rule`` subclass defined in a module of a family package (outside ``_``-prefixed modules
and packages) is a built-in rule; :func:`builtin_rules` is what the ``blueprint_lint.rules`` entry
point named ``builtin`` returns, so the built-ins load exactly like a third-party plugin.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterable, Iterator
from types import ModuleType

from linter.api import Rule


def _public(path: Iterable[str], prefix: str) -> list[pkgutil.ModuleInfo]:
    """The modules and packages directly below ``path`` by name, except ``_``-prefixed (helpers)."""
    found = [info for info in pkgutil.iter_modules(path, prefix) if not info.name.rpartition(".")[2].startswith("_")]
    return sorted(found, key=lambda info: info.name)


def _modules_below(package: ModuleType) -> Iterator[ModuleType]:
    for info in _public(package.__path__, f"{package.__name__}."):
        module = importlib.import_module(info.name)
        yield module
        if info.ispkg:
            yield from _modules_below(module)


def _rule_modules() -> Iterator[ModuleType]:
    """The modules of the family subpackages. Only packages are walked at the top: a stray module
    there (say one a stale build directory put in a wheel) is not a family and registers nothing."""
    for info in _public(__path__, f"{__name__}."):
        if info.ispkg:
            yield from _modules_below(importlib.import_module(info.name))


def builtin_rules() -> list[type[Rule]]:
    """Every Rule subclass defined in this package's modules, sorted by code."""
    found: dict[str, type[Rule]] = {}
    for module in _rule_modules():
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Rule) and obj.__module__ == module.__name__ and bool(getattr(obj, "code", "")):
                found[obj.code] = obj
    return [found[code] for code in sorted(found)]
