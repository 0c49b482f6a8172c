"""The command line's entry point: a replay of an identical earlier run when there is one
(:mod:`linter.replay`, before anything heavy is imported), else the full CLI (:mod:`linter.cli`)."""

from __future__ import annotations

import sys


def main() -> None:
    from linter import replay

    argv = sys.argv[1:]
    if argv == ["--version"]:  # click's own wording (tests/test_cli.py compares), without importing it
        from linter import __version__

        print(f"blueprint-lint, version {__version__}")
        return
    code = replay.replay(argv)
    if code is not None:
        sys.exit(code)
    replay.launched_argv = argv
    from linter.cli import main as cli

    cli()
