"""Loading a workspace's files: once each, from the cache when possible, in parallel when large.

Each file is read and hashed as read (the bytes the text came from), loaded (fast path or reference) and validated against the schema; the
result (data, load problems, schema problems) is cached by content hash. A fresh result's entry is
only prepared here (pickled, in whichever process loaded the file) and written by
:func:`store_entries` once the rules ran, for the files that hold no secret: the data of a file
with a literal secret holds the secret, and an entry written before the rules could find it would
stay on disk if the run were stopped in between; many of them go into one pack per workspace
(:func:`read_pack`), which the next run reads its files' entries from first. Many files are spread
over a process pool; results come back in input order, so output never depends on the number of
workers. Locators are rebuilt in the main process: a :class:`ChunkLocator` for documents the fast
path loaded, or the reference composer, run on first use, for the rest.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple, TypeGuard, cast

from linter.cache.identity import plugin_digest, plugin_packages
from linter.cache.store import Cache, content_hash, key_maker, make_key, tool_fingerprint
from linter.core import codes
from linter.core.canonical import canonical
from linter.core.diagnostics import Diagnostic, Span, diagnostics_from_plain, plain_diagnostics
from linter.core.figures import PlainFigure, is_plain_figures
from linter.core.limits import LoadLimits
from linter.core.memory import RunMemory, racy
from linter.core.paths import Containment
from linter.load import fast as fastload
from linter.load.read import decode_spec, read_spec
from linter.load.reference import LoadProblem, NodeLocator, load_text
from linter.model.blueprint import SECTIONS, Outline, StoredReference, outline_of, references_outline
from linter.validate.schema import BLUEPRINT_SCHEMA, SchemaProblem, schema_text

try:  # the per-file entries hold the data as JSON text when orjson is there (_stored_data)
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency, optional at run time
    orjson = None  # type: ignore[assignment]

# Below these, a process pool costs more than it saves.
PARALLEL_MIN_FILES = 8
PARALLEL_MIN_BYTES = 2_000_000


@dataclass
class Snapshot:
    """A file as read: its text (or why it could not be read) and the digest of the bytes read."""

    path: Path
    text: str | None
    reason: str = ""
    digest: str = ""
    # The diagnostic code when the file could not be read (SY009 unreadable, SY007 too large).
    code: str = ""


@dataclass
class FileOutcome:
    data: Any = None
    problems: list[LoadProblem] = field(default_factory=list)
    schema_problems: list[SchemaProblem] = field(default_factory=list)
    fast: bool = False
    # Only set when loaded in this process (never pickled between processes or into the cache).
    locator: NodeLocator | None = None
    # A fresh result's cache entry (key, pickled value), not yet written: see store_entries.
    entry: tuple[str, bytes] | None = None
    # A result read from the workspace's pack: its entry as packed, for the next pack (read_pack).
    packed: tuple[str, bytes] | None = None
    # A cached result whose data is left undecoded (``cached_outcome(defer=True)``): the data's JSON
    # text and the outline of what it declares (linter/model/blueprint.SourceFile.deferred).
    deferred: bytes | None = None
    outline: Outline | None = None
    # Where each schema problem lies, found when the file was loaded (None: to be located): an
    # unchanged file's schema problems are reported without decoding its data or composing it.
    schema_spans: list[Span] | None = None
    # The file's references as JSON text (linter/model/blueprint.references_outline), as its cache
    # entry keeps them: a deferred file answers who refers to whom from them without its data, and
    # the incremental state reads a loaded file's targets from them instead of walking its data.
    references: bytes | None = None

    def references_reader(self) -> Callable[[], list[StoredReference] | None] | None:
        """What reads the stored references later, holding them alone: not the outcome, whose
        data's text would then stay in memory after the data is read (None: none stored)."""
        return None if self.references is None else functools.partial(_read_references, self.references)

    @property
    def has_data(self) -> bool:
        """Whether the file loaded as a document (its data decoded or deferred)."""
        return self.data is not None or self.deferred is not None

    def read_data(self) -> dict[str, Any] | None:
        """A deferred outcome's data, decoded; None when its text does not decode to a mapping."""
        data = _read_data(self.deferred)
        return None if data is _UNREADABLE else cast(dict[str, Any], data)


