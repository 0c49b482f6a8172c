"""The cyclic garbage collector is paused for a run and put back as it was (linter/run/engine.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from linter.run import engine
from linter.run.engine import collector_paused, lint, load_models
from tests.helpers import ruleset

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _restore_collector() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()


def test_the_collector_is_off_during_the_run_and_back_after(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = engine._Run.run_rules

    def spy(self: engine._Run, model: object, *args: object) -> None:
        seen.append(gc.isenabled())
        real(self, model, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine._Run, "run_rules", spy)
    assert gc.isenabled()
    result = lint([Path("examples/public-sector")], ruleset(), cwd=ROOT)
    assert seen == [False] and result.files
    assert gc.isenabled()
    load_models([Path("examples/public-sector")], ruleset(), cwd=ROOT)
    assert gc.isenabled()


def test_a_failed_run_turns_the_collector_back_on() -> None:
    with pytest.raises(KeyError), collector_paused():
        assert not gc.isenabled()
        raise KeyError("boom")
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
