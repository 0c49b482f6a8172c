"""The human format: ``path:line:col: severity CODE message [name]`` plus a source excerpt."""

from __future__ import annotations

from linter.diagnostics import Diagnostic, Severity
from linter.engine import LintResult
from linter.registry import RuleSet
from linter.reporters import ReportContext
from linter.reporters.summary import counts, plural

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_MAX_EXCERPT = 160


def _paint(text: str, code: str, enabled: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if enabled else text


def _excerpt(diagnostic: Diagnostic, lines: list[str], color: bool) -> list[str]:
    index = diagnostic.span.line - 1
    if not 0 <= index < len(lines):
        return []
    source = lines[index].rstrip("\r\n").expandtabs(1)
    start = max(diagnostic.span.column - 1, 0)
    if diagnostic.span.end_line == diagnostic.span.line:
        end = max(diagnostic.span.end_column - 1, start + 1)
    else:
        end = max(len(source), start + 1)
    if len(source) > _MAX_EXCERPT:  # keep very long lines readable around the span
        shift = max(0, start - 40)
        source = ("…" if shift else "") + source[shift : shift + _MAX_EXCERPT] + "…"
        start, end = start - shift + (1 if shift else 0), min(end - shift + (1 if shift else 0), len(source))
    number = str(diagnostic.span.line)
    gutter = " " * len(number)
    caret = " " * start + "^" * max(end - start, 1)
    return [
        f"{gutter} |",
        f"{number} | {source}",
        f"{gutter} | {_paint(caret, _COLORS[diagnostic.severity], color)}",
    ]


def render(result: LintResult, ruleset: RuleSet, context: ReportContext) -> str:
    out: list[str] = []
    split_sources: dict[str, list[str]] = {}
    for d in result.diagnostics:
        severity = _paint(d.severity.label, _COLORS[d.severity], context.color)
        where = f"{d.file}:{d.span.line}:{d.span.column}" if d.file else "blueprint-lint"
        out.append(f"{_paint(where, '1', context.color)}: {severity} {d.code} {d.message} [{d.name}]")
        if d.file and d.file in result.sources:
            lines = split_sources.setdefault(d.file, result.sources[d.file].splitlines())
            out.extend(_excerpt(d, lines, context.color))
        out.append("")
    tally = counts(result.diagnostics)
    checked = plural(len(result.files), "file")
    if result.diagnostics:
        parts = [plural(tally["errors"], "error"), plural(tally["warnings"], "warning")]
        if tally["infos"]:
            parts.append(plural(tally["infos"], "info"))
        out.append(f"Found {plural(len(result.diagnostics), 'problem')} ({', '.join(parts)}) in {checked} checked.")
    else:
        out.append(f"No problems found in {checked} checked.")
    return "\n".join(out) + "\n"
