"""The built-in rules' layout: a code tells its file, ``rules/<family>/<code>_<name>.py``.

One subpackage per code prefix, one module per rule, named after the rule's code and kebab name;
helpers live in ``_``-prefixed modules and packages, which define no rule.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import sys
from pathlib import Path

import blueprint_lint_rules
import pytest
from blueprint_lint_rules import builtin_rules

from linter.api import Rule

RULES_DIR = Path(blueprint_lint_rules.__file__).resolve().parent
RULE_FILE = re.compile(r"^(?P<code>[a-z]+[0-9]+)_(?P<name>[a-z0-9_]+)\.py$")


def _family(code: str) -> str:
    match = re.match(r"[A-Z]+", code)
    assert match is not None, code
    return match.group(0).lower()


def _module_name(rule: type[Rule]) -> str:
    return f"{rule.code.lower()}_{rule.name.replace('-', '_')}"


def _every_module() -> list[str]:
    """Every module of the package, ``_``-prefixed ones included."""
    found = []
    for info in pkgutil.walk_packages([str(RULES_DIR)], "blueprint_lint_rules."):
        found.append(info.name)
    return sorted(found)


def _rules_defined_in(module_name: str) -> list[type[Rule]]:
    module = importlib.import_module(module_name)
    return [
        obj
        for _, obj in inspect.getmembers(module, inspect.isclass)
        if issubclass(obj, Rule) and obj.__module__ == module_name and getattr(obj, "code", "")
    ]


def test_every_rule_lives_in_its_family_module_named_after_its_code_and_name() -> None:
    for rule in builtin_rules():
        family = _family(rule.code)
        assert rule.__module__ == f"blueprint_lint_rules.{family}.{_module_name(rule)}"
        assert Path(inspect.getfile(rule)).resolve() == RULES_DIR / family / f"{_module_name(rule)}.py"


def test_every_rule_module_defines_exactly_its_own_rule() -> None:
    rule_files = sorted(
        path
        for path in RULES_DIR.glob("*/*.py")
        if not path.name.startswith("_") and not path.parent.name.startswith("_")
    )
    assert rule_files, "the family packages hold rule modules"
    for path in rule_files:
        match = RULE_FILE.match(path.name)
        assert match is not None, f"{path.relative_to(RULES_DIR)} is not named <code>_<name>.py"
        family = path.parent.name
        rules = _rules_defined_in(f"blueprint_lint_rules.{family}.{path.stem}")
        assert [rule.code.lower() for rule in rules] == [match.group("code")], path
        assert _family(rules[0].code) == family, path
        assert _module_name(rules[0]) == path.stem, path


def test_helpers_and_package_modules_define_no_rule() -> None:
    for name in _every_module():
        last = name.rpartition(".")[2]
        if RULE_FILE.match(f"{last}.py") and not last.startswith("_"):
            continue
        assert _rules_defined_in(name) == [], f"{name} defines a rule but is not a rule module"


def test_the_top_level_holds_only_the_families_and_the_shared_helpers() -> None:
    modules = {path.name for path in RULES_DIR.glob("*.py")}
    assert modules == {"__init__.py"}
    packages = {path.parent.name for path in RULES_DIR.glob("*/__init__.py")}
    families = {_family(rule.code) for rule in builtin_rules()}
    assert packages - families == {"_shared"}
    assert families <= packages


def test_builtin_rules_finds_every_rule_class_of_the_package_sorted_by_code() -> None:
    everywhere = [rule for name in _every_module() for rule in _rules_defined_in(name)]
    assert builtin_rules() == sorted(everywhere, key=lambda rule: rule.code)
    assert len({rule.code for rule in everywhere}) == len(everywhere)


def test_only_family_packages_register_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A stray module at the top (a stale build directory once shipped the old flat modules in a
    # wheel) registers nothing; a family package does.
    rule = "from linter.api import Rule\n\nclass Stray(Rule):\n    code = '{code}'\n    name = 'stray'\n"
    (tmp_path / "stray.py").write_text(rule.format(code="ZZ998"), encoding="utf-8")
    (tmp_path / "zz").mkdir()
    (tmp_path / "zz" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "zz" / "zz999_stray.py").write_text(rule.format(code="ZZ999"), encoding="utf-8")
    monkeypatch.setattr(blueprint_lint_rules, "__path__", [*blueprint_lint_rules.__path__, str(tmp_path)])
    try:
        codes = {rule.code for rule in builtin_rules()}
    finally:
        for name in ("blueprint_lint_rules.zz.zz999_stray", "blueprint_lint_rules.zz"):
            sys.modules.pop(name, None)
    assert "ZZ999" in codes
    assert "ZZ998" not in codes
