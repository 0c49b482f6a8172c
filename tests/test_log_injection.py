"""Nothing the linted files say can drive a CI runner or a terminal (issue 13, items 14 to 17).

Every test runs the real command line in a subprocess (``python -m linter``) and reads the bytes it
wrote. Two oracles stand for the runners, written from their source:

* the GitHub Actions runner (``actions/runner``, ``src/Runner.Common/ActionCommand.cs``) reads its
  output line by line (``StreamReader.ReadLine``: a line ends at LF, CR or CRLF); ``TryParseV2``
  takes a line that, after ``TrimStart()`` (.NET white space), starts with ``::`` and has a second
  ``::``; ``TryParse`` (the older syntax) takes ``##[`` *anywhere* in the line, followed by a ``]``;
* the Azure Pipelines agent takes ``##vso[`` anywhere in a line, followed by a ``]``, and its log
  viewer renders ``##[section]``, ``##[error]``... formatting commands.

Both find the prefix with .NET's culture-sensitive ``IndexOf``/``StartsWith``, which may skip
ignorable characters: the oracles drop every format or default-ignorable character from a line
before they look, and match ``##vso[`` in any case, so they see at least what either runner sees.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from linter.report import FORMATS as REGISTERED_FORMATS
from tests.hostile._run import run_cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="control characters in file names")

# -- the runners, as oracles -------------------------------------------------------------------------

_DOTNET_SPACE = "\t\n\x0b\x0c\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(
    chr(c) for c in range(0x2000, 0x200B)
)
_IGNORABLE = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0000-\U000e0fff]")


def _visible(line: str) -> str:
    """The line as a culture-sensitive comparison sees it: ignorable characters left out."""
    return "".join(c for c in line if unicodedata.category(c) not in ("Cf", "Cc") and not _IGNORABLE.match(c))


def runner_lines(output: str) -> list[str]:
    """Lines as ``StreamReader.ReadLine`` splits them (LF, CR, CRLF)."""
    return re.split(r"\r\n|\r|\n", output)


def github_commands(line: str) -> list[str]:
    """What the Actions runner would run from this line (either syntax)."""
    found = []
    seen = _visible(line)
    trimmed = seen.lstrip(_DOTNET_SPACE)
    if trimmed.startswith("::") and trimmed.find("::", 2) >= 0:
        found.append(trimmed[: trimmed.find("::", 2) + 2])
    start = seen.find("##[")
    if start >= 0 and seen.find("]", start) >= 0:
        found.append(seen[start : seen.find("]", start) + 1])
    return found


def azure_commands(line: str) -> list[str]:
    """What the Azure Pipelines agent would run or render from this line."""
    seen = _visible(line)
    found = [m.group() for m in re.finditer(r"##vso\[[^\]]*\]", seen, re.IGNORECASE)]
    if re.search(r"##\[", seen):
        found.append("##[")
    return found


def assert_no_command(output: str, allowed: re.Pattern[str] | None = None) -> None:
    """No line of ``output`` drives either runner (but the commands ``allowed`` matches at its start,
    whose remainder must drive none)."""
    for line in runner_lines(output):
        if allowed is not None and (own := allowed.match(line)):
            rest = line[own.end() :]
            assert "##[" not in _visible(rest) and "##vso[" not in _visible(rest).lower(), line
            continue
        assert not github_commands(line), line
        assert not azure_commands(line), line


_OUR_SGR = re.compile(r"\x1b\[[0-9;]*m")


def assert_terminal_safe(output: str, color: bool = False) -> None:
    """No control character (C0 but LF and TAB, DEL, C1) reaches the terminal, but our SGR styling."""
    if color:
        output = _OUR_SGR.sub("", output)
    bad = [c for c in output if (unicodedata.category(c) == "Cc" and c not in "\n\t") or c in "\u2028\u2029"]
    assert not bad, [hex(ord(c)) for c in bad]


# -- fixtures ----------------------------------------------------------------------------------------

ROGUE_NAMES = [
    "x\n::error title=forged::owned.yaml",
    "x\r::error title=forged::owned.yaml",
    "x\r\n  ::warning::owned.yaml",
    "::error title=forged::owned.yaml",
    " \u00a0::notice::owned.yaml",
    "clip\x1b]52;c;aGVsbG8=\x07.yaml",
    "red\x1b[31mname\x1b[0m.yaml",
    "csi\u009b31m\u0085\u2028.yaml",
    "old##[set-output name=verdict;]pass.yaml",
    "azure##vso[task.setvariable variable=X]y.yaml",
    "zero##\u200b[add-mask]x.yaml",
]
HOSTILE_VALUES = [
    "##[set-output name=verdict;]pass",
    "##[add-mask]secret",
    "##vso[task.setvariable variable=verdict]pass",
    "##VSO[task.complete result=Succeeded;]",
    "##\u200c[group]hidden",
    "##\U000e0020[add-mask]tag",
    "\u001b]52;c;aGVsbG8=\u0007",
]


def _blueprint(value: str) -> str:
    """A blueprint whose goal id quotes ``value`` (a message and an excerpt then carry it)."""
    quoted = json.dumps(f"G-{value}")  # a JSON string is a YAML double-quoted scalar
    return f"blueprint_version: 1\ngoals:\n  - id: {quoted}\n"


def _workspace(tmp_path: Path, files: dict[str, str], config: str = "# test workspace\n") -> Path:
    (tmp_path / ".blueprint-lint.yaml").write_text(config, encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _check(root: Path, *args: str) -> tuple[str, str, int]:
    done = run_cli("check", ".", "--no-cache", "--fail-on", "warning", *args, cwd=root)
    return done.stdout, done.stderr, done.returncode


FORMATS = list(REGISTERED_FORMATS)  # every format, new ones included
OWN_COMMANDS = {
    "github": re.compile(r"::(?:error|warning|notice) "),
    "azure": re.compile(r"##vso\[task\.logissue "),
}


# -- item 14: file names -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ROGUE_NAMES, ids=range(len(ROGUE_NAMES)))
def test_a_file_name_cannot_start_a_command_in_the_text_format(tmp_path: Path, name: str) -> None:
    root = _workspace(tmp_path, {name: _blueprint("1")})
    stdout, stderr, code = _check(root, "-f", "text")
    assert code == 1, stderr
    assert "XR004" in stdout
    assert_no_command(stdout)
    assert_terminal_safe(stdout)
    finding = [line for line in stdout.split("\n") if "XR004" in line]
    assert len(finding) == 1  # one finding, one line, whatever the name holds


def test_the_newline_of_a_file_name_is_shown_escaped(tmp_path: Path) -> None:
    root = _workspace(tmp_path, {"x\n::error title=forged::owned.yaml": _blueprint("1")})
    stdout, _, _ = _check(root, "-f", "text")
    assert "x\\n::error title=forged::owned.yaml:3:" in stdout  # the "::" is no longer at a line start
    assert not any(line.lstrip().startswith("::") for line in runner_lines(stdout))


@pytest.mark.parametrize("name", ROGUE_NAMES[:3] + ROGUE_NAMES[5:7], ids=range(5))
def test_stderr_messages_that_name_files_are_safe(tmp_path: Path, name: str) -> None:
    root = _workspace(tmp_path, {name: "blueprint_version: 1\ngoals: [unclosed\n"})
    done = run_cli("baseline", ".", "-o", "baseline.yaml", cwd=root)
    assert "could not be loaded" in done.stderr
    assert_no_command(done.stderr)
    assert_terminal_safe(done.stderr)
    missing = run_cli("check", ".", "--no-cache", "--config", name + ".missing", cwd=root)
    assert missing.returncode == 2 and "configuration file not found" in missing.stderr
    assert_no_command(missing.stderr)
    assert_terminal_safe(missing.stderr)


# -- item 15: ##[ and ##vso[ everywhere output reaches a log ------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_on_standard_output_carries_a_command(tmp_path: Path, fmt: str) -> None:
    files = {f"f{i}.yaml": _blueprint(value) for i, value in enumerate(HOSTILE_VALUES)}
    files["old##[add-mask]x.yaml"] = _blueprint("2")
    root = _workspace(tmp_path, files)
    stdout, stderr, code = _check(root, "-f", fmt, "--include-suppressed")
    assert code == 1, stderr
    assert_no_command(stdout, OWN_COMMANDS.get(fmt))
    assert_no_command(stderr)
    assert_terminal_safe(stdout)
    if fmt in OWN_COMMANDS:  # our own commands are there, one per finding
        assert sum(1 for line in stdout.split("\n") if OWN_COMMANDS[fmt].match(line)) >= len(files)


def test_source_excerpts_are_defanged(tmp_path: Path) -> None:
    root = _workspace(tmp_path, {"a.yaml": _blueprint("##[set-output name=verdict;]pass")})
    stdout, _, _ = _check(root, "-f", "text")
    excerpt = [line for line in stdout.split("\n") if line.startswith("3 | ")]
    assert excerpt and "set-output" in excerpt[0]
    assert_no_command(stdout)


@pytest.mark.parametrize("fmt", ["json", "json-lines", "sarif", "gitlab", "junit"])
def test_machine_formats_on_stdout_parse_to_the_exact_report_written_to_a_file(tmp_path: Path, fmt: str) -> None:
    """Defanged on standard output, exact in a file: both read back to the same values."""
    files = {f"f{i}.yaml": _blueprint(value) for i, value in enumerate(HOSTILE_VALUES)}
    files["n\u0085\u2028.yaml"] = _blueprint("\u0085\u2028\u2029")
    root = _workspace(tmp_path, files)
    stdout, stderr, code = _check(root, "-f", fmt, "--report", f"{fmt}:{tmp_path / 'out.report'}")
    assert code == 1, stderr
    exact = (tmp_path / "out.report").read_text(encoding="utf-8")
    assert "##[" in exact and "##vso[" in exact  # a file is not a log: it stays exact
    assert "##[" not in stdout and "##vso[" not in stdout.lower()
    if fmt == "junit":
        assert _xml_values(stdout) == _xml_values(exact)
    elif fmt == "json-lines":
        assert [json.loads(r) for r in stdout.splitlines()] == [json.loads(r) for r in exact.splitlines()]
    else:
        assert json.loads(stdout) == json.loads(exact)


def _xml_values(text: str) -> list[tuple[str, dict[str, str], str]]:
    return [(e.tag, dict(e.attrib), e.text or "") for e in ET.fromstring(text).iter()]


def test_configuration_errors_on_stderr_are_defanged(tmp_path: Path) -> None:
    config = "unknown##vso[task.setvariable variable=X]1: 2\n"
    root = _workspace(tmp_path, {"a.yaml": _blueprint("1")}, config)
    _, stderr, code = _check(root)
    assert code == 2 and "unknown key" in stderr
    assert_no_command(stderr)
    config = 'select: ["##[set-output name=verdict;]pass", "##[add-mask]x"]\n'
    root = _workspace(tmp_path, {"a.yaml": _blueprint("1")}, config)
    _, stderr, code = _check(root)
    assert code == 2 and stderr
    assert_no_command(stderr)
    assert_terminal_safe(stderr)


def test_the_oracles_see_what_the_runners_see() -> None:
    """The oracles themselves: they find the commands the runners would run."""
    assert github_commands("  ::error title=x::owned")
    assert github_commands("\u00a0::set-output name=a::b")
    assert github_commands("text ##[set-output name=verdict;]pass")
    assert github_commands("##\u200b[add-mask]x")
    assert not github_commands("x ::error::no")
    assert azure_commands("a ##vso[task.setvariable variable=X]1")
    assert azure_commands("a ##VSO[task.complete]")
    assert azure_commands("##[group]x")
    assert runner_lines("a\rb\r\nc\nd") == ["a", "b", "c", "d"]


# -- item 16: terminal escapes -----------------------------------------------------------------------


@pytest.mark.parametrize("color", ["never", "always"])
def test_osc_52_and_foreign_colour_never_reach_the_terminal(tmp_path: Path, color: str) -> None:
    files = {
        "clip\x1b]52;c;aGVsbG8=\x07.yaml": _blueprint("\x1b]52;c;aGVsbG8=\x07"),
        "red\x1b[31mname\x1b[0m.yaml": _blueprint("\x1b[5mblink"),
        "c1\u009b2J\u009d0;title\u009c.yaml": _blueprint("\u009b2J"),
    }
    root = _workspace(tmp_path, files)
    done = run_cli("check", ".", "--no-cache", "--fail-on", "warning", "--color", color, cwd=root, env={"NO_COLOR": ""})
    assert done.returncode == 1, done.stderr
    assert_terminal_safe(done.stdout, color=color == "always")
    if color == "always":
        assert "\x1b[1m" in done.stdout  # our own styling is kept
        # ... and every escape left is one we wrote: bold, a severity colour, or the reset
        assert set(_OUR_SGR.findall(done.stdout)) <= {"\x1b[1m", "\x1b[0m", "\x1b[31m", "\x1b[33m", "\x1b[36m"}
        assert "\\x1b[31mname" in done.stdout
    assert "\\x1b]52;c;aGVsbG8=\\x07" in done.stdout
    assert_terminal_safe(done.stderr)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_writes_a_control_character(tmp_path: Path, fmt: str) -> None:
    files = {"clip\x1b]52;c;aGVsbG8=\x07.yaml": _blueprint("\x1b]52;c;aGk=\x07\u009b2J\u0085")}
    root = _workspace(tmp_path, files)
    stdout, stderr, code = _check(root, "-f", fmt)
    assert code == 1, stderr
    assert_terminal_safe(stdout)


def test_rules_and_capacity_output_is_safe(tmp_path: Path) -> None:
    root = _workspace(tmp_path, {"a\x1b]52;c;aGk=\x07##[add-mask]x.yaml": "blueprint_version: 1\ngoals: [unclosed\n"})
    for args in (("capacity", "."), ("capacity", ".", "-f", "json"), ("rules",), ("rules", "-f", "json")):
        done = run_cli(*args, cwd=root)
        assert_terminal_safe(done.stdout)
        assert_terminal_safe(done.stderr)
        assert_no_command(done.stdout)
        assert_no_command(done.stderr)


# -- item 17: json-lines, one record per line for every reader ---------------------------------------


@pytest.mark.parametrize("to_file", [False, True])
def test_json_lines_records_survive_any_line_splitter(tmp_path: Path, to_file: bool) -> None:
    breaks = "\u0085\u2028\u2029\x0b\x0c\x1c\x1d\x1e\r"
    root = _workspace(tmp_path, {"a.yaml": _blueprint(breaks), "b\u0085\u2028.yaml": _blueprint("1")})
    args = ("-f", "json-lines", "-o", str(tmp_path / "out.jsonl")) if to_file else ("-f", "json-lines")
    stdout, stderr, code = _check(root, *args)
    assert code == 1, stderr
    text = (tmp_path / "out.jsonl").read_text(encoding="utf-8") if to_file else stdout
    by_lf = [line for line in text.split("\n") if line]
    assert text.splitlines() == by_lf  # str.splitlines breaks at every Unicode line boundary
    records = [json.loads(line) for line in by_lf]
    assert any(breaks in r["message"] for r in records)
    assert any(r["file"] == "b\u0085\u2028.yaml" for r in records)


def test_defanged_sarif_on_stdout_still_validates(tmp_path: Path) -> None:
    """SARIF printed to the log, every escape in it, passes the OASIS schema and the Multitool."""
    from tests.test_sarif import _bad_log, _require_multitool, multitool_problems, schema_errors

    files = {f"f{i}.yaml": _blueprint(value) for i, value in enumerate(HOSTILE_VALUES)}
    files["clip\x1b]52;c;aGk=\x07##[add-mask]x\u0085.yaml"] = _blueprint("\u2028\u009b")
    (tmp_path / "ws").mkdir()
    root = _workspace(tmp_path / "ws", files)
    stdout, stderr, code = _check(root, "-f", "sarif")
    assert code == 1, stderr
    assert "##[" not in stdout and "\\u005b" in stdout
    log = json.loads(stdout)
    assert schema_errors(log) == []
    _require_multitool()
    (tmp_path / "stdout.sarif").write_text(stdout, encoding="utf-8")
    (tmp_path / "bad.sarif").write_text(json.dumps(_bad_log()), encoding="utf-8")
    problems, output = multitool_problems([tmp_path / "stdout.sarif", tmp_path / "bad.sarif"])
    assert [p for p in problems if "bad.sarif" not in p] == [], output
    assert any("bad.sarif" in p for p in problems), output


def test_the_ranges_the_filter_skips_hold_no_unsafe_character() -> None:
    """safety.py skips common scripts for speed: with this Python's Unicode data, rightly so."""
    from linter.report.safety import SAFE_RANGES, unsafe

    skipped = re.compile(f"[{SAFE_RANGES}]")
    assert not [hex(c) for c in range(0x110000) if skipped.match(chr(c)) and unsafe(chr(c))]


def test_the_ascii_shortcut_skips_exactly_the_characters_the_expression_skips() -> None:
    """escape_unsafe returns an ASCII text untouched when it holds none of the expression's
    candidates, tested in C: the same ASCII characters must be candidates both ways."""
    from linter.report.safety import _CANDIDATE, _SAFE_ASCII

    assert [c for c in range(0x80) if not _CANDIDATE.match(chr(c))] == sorted(_SAFE_ASCII)


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\r", "\x0b", "\x0c", "\x08"])
def test_one_ascii_control_in_a_long_ascii_text_is_escaped(char: str) -> None:
    from linter.report.safety import defang_json, escape_unsafe

    text = "x" * 100_000 + char + "\n" + "y" * 10
    assert escape_unsafe(text) == "x" * 100_000 + f"\\x{ord(char):02x}" + "\n" + "y" * 10
    assert defang_json(text) == "x" * 100_000 + f"\\u{ord(char):04x}" + "\n" + "y" * 10
    assert escape_unsafe("tab\tand\nnewline ~") == "tab\tand\nnewline ~"
