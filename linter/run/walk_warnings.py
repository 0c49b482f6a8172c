"""What a run says on stderr about the files its directory walks did not lint (``check``'s warnings).

A walk lints only files with a top-level ``blueprint_version`` key; a team whose blueprint files
lack it would otherwise read "No problems found" as a pass. Files the workspace's configuration
excludes are left out of the count (they were left out on purpose), as are those .gitignore and
.ignore rules ignore (the walk never looks at them).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from linter.discover.workspace import WalkResult, display_path, find_root, iter_unique
from linter.settings.resolve import WorkspaceSettings

# How many names ``check -v`` lists.
SHOWN = 5


def skipped(
    walked: dict[Path, WalkResult], workspaces: Sequence[WorkspaceSettings], cwd: Path, verbose: bool
) -> list[str]:
    """One warning counting the YAML/JSON files the named directories' walks skipped for lacking
    ``blueprint_version`` (with ``verbose``, the first few names), or none."""
    by_root = {settings.root: settings for settings in workspaces}
    roots: dict[Path, Path] = {}
    files = []
    for path in iter_unique(p for directory in sorted(walked) for p in walked[directory].skipped):
        root = roots.get(path.parent)
        if root is None:
            root = roots[path.parent] = find_root(path.parent)
        settings = by_root.get(root)
        if settings is not None and (settings.excluded(path) or not settings.included(path)):
            continue
        files.append(display_path(path, cwd))
    if not files:
        return []
    files.sort()
    count = len(files)
    text = (
        f"{count:,} YAML/JSON file{'s' if count != 1 else ''} without a top-level `blueprint_version` key "
        f"{'was' if count == 1 else 'were'} skipped (a file named on the command line is linted whatever it holds)"
    )
    if not verbose:
        return [f"{text}; -v lists {'it' if count == 1 else 'them'}"]
    shown = ", ".join(files[:SHOWN])
    more = count - SHOWN
    return [f"{text}: {shown}" + (f" and {more:,} more" if more > 0 else "")]
