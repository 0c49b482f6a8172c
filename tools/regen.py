"""Regenerate every generated file of the repository, or check that none is stale.

    python tools/regen.py          # rewrite what is stale, list what changed
    python tools/regen.py --check  # exit 1 (and list them) when any generated file is stale

Generated files: ``docs/rules.md`` and the README's rule table (from the rules' own metadata,
``linter/docs.py``), the reporter goldens ``tests/golden/`` (``tests/test_golden.py``), the
diagram goldens ``tests/golden/diagrams/`` (``tests/test_diagrams.py``) and the report of
``examples/public-sector`` (``tests/golden/report/`` and ``docs/example-report.md``,
``tests/test_report.py``).
``tests/test_regen.py`` runs the check, so a stale file fails the suite.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: import the checkout's tests package
    sys.path.insert(0, str(ROOT))

from linter import docs  # noqa: E402
from tests import test_diagrams, test_golden, test_report  # noqa: E402


def stale() -> list[Path]:
    return docs.stale(ROOT) + test_golden.stale_goldens() + test_diagrams.stale_goldens() + test_report.stale_reports()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files (exit 1 if any)")
    args = parser.parse_args(argv)
    if args.check:
        found = stale()
        for path in found:
            print(f"stale: {path.relative_to(ROOT)}")
        return 1 if found else 0
    changed = docs.write(ROOT) + test_golden.regenerate() + test_diagrams.regenerate() + test_report.regenerate()
    for path in changed:
        print(f"updated {path.relative_to(ROOT)}")
    if not changed:
        print("every generated file is current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
