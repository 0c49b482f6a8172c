"""Running the rules over one model: in this process, or shared with a forked second process.

Rules are independent readers of a finished model, so on a large blueprint two processes can run
them at once: the model is built once, ``fork`` gives the child the same model (copy-on-write),
and the two take rules from opposite ends of the list until they meet. The child sends back what
its rules found in a portable form (file index, JSON pointer, message), never objects; the parent
reports every rule's findings in rule order, so the output is the same whichever process ran a
rule, and if the child fails the parent runs the rules it did not finish.

Each rule runs under a wall-clock limit (:func:`time_limit`), in whichever process runs it.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice

from linter.core.pointer import escape
from linter.model.blueprint import Blueprint, EntityFacts
from linter.model.rule import Finding, Rule
from linter.run import fact_store

# Below this many entities a second process costs more than it saves.
PARALLEL_MIN_ENTITIES = 2_000


class RuleTimeout(BaseException):
    """Raised inside a rule by the timer; a BaseException so a rule's ``except Exception`` cannot
    swallow it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop the enclosed code after ``seconds`` of wall-clock time with :class:`RuleTimeout`.

    Implemented with ``SIGALRM`` and an interval timer: it interrupts pure-Python code (a rule's
    endless loop) without threads, and a rule cannot be killed safely any other way in-process.
    Where there is no ``SIGALRM`` (Windows) or off the main thread (signals are delivered to the
    main thread only), the limit is not enforced and rules run unbounded. A rule blocked inside a
    C call that ignores signals is stopped when the call returns.
    """
    usable = seconds > 0 and hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise RuleTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Outcome:
    """What one rule produced: findings as (file index, pointer, message, on key), or a failure."""

    findings: list[tuple[int, str, str, bool]] = field(default_factory=list)
    timed_out: bool = False
    crash: str = ""
    trace: str = ""


def _portable(rule: Rule, finding: Finding, file_index: dict[int, int]) -> tuple[int, str, str, bool]:
    if finding.entity is not None:
        source = finding.entity.source
        pointer = finding.entity.pointer + "".join("/" + escape(p) for p in finding.path.split("/") if p)
    elif finding.source is not None:
        source, pointer = finding.source, finding.pointer
    else:
        raise TypeError(f"rule {rule.code} yielded a Finding with neither an entity nor a source")
    return file_index[id(source)], pointer, finding.message, finding.on_key


def file_indexes(model: Blueprint) -> dict[int, int]:
    """Each file of the model by identity → its index, the file index of a portable finding."""
    return {id(source): index for index, source in enumerate(model.files)}


def run_one(rule: Rule, model: Blueprint, timeout: float, file_index: dict[int, int]) -> Outcome:
    try:
        with time_limit(timeout):
            return Outcome([_portable(rule, finding, file_index) for finding in rule.check(model)])
    except RuleTimeout:
        return Outcome(timed_out=True)
    except Exception as error:  # a crashing rule must not hide the others' findings
        return Outcome(crash=f"{type(error).__name__}: {error}", trace=traceback.format_exc())


def _claim(ends: object, from_back: bool, floor: int = 0) -> int | None:
    """The next unclaimed rule index, from the front (the parent) or the back (the child), which
    never claims one below ``floor`` (the rules that share an analysis: :func:`_parent_first`).

    ``ends`` holds [first unclaimed, one past the last unclaimed]. The two processes work towards
    each other until they meet, so each rule runs once, and the rules claimed last (which decide
    how long one process waits for the other) are those in the middle of the list rather than
    the end of it. Rules are listed by code, so a family of heavy rules at the end (the SE rules
    walk every value, the XR rules the reference index) is started early by the child instead
    of being claimed last by whichever process is free.
    """
    with ends.get_lock():  # type: ignore[attr-defined]
        front: int = ends[0]  # type: ignore[index]
        back: int = ends[1]  # type: ignore[index]
        if front >= back or (from_back and back <= floor):
            return None
        if from_back:
            ends[1] = back - 1  # type: ignore[index]
            return back - 1
        ends[0] = front + 1  # type: ignore[index]
        return front


def _can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux") and threading.active_count() == 1


def run_rules(
    rules: Sequence[Rule],
    model: Blueprint,
    timeout: float,
    *,
    parallel: bool,
    models: Sequence[Blueprint] | None = None,
    keep_facts: bool = False,
) -> list[Outcome]:
    """One outcome per rule, in order. ``models`` gives each rule the model it runs on (an
    incremental run's focused views of ``model``: linter/run/incremental.py); default ``model``.
    With ``keep_facts``, the per-entity facts the child's rules computed (``Blueprint.memo_of``)
    come back with their outcomes and join ``model``'s, for the next run (linter/run/fact_store.py)."""
    file_index = file_indexes(model)
    each = list(models) if models is not None else [model] * len(rules)
    if not (parallel and len(rules) > 1 and _can_fork()):
        return [run_one(rule, each[i], timeout, file_index) for i, rule in enumerate(rules)]
    import multiprocessing

    order, floor = _parent_first(rules)
    rules, each = [rules[i] for i in order], [each[i] for i in order]
    # The facts the parent holds, by file: how many (memo_of only ever adds, in order, so the
    # child's own are those past that count).
    known = {display: len(facts) for display, facts in model.entity_facts().items()} if keep_facts else {}
    ends = multiprocessing.get_context("fork").Array("i", [0, len(rules)])
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run rules until none is left, send the outcomes, leave at once
        status = 1
        try:
            os.close(read_end)
            mine: dict[int, Outcome] = {}
            while (index := _claim(ends, from_back=True, floor=floor)) is not None:
                mine[index] = run_one(rules[index], each[index], timeout, file_index)
            facts = None
            if keep_facts:
                facts = fact_store.encode(_added(model.entity_facts(), known))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(pickle.dumps((mine, facts), protocol=pickle.HIGHEST_PROTOCOL))
            status = 0
        finally:
            os._exit(status)  # never run the parent's exit handlers or flush its buffers
    os.close(write_end)
    outcomes: dict[int, Outcome] = {}
    while (index := _claim(ends, from_back=False)) is not None:
        outcomes[index] = run_one(rules[index], each[index], timeout, file_index)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status == 0 and payload:
        mine, facts = pickle.loads(payload)  # our own child's data, in our own format
        outcomes.update(mine)
        if facts is not None:
            model.carry_facts(fact_store.decode(facts, fact_store.rule_packages(rules)) or {}, (), ())
    for index, rule in enumerate(rules):  # whatever the child did not finish, run here
        if index not in outcomes:
            outcomes[index] = run_one(rule, each[index], timeout, file_index)
    by_given = {given: outcomes[index] for index, given in enumerate(order)}
    return [by_given[given] for given in range(len(rules))]


def _added(facts: EntityFacts, known: Mapping[str, int]) -> EntityFacts:
    """The facts added to ``facts`` since each file held ``known`` of them."""
    return {
        display: dict(islice(table.items(), known.get(display, 0), None))
        for display, table in facts.items()
        if len(table) > known.get(display, 0)
    }


def _parent_first(rules: Sequence[Rule]) -> tuple[list[int], int]:
    """The order the two processes claim ``rules`` in (indexes into it), and how many at its front
    only the parent claims: the rules that share an analysis (``Rule.shares_analysis``, computed
    once per process through ``Blueprint.memo``), grouped, then the others in their order. Two
    processes each computing the capacity model cost more than one waiting for the other."""
    shared = sorted((i for i, r in enumerate(rules) if r.shares_analysis), key=lambda i: rules[i].shares_analysis)
    others = [i for i, r in enumerate(rules) if not r.shares_analysis]
    return shared + others, len(shared)
