"""Where a JSON pointer of a loaded document sits in its file: the one question positions answer.

The loaders (``linter/load/``) implement it on their parse trees; the model and the engine only ask.
"""

from __future__ import annotations

from typing import Protocol

from linter.core.diagnostics import Span


class Locator(Protocol):
    def span(self, pointer: str) -> Span:
        """The value at ``pointer``; past what exists, the deepest part that does (a missing key
        points at the mapping that should hold it)."""
        ...

    def key_span(self, pointer: str) -> Span:
        """The key that holds ``pointer`` (falls back to :meth:`span`)."""
        ...

    def resolves(self, pointer: str) -> bool:
        """Whether ``pointer`` names something that exists."""
        ...
