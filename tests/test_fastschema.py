"""Differential tests: the split validator reports exactly what the reference validator reports."""

from __future__ import annotations

import copy
import importlib.util
import math
import sys
from pathlib import Path
from typing import Any

import pytest

from linter.load.reference import load_text
from linter.validate import fastschema, schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))
WRONG_VALUES: list[Any] = [None, 1, -1, 1.5, True, "text", "", [], [1], {}, {"x": 1}, 10**30, math.nan]


def both(data: Any) -> None:
    expected = sorted(schema.validate(data), key=repr)
    actual = sorted(fastschema.validate(data), key=repr)
    assert actual == expected


def documents() -> list[Any]:
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