def snapshot(
    path: Path,
    limits: LoadLimits,
    root: Path,
    overlay: bytes | None = None,
    memory: RunMemory | None = None,
    containment: Containment | None = None,
) -> Snapshot:
    """Read one file of the workspace at ``root`` (never one that resolves outside it); with an
    ``overlay`` (standard input, an editor's buffer), those bytes stand for the file's content.
    With a ``memory`` (a long-lived process), a file whose ``stat`` is unchanged is not read again.
    ``containment``: the root's, shared by the snapshots of one workspace (linter/core/paths.py)."""
    containment = containment or Containment(root)
    if overlay is not None:
        text, code, reason, digest = decode_spec(overlay, limits)
        return Snapshot(path, text, reason, digest, code) if text is None else Snapshot(path, text, "", digest)
    if memory is None:
        return _read_snapshot(path, limits, containment)
    signature = _signature(path, limits)
    kept = memory.snapshot(path, signature) if signature else None
    if kept is not None:
        return cast(Snapshot, kept)
    snap = _read_snapshot(path, limits, containment)
    # its times: the link's and the target's modification and change times
    if signature and not racy(signature[2], signature[3], signature[7], signature[8]):
        memory.keep_snapshot(path, signature, snap)
    return snap


def _signature(path: Path, limits: LoadLimits) -> tuple[int, ...]:
    """What identifies a file's content without reading it: the link itself and what it points
    at (device, inode, size, modification and change times), and the size limit it was read
    under. Empty when the file cannot be stat'ed (then it is read, and the read says why)."""
    try:
        link, target = os.lstat(path), os.stat(path)
    except OSError:
        return ()
    return (
        link.st_dev, link.st_ino, link.st_mtime_ns, link.st_ctime_ns,
        target.st_dev, target.st_ino, target.st_size, target.st_mtime_ns, target.st_ctime_ns,
        limits.max_file_bytes,
    )  # fmt: skip


def _read_snapshot(path: Path, limits: LoadLimits, containment: Containment) -> Snapshot:
    if containment.outside(path):
        # A symlink out of the workspace: never read, so a blueprint cannot pull in (and print
        # excerpts of) files the team did not put in it.
        return Snapshot(
            path, None, "not read: the file links to a place outside the workspace root", code=codes.UNREADABLE
        )
    # The digest is of the bytes as read (linter/load/read.py), never of an earlier look at the
    # file: every cache entry keyed on it is keyed on the content the engine parsed.
    text, code, reason, digest = read_spec(path, limits)
    if text is None:
        return Snapshot(path, None, reason, code=code)
    return Snapshot(path, text, "", digest)


@cache  # read once per process, not once per file (2,000 reads of the schema cost 0.3 s)
def _schema_digest() -> str:
    return content_hash(schema_text(BLUEPRINT_SCHEMA).encode())


def file_key(snap: Snapshot, limits: LoadLimits) -> str:
    return _file_key_maker(tool_fingerprint(), _schema_digest(), limits, fastload.enabled())(snap.digest)


@cache  # what every file's key starts with, hashed once (not 2,000 times) per process
def _file_key_maker(tool: str, schema: str, limits: LoadLimits, fast: bool) -> Callable[..., str]:
    return key_maker("file", tool, schema, limits, fast)


def cached_outcome(
    snap: Snapshot, limits: LoadLimits, cache: Cache, pack: Mapping[str, bytes] | None = None, defer: bool = False
) -> FileOutcome | None:
    """The outcome the per-file cache holds for a readable file, if any: in the workspace's
    ``pack`` (:func:`read_pack`), else in the file's own entry. With ``defer``, data kept as JSON
    text is left undecoded (:attr:`FileOutcome.deferred`): the engine decodes it if a rule reads it."""
    key = file_key(snap, limits)
    raw = pack.get(key) if pack else None
    if raw is not None:
        outcome = _outcome_of(cache.decode("file", key, raw), defer)
        if outcome is not None:
            outcome.packed = (key, raw)
            return outcome
    return _outcome_of(cache.get("file", key), defer)


def _outcome_of(cached: Any, defer: bool = False) -> FileOutcome | None:
    if _is_file_entry(cached):
        stored, problems, schema_problems, fast, outline, positions, references = cached
        spans = None if positions is None else [Span(*position) for position in positions]
        if defer and isinstance(stored, bytes) and outline is not None:
            return FileOutcome(
                None,
                problems,
                schema_problems,
                fast,
                deferred=stored,
                outline=Outline(*outline),
                schema_spans=spans,
                references=references,
            )
        data = _read_data(stored)
        if data is not _UNREADABLE:
            return FileOutcome(data, problems, schema_problems, fast, schema_spans=spans, references=references)
    return None


