"""Rules shared with a forked second process give exactly what one process gives."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from linter.core.options import LintOptions
from linter.report import ReportContext, produce
from linter.run import rule_runner
from linter.run.engine import lint
from tests.helpers import ruleset, with_rules

ROOT = Path(__file__).resolve().parent.parent


def _json(result: object) -> str:
    return produce("json", with_rules(result), ReportContext(version="0")).text  # type: ignore[arg-type]


@pytest.mark.skipif(not rule_runner._can_fork(), reason="needs os.fork (Linux)")
def test_two_processes_give_the_same_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    serial = lint([Path("examples")], ruleset(), LintOptions(jobs=1), cwd=ROOT)
    monkeypatch.setattr(rule_runner, "PARALLEL_MIN_ENTITIES", 0)
    forked = lint([Path("examples")], ruleset(), LintOptions(jobs=2), cwd=ROOT)
    assert json.loads(_json(forked))["summary"]["total"] > 50
    assert _json(forked) == _json(serial)


@pytest.mark.skipif(not rule_runner._can_fork(), reason="needs os.fork (Linux)")
def test_a_crash_in_either_process_is_reported_and_the_rest_still_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = [r for r in ruleset().rules if r.origin == "built-in"]

    class Boom(type(rules[0])):  # type: ignore[misc]
        def check(self, model):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

    broken = Boom()
    model_result = lint([Path("examples/public-sector")], ruleset(), LintOptions(jobs=1), cwd=ROOT)
    assert model_result.diagnostics == []
    from linter.run.engine import load_models

    model = load_models([Path("examples/public-sector")], ruleset(), cwd=ROOT).workspaces[0].model
    outcomes = rule_runner.run_rules([*rules, broken, *rules], model, 30, parallel=True)
    assert len(outcomes) == 2 * len(rules) + 1
    assert outcomes[len(rules)].crash == "RuntimeError: boom"
    assert [dataclasses.asdict(o) for o in outcomes[: len(rules)]] == [
        dataclasses.asdict(o) for o in outcomes[len(rules) + 1 :]
    ]


def test_the_two_processes_claim_from_opposite_ends_and_each_rule_once() -> None:
    import multiprocessing

    ends = multiprocessing.get_context("fork" if rule_runner._can_fork() else None).Array("i", [0, 5])
    order = [
        rule_runner._claim(ends, from_back=False),
        rule_runner._claim(ends, from_back=True),
        rule_runner._claim(ends, from_back=True),
        rule_runner._claim(ends, from_back=False),
        rule_runner._claim(ends, from_back=True),
    ]
    assert order == [0, 4, 3, 1, 2]
    assert rule_runner._claim(ends, from_back=False) is None
    assert rule_runner._claim(ends, from_back=True) is None


def test_the_child_never_claims_below_its_floor() -> None:
    import multiprocessing

    ends = multiprocessing.get_context("fork" if rule_runner._can_fork() else None).Array("i", [0, 5])
    child = [rule_runner._claim(ends, from_back=True, floor=2) for _ in range(4)]
    assert child == [4, 3, 2, None], "the two rules below the floor are the parent's"
    assert [rule_runner._claim(ends, from_back=False) for _ in range(3)] == [0, 1, None]


def test_rules_that_share_an_analysis_are_the_parents_grouped_at_the_front() -> None:
    rules = [r for r in ruleset().rules if r.origin == "built-in"]
    order, floor = rule_runner._parent_first(rules)
    assert sorted(order) == list(range(len(rules)))
    shared = [rules[i] for i in order[:floor]]
    assert {r.code for r in shared} >= {"CA001", "CA009", "OP006"}, "the capacity model's rules"
    assert all(r.shares_analysis for r in shared) and not any(rules[i].shares_analysis for i in order[floor:])
    assert [rules[i].code for i in order[floor:]] == sorted(rules[i].code for i in order[floor:]), "the rest in order"


@pytest.mark.skipif(not rule_runner._can_fork(), reason="needs os.fork (Linux)")
def test_outcomes_come_back_in_the_order_given_whatever_order_they_ran_in() -> None:
    from linter.run.engine import load_models

    rules = [r for r in ruleset().rules if r.origin == "built-in"]
    model = load_models([Path("examples")], ruleset(), cwd=ROOT).workspaces[0].model
    forked = rule_runner.run_rules(rules, model, 30, parallel=True)
    serial = rule_runner.run_rules(rules, model, 30, parallel=False)
    assert [dataclasses.asdict(o) for o in forked] == [dataclasses.asdict(o) for o in serial]
    assert sum(len(o.findings) for o in serial) > 50
