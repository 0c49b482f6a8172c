"""The filter stage of one workspace: inline suppressions, then per-file ignores.

Runs after the rules, on the diagnostics of the files the user asked for. A finding hidden by an
inline comment is not dropped: it moves to the suppressed list with its
:class:`~linter.diagnostics.Suppression` (``inSource``), so SARIF can carry it with its reason.
Per-file ignores are *selection*, like ``ignore`` (as in ruff): the rule does not apply to those
files, so their findings are not findings at all and are dropped. Selection and severity are
otherwise applied earlier, when a diagnostic is created, so a rule that is off never runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from linter.core import codes
from linter.core.diagnostics import Diagnostic
from linter.filter.suppressions import apply
from linter.settings.resolve import WorkspaceSettings


@dataclass
class Filtered:
    kept: list[Diagnostic] = field(default_factory=list)
    suppressed: list[Diagnostic] = field(default_factory=list)


def known_codes(settings: WorkspaceSettings) -> dict[str, str]:
    """Every rule code (upper case) and name (lower case) of the workspace, mapped to its code."""
    known: dict[str, str] = {}
    for rule in settings.rules:
        known[rule.code.upper()] = rule.code
        known[rule.name.lower()] = rule.code
    return known


def filter_workspace(
    diagnostics: Sequence[Diagnostic],
    settings: WorkspaceSettings,
    texts: Mapping[str, str],
    paths: Mapping[str, Path],
) -> Filtered:
    """``texts`` and ``paths`` map the display name of every linted file to its text and path."""
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for diagnostic in diagnostics:
        by_file[diagnostic.file].append(diagnostic)
    known = known_codes(settings)
    out = Filtered()
    after_inline: list[Diagnostic] = list(by_file.pop("", []))
    for display in sorted(set(by_file) | set(texts)):
        found = by_file.get(display, [])
        text = texts.get(display)
        if text is None:
            after_inline += found
            continue
        applied = apply(found, text, known=known, enabled=settings.enabled, require_reason=settings.require_reason)
        after_inline += applied.kept
        out.suppressed += applied.suppressed
        for problem in applied.problems:
            if problem.code not in settings.enabled:
                continue
            rule = settings.by_code[problem.code]
            path = paths.get(display)
            after_inline.append(
                Diagnostic(
                    problem.code,
                    rule.name,
                    settings.severity(problem.code),
                    problem.message,
                    display,
                    problem.span,
                    "",
                    str(path) if path else "",
                )
            )
    if not settings.per_file_ignores:  # nothing to ignore: no path to work out per finding
        out.kept += after_inline
        return out
    for diagnostic in after_inline:
        ignorable = diagnostic.abs_path and diagnostic.code not in codes.UNLOADABLE
        glob = settings.file_ignore(Path(diagnostic.abs_path), diagnostic.code) if ignorable else None
        if glob is None:
            out.kept.append(diagnostic)
    return out