# What _read_data returns for stored data it cannot read (the entry is then a miss).
_UNREADABLE: Any = object()


def _stored_data(data: Any) -> Any:
    """A file's data as its cache entry holds it: JSON text when orjson gives the very same data
    back (reading 2,000 files' data takes 0.30 s that way against 0.44 s unpickled), else the
    data itself, pickled with the entry (a value JSON cannot hold exactly, such as NaN or a date).

    orjson refuses what it cannot write back (a key that is not a string, an integer beyond 64
    bits and, with these options, a date or a dataclass); of the values a loader gives, only a
    NaN or an infinity is written as something else, ``null``. So a text without ``null`` reads
    back as the data, and only one with it is read back to compare (reading a 42 MB blueprint's
    text back and comparing took 0.3 s)."""
    if orjson is None or data is None:
        return data
    try:
        text = orjson.dumps(data, option=_WRITE_BACK_EXACTLY)
    except (TypeError, ValueError):  # orjson.JSONEncodeError
        return data
    return text if b"null" not in text or orjson.loads(text) == data else data


# Refuse, rather than write as strings or mappings, the values that would not read back as written.
_WRITE_BACK_EXACTLY = 0 if orjson is None else orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def _read_data(stored: Any) -> Any:
    if not isinstance(stored, bytes):
        return stored
    if orjson is None:
        return _UNREADABLE  # written where orjson was installed: load the file again
    try:
        data = orjson.loads(stored)
    except ValueError:  # orjson.JSONDecodeError
        return _UNREADABLE
    return data if isinstance(data, dict) else _UNREADABLE


def load_snapshot(snap: Snapshot, limits: LoadLimits, cache: Cache) -> FileOutcome:
    """Load and validate one readable file, through the cache."""
    from linter.validate.fastschema import validate

    assert snap.text is not None
    cached = cached_outcome(snap, limits, cache)
    if cached is not None:
        return cached
    key = file_key(snap, limits)
    document = fastload.load(snap.text, limits)
    problems = list(document.problems)
    if document.empty:
        problems.append(
            LoadProblem(
                codes.NOT_A_BLUEPRINT,
                "the file is empty (or holds only comments); expected a blueprint document",
                Span(1, 1, 1, 1),
            )
        )
    schema_problems = validate(document.data) if document.data is not None and document.locator is not None else []
    fast = isinstance(document.locator, fastload.ChunkLocator)
    # Pickled now (the rules must not be able to change what is cached), written after the rules.
    outline = outline_of(document.data) if isinstance(document.data, dict) else None
    references = None if outline is None else _stored_references(document.data, outline)
    spans = _schema_spans(document.locator, schema_problems) if schema_problems else None
    positions = None if spans is None else [(s.line, s.column, s.end_line, s.end_column) for s in spans]
    plain_outline = None if outline is None else tuple(outline)
    value = (_stored_data(document.data), problems, schema_problems, fast, plain_outline, positions, references)
    encoded = cache.encode("file", key, value)
    entry = None if encoded is None else (key, encoded)
    return FileOutcome(
        document.data,
        problems,
        schema_problems,
        fast,
        document.locator,
        entry,
        schema_spans=spans,
        references=references,
    )


def _stored_references(data: dict[str, Any], outline: Outline) -> bytes | None:
    """The references of a file's data as JSON text, for its cache entry and its model (None
    without orjson, or for text it refuses: the file's data then answers who refers to whom)."""
    if orjson is None:
        return None
    try:
        return orjson.dumps(references_outline(data, outline))
    except (TypeError, ValueError):  # orjson.JSONEncodeError: a lone surrogate in an id
        return None


def _read_references(raw: bytes | None) -> list[StoredReference] | None:
    """:func:`_stored_references`'s text read back; None unless it is a list of [int, str, str, str]
    with a known kind (the index is checked against the file's entities where it is used)."""
    if raw is None or orjson is None:
        return None
    try:
        items = orjson.loads(raw)
    except ValueError:  # orjson.JSONDecodeError
        return None
    if not isinstance(items, list):
        return None
    if not items:
        return []
    if not (_LIST.issuperset(map(type, items)) and _FOUR.issuperset(map(len, items))):
        return None
    indexes, paths, kinds, targets = zip(*items, strict=True)
    if not (
        _INT.issuperset(map(type, indexes))
        and _STR.issuperset(map(type, paths))
        and _KIND_NAMES.issuperset(kinds)
        and _STR.issuperset(map(type, targets))
    ):
        return None
    return cast(list[StoredReference], items)


