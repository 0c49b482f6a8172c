"""Garbage collection around large loads (linter/loading.py: collector_paused)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from linter.loading import FREEZE_MIN_BYTES, collector_paused


@pytest.fixture(autouse=True)
def _restore_collector() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()


def test_a_large_load_pauses_collection_and_freezes_what_it_loaded() -> None:
    before = gc.get_freeze_count()
    with collector_paused(FREEZE_MIN_BYTES):
        assert not gc.isenabled()
        loaded = [{"id": str(i)} for i in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= before + len(loaded)


def test_a_small_load_leaves_the_collector_alone() -> None:
    before = gc.get_freeze_count()
    with collector_paused(FREEZE_MIN_BYTES - 1):
        assert gc.isenabled()
    assert gc.get_freeze_count() == before


def test_a_failed_load_turns_collection_back_on_without_freezing() -> None:
    before = gc.get_freeze_count()
    with pytest.raises(KeyError), collector_paused(FREEZE_MIN_BYTES):
        raise KeyError("boom")
    assert gc.isenabled()
    assert gc.get_freeze_count() == before


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    with collector_paused(FREEZE_MIN_BYTES):
        pass
    assert not gc.isenabled()
