"""Workspace globs: linear-time matching (no ReDoS), today's semantics exactly, bounded size.

The reproduction (issue 13, item 11): ``**a**a…**b`` against a name of 40 ``a`` did not finish in
120 s through ``exclude``, ``include`` and ``per-file-ignores``. The subprocess timeout is a hang
guard, not a timing assertion.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.settings.globs import MAX_GLOB_DOUBLE_STARS, MAX_GLOB_LENGTH, glob_match
from tests.helpers import write_workspace
from tests.hostile._run import run_cli

HOSTILE = "**a" * 12 + "**b"
NAME = "a" * 40 + ".yaml"
SPEC = "blueprint_version: 1\ngoals:\n  - id: G-1\n"


def _old_regex(pattern: str) -> re.Pattern[str]:
    """The translation globs had before the linear matcher: the oracle of their semantics."""
    text = pattern.strip()
    if text.startswith("./"):
        text = text[2:]
    anchored = "/" in text.rstrip("/")
    text = text.strip("/")
    out = []
    i = 0
    while i < len(text):
        if text.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif text.startswith("**", i):
            out.append(".*")
            i += 2
        elif text[i] == "*":
            out.append("[^/]*")
            i += 1
        elif text[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(text[i]))
            i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"^{prefix}{''.join(out)}(?:/.*)?$")


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(
    st.text(alphabet="ab/*?.", min_size=1, max_size=12).filter(lambda p: p.strip()),
    st.text(alphabet="ab/.", max_size=12),
)
def test_the_matcher_keeps_the_regex_semantics(pattern: str, path: str) -> None:
    assert glob_match(pattern, path) == (_old_regex(pattern).match(path) is not None)


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*.yaml", "a/b/c.yaml", True),
        ("drafts", "drafts/x.yaml", True),
        ("drafts/", "drafts/x/y.yaml", True),
        ("./drafts/**", "drafts/x/y.yaml", True),
        ("a/*.yaml", "a/b/c.yaml", False),
        ("a/**/c.yaml", "a/c.yaml", True),
        ("a/**/c.yaml", "a/x/y/c.yaml", True),
        ("a/**c.yaml", "a/x/bc.yaml", True),
        ("?.yaml", "ab.yaml", False),
        ("[ab].yaml", "a.yaml", False),
        ("[ab].yaml", "x/[ab].yaml", True),
        (HOSTILE, NAME, False),
        (HOSTILE, "a" * 40 + "b", True),
    ],
)
def test_glob_cases(pattern: str, path: str, expected: bool) -> None:
    assert glob_match(pattern, path) is expected


def _check(root: Path, *args: str) -> tuple[int, dict]:
    done = run_cli("check", ".", "-f", "json", *args, cwd=root, timeout=60)
    return done.returncode, json.loads(done.stdout) if done.stdout.strip() else {}


DEEP = "a" * 40 + "b/" + NAME


@pytest.mark.parametrize(
    ("config", "linted"),
    [
        (f"exclude: ['{HOSTILE}']\n", {NAME}),
        (f"include: ['{HOSTILE}']\n", {DEEP}),
        # per-file ignores are selection: DEEP's findings are not reported at all
        (f"per-file-ignores:\n  '{HOSTILE}': [ALL]\n", {NAME}),
    ],
    ids=["exclude", "include", "per-file-ignores"],
)
def test_a_backtracking_glob_does_not_hang_the_cli(tmp_path: Path, config: str, linted: set[str]) -> None:
    # The glob matches the directory whose name ends in b (so everything below it), not NAME.
    root = write_workspace(tmp_path, {NAME: SPEC, DEEP: SPEC}, config)
    code, report = _check(root, "--fail-on", "never")
    assert code == 0
    assert {d["file"] for d in report["diagnostics"]} == linted


def test_exclude_still_excludes_through_the_cli(tmp_path: Path) -> None:
    root = write_workspace(tmp_path, {NAME: SPEC, "drafts/x.yaml": SPEC}, "exclude: [drafts]\n")
    _, report = _check(root)
    assert {d["file"] for d in report["diagnostics"]} == {NAME}


@pytest.mark.parametrize(
    ("config", "where", "message"),
    [
        (f"exclude:\n  - x\n  - '{'a' * (MAX_GLOB_LENGTH + 1)}'\n", ":3:5:", f"at most {MAX_GLOB_LENGTH} characters"),
        (f"include: ['{'**a' * (MAX_GLOB_DOUBLE_STARS + 1)}']\n", ":1:11:", f"at most {MAX_GLOB_DOUBLE_STARS} '**'"),
        (
            f"per-file-ignores:\n  '{'**a' * (MAX_GLOB_DOUBLE_STARS + 1)}': [CP]\n",
            ":2:3:",
            f"at most {MAX_GLOB_DOUBLE_STARS} '**'",
        ),
    ],
    ids=["exclude-length", "include-stars", "per-file-ignores-stars"],
)
def test_an_oversized_glob_is_a_located_configuration_error(
    tmp_path: Path, config: str, where: str, message: str
) -> None:
    root = write_workspace(tmp_path, {"spec.yaml": SPEC}, config)
    done = run_cli("check", ".", cwd=root, timeout=60)
    assert done.returncode == 2
    assert f".blueprint-lint.yaml{where} " in done.stderr and message in done.stderr, done.stderr
