"""The built-in rules of blueprint-lint, installed as the ``blueprint_lint_rules`` package.

One subpackage per family, named after the codes' prefix: ``xr`` (traceability and references),
``cp`` (completeness), ``cn`` (consistency), ``ca`` (capacity), ``se`` (security) and ``op``
(operability). Each rule has a module of its own named after its code and name
(``xr/xr001_unresolved_reference.py``), so a code tells its file. Helpers private to a family are
``_``-prefixed modules of its package; helpers several families use are in ``_shared``.

Every ``Rule`` subclass defined in a module of this package (outside ``_``-prefixed modules and
packages) is a built-in rule; :func:`builtin_rules` is what the ``blueprint_lint.rules`` entry
point named ``builtin`` returns, so the built-ins load exactly like a third-party plugin.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterable, Iterator
from types import ModuleType

from linter.api import Rule


def _rule_modules(path: Iterable[str], prefix: str) -> Iterator[ModuleType]:
    """The modules and packages below ``path``, depth first by name, skipping ``_``-prefixed ones."""
    for module_info in sorted(pkgutil.iter_modules(path, prefix), key=lambda m: m.name):
        if module_info.name.rpartition(".")[2].startswith("_"):
            continue
        module = importlib.import_module(module_info.name)
        yield module
        if module_info.ispkg:
            yield from _rule_modules(module.__path__, f"{module_info.name}.")


def builtin_rules() -> list[type[Rule]]:
    """Every Rule subclass defined in this package's modules, sorted by code."""
    found: dict[str, type[Rule]] = {}
    for module in _rule_modules(__path__, f"{__name__}."):
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Rule) and obj.__module__ == module.__name__ and bool(getattr(obj, "code", "")):
                found[obj.code] = obj
    return [found[code] for code in sorted(found)]
