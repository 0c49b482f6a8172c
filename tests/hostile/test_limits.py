"""Bounded time and memory: alias bombs, deep nesting, huge files, and the limit options.

No timing assertions: each case asserts the diagnostic that proves the bound fired (the loader
stopped at the limit instead of finishing the work).
"""

from __future__ import annotations

import json
import resource
from pathlib import Path

import pytest

from linter.core.limits import MAX_DEPTH_CEILING, LoadLimits
from linter.core.options import LintOptions
from linter.load.reference import load_text
from tests.helpers import lint_files, write_workspace
from tests.hostile._run import run_cli

LAUGHS = 'lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
)


def _codes(text: str, limits: LoadLimits | None = None) -> list[tuple[str, int]]:
    return [(p.code, p.span.line) for p in load_text(text, limits).problems]


def test_billion_laughs_is_stopped_at_the_node_limit() -> None:
    (problem,) = load_text(LAUGHS).problems
    assert problem.code == "SY007" and "max-nodes" in problem.message
    assert problem.span.line > 1  # located at the alias that crossed the limit


def test_small_alias_use_is_fine() -> None:
    document = load_text("base: &b {count: 1, per: hour}\nother: *b\n")
    assert document.problems == [] and document.data["other"] == {"count": 1, "per": "hour"}


def test_merge_keys_are_followed() -> None:
    document = load_text("base: &b {count: 1, per: hour}\nother: {<<: *b, per: day}\n")
    assert document.data["other"] == {"count": 1, "per": "day"}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("flow sequences", "a: " + "[" * 10_000 + "]" * 10_000 + "\n"),
        ("flow mappings", "a: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n"),
        ("block mappings", "".join(" " * i + "k:\n" for i in range(10_000)) + " " * 10_000 + "v\n"),
        ("block sequences", "".join(" " * i + "-\n" for i in range(10_000))),
        ("unclosed flow", "a: " + "[" * 10_000),
        ("many short deep lines", "".join(f"k{i}: " + "[" * 250 + "]" * 250 + "\n" for i in range(40))),
    ],
)
def test_ten_thousand_levels_give_a_located_sy006(name: str, text: str) -> None:
    problems = load_text(text).problems
    assert [p.code for p in problems] == ["SY006"], problems
    assert "200 levels" in problems[0].message
    assert problems[0].span.line >= 1


def test_depth_under_the_limit_loads() -> None:
    text = "a: " + "[" * 150 + "1" + "]" * 150 + "\n"
    document = load_text(text)
    assert document.problems == []


def test_the_depth_limit_is_configurable_up_to_its_ceiling() -> None:
    text = "a: " + "[" * 250 + "]" * 250 + "\n"
    assert _codes(text) == [("SY006", 1)]
    assert _codes(text, LoadLimits(max_depth=MAX_DEPTH_CEILING)) == []
    assert _codes("a: [[[1]]]\n", LoadLimits(max_depth=3)) == [("SY006", 1)]


def test_the_node_limit_bounds_composition_not_only_aliases() -> None:
    text = "a: [" + ", ".join(["1"] * 1000) + "]\n"
    assert _codes(text, LoadLimits(max_nodes=100)) == [("SY007", 1)]
    assert _codes(text, LoadLimits(max_nodes=10_000)) == []


def _write_big_blueprint(path: Path, size: int) -> None:
    """A realistic blueprint file of about ``size`` bytes, written in chunks."""
    entry = (
        "  - id: IF-{n:08d}\n    source: SYS-A\n    target: SYS-B\n    direction: one_way\n"
        "    frequency: {{mode: near_real_time}}\n    volume:\n      average: {{count: 120, per: hour}}\n"
        "      peak: {{count: 900, per: hour}}\n    description: " + "x" * 200 + "\n"
    )
    with path.open("w", encoding="utf-8") as handle:
        handle.write("blueprint_version: 1\ninterfaces:\n")
        written, n = 0, 0
        while written < size:
            chunk = "".join(entry.format(n=n + i) for i in range(1000))
            handle.write(chunk)
            written += len(chunk)
            n += 1000


