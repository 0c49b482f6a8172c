"""Differential tests: the split validator reports exactly what the reference validator reports."""

from __future__ import annotations

import copy
import functools
import importlib.util
import math
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.load.reference import load_text
from linter.validate import fastschema, schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))
WRONG_VALUES: list[Any] = [None, 1, -1, 1.5, True, "text", "", [], [1], {}, {"x": 1}, 10**30, math.nan, math.inf]


def both(data: Any) -> None:
    expected = sorted(schema.validate(data), key=repr)
    actual = sorted(fastschema.validate(data), key=repr)
    assert actual == expected


def documents() -> list[Any]:
    return copy.deepcopy(_documents())


@functools.cache
def _documents() -> list[Any]:
    found = []
    for path in EXAMPLES:
        data = load_text(path.read_text(encoding="utf-8")).data
        if isinstance(data, dict):
            found.append(data)
    return found


def test_the_split_is_in_use() -> None:
    assert fastschema._split(schema.BLUEPRINT_SCHEMA) is not None


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_problems_on_examples(path: Path) -> None:
    both(load_text(path.read_text(encoding="utf-8")).data)


def test_same_problems_on_a_generated_blueprint(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    module.generate(tmp_path, 60, "single", seed=5, share=0.3)
    data = load_text((tmp_path / "blueprint.yaml").read_text(encoding="utf-8")).data
    problems = fastschema.validate(data)
    assert problems, "the generator plants schema violations"
    both(data)


def test_same_problems_for_every_wrong_value_in_every_entity_field() -> None:
    """Replace each field (two levels deep) of each entity with values of every wrong kind."""
    for document in documents():
        for section, items in document.items():
            if not isinstance(items, list):
                continue
            for item in items[:1]:
                if not isinstance(item, dict):
                    continue
                for key, value in item.items():
                    places: list[tuple[Any, Any]] = [(key, None)]
                    if isinstance(value, dict):
                        places += [(key, inner) for inner in list(value)[:2]]
                    for outer, inner in places:
                        for wrong in WRONG_VALUES[::2] if inner is None else WRONG_VALUES[1::4]:
                            target = copy.deepcopy(item)
                            mutated = {"blueprint_version": 1, section: [items[0], target]}
                            if inner is None:
                                target[outer] = wrong
                            else:
                                target[outer][inner] = wrong
                            both(mutated)


def test_same_problems_for_wrong_sections_and_unknown_keys() -> None:
    for document in documents()[:3]:
        for wrong in WRONG_VALUES:
            for section in ("interfaces", "goals", "blueprint_version", "x-extra", "unknown", "project"):
                mutated = copy.deepcopy(document)
                mutated[section] = wrong
                both(mutated)
            mutated = copy.deepcopy(document)
            mutated.setdefault("interfaces", []).append(wrong)
            both(mutated)


CONFIG = "config.schema.json"
CONFIGS = sorted(p for p in ROOT.rglob(".blueprint-lint.yaml") if ".tox" not in p.parts and "build" not in p.parts)


def both_config(data: Any) -> None:
    expected = sorted(schema.validate(data, CONFIG), key=repr)
    assert sorted(fastschema.validate(data, CONFIG), key=repr) == expected


def test_same_configuration_problems_on_every_shipped_configuration() -> None:
    assert CONFIGS, "the repository ships configurations (examples, tests)"
    for path in CONFIGS:
        both_config(load_text(path.read_text(encoding="utf-8")).data)


def test_same_configuration_problems_for_every_wrong_value_of_every_key() -> None:
    keys = list(schema.load_schema(CONFIG)["properties"])
    for key in keys:
        for wrong in [*WRONG_VALUES, ["XR001"], {"XR001": "warning"}, "error", {"rules/*.yaml": ["XR"]}]:
            both_config({key: copy.deepcopy(wrong)})
    both_config({"no-such-key": 1})
    both_config([])
    both_config(None)


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into ``value`` (mapping keys and list indexes), the value itself first."""
    found = [path]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _places(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _places(inner, (*path, index))
    return found


@settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_same_problems_after_random_deep_mutations(data: st.DataObject) -> None:
    """Any place of any entity, at any depth, replaced by a wrong value, a misspelt word, an unknown
    key or removed; one to three such mutations per document, so several errors meet in one entity
    (the plain ones explained from jsonschema-rs, the others by the reference)."""
    document = copy.deepcopy(data.draw(st.sampled_from(documents())))
    for _ in range(data.draw(st.integers(1, 3))):
        sections = [name for name, items in document.items() if isinstance(items, list) and items]
        if not sections:
            break
        items = document[data.draw(st.sampled_from(sorted(sections)))]
        places = _places(items)[1:]
        path = data.draw(st.sampled_from(places))
        parent: Any = items
        for part in path[:-1]:
            parent = parent[part]
        action = data.draw(st.sampled_from(["wrong", "word", "unknown-key", "remove"]))
        if action == "wrong":
            parent[path[-1]] = data.draw(st.sampled_from([*WRONG_VALUES, -(10**6), "x" * 300, ["a", "a"]]))
        elif action == "word":
            parent[path[-1]] = data.draw(
                st.sampled_from(["near real time", "nearrealtime", "Push", "IF 1", "PT5", "x-"])
            )
        elif action == "unknown-key" and isinstance(parent[path[-1]], dict):
            parent[path[-1]][data.draw(st.sampled_from(["colour", "x-ok", "sourc", "id "]))] = 1
        elif action == "remove" and isinstance(parent, dict):
            del parent[path[-1]]
    both(document)


def test_a_blueprint_with_plain_errors_is_explained_without_importing_jsonschema(tmp_path: Path) -> None:
    """A misspelt enum value, an unknown key, a missing key: jsonschema-rs's errors explain them."""
    import subprocess

    spec = tmp_path / "blueprint.yaml"
    spec.write_text(
        "blueprint_version: 1\n"
        "interfaces:\n"
        "  - {id: IF-1, source: SYS-A, target: SYS-B, criticality: severe, colour: blue}\n"
        "  - {source: SYS-A, target: SYS-B}\n",
        encoding="utf-8",
    )
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from linter.run.engine import lint, LintOptions\n"
        "from linter.catalog.registry import load_rules\n"
        f"result = lint([Path({str(spec)!r})], load_rules(), LintOptions())\n"
        "print(sorted({d.code for d in result.diagnostics if d.code.startswith('SC')}))\n"
        "print('jsonschema' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.split("\n")[:2] == ["['SC001']", "False"]
    expected = {
        "'severe' is not an allowed value",
        "unknown key 'colour'",
        "is missing the required key 'id'",
    }
    from linter.api import lint

    messages = " | ".join(d.message for d in lint([spec]).diagnostics)
    assert all(part in messages for part in expected), messages


def test_a_valid_blueprint_is_validated_without_importing_jsonschema() -> None:
    import subprocess

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from linter.run.engine import lint, LintOptions\n"
        "from linter.catalog.registry import load_rules\n"
        f"result = lint([Path({str(ROOT / 'examples' / 'public-sector')!r})], load_rules(), LintOptions())\n"
        "assert result.files and not result.diagnostics\n"
        "print('jsonschema' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"
