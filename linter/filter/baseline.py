"""Baselines: accept today's findings, fail on new ones.

An entry identifies a finding by rule code, file (relative to the baseline file's directory,
POSIX), *anchor* and a hash, never by line number:

* the anchor is the entity the finding sits in, by kind and id (``interface IF-ORDERS``), plus the
  JSON pointer inside it (``/volume/peak``), so inserting lines or reordering entities keeps the
  entry valid; outside an entity (or when the id is missing or repeated in the file) it is the raw
  JSON pointer;
* the hash is of the offending value when the finding points at a scalar (changing
  ``target: SYS-CRM`` to another wrong id is a new finding), and of the message when it points at
  a whole mapping or at something missing (the message names the entity and the figure), so
  editing an unrelated field of the entity does not resurrect the finding. A finding on a secret
  (the engine masks its excerpt: linter/run/redaction.py) is hashed by its message too: a short
  hash of a password can be checked against a list of common ones, so it is never written.

An entry hides as many findings as its ``count`` (default 1): a second identical finding is
reported, so a new finding is never absorbed by an old entry (checkov#7647 matched on resource and
check only). Entries that no longer match anything in a linted file are reported as SU005.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from linter.cache import reads
from linter.core.baseline import Anchor, Baseline, Entry, Key
from linter.core.diagnostics import Diagnostic, Span, Suppression
from linter.core.pointer import segments
from linter.discover.workspace import display_path
from linter.load.reference import load_text
from linter.model.blueprint import SECTIONS

BASELINE_VERSION = 1
JUSTIFICATION = "accepted in baseline {name}"
_HEADER = """\
# blueprint-lint baseline: findings accepted when this file was written.
# `blueprint-lint check --baseline FILE` hides them and still reports every new finding.
# Entries match by rule, file, entity and value, never by line number. Regenerate with
# `blueprint-lint baseline [PATH...] -o FILE`; commit it and review its diffs like code.
"""


class BaselineError(Exception):
    """The baseline file cannot be read or is malformed (exit code 2)."""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def anchor(diagnostic: Diagnostic, data: Any, *, redacted: bool = False) -> Anchor:
    """The line-independent identity of ``diagnostic`` in a file whose parsed data is ``data``;
    ``redacted``: the finding points at a secret, whose value must not be hashed."""
    pointer = diagnostic.pointer
    parts = segments(pointer)
    entity, path = "", pointer
    if len(parts) >= 2 and parts[0] in SECTIONS and parts[1].isdigit() and isinstance(data, dict):
        items = data.get(parts[0])
        index = int(parts[1])
        if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
            entity_id = items[index].get("id")
            same = [i for i in items if isinstance(i, dict) and i.get("id") == entity_id]
            if isinstance(entity_id, str) and entity_id and len(same) == 1:
                entity = f"{SECTIONS[parts[0]]} {entity_id}"
                path = "".join("/" + p for p in pointer.split("/")[3:])
    value: Any = data
    for part in parts:
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            value = None
            break
    if redacted or value is None or isinstance(value, (dict, list)):
        digest = _digest("message:" + diagnostic.message)
    else:
        digest = _digest("value:" + json.dumps(value, sort_keys=True, ensure_ascii=False))
    return Anchor(diagnostic.code, diagnostic.abs_path, entity, path, digest)


def render(anchored: Iterable[tuple[Anchor, Diagnostic]], output: Path) -> str:
    """The baseline file for these findings: sorted, one block per entry, stable bytes."""
    base = Path(os.path.abspath(output)).parent
    grouped: dict[Key, list[Diagnostic]] = defaultdict(list)
    for found, diagnostic in anchored:
        grouped[found.key(base)].append(diagnostic)
    lines = [_HEADER.rstrip("\n"), f"baseline_version: {BASELINE_VERSION}"]
    if not grouped:
        lines.append("findings: []")
    else:
        lines.append("findings:")
    for key in sorted(grouped):
        diagnostics = sorted(grouped[key], key=lambda d: d.sort_key)
        lines.append(f"  - code: {key.code}")
        lines.append(f"    file: {_quote(key.file)}")
        if key.entity:
            lines.append(f"    entity: {_quote(key.entity)}")
        lines.append(f"    path: {_quote(key.path)}")
        lines.append(f"    hash: {_quote(key.hash)}")
        if len(diagnostics) > 1:
            lines.append(f"    count: {len(diagnostics)}")
        lines.append(f"    message: {_quote(diagnostics[0].message)}")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: no YAML emitter needed, stable output.
    return json.dumps(text, ensure_ascii=False)


def load(path: Path) -> Baseline:
    """Read a baseline file; raises BaselineError naming the file (and line:col) on problems."""
    shown = display_path(Path(os.path.abspath(path)), Path.cwd())
    try:
        text = reads.read_text(path, "utf-8")  # recorded for the replay (linter/cache/reads.py)
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not valid UTF-8 text"
        raise BaselineError(f"{shown}: cannot read baseline: {reason or error}") from error
    document = load_text(text)
    if document.problems:
        first = document.problems[0]
        raise BaselineError(f"{shown}:{first.span.line}:{first.span.column}: {first.message}")
    data, locator = document.data, document.locator
    if not isinstance(data, dict) or locator is None or data.get("baseline_version") != BASELINE_VERSION:
        raise BaselineError(f"{shown}:1:1: not a blueprint-lint baseline (expected baseline_version: 1)")
    findings = data.get("findings")
    if not isinstance(findings, list):
        span = locator.span("/findings")
        raise BaselineError(f"{shown}:{span.line}:{span.column}: 'findings' must be a list")
    entries = []
    for index, item in enumerate(findings):
        span = locator.span(f"/findings/{index}")
        fields = ("code", "file", "path", "hash")
        if not isinstance(item, dict) or not all(isinstance(item.get(f), str) for f in fields):
            raise BaselineError(
                f"{shown}:{span.line}:{span.column}: a baseline entry needs the strings code, file, path and hash"
            )
        count = item.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise BaselineError(f"{shown}:{span.line}:{span.column}: count must be a whole number of at least 1")
        key = Key(item["code"], item["file"], str(item.get("entity") or ""), item["path"], item["hash"])
        entries.append(Entry(key, count, str(item.get("message") or ""), span.line))
    return Baseline(Path(os.path.abspath(path)), entries)


@dataclass
class Matched:
    kept: list[Diagnostic]
    suppressed: list[Diagnostic]
    stale: list[Entry]


def match(baseline: Baseline, anchored: Sequence[tuple[Anchor, Diagnostic]], linted_files: Iterable[Path]) -> Matched:
    """Hide the findings the baseline accepts; list its entries that match nothing in a linted file."""
    justification = JUSTIFICATION.format(name=baseline.path.name)
    budget: dict[Key, int] = defaultdict(int)
    for entry in baseline.entries:
        budget[entry.key] += entry.count
    result = Matched([], [], [])
    ordered = sorted(anchored, key=lambda pair: pair[1].sort_key)
    for found, diagnostic in ordered:
        key = found.key(baseline.base)
        if budget.get(key, 0) > 0:
            budget[key] -= 1
            result.suppressed.append(replace(diagnostic, suppression=Suppression("external", justification)))
        else:
            result.kept.append(diagnostic)
    linted = {Path(os.path.relpath(p, baseline.base)).as_posix() for p in linted_files}
    for entry in baseline.entries:
        if budget.get(entry.key, 0) > 0 and entry.key.file in linted:
            budget[entry.key] = 0  # report a multi-count entry once
            result.stale.append(entry)
    return result


def stale_message(entry: Entry) -> str:
    where = f"{entry.key.entity} at '{entry.key.path}'" if entry.key.entity else f"'{entry.key.path or '/'}'"
    return (
        f"baseline entry {entry.key.code} for {entry.key.file}, {where}, matches no finding any more; "
        "regenerate the baseline to drop it"
    )


def stale_span(entry: Entry) -> Span:
    return Span(entry.line, 5, entry.line, 5 + len("code: ") + len(entry.key.code))
