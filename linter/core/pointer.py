"""RFC 6901 JSON pointers, the machine-readable half of every location."""

from __future__ import annotations

from collections.abc import Iterable


def escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def unescape(segment: str) -> str:
    """One reference token back to the key it names (``~1`` is ``/``, ``~0`` is ``~``)."""
    return segment.replace("~1", "/").replace("~0", "~")


def segments(pointer: str) -> list[str]:
    """The keys and indexes (as text) a pointer names, unescaped: ``"/a~1b/0"`` → ``["a/b", "0"]``."""
    return [unescape(raw) for raw in pointer.split("/")[1:]] if pointer else []


def join(base: str, *segments: str | int) -> str:
    """``join("/interfaces/0", "volume", "peak")`` → ``/interfaces/0/volume/peak``."""
    out = base
    for segment in segments:
        if isinstance(segment, int):
            out += f"/{segment}"
        else:
            for part in segment.split("/"):
                if part:
                    out += "/" + escape(part) if not part.isdigit() else f"/{part}"
    return out


def from_path(path: Iterable[str | int]) -> str:
    """A jsonschema ``absolute_path`` (deque of keys and indexes) as a pointer."""
    return "".join(f"/{p}" if isinstance(p, int) else "/" + escape(p) for p in path)
