"""``check --statistics``: the coverage figures and the per-rule finding counts of a run.

Shown by three formats only: ``text`` (two aligned tables after the usual output), ``json``
(``summary.statistics``) and ``sarif`` (``runs[0].properties.statistics``, without the missing ids,
which can be long and count against GitHub's upload limit). The other formats are read by CI
systems that have no place for them and ignore the flag.

With several workspaces, the figures of each workspace are given and their total (covered and
total summed, key by key); with one, its figures are the total. Rule counts are over the findings
reported (suppressed ones are not counted), most frequent first, then by code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from linter.core.figures import Figure, percent_text, total
from linter.core.result import LintResult
from linter.model.coverage import rule_counts


def counted_rules(result: LintResult) -> list[tuple[str, str, int]]:
    """(code, name, count) over the reported findings, most frequent first, then by code."""
    return sorted(rule_counts(result.diagnostics), key=lambda item: (-item[2], item[0]))


def _percent(figure: Figure) -> float:
    return float(percent_text(figure).rstrip("%"))


def _figure_dict(figure: Figure, with_missing: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "key": figure.key,
        "label": figure.label,
        "covered": figure.covered,
        "total": figure.total,
        "percent": _percent(figure),
    }
    if with_missing:
        entry["missing"] = list(figure.missing)
    return entry


def statistics_dict(result: LintResult, *, with_missing: bool = True) -> dict[str, Any]:
    """The statistics as the JSON format and SARIF carry them: ``coverage`` (the total figures),
    ``workspaces`` (each workspace's root and figures) and ``rules`` (code, name, count)."""
    return {
        "coverage": [_figure_dict(figure, with_missing) for figure in total(result.coverage)],
        "workspaces": [
            {"root": workspace.root, "coverage": [_figure_dict(f, with_missing) for f in workspace.figures]}
            for workspace in result.coverage
        ],
        "rules": [{"code": code, "name": name, "count": count} for code, name, count in counted_rules(result)],
    }


def _figure_table(figures: list[Figure]) -> list[str]:
    rows = [
        (figure.key, f"{figure.covered:,}/{figure.total:,}", percent_text(figure), figure.label) for figure in figures
    ]
    if not rows:
        return ["  (no blueprint file)"]
    key_width = max(len(row[0]) for row in rows)
    ratio_width = max(len(row[1]) for row in rows)
    percent_width = max(len(row[2]) for row in rows)
    return [
        f"  {key:<{key_width}}  {ratio:>{ratio_width}}  {percent:>{percent_width}}  {label}".rstrip()
        for key, ratio, percent, label in rows
    ]


def statistics_text(result: LintResult, one_line: Callable[[str], str]) -> str:
    """The text format's tables: coverage (key, covered/total, percent, label) per workspace when
    there are several, then the total; then the findings per rule (count, code, name). ``one_line``
    escapes what comes from the user (workspace roots, plugin codes and names) for the terminal."""
    out: list[str] = []
    workspaces = result.coverage
    if len(workspaces) > 1:
        for workspace in workspaces:
            out.append(f"Coverage of {one_line(workspace.root)}:")
            out.extend(_figure_table(list(workspace.figures)))
            out.append("")
        out.append(f"Coverage, all {len(workspaces)} workspaces:")
    else:
        out.append("Coverage:")
    out.extend(_figure_table(total(workspaces)))
    out.append("")
    counted = counted_rules(result)
    out.append("Findings by rule:")
    if not counted:
        out.append("  (none)")
    else:
        count_width = max(len(f"{count:,}") for _, _, count in counted)
        code_width = max(len(one_line(code)) for code, _, _ in counted)
        for code, name, count in counted:
            out.append(f"  {count:>{count_width},}  {one_line(code):<{code_width}}  {one_line(name)}")
    return "\n".join(out) + "\n"