def test_a_50_mb_file_over_the_size_limit_is_refused_without_being_read(tmp_path: Path) -> None:
    _write_big_blueprint(tmp_path / "huge.yaml", 50 * 1024 * 1024)
    write_workspace(tmp_path, {})
    completed = run_cli("check", "--format", "json", "--max-file-bytes", "16000000", "huge.yaml", cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    (diagnostic,) = json.loads(completed.stdout)["diagnostics"]
    assert diagnostic["code"] == "SY007" and diagnostic["file"] == "huge.yaml"
    assert "max-file-bytes" in diagnostic["message"]


def test_a_50_mb_file_under_a_raised_size_limit_stops_at_the_node_limit(tmp_path: Path) -> None:
    """Raising the size limit does not unbound the run: the node limit stops the composer early,
    after a few megabytes, and memory stays small (measured in the child process)."""
    _write_big_blueprint(tmp_path / "huge.yaml", 50 * 1024 * 1024)
    write_workspace(tmp_path, {})
    completed = run_cli(
        "check", "--format", "json", "--max-file-bytes", "100000000", "--max-nodes", "20000", "huge.yaml", cwd=tmp_path
    )
    assert completed.returncode == 1, completed.stderr
    codes = [(d["code"], d["file"]) for d in json.loads(completed.stdout)["diagnostics"]]
    assert codes == [("SY007", "huge.yaml")]
    child_peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert child_peak_kib < 1024 * 1024  # the 50 MB text plus 20,000 nodes, well under 1 GiB


def test_a_directory_walk_does_not_read_huge_non_blueprints_whole(tmp_path: Path) -> None:
    write_workspace(tmp_path, {"spec.yaml": "blueprint_version: 1\n"})
    (tmp_path / "data.yaml").write_text("rows:\n" + "  - 1\n" * 2_000_000, encoding="utf-8")
    completed = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert json.loads(completed.stdout)["summary"]["files_checked"] == 1


def test_a_blueprint_marker_after_the_first_chunk_is_found(tmp_path: Path) -> None:
    write_workspace(tmp_path, {})
    (tmp_path / "late.yaml").write_text("# padding\n" * 110_000 + "blueprint_version: 1\n", encoding="utf-8")
    completed = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    assert json.loads(completed.stdout)["summary"]["files_checked"] == 1


def test_limit_options_on_the_command_line(tmp_path: Path) -> None:
    write_workspace(tmp_path, {"spec.yaml": "blueprint_version: 1\nproject: {name: [[[[x]]]]}\n"})
    deep = run_cli("check", "--max-depth", "3", "spec.yaml", cwd=tmp_path)
    assert deep.returncode == 1 and "SY006" in deep.stdout
    small = run_cli("check", "--max-file-bytes", "10", "spec.yaml", cwd=tmp_path)
    assert small.returncode == 1 and "SY007" in small.stdout and "spec.yaml" in small.stdout
    nodes = run_cli("check", "--max-nodes", "3", "spec.yaml", cwd=tmp_path)
    assert nodes.returncode == 1 and "SY007" in nodes.stdout
    too_deep = run_cli("check", "--max-depth", str(MAX_DEPTH_CEILING + 1), "spec.yaml", cwd=tmp_path)
    assert too_deep.returncode == 2 and "Traceback" not in too_deep.stderr
    bad = run_cli("check", "--max-nodes", "many", "spec.yaml", cwd=tmp_path)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_limits_reach_the_engine_through_lint_options(tmp_path: Path) -> None:
    options = LintOptions(limits=LoadLimits(max_nodes=2))
    result = lint_files(tmp_path, {"spec.yaml": "blueprint_version: 1\nproject: {name: x}\n"}, options=options)
    assert [d.code for d in result.diagnostics] == ["SY007"]


def _aliased_string(length: int, uses: int) -> str:
    return f"blueprint_version: 1\nproject:\n  name: &long {'x' * length}\n  notes: [{', '.join(['*long'] * uses)}]\n"


@pytest.mark.parametrize("fast", ["1", "0"], ids=["fast", "reference"])
def test_a_long_string_aliased_many_times_is_charged_by_its_length(tmp_path: Path, fast: str) -> None:
    # Issue 13, item 12: 100 KB aliased 2,000 times (a 108 KB file) kept SE002 busy until the rule
    # timeout; the node limit counted each use as one node.
    root = write_workspace(tmp_path, {"spec.yaml": _aliased_string(100_000, 2000)})
    done = run_cli("check", ".", "-f", "json", cwd=root, env={"BLUEPRINT_LINT_FAST_LOADER": fast})
    assert done.returncode == 1, done.stderr
    (found,) = json.loads(done.stdout)["diagnostics"]
    assert found["code"] == "SY007" and "limit max-file-bytes" in found["message"]
    assert "67,108,864 characters" in found["message"]
    assert (found["line"], found["column"]) == (3, 9)  # the aliased value, as for the node limit


@pytest.mark.parametrize("fast", ["1", "0"], ids=["fast", "reference"])
def test_the_text_limit_is_the_file_size_limit(tmp_path: Path, fast: str) -> None:
    env = {"BLUEPRINT_LINT_FAST_LOADER": fast}
    small = write_workspace(tmp_path / "small", {"spec.yaml": _aliased_string(100, 5)})
    done = run_cli("check", ".", "-f", "json", "--max-file-bytes", "1000", cwd=small, env=env)
    assert "SY007" not in {d["code"] for d in json.loads(done.stdout)["diagnostics"]}
    big = write_workspace(tmp_path / "big", {"spec.yaml": _aliased_string(100, 20)})
    assert len((big / "spec.yaml").read_bytes()) < 1000
    done = run_cli("check", ".", "-f", "json", "--max-file-bytes", "1000", cwd=big, env=env)
    codes = [(d["code"], d["message"]) for d in json.loads(done.stdout)["diagnostics"]]
    assert codes == [("SY007", codes[0][1])] and "more than 1,000 characters of text" in codes[0][1]


def test_text_without_aliases_never_reaches_the_text_limit() -> None:
    text = "blueprint_version: 1\nproject:\n  name: " + "y" * 900 + "\n"
    assert load_text(text, LoadLimits(max_file_bytes=len(text))).problems == []


def _flow_list(items: int) -> str:
    return "blueprint_version: 1\nproject:\n  name: x\n  notes: [" + ", ".join(["1"] * items) + "]\n"


@pytest.mark.parametrize("fast", ["1", "0"], ids=["fast", "reference"])
def test_just_over_the_node_limit_both_loaders_report_the_same_sy007(tmp_path: Path, fast: str) -> None:
    # The reference is reported at the top-level entry being composed when the count crossed the
    # limit (here `project:`), a place the fast loader names from its own count.
    root = write_workspace(tmp_path, {"spec.yaml": _flow_list(20_010)})
    done = run_cli(
        "check", ".", "-f", "json", "--max-nodes", "20000", cwd=root, env={"BLUEPRINT_LINT_FAST_LOADER": fast}
    )
    (found,) = json.loads(done.stdout)["diagnostics"]
    assert (found["code"], found["message"]) == ("SY007", "the file holds more than 20,000 nodes (limit max-nodes)")
    assert (found["line"], found["column"], found["end_line"], found["end_column"]) == (2, 1, 2, 2)


def test_the_fast_loader_refuses_on_its_own_count_without_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    from linter.load import fast

    text = _flow_list(200)
    expected = load_text(text, LoadLimits(max_nodes=100))

    def no_reference(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reference loader was used")

    monkeypatch.setattr(fast, "load_text", no_reference)
    assert fast.load(text, LoadLimits(max_nodes=100)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [1, 2, 3]\nc: {d: [4, 5]}\n",  # keys count as nodes, as in the reference
        "a: 1\r\nb: [1, 2, 3]\r\nc: 3\n",
        "a: 1\rb: [1, 2, 3]\rc: 4\n",
        "a:\n  b:\n    c: [1, [2, [3]]]\ne: {f: {g: [h]}}\n",
        "'q': 1\nb: [1, 2, 3, 4]\n",
        "a : 1\nb: [1, 2, 3]\n",
    ],
)
@pytest.mark.parametrize("max_depth", [3, 4, 200])
def test_over_the_node_limit_the_fast_loader_equals_the_reference(text: str, max_depth: int) -> None:
    from linter.load import fast

    for max_nodes in range(1, 25):
        limits = LoadLimits(max_nodes=max_nodes, max_depth=max_depth)
        document = fast.load_fast(text, limits)
        if document is not None and document.problems:
            assert document == load_text(text, limits), (max_nodes, max_depth)
        elif document is not None:  # under the limit on both counts
            assert "SY007" not in [p.code for p in load_text(text, limits).problems]


def test_four_million_items_are_refused_on_the_fast_count(tmp_path: Path) -> None:
    # Issue 13, item 13: 4,000,010 items fell back to the reference composer (116 s, 2.5 GB).
    (tmp_path / "spec.yaml").write_text(_flow_list(4_000_010), encoding="utf-8")
    write_workspace(tmp_path, {})
    done = run_cli("check", "spec.yaml", "-f", "json", cwd=tmp_path)
    (found,) = json.loads(done.stdout)["diagnostics"]
    assert (found["code"], found["line"], found["column"]) == ("SY007", 2, 1)
    assert "more than 4,000,000 nodes" in found["message"]
    child_peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert child_peak_kib < 1536 * 1024  # the reference composer took 2.5 GB here
