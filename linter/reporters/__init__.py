"""Reporters: pure functions from (result, rules, context) to the text written out.

Each reporter module exposes ``render(result, ruleset, context) -> str``. Nothing here touches the
file system or the terminal; the CLI decides where the text goes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from linter.engine import LintResult
from linter.registry import RuleSet


@dataclass(frozen=True)
class ReportContext:
    """What reporters may know about the run besides the findings."""

    version: str
    color: bool = False
    # Rules the run had enabled (codes), for SARIF's rule list; None means all.
    enabled: frozenset[str] | None = None


Renderer = Callable[[LintResult, RuleSet, ReportContext], str]


def renderer(name: str) -> Renderer:
    """The render function of a format, imported only when used (keeps start-up fast)."""
    if name == "text":
        from linter.reporters.text import render
    elif name == "json":
        from linter.reporters.json_report import render
    elif name == "sarif":
        from linter.reporters.sarif import render
    else:
        raise KeyError(name)
    return render


FORMATS = ("text", "json", "sarif")
