"""The conventions users of ruff and friends look for (issue 17 item 8): ``--exit-zero``,
``--extend-select`` (and the ``extend-select`` configuration key), ``-q/--quiet``, FORCE_COLOR,
the ``concise`` format and "did you mean" from ``explain``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from linter.cache import replay
from linter.catalog.registry import RuleSet
from linter.cli import main as cli
from linter.model.rule import Rule
from linter.report import ReportContext, produce
from linter.settings.selection import Layer, enabled_codes
from tests.golden_result import CWD, synthetic_result, synthetic_statistics_result
from tests.helpers import ruleset, run_cli, write_workspace

ROOT = Path(__file__).resolve().parent.parent
# Two warnings: CP001 goal-not-business-readable and XR004 orphan-goal.
ORPHAN_GOAL = "blueprint_version: 1\ngoals:\n  - {id: G-1, statement: orphan}\n"
NO_ENV_COLOR = {"NO_COLOR": None, "FORCE_COLOR": None}
EXCERPT_LINE = re.compile(r"^ *\d* \|")  # "  |", "8 | source", "  |     ^^^" in the text format


def _codes(stdout: str) -> list[str]:
    return sorted({d["code"] for d in json.loads(stdout)["diagnostics"]})


def _orphan(tmp_path: Path, config: str = "# test workspace\n") -> Path:
    return write_workspace(tmp_path, {"a.yaml": ORPHAN_GOAL}, config)


# -- --exit-zero ------------------------------------------------------------------------------------


def test_exit_zero_exits_zero_with_error_findings_and_still_reports_them() -> None:
    plain = run_cli("check", "examples/broken/interfaces", cwd=ROOT)
    assert plain.exit_code == 1
    zero = run_cli("check", "--exit-zero", "examples/broken/interfaces", cwd=ROOT)
    assert zero.exit_code == 0
    assert zero.stdout == plain.stdout  # the report is the same; only the exit code changes


def test_exit_zero_exits_zero_even_for_a_file_that_could_not_be_loaded() -> None:
    # --fail-on never still fails on an unloadable file (examples/broken/unloadable); --exit-zero does not.
    assert run_cli("check", "--fail-on", "never", "examples/broken", cwd=ROOT).exit_code == 1
    zero = run_cli("check", "--exit-zero", "examples/broken", cwd=ROOT)
    assert zero.exit_code == 0
    assert " SY001 " in zero.stdout


def test_exit_zero_beats_the_configured_fail_on(tmp_path: Path) -> None:
    root = _orphan(tmp_path, "fail-on: warning\n")
    assert run_cli("check", cwd=root).exit_code == 1
    assert run_cli("check", "--exit-zero", cwd=root).exit_code == 0


def test_exit_zero_with_a_fail_on_threshold_is_a_usage_error(tmp_path: Path) -> None:
    root = _orphan(tmp_path)
    for threshold in ("error", "warning", "info"):
        outcome = run_cli("check", "--exit-zero", "--fail-on", threshold, cwd=root)
        assert outcome.exit_code == 2
        assert (
            outcome.stderr
            == f"blueprint-lint: error: --exit-zero contradicts --fail-on {threshold}; give one of them\n"
        )
        assert outcome.stdout == ""
    assert run_cli("check", "--exit-zero", "--fail-on", "never", cwd=root).exit_code == 0


def test_exit_zero_still_exits_two_on_usage_and_configuration_errors(tmp_path: Path) -> None:
    assert run_cli("check", "--exit-zero", "nope.yaml", cwd=tmp_path).exit_code == 2
    root = _orphan(tmp_path / "ws", "selct: [XR]\n")
    outcome = run_cli("check", "--exit-zero", cwd=root)
    assert outcome.exit_code == 2 and "unknown key 'selct'" in outcome.stderr


# -- --extend-select and extend-select --------------------------------------------------------------


def test_extend_select_adds_to_the_configured_selection(tmp_path: Path) -> None:
    root = _orphan(tmp_path, "select: [XR004]\n")
    assert _codes(run_cli("check", "-f", "json", cwd=root).stdout) == ["XR004"]
    extended = run_cli("check", "-f", "json", "--extend-select", "CP001", cwd=root)
    assert _codes(extended.stdout) == ["CP001", "XR004"]
    # --select replaces the configuration; --extend-select in the same layer adds to it.
    both = run_cli("check", "-f", "json", "--select", "goal-not-business-readable", "--extend-select", "XR", cwd=root)
    assert _codes(both.stdout) == ["CP001", "XR004"]
    assert _codes(run_cli("check", "-f", "json", "--select", "CP001", cwd=root).stdout) == ["CP001"]


def test_extend_select_is_comma_separated_and_repeatable(tmp_path: Path) -> None:
    root = _orphan(tmp_path, "select: [SE]\n")
    assert _codes(run_cli("check", "-f", "json", "--extend-select", "CP001,XR004", cwd=root).stdout) == [
        "CP001",
        "XR004",
    ]
    repeated = run_cli("check", "-f", "json", "--extend-select", "CP001", "--extend-select", "orphan-goal", cwd=root)
    assert _codes(repeated.stdout) == ["CP001", "XR004"]
    assert _codes(run_cli("check", "-f", "json", "--extend-select", "ALL", cwd=root).stdout) == ["CP001", "XR004"]


def test_extend_select_turns_on_a_rule_the_configuration_ignores(tmp_path: Path) -> None:
    root = _orphan(tmp_path, "ignore: [XR004]\n")
    assert _codes(run_cli("check", "-f", "json", cwd=root).stdout) == ["CP001"]
    assert _codes(run_cli("check", "-f", "json", "--extend-select", "XR004", cwd=root).stdout) == ["CP001", "XR004"]


def test_extend_select_against_ignore_on_the_command_line_the_more_specific_wins(tmp_path: Path) -> None:
    root = _orphan(tmp_path, "select: [SE]\n")
    # The code (5 characters) beats the prefix (2) either way round; a tie goes to --ignore.
    assert _codes(run_cli("check", "-f", "json", "--extend-select", "XR", "--ignore", "XR004", cwd=root).stdout) == []
    assert _codes(run_cli("check", "-f", "json", "--extend-select", "XR004", "--ignore", "XR", cwd=root).stdout) == [
        "XR004"
    ]
    assert (
        _codes(run_cli("check", "-f", "json", "--extend-select", "XR004", "--ignore", "XR004", cwd=root).stdout) == []
    )


def test_the_extend_select_configuration_key(tmp_path: Path) -> None:
    # With select in the same file it adds to it; without, it adds to the default (ALL) and beats
    # a broader ignore of the same file.
    with_select = _orphan(tmp_path / "a", "select: [XR004]\nextend-select: [CP001]\n")
    assert _codes(run_cli("check", "-f", "json", cwd=with_select).stdout) == ["CP001", "XR004"]
    over_ignore = _orphan(tmp_path / "b", "ignore: [CP, XR]\nextend-select: [CP001]\n")
    assert _codes(run_cli("check", "-f", "json", cwd=over_ignore).stdout) == ["CP001"]
    # --select on the command line replaces the configuration's select and extend-select alike.
    assert _codes(run_cli("check", "-f", "json", "--select", "XR004", cwd=with_select).stdout) == ["XR004"]


def test_extend_select_selectors_that_match_no_rule_are_errors(tmp_path: Path) -> None:
    root = _orphan(tmp_path / "a")
    outcome = run_cli("check", "--extend-select", "ZZ9", cwd=root)
    assert outcome.exit_code == 2
    assert "--extend-select ZZ9: matches no rule" in outcome.stderr
    configured = _orphan(tmp_path / "b", "extend-select: [CP001, ZZ9]\n")
    outcome = run_cli("check", cwd=configured)
    assert outcome.exit_code == 2
    assert ".blueprint-lint.yaml:1:24: 'ZZ9' matches no rule" in outcome.stderr
    not_a_list = _orphan(tmp_path / "c", "extend-select: CP001\n")
    outcome = run_cli("check", cwd=not_a_list)
    assert outcome.exit_code == 2 and ".blueprint-lint.yaml:1:16:" in outcome.stderr


def _rule(code: str) -> Rule:
    return type(code, (Rule,), {"code": code, "name": f"rule-{code.lower()}"})()


def test_enabled_codes_with_extend_select_layers() -> None:
    rules = [_rule(code) for code in ("AA001", "AA002", "BB001")]
    codes = lambda *layers: sorted(enabled_codes(rules, layers))  # noqa: E731
    assert codes(Layer(extend_select=["AA001"])) == ["AA001", "AA002", "BB001"]  # the default is ALL
    assert codes(Layer(select=["BB"], extend_select=["AA001"])) == ["AA001", "BB001"]
    assert codes(Layer(select=["BB"]), Layer(extend_select=["AA002"])) == ["AA002", "BB001"]
    assert codes(Layer(ignore=["AA"]), Layer(extend_select=["AA001"])) == ["AA001", "BB001"]
    assert codes(Layer(select=["BB"]), Layer(extend_select=["AA"], ignore=["AA002"])) == ["AA001", "BB001"]
    assert codes(Layer(select=["BB"]), Layer(extend_select=["AA002"], ignore=["AA"])) == ["AA002", "BB001"]
    assert codes(Layer(select=["BB"]), Layer(extend_select=["AA"], ignore=["AA"])) == ["BB001"]  # a tie: ignore
    assert codes(Layer(select=["BB"]), Layer(extend_select=["AA"], ignore=["BB"])) == ["AA001", "AA002"]


# -- -q/--quiet -------------------------------------------------------------------------------------


def test_quiet_prints_the_findings_without_the_summary_line() -> None:
    plain = run_cli("check", "examples/broken/interfaces", cwd=ROOT)
    quiet = run_cli("check", "-q", "examples/broken/interfaces", cwd=ROOT)
    assert quiet.exit_code == plain.exit_code == 1
    summary = plain.stdout.splitlines()[-1]
    assert summary.startswith("Found ")
    # The same findings, excerpts and blank lines between them; no blank line and summary after.
    assert quiet.stdout + "\n" + summary + "\n" == plain.stdout
    assert quiet.stdout.endswith("^\n")


def test_quiet_on_a_clean_run_prints_nothing() -> None:
    outcome = run_cli("check", "--quiet", "examples/public-sector", cwd=ROOT)
    assert outcome.exit_code == 0
    assert outcome.stdout == "" and outcome.stderr == ""


def test_quiet_hides_warnings_but_not_errors(tmp_path: Path) -> None:
    root = _orphan(tmp_path)
    (root / "empty").mkdir()
    plain = run_cli("check", "empty", "a.yaml", cwd=root)
    assert "blueprint-lint: warning: empty: no blueprint file to lint" in plain.stderr
    quiet = run_cli("check", "-q", "empty", "a.yaml", cwd=root)
    assert quiet.stderr == ""
    assert " XR004 " in quiet.stdout
    missing = run_cli("check", "-q", "nope.yaml", cwd=root)
    assert missing.exit_code == 2 and "nope.yaml: no such file or directory" in missing.stderr


@pytest.mark.parametrize("fmt", ["concise", "github", "azure"])
def test_quiet_line_formats_are_one_line_per_finding_and_nothing_else(fmt: str) -> None:
    plain = run_cli("check", "-f", fmt, "examples/broken/interfaces", cwd=ROOT)
    quiet = run_cli("check", "-f", fmt, "-q", "examples/broken/interfaces", cwd=ROOT)
    assert plain.stdout.splitlines()[-1].startswith("Found ")
    assert quiet.stdout.splitlines() == plain.stdout.splitlines()[:-1]
    assert run_cli("check", "-f", fmt, "-q", "examples/public-sector", cwd=ROOT).stdout == ""


def test_quiet_keeps_the_summary_of_the_machine_formats() -> None:
    plain = run_cli("check", "-f", "json", "examples/broken/interfaces", cwd=ROOT)
    assert run_cli("check", "-f", "json", "-q", "examples/broken/interfaces", cwd=ROOT).stdout == plain.stdout


def test_quiet_with_statistics_prints_the_figures_asked_for() -> None:
    context = ReportContext(version="0", cwd=CWD, source_root=CWD, statistics=True, quiet=True)
    for fmt in ("text", "concise"):
        text = produce(fmt, synthetic_statistics_result(), context).text
        assert "Found " not in text and "Coverage of .:" in text
        loud = produce(fmt, synthetic_statistics_result(), ReportContext(version="0", cwd=CWD, statistics=True)).text
        assert text.replace("\n", "") == loud.replace("\n", "").replace(
            "Found 3 problems (2 errors, 1 warning) in 3 files checked.", ""
        )


def test_quiet_reporters_stay_pure() -> None:
    """The choice reaches the reporter in its context; the text is not post-processed."""
    quiet = produce("text", synthetic_result(), ReportContext(version="0", cwd=CWD, quiet=True)).text
    assert quiet.endswith("[internal-error]\n")
    assert "Found" not in quiet


# -- FORCE_COLOR ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "env", "tty", "expected"),
    [
        ("auto", {}, False, False),
        ("auto", {}, True, True),
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": "0"}, False, True),  # set and non-empty, whatever the value
        ("auto", {"FORCE_COLOR": ""}, False, False),  # empty counts as unset
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),  # NO_COLOR wins
        ("always", {"NO_COLOR": "1"}, False, True),  # the command line beats both
        ("never", {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_colour_decision(
    monkeypatch: pytest.MonkeyPatch, mode: str, env: dict[str, str], tty: bool, expected: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cli._use_color(mode, tty) is expected


def test_force_color_colours_output_into_a_pipe() -> None:
    def styled(*args: str, **env: str | None) -> bool:
        return "\x1b[" in run_cli("check", *args, "examples/broken", cwd=ROOT, env={**NO_ENV_COLOR, **env}).stdout

    assert not styled()
    assert styled(FORCE_COLOR="1")
    assert styled("-f", "concise", FORCE_COLOR="1")
    assert not styled(FORCE_COLOR="1", NO_COLOR="1")
    assert not styled("--color", "never", FORCE_COLOR="1")
    assert not styled("-f", "json", FORCE_COLOR="1")  # machine formats are never painted


def test_force_color_is_part_of_the_replay_key() -> None:
    assert "FORCE_COLOR" in replay.ENV_INPUTS  # else a replay could repeat another run's colours


# -- -f concise -------------------------------------------------------------------------------------


def test_concise_is_one_line_per_finding_then_the_summary() -> None:
    outcome = run_cli("check", "-f", "concise", "examples/broken", cwd=ROOT)
    assert outcome.exit_code == 1
    text_lines = run_cli("check", "examples/broken", cwd=ROOT).stdout.splitlines()
    lines = outcome.stdout.splitlines()
    # The text format's first line of each finding, without the excerpts, then the same summary.
    assert lines == [line for line in text_lines if line and not EXCERPT_LINE.match(line)]
    assert len(lines) - 1 == int(lines[-1].split()[1].replace(",", ""))


def test_concise_as_an_extra_report_is_plain_text(tmp_path: Path) -> None:
    out = tmp_path / "findings.txt"
    outcome = run_cli(
        "check", "--color", "always", "--report", f"concise:{out}", "examples/broken/interfaces", cwd=ROOT
    )
    assert outcome.exit_code == 1
    assert "\x1b[" in outcome.stdout  # the text report on standard output is painted ...
    written = out.read_text(encoding="utf-8")
    assert "\x1b[" not in written  # ... a report in a file never is
    assert written == run_cli("check", "-f", "concise", "examples/broken/interfaces", cwd=ROOT).stdout


def test_concise_is_never_the_default() -> None:
    assert run_cli("check", "examples/broken/interfaces", cwd=ROOT).stdout.count(" | ") > 0


# -- explain: did you mean --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "suggested"),
    [
        ("XR01", "XR001 (unresolved-reference)"),
        ("xr0001", "XR001 (unresolved-reference)"),
        ("unresolved-refrence", "XR001 (unresolved-reference)"),
        ("UNUSED-SYTEM", "XR005 (unused-system)"),
    ],
)
def test_explain_suggests_the_closest_rule(given: str, suggested: str) -> None:
    outcome = run_cli("explain", given)
    assert outcome.exit_code == 2
    assert outcome.stderr == (
        f"blueprint-lint: error: unknown rule '{given}'; did you mean {suggested}? (see `blueprint-lint rules`)\n"
    )


def test_explain_without_anything_close_suggests_nothing() -> None:
    outcome = run_cli("explain", "completely-different")
    assert outcome.exit_code == 2
    assert outcome.stderr == "blueprint-lint: error: unknown rule 'completely-different' (see `blueprint-lint rules`)\n"


def test_closest_breaks_ties_by_code_order() -> None:
    rules = RuleSet([_rule("XR011"), _rule("XR001"), _rule("XR010")])
    found = rules.closest("XR01")
    assert found is not None and found.code == "XR001"
    assert rules.closest("") is None
    real = ruleset()
    found = real.closest("orphan-gaol")
    assert found is not None and found.code == "XR004"
