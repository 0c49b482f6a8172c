"""Run one command and print its wall time and peak memory: ``python bench/measure.py CMD...``.

``bench/run.py`` measures every tool through this small process rather than directly. On Linux a
child's ``ru_maxrss`` starts at the resident set of the process that forked it (the high-water
mark survives ``exec``), so a bench process grown by the data of earlier runs floors every later
child's measured peak at its own size (200 MB for a run that needs 80). Forked from this small
launcher instead, the floor is the launcher's own few megabytes. Prints one JSON line on stdout
(``wall`` seconds, ``rss`` MB, exit ``code``); the command's stdout is discarded, its stderr
passes through.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main() -> None:
    argv = sys.argv[1:]
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps({"wall": wall, "rss": usage.ru_maxrss / 1024, "code": code}))


if __name__ == "__main__":
    main()
