"""Reading a spec file's text: regular files only, bounded, UTF-8 or any UTF with a byte-order mark."""

from __future__ import annotations

import codecs
import stat
from pathlib import Path
from typing import BinaryIO

from linter.cache import reads
from linter.core import codes
from linter.core.limits import LoadLimits

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_spec_text(path: Path, limits: LoadLimits) -> tuple[str | None, str, str]:
    """The file's text, or (None, code, reason): :func:`read_spec` without the digest."""
    text, code, reason, _ = read_spec(path, limits)
    return text, code, reason


def read_spec(path: Path, limits: LoadLimits) -> tuple[str | None, str, str, str]:
    """The file's text, or None, a code and the reason, plus the digest of the bytes read
    (:func:`linter.cache.reads.digest`; empty when nothing was read). UTF-8, or any UTF with a
    byte-order mark.

    Only regular files are opened: a FIFO would block forever and a device never ends. At most
    ``max_file_bytes`` + 1 bytes are read, so a file that grows while being read stays bounded, and
    memory follows the file's size, not the limit (see :func:`_read_bounded`).

    The digest is of the bytes exactly as parsed, so everything keyed on it (the per-file and
    per-workspace cache entries, linter/run/file_stage.py) is keyed on what the engine parsed; a
    recorded run also notes it (:mod:`linter.cache.reads`), so that the replay can refuse a run
    whose files changed between its inputs digest and this read. In a recorded run the bytes may
    be those the inputs digest's stamp of the file read moments before (``reads.take``): the file
    is then read once, and what is parsed is exactly what the stamp covered.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            reads.seen(path, ["unreadable"])
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file (a FIFO, socket or device)"
            return None, codes.UNREADABLE, f"cannot read file: {kind}", ""
        if info.st_size > limits.max_file_bytes:
            reads.seen(path, ["size", info.st_size])
            return (
                None,
                codes.TOO_LARGE,
                f"file is {info.st_size:,} bytes, larger than the {limits.max_file_bytes:,}-byte limit (max-file-bytes)",
                "",
            )
        kept = reads.take(path)  # the bytes this recorded run's stamp read (cache/reads.py, "Read once")
        if kept is not None:
            raw, hashed = kept
        else:
            with path.open("rb") as handle:
                raw = _read_bounded(handle, limits.max_file_bytes + 1, info.st_size)
            hashed = reads.digest(raw)
    except OSError as error:
        reads.seen(path, ["unreadable"])
        return None, codes.UNREADABLE, f"cannot read file: {error.strerror or error}", ""
    reads.content(path, raw, hashed)
    return decode_spec(raw, limits, hashed)


def decode_spec(raw: bytes, limits: LoadLimits, hashed: str | None = None) -> tuple[str | None, str, str, str]:
    """:func:`read_spec` for bytes already in memory (standard input, an editor's unsaved
    buffer): the same size limit, encodings and refusals as a file on disk."""
    if hashed is None:
        hashed = reads.digest(raw)
    if len(raw) > limits.max_file_bytes:
        return (
            None,
            codes.TOO_LARGE,
            f"file is larger than the {limits.max_file_bytes:,}-byte limit (max-file-bytes)",
            hashed,
        )
    encoding = "utf-8"
    for bom, name in _BOMS:
        if raw.startswith(bom):
            encoding = name
            break
    if encoding == "utf-8" and b"\x00" in raw:
        if _looks_like_utf16(raw):
            return None, codes.UNREADABLE, "UTF-16 text without a byte-order mark; save the file as UTF-8", hashed
        return None, codes.UNREADABLE, "binary file (contains NUL bytes), not YAML text", hashed
    try:
        return raw.decode(encoding), "", "", hashed
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        # YAML's line breaks (linter/core/lines.py), counted on the bytes: LF, CR LF, a lone CR.
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        return (
            None,
            codes.UNREADABLE,
            f"not valid {encoding.upper()} text (undecodable byte at line {line}); save the file as UTF-8",
            hashed,
        )


# Bytes asked of the OS at a time. ``read(n)`` allocates ``n`` bytes up front, so reading
# ``max_file_bytes + 1`` at once would allocate the whole limit (100 GB for
# ``--max-file-bytes 100000000000``) whatever the file's size.
_CHUNK = 1024 * 1024


def _read_bounded(handle: BinaryIO, limit: int, expected: int) -> bytes:
    """At most ``limit`` bytes of ``handle``, in chunks no larger than the file said it was (plus
    one chunk, for a file that grows while being read), so memory follows the file, not the limit."""
    first = handle.read(max(1, min(limit, expected + 1)))
    if len(first) < expected + 1 or len(first) >= limit:
        return first[:limit]
    parts = [first]
    total = len(first)
    while total < limit:
        chunk = handle.read(min(_CHUNK, limit - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def _looks_like_utf16(raw: bytes) -> bool:
    """ASCII-range text in UTF-16 has a NUL in every other byte."""
    sample = raw[:4096]
    even, odd = sample[0::2], sample[1::2]
    return len(sample) >= 4 and (even.count(0) == len(even) or odd.count(0) == len(odd))
