"""Reading a spec file's text: regular files only, bounded, UTF-8 or any UTF with a byte-order mark."""

from __future__ import annotations

import codecs
import stat
from pathlib import Path

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
    """The file's text, or (None, code, reason). UTF-8, or any UTF with a byte-order mark.

    Only regular files are opened: a FIFO would block forever and a device never ends. At most
    ``max_file_bytes`` + 1 bytes are read, so a file that grows while being read stays bounded.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file (a FIFO, socket or device)"
            return None, codes.UNREADABLE, f"cannot read file: {kind}"
        if info.st_size > limits.max_file_bytes:
            return (
                None,
                codes.TOO_LARGE,
                f"file is {info.st_size:,} bytes, larger than the {limits.max_file_bytes:,}-byte limit (max-file-bytes)",
            )
        with path.open("rb") as handle:
            raw = handle.read(limits.max_file_bytes + 1)
    except OSError as error:
        return None, codes.UNREADABLE, f"cannot read file: {error.strerror or error}"
    if len(raw) > limits.max_file_bytes:
        return None, codes.TOO_LARGE, f"file is larger than the {limits.max_file_bytes:,}-byte limit (max-file-bytes)"
    encoding = "utf-8"
    for bom, name in _BOMS:
        if raw.startswith(bom):
            encoding = name
            break
    if encoding == "utf-8" and b"\x00" in raw:
        if _looks_like_utf16(raw):
            return None, codes.UNREADABLE, "UTF-16 text without a byte-order mark; save the file as UTF-8"
        return None, codes.UNREADABLE, "binary file (contains NUL bytes), not YAML text"
    try:
        return raw.decode(encoding), "", ""
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return (
            None,
            codes.UNREADABLE,
            f"not valid {encoding.upper()} text (undecodable byte at line {line}); save the file as UTF-8",
        )


def _looks_like_utf16(raw: bytes) -> bool:
    """ASCII-range text in UTF-16 has a NUL in every other byte."""
    sample = raw[:4096]
    even, odd = sample[0::2], sample[1::2]
    return len(sample) >= 4 and (even.count(0) == len(even) or odd.count(0) == len(odd))
