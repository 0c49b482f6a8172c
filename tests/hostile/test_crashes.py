"""Nothing crashes: deep nesting past rapidyaml's emitter limit, hostile numbers, a huge size limit.

Issue 13, items 7-10 and 18. Each reproduction runs through the real command line
(``python -m linter``) with both loaders (``BLUEPRINT_LINT_FAST_LOADER=0`` is the reference).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from linter.core.limits import MAX_NUMBER_MAGNITUDE, LoadLimits
from linter.core.options import LintOptions
from linter.load import fast
from linter.load.reference import load_text
from linter.run.engine import lint
from tests.helpers import ruleset, write_workspace
from tests.hostile._run import ROOT, run_cli

EXAMPLE = ROOT / "examples" / "public-sector"
LOADERS = pytest.mark.parametrize("loader", ["1", "0"], ids=["fast", "reference"])


def _env(loader: str) -> dict[str, str]:
    return {"BLUEPRINT_LINT_FAST_LOADER": loader}


def _no_crash(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert "ERROR" not in stderr and ".hpp" not in stderr, stderr  # nothing from the C++ library
    assert "internal error" not in stderr, stderr


# -- 7: nesting deeper than rapidyaml's emitter allows (64 levels) -----------------------------------
def _flow(levels: int) -> str:
    return "blueprint_version: 1\nx: " + "[" * levels + "]" * levels + "\n"


def _block(levels: int) -> str:
    lines = ["blueprint_version: 1", *(" " * (2 * i) + f"k{i}:" for i in range(levels)), " " * (2 * levels) + "v"]
    return "\n".join(lines) + "\n"


@LOADERS
@pytest.mark.parametrize("shape", [_flow, _block], ids=["flow", "block"])
@pytest.mark.parametrize("levels", [65, 100])
def test_nesting_past_64_levels_loads_as_the_reference_does(
    tmp_path: Path, loader: str, shape: Any, levels: int
) -> None:
    write_workspace(tmp_path, {"deep.yaml": shape(levels)})
    checked = run_cli("check", "-f", "json", "--no-cache", ".", cwd=tmp_path, env=_env(loader))
    _no_crash(checked.stderr)
    assert checked.returncode == 1, checked.stderr  # the schema refuses the unknown key, nothing more
    codes = {d["code"] for d in json.loads(checked.stdout)["diagnostics"]}
    assert "SY006" not in codes and "IE001" not in codes
    reference = run_cli("check", "-f", "json", "--no-cache", ".", cwd=tmp_path, env=_env("0"))
    assert checked.stdout == reference.stdout
    for command in (("capacity", "-f", "json"), ("baseline", "-o", "base.yaml")):
        run = run_cli(*command, ".", cwd=tmp_path, env=_env(loader))
        _no_crash(run.stderr)
        assert run.returncode == 0, run.stderr


@LOADERS
@pytest.mark.parametrize("shape", [_flow, _block], ids=["flow", "block"])
@pytest.mark.parametrize(("levels", "limit"), [(250, None), (80, "64"), (250, "300")])
def test_nesting_over_the_limit_is_a_located_sy006(
    tmp_path: Path, loader: str, shape: Any, levels: int, limit: str | None
) -> None:
    write_workspace(tmp_path, {"deep.yaml": shape(levels)})
    options = ("--max-depth", limit) if limit else ()
    # Well past the limit: exactly where the two loaders count the limit from is issue 13, item 1.
    if limit == "300":  # 250 levels are under a raised limit: they load
        run = run_cli("check", "-f", "json", "--no-cache", *options, ".", cwd=tmp_path, env=_env(loader))
        _no_crash(run.stderr)
        assert "SY006" not in {d["code"] for d in json.loads(run.stdout)["diagnostics"]}
        return
    run = run_cli("check", "-f", "json", "--no-cache", *options, ".", cwd=tmp_path, env=_env(loader))
    _no_crash(run.stderr)
    assert run.returncode == 1
    (deep,) = [d for d in json.loads(run.stdout)["diagnostics"] if d["code"] == "SY006"]
    assert deep["file"] == "deep.yaml" and deep["line"] >= 2
    reference = run_cli("check", "-f", "json", "--no-cache", *options, ".", cwd=tmp_path, env=_env("0"))
    assert run.stdout == reference.stdout
    if limit is None:  # capacity and baseline have no --max-depth: the default limit applies
        for command in (("capacity",), ("baseline", "-o", "base.yaml")):
            other = run_cli(*command, ".", cwd=tmp_path, env=_env(loader))
            _no_crash(other.stderr)
            assert other.returncode == 0 and "could not be loaded" in other.stderr


# -- 8: hostile numbers never reach a rule ---------------------------------------------------------
HOSTILE = {
    "400-digit integer": "9" * 400,
    "negative 400-digit integer": "-" + "9" * 400,
    "5000-digit integer": "9" * 5000,  # more digits than Python converts
    ".inf": ".inf",
    "-.inf": "-.inf",
    "+.inf": "+.INF",
    ".nan": ".nan",
    "1e400": "1e400",
    "1e308": "1e308",
    "-1e308": "-1e308",
    "2**53 + 1": str(MAX_NUMBER_MAGNITUDE + 1),
    "2**63": str(2**63),
    "2**53 + 1 as a float": "9007199254740994.0",
    "hexadecimal": "0x" + "f" * 40,
}
# Numbers that are usable and do reach the rules: the bounds, and the smallest magnitudes.
EXTREME_BUT_USABLE = {
    "2**53": str(MAX_NUMBER_MAGNITUDE),
    "-2**53": str(-MAX_NUMBER_MAGNITUDE),
    "2**53 as a float": "9007199254740992.0",
    "5e-324": "5e-324",
    "-1e-300": "-1e-300",
    "zero": "0",
    "minus one": "-1",
}


def _load_both(text: str) -> tuple[Any, Any]:
    limits = LoadLimits()
    return fast.load(text, limits), load_text(text, limits)


# As a float, 2**53 + 1 rounds to 2**53, which is usable: that one case is not hostile under !!float.
_CASES = [
    (name, layout)
    for name in sorted(HOSTILE)
    for layout in ["a: {}\n", "a: [1, {}]\n", "a:\n  b: {}\n", "a: !!float {}\n"]
    if not ("!!float" in layout and name == "2**53 + 1")
]


@pytest.mark.parametrize(("name", "layout"), _CASES)
def test_a_hostile_number_is_sy008_and_stays_text_on_both_loaders(name: str, layout: str) -> None:
    spelling = HOSTILE[name]
    text = "blueprint_version: 1\n" + layout.format(spelling)
    quick, reference = _load_both(text)
    for document in (quick, reference):
        assert [p.code for p in document.problems] == ["SY008"], document.problems
        assert all(isinstance(v, (str, bool)) or v is None or _usable(v) for v in _leaves(document.data))
        assert spelling.replace("_", "") in [str(v) for v in _leaves(document.data)]
    assert quick.data == reference.data and quick.problems == reference.problems


def test_a_quoted_hostile_number_is_a_plain_string() -> None:
    quick, reference = _load_both("blueprint_version: 1\na: '1e400'\nb: \".nan\"\n")
    for document in (quick, reference):
        assert document.problems == [] and document.data == {"blueprint_version": 1, "a": "1e400", "b": ".nan"}


@pytest.mark.parametrize("name", sorted(EXTREME_BUT_USABLE))
def test_an_extreme_but_usable_number_loads_as_a_number(name: str) -> None:
    quick, reference = _load_both(f"blueprint_version: 1\na: {EXTREME_BUT_USABLE[name]}\n")
    for document in (quick, reference):
        assert document.problems == [] and not isinstance(document.data["a"], str)
    assert quick.data == reference.data


def _usable(value: Any) -> bool:
    return isinstance(value, (int, float)) and abs(value) <= MAX_NUMBER_MAGNITUDE and value == value


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def _numeric_pointers(value: Any, pointer: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _numeric_pointers(item, f"{pointer}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _numeric_pointers(item, f"{pointer}/{index}")
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield pointer


def _numeric_fields() -> list[tuple[str, str, tuple[int, int, int]]]:
    """(file, pointer, (line, start column, end column)) of every number in the example."""
    fields = []
    for path in sorted(EXAMPLE.rglob("*.yaml")):
        document = load_text(path.read_text(encoding="utf-8"))
        if document.data is None or document.locator is None:
            continue
        for pointer in _numeric_pointers(document.data):
            span = document.locator.span(pointer)
            assert span.line == span.end_line
            fields.append((path.relative_to(EXAMPLE).as_posix(), pointer, (span.line, span.column, span.end_column)))
    return fields


def _plant(text: str, places: list[tuple[int, int, int]], value: str) -> str:
    lines = text.split("\n")
    for line, start, end in sorted(places, reverse=True):
        lines[line - 1] = lines[line - 1][: start - 1] + value + lines[line - 1][end - 1 :]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def example_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("example") / "public-sector"
    shutil.copytree(EXAMPLE, root)
    return root


def _crashes(root: Path, file: str, planted: str) -> list[str]:
    target = root / file
    original = target.read_text(encoding="utf-8")
    target.write_text(planted, encoding="utf-8")
    try:
        result = lint([root], ruleset(), LintOptions(), cwd=root)
    finally:
        target.write_text(original, encoding="utf-8")
    return [d.message for d in result.diagnostics if d.code == "IE001"]


def test_the_example_has_numbers_in_every_numeric_section() -> None:
    pointers = {pointer for _, pointer, _ in _numeric_fields()}
    for needle in ("/volume/peak/count", "/payload/max_kb", "/avg_execution_ms", "/tenant_licenses/", "/retry/"):
        assert any(needle in p for p in pointers), needle


def test_no_rule_crashes_on_a_hostile_number_in_any_numeric_field(example_copy: Path) -> None:
    """Every hostile spelling in every numeric field of each file at once, and one hostile and
    every extreme-but-usable value in each numeric field alone: never an IE001."""
    fields = _numeric_fields()
    by_file: dict[str, list[tuple[int, int, int]]] = {}
    for file, _, place in fields:
        by_file.setdefault(file, []).append(place)
    failures = []
    for file, places in by_file.items():
        text = (example_copy / file).read_text(encoding="utf-8")
        for name, spelling in HOSTILE.items():
            crashed = _crashes(example_copy, file, _plant(text, places, spelling))
            failures += [(file, "every field", name, m) for m in crashed]
    alone = {"400-digit integer": HOSTILE["400-digit integer"], **EXTREME_BUT_USABLE}
    for file, pointer, place in fields:
        text = (example_copy / file).read_text(encoding="utf-8")
        for name, spelling in alone.items():
            crashed = _crashes(example_copy, file, _plant(text, [place], spelling))
            failures += [(file, pointer, name, m) for m in crashed]
    assert failures == []


@LOADERS
def test_a_400_digit_peak_on_a_synchronous_interface_is_sy008_not_a_crash(tmp_path: Path, loader: str) -> None:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    target = root / "interfaces" / "web-request.yaml"
    text = target.read_text(encoding="utf-8").replace("timing: near_real_time", "timing: synchronous")
    assert "timing: synchronous" in text
    (place,) = [
        p for f, ptr, p in _numeric_fields() if f == "interfaces/web-request.yaml" and ptr.endswith("peak/count")
    ]
    target.write_text(_plant(text, [place], "9" * 400), encoding="utf-8")
    run = run_cli("check", "-f", "json", "--no-cache", ".", cwd=root, env=_env(loader))
    _no_crash(run.stderr)
    assert run.returncode == 1
    codes = [(d["code"], d["line"]) for d in json.loads(run.stdout)["diagnostics"]]
    assert ("SY008", place[0]) in codes and not any(code == "IE001" for code, _ in codes)


# -- 9: capacity with a non-finite execution time -------------------------------------------------
@LOADERS
@pytest.mark.parametrize("spelling", [".inf", "-.inf", ".nan", "1e400", "9" * 400, str(MAX_NUMBER_MAGNITUDE)])
def test_capacity_with_a_hostile_execution_time(tmp_path: Path, loader: str, spelling: str) -> None:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    target = root / "interfaces" / "nightly-batch.yaml"
    text = target.read_text(encoding="utf-8")
    assert "avg_execution_ms: 40\n" in text
    target.write_text(text.replace("avg_execution_ms: 40\n", f"avg_execution_ms: {spelling}\n"), encoding="utf-8")
    as_text = run_cli("capacity", ".", cwd=root, env=_env(loader))
    _no_crash(as_text.stderr)
    assert as_text.returncode == 0 and "Capacity of" in as_text.stdout

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    as_json = run_cli("capacity", "-f", "json", ".", cwd=root, env=_env(loader))
    _no_crash(as_json.stderr)
    assert as_json.returncode == 0
    assert json.loads(as_json.stdout, parse_constant=refuse)["workspaces"]


# -- 10: a huge size limit does not allocate the limit ---------------------------------------------
HUGE_LIMIT = 10**15  # a petabyte: reading ``limit + 1`` bytes at once is a MemoryError anywhere


@LOADERS
@pytest.mark.parametrize("where", ["option", "configuration"])
def test_a_huge_max_file_bytes_reads_the_files_as_they_are(tmp_path: Path, loader: str, where: str) -> None:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    expected = run_cli("check", "--no-cache", ".", cwd=root, env=_env(loader))
    assert expected.returncode == 0, expected.stdout + expected.stderr
    if where == "option":
        run = run_cli("check", "--no-cache", "--max-file-bytes", str(HUGE_LIMIT), ".", cwd=root, env=_env(loader))
    else:
        config = root / ".blueprint-lint.yaml"
        config.write_text(
            config.read_text(encoding="utf-8") + f"\nlimits: {{max-file-bytes: {HUGE_LIMIT}}}\n", encoding="utf-8"
        )
        run = run_cli("check", "--no-cache", ".", cwd=root, env=_env(loader))
    _no_crash(run.stderr)
    assert (run.returncode, run.stdout) == (0, expected.stdout)


def test_reading_is_bounded_by_the_file_not_the_limit(tmp_path: Path) -> None:
    from linter.load.read import read_spec_text

    spec = tmp_path / "spec.yaml"
    spec.write_text("blueprint_version: 1\n" + "# padding\n" * 300_000, encoding="utf-8")  # 3 MB: several chunks
    text, code, _ = read_spec_text(spec, LoadLimits(max_file_bytes=HUGE_LIMIT))
    assert code == "" and text == spec.read_text(encoding="utf-8")
    assert read_spec_text(spec, LoadLimits(max_file_bytes=spec.stat().st_size))[0] == text
    _, code, _ = read_spec_text(spec, LoadLimits(max_file_bytes=spec.stat().st_size - 1))
    assert code == "SY007"


def test_a_file_that_grows_while_read_is_read_in_bounded_chunks(tmp_path: Path) -> None:
    """A file whose size the stat call under-reports (as /proc files do, at 0) is still read whole,
    chunk by chunk, and still stops at the limit."""
    import io

    from linter.load.read import _read_bounded

    data = b"x" * (3 * 1024 * 1024 + 5)
    assert _read_bounded(io.BytesIO(data), HUGE_LIMIT, 0) == data
    assert _read_bounded(io.BytesIO(data), 1000, 0) == data[:1000]
    assert _read_bounded(io.BytesIO(data), 2 * 1024 * 1024, 10) == data[: 2 * 1024 * 1024]


# -- 18: SY001 spans, Ctrl-C, the documented size limit --------------------------------------------
@LOADERS
@pytest.mark.parametrize(
    "text",
    [
        "blueprint_version: 1\na: [1,\n",  # the error is at the end of the file
        "blueprint_version: 1\nproject: {name: x\n",
        "blueprint_version: 1\na: b\nc\n",
        "blueprint_version: 1\na: 'open\n",
        "blueprint_version: 1\na: [1, 2\nb: 3",  # no final newline
        "blueprint_version: 1\r\na: [1,\r\n",
        "blueprint_version: 1\na: b: c\n",
    ],
)
def test_a_syntax_error_span_ends_within_its_line(tmp_path: Path, loader: str, text: str) -> None:
    (tmp_path / "bad.yaml").write_bytes(text.encode("utf-8"))
    run = run_cli("check", "-f", "json", "--no-cache", "bad.yaml", cwd=tmp_path, env=_env(loader))
    (problem,) = [d for d in json.loads(run.stdout)["diagnostics"] if d["code"] == "SY001"]
    lines = text.replace("\r\n", "\n").split("\n")
    assert problem["end_line"] == problem["line"]
    assert problem["column"] <= problem["end_column"] <= len(lines[problem["line"] - 1]) + 1


def test_ctrl_c_exits_130_with_one_line(tmp_path: Path) -> None:
    """A real SIGINT while the rules run (made slow here, so the signal lands mid-run)."""
    import os
    import signal
    import subprocess
    import sys

    write_workspace(tmp_path, {"spec.yaml": "blueprint_version: 1\n"})
    program = (
        "import sys, time\n"
        "import linter.api\n"
        "def slow(*args, **kwargs):\n"
        "    sys.stderr.write('ready\\n'); sys.stderr.flush(); time.sleep(60)\n"
        "linter.api.lint = slow\n"
        "sys.argv = ['blueprint-lint', 'check', '--no-cache', '.']\n"
        "from linter.cli.launch import main\n"
        "main()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", program],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    assert child.stderr.readline() == "ready\n"
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=60)
    assert (child.returncode, stdout, stderr) == (130, "", "blueprint-lint: interrupted\n")


@pytest.mark.parametrize(
    "command", [("check", "--no-cache", "."), ("capacity", "."), ("baseline", "-o", "b.yaml", ".")]
)
def test_ctrl_c_in_any_command_is_exit_130(tmp_path: Path, command: tuple[str, ...]) -> None:
    import os
    import subprocess
    import sys

    write_workspace(tmp_path, {"spec.yaml": "blueprint_version: 1\n"})
    program = (
        "import sys\n"
        "import linter.api\n"
        "def interrupt(*args, **kwargs):\n"
        "    raise KeyboardInterrupt\n"
        "linter.api.lint = linter.api.load_models = interrupt\n"
        f"sys.argv = ['blueprint-lint', *{list(command)!r}]\n"
        "from linter.cli.launch import main\n"
        "main()\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", program],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (run.returncode, run.stdout, run.stderr) == (130, "", "blueprint-lint: interrupted\n")


def test_the_configuration_schema_states_the_code_s_limit_defaults() -> None:
    schema = json.loads((ROOT / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    found = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("max-file-bytes", "max-depth", "max-nodes") and isinstance(value, dict):
                    found[key] = value
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema)
    defaults = LoadLimits()
    assert set(found) == {"max-file-bytes", "max-depth", "max-nodes"}
    for key, value in found.items():
        number = getattr(defaults, key.replace("-", "_"))
        assert f"Default {number}" in value["description"] or f"default {number}" in value["description"], (key, value)
        assert value.get("default", number) == number
