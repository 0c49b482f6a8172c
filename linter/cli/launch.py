"""The command line's entry point: a replay of an identical earlier run when there is one
(:mod:`linter.cache.replay`, before anything heavy is imported), else the full CLI (:mod:`linter.cli.main`)."""

from __future__ import annotations

import gc
import sys


def main() -> None:
    try:
        _main()
    except KeyboardInterrupt:  # Ctrl-C before the CLI proper runs (the replay, imports)
        try:
            sys.stderr.write("blueprint-lint: interrupted\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        sys.exit(130)  # linter.cli.main.EXIT_INTERRUPTED, without importing click here


def _main() -> None:
    argv = sys.argv[1:]
    if argv == ["--version"]:  # click's own wording (tests/test_cli.py compares), without importing it
        from linter import __version__

        print(f"blueprint-lint, version {__version__}")
        return
    from linter.cache import replay

    code = replay.replay(argv)
    if code is not None:
        sys.exit(code)
    replay.launched_argv = argv
    # A lint run builds millions of long-lived objects (the loaded data and the model) and leaves
    # almost no cyclic garbage, so the cyclic collector's full passes over that heap are pure cost:
    # ~25% of the CPU time on a 20,000-interface file (BENCHMARKS.md). The process is short-lived;
    # reference counting still frees everything else as usual.
    gc.disable()
    from linter.cli.main import main as cli

    try:
        cli()
    finally:
        # What the run built is cyclic (a file and its entities refer to each other), so with the
        # collector off it is never freed, and the interpreter's final collection at exit would
        # walk all of it: 1.2 s after a 20,000-interface run had written its output. Frozen objects
        # are left out of that collection; the process ends, and the system frees its memory.
        gc.freeze()
