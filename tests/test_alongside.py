"""linter/core/alongside.py: a side computation in a forked child, with the same answers as
running it here, and no child ever left behind."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

import pytest

from linter.core import alongside as module
from linter.core.alongside import alongside, can_fork
from linter.core.limits import LoadLimits
from linter.load import admission
from linter.load import fast as fastload

needs_fork = pytest.mark.skipif(not can_fork(), reason="needs fork and two usable CPUs")
PARENT = os.getpid()


@needs_fork
def test_the_answer_comes_from_a_child_while_the_caller_works() -> None:
    with alongside(os.getpid) as side:
        assert not side.known  # still being computed elsewhere
        here = sum(range(1000))
        child = side.result()
    assert here == 499500
    assert child != PARENT and side.known


def test_without_fork_the_computation_runs_first_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "can_fork", lambda: False)
    calls: list[str] = []

    def side_work() -> int:
        calls.append("side")
        return 42

    with alongside(side_work) as side:
        assert side.known and calls == ["side"]  # before the caller's own work
        calls.append("work")
        assert side.result() == 42
    assert calls == ["side", "work"]


def _fails_in_a_child() -> int:
    if os.getpid() != PARENT:
        raise RuntimeError("only in the child")
    return 7


def _killed_in_a_child() -> int:
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return 8


@needs_fork
@pytest.mark.parametrize(("compute", "expected"), [(_fails_in_a_child, 7), (_killed_in_a_child, 8)])
def test_a_failed_child_is_replaced_by_computing_here(compute: Callable[[], int], expected: int) -> None:
    with alongside(compute) as side:
        assert side.result() == expected


def _no_child_left(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@needs_fork
def test_leaving_without_the_answer_reaps_the_child() -> None:
    side = alongside(lambda: __import__("time").sleep(60))
    with pytest.raises(KeyError), side:
        pid = side._pid
        assert pid
        raise KeyError("the caller's own work failed")
    assert _no_child_left(pid)


@needs_fork
def test_asking_reaps_the_child() -> None:
    with alongside(lambda: "done") as side:
        pid = side._pid
        assert side.result() == "done"
    assert _no_child_left(pid)


@pytest.mark.parametrize("forking", [True, False])
def test_a_large_text_admission_refuses_is_left_to_the_reference(
    monkeypatch: pytest.MonkeyPatch, forking: bool
) -> None:
    """The large-text path parses in pieces while the text is admitted: a refused text (an
    anchor and alias, a tab) gives None whichever finishes first, and an admitted one its data."""
    if forking and not can_fork():
        pytest.skip("needs fork and two usable CPUs")
    monkeypatch.setattr(module, "can_fork", lambda: forking)
    monkeypatch.setattr(fastload, "PIECES_FROM", 0)
    monkeypatch.setattr(fastload, "PIECE_CHARACTERS", 40)
    body = "".join(f"  - id: IF-{i}\n    source: SYS-A\n    target: SYS-B\n" for i in range(20))
    good = f"blueprint_version: 1\ninterfaces:\n{body}"
    loaded = fastload.load_fast(good, LoadLimits())
    assert loaded is not None and len(loaded.data["interfaces"]) == 20
    for refused in (good + "extra: &a x\nagain: *a\n", good.replace("  - id: IF-3\n", "  - id:\tIF-3\n")):
        assert fastload.load_fast(refused, LoadLimits()) is None
    # The pieces alone would take the good text: only the admission's answer refuses it.
    monkeypatch.setattr(admission, "admit", lambda text: None)
    assert fastload.load_fast(good, LoadLimits()) is None
