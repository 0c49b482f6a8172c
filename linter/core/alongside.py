"""A side computation run in a forked process while this one goes on: the second core on one file.

A many-file workspace is loaded by a pool of processes, but a single large file is loaded in one,
and its text is checked before it is parsed (linter/load/admission.py): two passes over the same
text, each hundreds of milliseconds on a 40 MB blueprint, that do not depend on each other. With
``fork`` the check runs in a child that shares the text with this process (no copy, no pickling
of the input) and sends back only its answer, while this process parses.

Without ``fork`` (not Linux, threads running, a single usable CPU) the side computation simply
runs here first, so the caller sees the same answers in the same order; a child that fails in
any way (killed, an exception, a short answer) is replaced by running the computation here. The
answer must be small and picklable: it crosses a pipe.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether a forked child can take work here: Linux, a single thread (forking a process with
    threads may copy a held lock), more than one usable CPU."""
    if not (hasattr(os, "fork") and sys.platform.startswith("linux") and threading.active_count() == 1):
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1


_UNKNOWN = object()


class Alongside(Generic[T]):
    """``compute()`` in a forked child from ``__enter__``; :meth:`result` waits for its answer.

    Used as a context manager so that a child is never left behind: leaving the block without
    asking for the result (an exception in the caller's own work) kills and reaps it.
    """

    def __init__(self, compute: Callable[[], T]) -> None:
        self._compute = compute
        self._value: object = _UNKNOWN
        self._pid = 0
        self._read_end = -1

    def __enter__(self) -> Alongside[T]:
        if not can_fork():
            self._value = self._compute()
            return self
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, answer, leave at once (no atexit, no buffered output)
            status = 1
            try:
                os.close(read_end)
                answer = pickle.dumps(self._compute(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(answer)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self._pid, self._read_end = pid, read_end
        return self

    @property
    def known(self) -> bool:
        """Whether the answer is already here (always, when no child was forked)."""
        return self._value is not _UNKNOWN

    def result(self) -> T:
        if self._value is _UNKNOWN:
            self._value = self._collect()
        return self._value  # type: ignore[return-value]

    def _collect(self) -> object:
        with os.fdopen(self._read_end, "rb") as pipe:
            self._read_end = -1
            answer = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if os.waitstatus_to_exitcode(status) == 0:
            with contextlib.suppress(Exception):  # a garbled answer: computed here instead
                return pickle.loads(answer)
        return self._compute()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._read_end >= 0:
            os.close(self._read_end)
            self._read_end = -1
        if self._pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = 0


def alongside(compute: Callable[[], T]) -> Alongside[T]:
    """``with alongside(f) as side: …work…; side.result()`` — f() runs beside the work."""
    return Alongside(compute)


__all__ = ["Alongside", "alongside", "can_fork"]