def _schema_spans(locator: NodeLocator | None, schema_problems: Sequence[SchemaProblem]) -> list[Span] | None:
    """Where each schema problem lies (on its key, for one about a key), by the loader's own locator:
    the one the engine would build again from the same text and data (:func:`locator_for`)."""
    if locator is None:
        return None
    return [locator.key_span(p.pointer) if p.on_key else locator.span(p.pointer) for p in schema_problems]


def _is_file_entry(
    value: Any,
) -> TypeGuard[tuple[Any, list[LoadProblem], list[SchemaProblem], bool, Any, Any, bytes | None]]:
    """A per-file entry as :func:`load_snapshot` writes it; anything else read back is a miss."""
    if not (isinstance(value, tuple) and len(value) == 7):
        return False
    data, problems, schema_problems, fast, outline, positions, references = value
    return (
        (data is None or isinstance(data, (dict, bytes)))
        and isinstance(problems, list)
        and all(isinstance(p, LoadProblem) for p in problems)
        and isinstance(schema_problems, list)
        and all(isinstance(p, SchemaProblem) for p in schema_problems)
        and isinstance(fast, bool)
        and (outline is None or (data is not None and _is_outline(outline)))
        and (references is None or isinstance(references, bytes))
        and (
            positions is None
            or (
                isinstance(positions, list)
                and len(positions) == len(schema_problems)
                and all(type(p) is tuple and len(p) == 4 and _INT.issuperset(map(type, p)) for p in positions)
            )
        )
    )


def _is_outline(value: Any) -> bool:
    """An outline as :func:`outline_of` gives it, as plain tuples (linter/model/blueprint.py).
    Tested column by column, in C: an edit re-run reads the outline of every file."""
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], bool)):
        return False
    entities = value[0]
    if not isinstance(entities, tuple):
        return False
    if not entities:
        return True
    if not (_TUPLE.issuperset(map(type, entities)) and _THREE.issuperset(map(len, entities))):
        return False
    sections, positions, ids = zip(*entities, strict=True)
    return (
        _SECTION_NAMES.issuperset(sections)
        and _INT.issuperset(map(type, positions))
        and min(positions) >= 0
        and _STR.issuperset(map(type, ids))
    )


_TUPLE, _THREE, _INT, _STR = frozenset({tuple}), frozenset({3}), frozenset({int}), frozenset({str})
_LIST, _FOUR = frozenset({list}), frozenset({4})
_SECTION_NAMES = frozenset(SECTIONS)
_KIND_NAMES = frozenset(SECTIONS.values())


def workspace_entry(
    value: Any,
) -> tuple[list[Diagnostic], dict[str, list[tuple[int, int, int]]], list[PlainFigure] | None] | None:
    """A workspace entry as the engine writes it (:func:`workspace_value`): its diagnostics, masks
    by file and coverage figures (None when the run did not compute them); None for anything else."""
    if not (isinstance(value, tuple) and len(value) == 3):
        return None
    plain, masks, figures = value
    valid = (
        isinstance(masks, dict)
        and all(
            isinstance(file, str)
            and isinstance(spans, list)
            and all(isinstance(s, tuple) and len(s) == 3 and all(type(n) is int for n in s) for s in spans)
            for file, spans in masks.items()
        )
        and (figures is None or is_plain_figures(figures))
    )
    diagnostics = diagnostics_from_plain(plain) if valid else None
    return None if diagnostics is None else (diagnostics, masks, figures)


def workspace_value(
    diagnostics: list[Diagnostic], masks: dict[str, list[tuple[int, int, int]]], figures: list[PlainFigure] | None
) -> tuple[Any, ...]:
    """What the workspace entry stores: the diagnostics as built-in tuples (pickled ten times
    faster than the objects: 0.02 s for 22,000 findings), the masks, the figures."""
    return (plain_diagnostics(diagnostics), masks, figures)


def store_entries(
    cache: Cache,
    entries: Sequence[tuple[str, bytes]],
    carried: Sequence[tuple[str, bytes]] = (),
    pack_key: str | None = None,
) -> None:
    """Write prepared per-file entries (those of the files the engine found no secret in): from
    :data:`PACK_FROM` of them on, as the workspace's pack under ``pack_key`` with the ``carried``
    ones (read from its previous pack, equally free of found secrets); else each as its own."""
    if pack_key is not None and writes_pack(len(entries)):
        cache.put("filepack", pack_key, dict(sorted([*carried, *entries])))
        return
    for key, data in entries:
        cache.put_encoded("file", key, data)


