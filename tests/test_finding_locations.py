"""Findings located from an item's lines (``linter/load/fast.py`` ``_ItemLines``) sit exactly where
the reference loader puts them.

Most findings of a half-written blueprint point into one item of ``interfaces:``; the fast loader
reads those spans from the item's text instead of composing the item. These tests compare every
pointer's span and key span with the reference loader's on a generated blueprint full of shapes
the line reader must either get right or hand back to the composer (comments between and after
keys, quoted and multi-line scalars, nested and single-key mappings, flow and block lists, empty
values, keys missing at each level), check that the line reader does answer for most of them (so
the comparison is not vacuous), and compare whole lint runs with the fast loader on and off.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from linter import api
from linter.core.limits import LoadLimits
from linter.load import fast as fastload
from linter.load.reference import load_text
from tests.helpers import bench_generate
from tests.test_fastload import assert_same

ROOT = Path(__file__).resolve().parent.parent


def _interface(i: int, rng: random.Random) -> str:
    """One interface item with a random selection of awkward shapes, most of them with findings."""
    lines = [f"  - id: IF-{i:04d}"]
    choice = rng.randrange
    name = ["name: Orders {i}", "name: 'Orders {i}'", 'name: "Orders {i}"', "name: Orders {i}  # a comment"][choice(4)]
    lines.append("    " + name.format(i=i))
    if choice(5) == 0:
        lines.append("    description: first line of a plain scalar\n      that goes on here")
    elif choice(5) == 0:
        lines.append("    description: |\n      literal text\n      id: not a key\n")
    if choice(4) == 0:
        lines.append("    # a comment between keys")
    if choice(3):
        lines.append(f"    goals: [G-{choice(3)}]" if choice(2) else f"    goals:\n      - G-{choice(3)}")
    lines.append(f"    source: SYS-{choice(4)}")
    lines.append(f"    target: SYS-{choice(6)}" if choice(4) else "    target:")
    if choice(3):
        lines.append("    frequency: {mode: near_real_time}" if choice(2) else "    frequency:\n      mode: batch")
    if choice(2):
        lines.append("    volume:")
        lines.append("      unit: records")
        if choice(3):
            lines.append(f"      average: {{count: {choice(2000)}, per: day}}")
        if choice(2):
            lines.append("      peak:\n        count: 01\n        per: hour")
    if choice(3) == 0:
        lines.append("")
    if choice(2):
        lines.append("    ownership:\n      system_of_record: SYS-1")
    lines.append(f"    criticality: {['medium', 'severe', 'true', '12', 'high # set late'][choice(5)]}")
    if choice(2):
        lines.append("    alm: [US-1]" if choice(2) else "    alm:\n    - US-1\n    - TC-1")
    lines.append(f"    mechanism: {['service_bus', 'logic_apps', 'dual_write', 'plugin'][choice(4)]}")
    return "\n".join(lines) + "\n"


def _heavy_blueprint(count: int, seed: int) -> str:
    rng = random.Random(seed)
    head = (
        "blueprint_version: 1\n"
        "goals:\n  - id: G-0\n    statement: A goal\n  - id: G-1\n    statement: Another\n"
        "systems:\n"
        + "".join(f"  - id: SYS-{s}\n    name: System {s}\n    kind: on_premises_lob\n" for s in range(4))
        + "interfaces:\n"
    )
    return head + "".join(_interface(i, rng) for i in range(count))


@pytest.mark.parametrize("seed", range(6))
def test_item_lines_give_the_reference_spans(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _heavy_blueprint(60, seed)
    answered = []
    original = fastload._ItemLines.span

    def counting(self: Any, segments: list[str], on_key: bool) -> Any:
        found = original(self, segments, on_key)
        answered.append(found is not None)
        return found

    monkeypatch.setattr(fastload._ItemLines, "span", counting)
    assert_same(text, fast_path=True)
    # The line reader answered for most pointers into items and declined the rest.
    assert sum(answered) > len(answered) / 3, (sum(answered), len(answered))
    assert not all(answered)


def test_item_lines_on_the_generated_benchmark_blueprint(tmp_path: Path) -> None:
    bench_generate().generate(tmp_path, 60, "single", seed=5, share=1.0)
    assert_same((tmp_path / "blueprint.yaml").read_text(encoding="utf-8"), fast_path=True)


def test_findings_of_a_half_written_blueprint_compose_no_item(tmp_path: Path) -> None:
    # The places the findings of the benchmark's findings-heavy blueprint point at (an interface,
    # a missing key, a scalar value, its key) are read from the lines: no chunk is composed.
    bench_generate().generate(tmp_path, 50, "single", seed=9, share=1.0)
    text = (tmp_path / "blueprint.yaml").read_text(encoding="utf-8")
    document = fastload.load_fast(text, LoadLimits())
    assert document is not None and isinstance(document.locator, fastload.ChunkLocator)
    reference = load_text(text)
    assert reference.locator is not None
    for i in range(50):
        for rest in ("", "/frequency", "/volume", "/target", "/criticality", "/security/no-such-key", "/security/auth"):
            pointer = f"/interfaces/{i}{rest}"
            assert document.locator.span(pointer) == reference.locator.span(pointer), pointer
            assert document.locator.key_span(pointer) == reference.locator.key_span(pointer), pointer
    assert not document.locator._chunks, "no chunk composed"
    assert document.locator._full is None


def _diagnostics(path: Path) -> list[tuple[Any, ...]]:
    result = api.lint([path])
    return [(d.code, d.file, d.span, d.pointer, d.message) for d in result.diagnostics]


@pytest.mark.parametrize("name", ["heavy", "bench", "broken", "public-sector"])
def test_lint_same_with_the_reference_loader(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if name == "heavy":
        path = tmp_path / "blueprint.yaml"
        path.write_text(_heavy_blueprint(120, 7), encoding="utf-8")
    elif name == "bench":
        bench_generate().generate(tmp_path, 80, "single", seed=2, share=1.0)
        path = tmp_path / "blueprint.yaml"
    else:
        path = ROOT / "examples" / name
    fast = _diagnostics(path)
    monkeypatch.setenv(fastload.ENV_SWITCH, "0")
    assert _diagnostics(path) == fast
    if name in {"heavy", "bench", "broken"}:
        assert len(fast) > 20
