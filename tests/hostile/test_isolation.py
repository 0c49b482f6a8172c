"""Isolation: a crashing or hanging plugin rule is contained; nothing reaches the network."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from linter.api import Finding, Rule
from linter.catalog.registry import RuleSet
from linter.core.diagnostics import Severity
from linter.core.options import LintOptions
from linter.model.blueprint import Blueprint
from linter.run.engine import lint
from tests.helpers import ruleset, write_workspace

ROOT = Path(__file__).resolve().parents[2]
SPEC = "blueprint_version: 1\ninterfaces:\n  - {id: IF-1, source: SYS-X, target: SYS-Y, direction: one_way}\n"


class _PluginRule(Rule):
    severity = Severity.ERROR
    summary = "A test plugin."
    rationale = "Tests isolation."
    how_to_fix = "Nothing."
    passing_example = "blueprint_version: 1\n"
    failing_example = "blueprint_version: 1\n"


class Raises(_PluginRule):
    code, name = "ZZ001", "raises"

    def check(self, model: Blueprint) -> Iterable[Finding]:
        raise ValueError("boom")


class RaisesMidway(_PluginRule):
    code, name = "ZZ002", "raises-midway"

    def check(self, model: Blueprint) -> Iterable[Finding]:
        for interface in model.interfaces:
            yield Finding.at(interface, "", f"{interface.label} seen")
        raise KeyError("later")


class Hangs(_PluginRule):
    code, name = "ZZ003", "hangs"

    def check(self, model: Blueprint) -> Iterable[Finding]:
        while True:
            # A rule that swallows every exception still cannot outlive its limit.
            with contextlib.suppress(Exception):
                time.sleep(0.01)


class BadFinding(_PluginRule):
    code, name = "ZZ004", "bad-finding"

    def check(self, model: Blueprint) -> Iterable[Finding]:
        yield Finding(message="neither entity nor source")


def _ruleset(*extra: type[Rule]) -> RuleSet:
    base = ruleset()
    rules = list(base.rules)
    for cls in extra:
        rule = cls()
        rule.origin = "test-plugin 1.0"
        rules.append(rule)
    return RuleSet(rules=sorted(rules, key=lambda r: r.code), plugins=base.plugins)


def _lint(tmp_path: Path, rules: RuleSet, options: LintOptions | None = None):  # type: ignore[no-untyped-def]
    write_workspace(tmp_path, {"spec.yaml": SPEC})
    return lint([Path(".")], rules, options, cwd=tmp_path)


@pytest.mark.parametrize("plugin", [Raises, RaisesMidway, BadFinding])
def test_a_crashing_rule_is_ie001_and_the_others_still_report(tmp_path: Path, plugin: type[Rule]) -> None:
    clean = _lint(tmp_path, ruleset())
    result = _lint(tmp_path, _ruleset(plugin))
    assert result.internal_error
    (internal,) = [d for d in result.diagnostics if d.code == "IE001"]
    assert plugin.code in internal.message and "crashed" in internal.message
    others = {(d.code, d.line) for d in clean.diagnostics}
    assert others <= {(d.code, d.line) for d in result.diagnostics}
    assert others, "the built-in rules report something on SPEC"
    assert result.tracebacks and plugin.code in result.tracebacks[0]


def test_a_hanging_rule_is_stopped_and_the_others_still_report(tmp_path: Path) -> None:
    clean = _lint(tmp_path, ruleset())
    result = _lint(tmp_path, _ruleset(Hangs), LintOptions(rule_timeout=0.5))
    assert result.internal_error
    (internal,) = [d for d in result.diagnostics if d.code == "IE001"]
    assert "ZZ003" in internal.message and "did not finish within 0.5 seconds" in internal.message
    assert {(d.code, d.line) for d in clean.diagnostics} <= {(d.code, d.line) for d in result.diagnostics}


def test_the_rule_timeout_restores_the_previous_alarm_handler(tmp_path: Path) -> None:
    import signal

    def mine(signum: int, frame: object) -> None:
        return None

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        _lint(tmp_path, _ruleset(Hangs), LintOptions(rule_timeout=0.2))
        assert signal.getsignal(signal.SIGALRM) is mine
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_rule_timeout_option_on_the_command_line(tmp_path: Path) -> None:
    from tests.helpers import run_cli

    write_workspace(tmp_path, {"spec.yaml": SPEC})
    result = run_cli("check", "--rule-timeout", "5", "spec.yaml", cwd=tmp_path)
    assert result.exit_code == 1  # the built-in rules' findings; nothing timed out
    assert run_cli("check", "--rule-timeout", "-1", "spec.yaml", cwd=tmp_path).exit_code == 2


def test_no_network_connection_is_ever_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full check of the shipped examples, every format, with sockets disabled."""
    from tests.helpers import run_cli

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("blueprint-lint tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for fmt in ("text", "json", "sarif"):
        for example in ("examples/public-sector", "examples/broken"):
            result = run_cli("check", "--format", fmt, example, cwd=ROOT)
            assert result.exit_code in (0, 1), result.output
    assert run_cli("rules", "--format", "json").exit_code == 0
    assert run_cli("explain", "XR001").exit_code == 0


def test_an_internal_bug_is_one_line_without_debug_and_a_traceback_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import linter.run.engine
    from tests.helpers import run_cli

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("engine bug")

    write_workspace(tmp_path, {"spec.yaml": SPEC})
    monkeypatch.setattr(linter.run.engine, "lint", broken)
    result = run_cli("check", "spec.yaml", cwd=tmp_path)
    assert result.exit_code == 2
    assert "internal error: RuntimeError: engine bug (run with --debug" in result.output
    assert "Traceback" not in result.output
    with pytest.raises(RuntimeError, match="engine bug"):
        run_cli("check", "--debug", "spec.yaml", cwd=tmp_path)