# -- the workspace's pack of per-file entries ---------------------------------------------------
# From this many new per-file entries on, a run writes them as one pack (read_pack).
PACK_FROM = 32


def packs(cache: Cache) -> bool:
    """Whether runs with ``cache`` read and write packs: not a long-lived process, which keeps the
    per-file entries in memory instead (linter/core/memory.py)."""
    return cache.enabled and cache.memory is None


def writes_pack(new_entries: int) -> bool:
    """Whether a run with this many new per-file entries writes them as a pack (:func:`store_entries`)."""
    return new_entries >= PACK_FROM


def pack_key(root: Path, limits: LoadLimits) -> str:
    """Key of a workspace's pack: its root and everything a per-file key holds but the file's digest."""
    return make_key("filepack", tool_fingerprint(), _schema_digest(), limits, fastload.enabled(), str(root))


def read_pack(cache: Cache, key: str) -> dict[str, bytes] | None:
    """The per-file entries a workspace's pack holds, by per-file key; None when there is none.

    **Why a pack.** Creating a file is what writing per-file entries costs on a slow file system:
    0.2-0.9 ms each on the development machine's ext4 (a cold run of a 2,000-file workspace spent
    1.3-3.5 s of its 9-11 s creating them), and reading 2,000 of them back is 2,000 opens. A run
    with many new entries writes them as one cache entry instead (:func:`store_entries`), with the
    entries it read from the previous pack, keyed by the workspace's root and everything a
    per-file key holds but the file's digest (:func:`pack_key`: any setup of the same workspace
    shares it); the next run looks each file up there first (:func:`cached_outcome`). Each packed
    entry is the very bytes the file's own entry would hold, checked the same way (its kind and
    key inside), so a pack changes where entries live, never what they say. Only where
    :func:`packs` says so."""
    stored = cache.get("filepack", key)
    if not (isinstance(stored, dict) and all(type(k) is str and type(v) is bytes for k, v in stored.items())):
        return None
    return stored


class _Encoded(NamedTuple):
    """A worker's outcome sent as its cache entry alone: the entry holds everything the outcome
    does (the data as JSON text), so the data is not pickled a second time to cross the pipe
    (pickling a 20,000-interface blueprint's data took 0.6 s; its JSON text is already made)."""

    entry: tuple[str, bytes]


def _work(job: tuple[Snapshot, LoadLimits, Cache]) -> FileOutcome | _Encoded:
    snap, limits, cache = job
    outcome = load_snapshot(snap, limits, cache)
    if outcome.entry is not None and isinstance(outcome.data, dict):
        return _Encoded(outcome.entry)
    outcome.locator = None  # rebuilt in the main process
    return outcome


def _received(sent: FileOutcome | _Encoded, snap: Snapshot, limits: LoadLimits, cache: Cache) -> FileOutcome:
    """A worker's outcome as the main process uses it: an entry sent alone is read as a cached
    one is, and still written to the cache after the rules. Its data is decoded at once, not
    deferred: this process is waiting for the workers' other files meanwhile, and every file
    of a run that loads it is read by the rules (a deferred text would also stay in memory
    beside the entry until then)."""
    if isinstance(sent, FileOutcome):
        return sent
    key, raw = sent.entry
    outcome = _outcome_of(cache.decode("file", key, raw))
    if outcome is None:  # not expected (the worker just wrote it): load the file here instead
        return load_snapshot(snap, limits, cache)
    outcome.entry = sent.entry
    # The data is here: it answers who refers to whom. Keeping the references' text beside it for
    # the incremental state's one look cost 20 MB of peak memory on 20,000 interfaces.
    outcome.references = None
    return outcome


def auto_jobs(snapshots: Sequence[Snapshot]) -> int:
    readable = [s for s in snapshots if s.text is not None]
    size = sum(len(s.text or "") for s in readable)
    if len(readable) < PARALLEL_MIN_FILES or size < PARALLEL_MIN_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, len(readable)))


