"""Re-lint latency of the language server after an edit, next to a full ``check`` of the same workspace.

    python bench/lsp_latency.py --sizes 200,20000 --edits 15

For each size, on the generated workspace layout (``bench/generate.py`` through ``bench/run.py``'s
data directory, light profile), one run in a fresh cache directory:

- ``check-cold``: ``blueprint-lint check DIR -f json`` with an empty cache (the cold command line);
- ``check-edit``: the same after editing one interface file, with the cache the cold run left (what
  a pre-commit run costs after that edit);
- ``server-open``: the language server opening the edited file (its first lint of the workspace,
  with the cache the runs above left);
- ``server-edit``: the median over ``--edits`` edits of the time from sending ``didChange`` (the
  interface's average volume raised by one each time, debounce 0) to receiving that document's
  ``publishDiagnostics``.

Printed: the medians and ``server-edit / check-cold`` and ``server-edit / check-edit``. Issue 17 asks
for a re-lint within 100 ms at the median on 200 interfaces and within 1 s on 20,000. Run by hand on
a quiet machine, never by the tests (timings are noisy on shared machines).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run as bench_run  # noqa: E402  (bench/run.py: the generated data and the edit target)


def _check(data: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "linter", "check", str(data), "-f", "json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


async def _server_latencies(path: Path, text: str, edits: int, env: dict[str, str]) -> tuple[float, list[float]]:
    client = LanguageClient("bench", "1")
    published: dict[str, asyncio.Event] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        event = published.get(params.uri)
        if event is not None:
            event.set()

    await client.start_io(sys.executable, "-m", "linter", "server", env=env)
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), initialization_options={"debounce_ms": 0})
    )
    client.initialized(types.InitializedParams())
    uri = path.as_uri()
    published[uri] = asyncio.Event()
    start = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text)))
    await asyncio.wait_for(published[uri].wait(), 600)
    opened = time.perf_counter() - start
    latencies = []
    count = re.compile(r"average: \{count: (\d+),")
    for version in range(2, edits + 2):
        match = count.search(text)
        assert match is not None
        text = text[: match.start(1)] + str(int(match.group(1)) + 1) + text[match.end(1) :]
        published[uri] = asyncio.Event()
        start = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        await asyncio.wait_for(published[uri].wait(), 600)
        latencies.append(time.perf_counter() - start)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return opened, latencies


def measure(size: int, edits: int) -> dict[str, float]:
    data = bench_run.dataset("workspace", size)
    target, original, edited = bench_run.edit_target(data, "workspace", size)
    with tempfile.TemporaryDirectory(prefix="blueprint-lint-lsp-bench-") as cache:
        env = {**os.environ, "BLUEPRINT_LINT_CACHE_DIR": cache}
        try:
            cold = _check(data, env)
            target.write_bytes(edited)
            after_edit = _check(data, env)
            opened, latencies = asyncio.run(_server_latencies(target, edited.decode("utf-8"), edits, env))
        finally:
            target.write_bytes(original)
    edit = statistics.median(latencies)
    return {
        "check-cold": cold,
        "check-edit": after_edit,
        "server-open": opened,
        "server-edit": edit,
        "server-edit-max": max(latencies),
        "edit/check-cold": edit / cold,
        "edit/check-edit": edit / after_edit,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="200,20000")
    parser.add_argument("--edits", type=int, default=15)
    args = parser.parse_args()
    print(
        "| interfaces | check cold | check after edit | server open | server re-lint (median) | max | re-lint / check cold | re-lint / check after edit |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        m = measure(size, args.edits)
        print(
            f"| {size:,} | {m['check-cold']:.2f} s | {m['check-edit']:.2f} s | {m['server-open']:.2f} s | "
            f"{m['server-edit'] * 1000:.0f} ms | {m['server-edit-max'] * 1000:.0f} ms | "
            f"{m['edit/check-cold']:.2f} | {m['edit/check-edit']:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
