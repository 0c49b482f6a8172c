"""The built-in rules of blueprint-lint, installed as the ``blueprint_lint_rules`` package.

Each module holds one rule or a tight family. Every ``Rule`` subclass defined in a module of this
package is a built-in rule; :func:`builtin_rules` is what the ``blueprint_lint.rules`` entry point
named ``builtin`` returns, so the built-ins load exactly like a third-party plugin.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from linter.api import Rule


def builtin_rules() -> list[type[Rule]]:
    """Every Rule subclass defined in this package's modules, sorted by code."""
    found: dict[str, type[Rule]] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Rule) and obj.__module__ == module.__name__ and bool(getattr(obj, "code", "")):
                found[obj.code] = obj
    return [found[code] for code in sorted(found)]