def load_all(
    snapshots: Sequence[Snapshot],
    limits: LoadLimits,
    cache: Cache,
    jobs: int | None,
    pack: Mapping[str, bytes] | None = None,
    defer: bool = False,
) -> list[FileOutcome]:
    """One outcome per snapshot, in order (unreadable files get an empty outcome); ``pack``: the
    workspace's pack of per-file entries (:func:`read_pack`); ``defer``: see :func:`cached_outcome`."""
    results: dict[int, FileOutcome] = {}
    # Cached files are read here: sending them through a worker would unpickle each entry there,
    # pickle it again to send it back, and unpickle it once more here.
    readable = []
    for snap in snapshots:
        if snap.text is None:
            continue
        cached = cached_outcome(snap, limits, cache, pack, defer) if cache.enabled else None
        if cached is None:
            readable.append(snap)
        else:
            results[id(snap)] = cached
    workers = auto_jobs(readable) if jobs is None else max(1, jobs)
    if workers > 1 and len(readable) > 1:
        import multiprocessing

        # fork shares the already-imported engine with the workers; elsewhere use the default.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux" else None
        context = multiprocessing.get_context(method)
        with ProcessPoolExecutor(max_workers=min(workers, len(readable)), mp_context=context) as pool:
            chunk = max(1, len(readable) // (workers * 8))
            outcomes = pool.map(_work, [(s, limits, cache) for s in readable], chunksize=chunk)
            for snap, sent in zip(readable, outcomes, strict=True):
                results[id(snap)] = _received(sent, snap, limits, cache)
    else:
        for snap in readable:
            results[id(snap)] = load_snapshot(snap, limits, cache)
    return [results.get(id(s), FileOutcome()) for s in snapshots]


class _Lazy(NodeLocator):
    """A locator made only if a diagnostic needs a position: composing the reference's (a second
    parse), or a deferred file's chunk locator (which needs its data decoded)."""

    def __init__(self, make: Callable[[], NodeLocator | None]) -> None:
        self._make = make
        self._inner: NodeLocator | None = None

    def _locator(self) -> NodeLocator:
        if self._inner is None:
            made = self._make()
            assert made is not None, "the file produced data, so it has a locator"
            self._inner = made
        return self._inner

    def span(self, pointer: str) -> Span:
        return self._locator().span(pointer)

    def key_span(self, pointer: str) -> Span:
        return self._locator().key_span(pointer)

    def resolves(self, pointer: str) -> bool:
        return self._locator().resolves(pointer)


def locator_for(
    snap: Snapshot, outcome: FileOutcome, limits: LoadLimits, data: Callable[[], Any] | None = None
) -> NodeLocator | None:
    """The locator of a loaded file; ``data`` gives a deferred outcome's data when first needed."""
    if outcome.locator is not None:
        return outcome.locator
    text = snap.text
    if text is None:
        return None
    if outcome.deferred is not None:
        if data is None:
            return None
        if outcome.fast:
            deferred = data
            return _Lazy(lambda: fastload.ChunkLocator(text, deferred()))
    elif not isinstance(outcome.data, dict):
        return None
    elif outcome.fast:
        return fastload.ChunkLocator(text, outcome.data)
    return _Lazy(lambda: load_text(text, limits).locator)


def ruleset_fingerprint(ruleset: Any) -> Any:
    """The rules by identity, the plugin distributions by name and version, and the plugins' code
    by content: every file of the top-level package each plugin rule comes from (its rule modules
    and the helpers they import), so an edited plugin at the same version is a miss. The built-in
    rules' and the engine's code is in the tool fingerprint."""
    rules = tuple(
        (r.code, r.name, repr(r.severity), r.origin, type(r).__module__, type(r).__qualname__) for r in ruleset.rules
    )
    sources = tuple(
        (package, plugin_digest(package)) for package in plugin_packages(type(r).__module__ for r in ruleset.rules)
    )
    return (rules, tuple(ruleset.plugins), sources)


def setup_key(root: Path, options: Any, ruleset: Any, cwd: Path) -> str:
    """Key of everything a workspace's findings depend on besides its files: the tool, the schema,
    the options and settings and the rules (linter/run/incremental.py keeps its state under it)."""
    return make_key(
        "setup",
        tool_fingerprint(),
        _schema_digest(),
        str(root),
        str(cwd),
        canonical(options),
        ruleset_fingerprint(ruleset),
        fastload.enabled(),
    )


def workspace_key(
    root: Path, entries: Sequence[tuple[Snapshot, str, bool]], options: Any, ruleset: Any, cwd: Path
) -> str:
    """Key of a workspace's final diagnostics: every file's path, role and content, and the setup."""
    files = tuple((str(s.path), display, requested, s.digest, s.reason) for s, display, requested in entries)
    return make_key("workspace", setup_key(root, options, ruleset, cwd), files)
