"""The run's source texts, masked when read (``LintResult.sources``; linter/run/redaction.py).

After the rules of a workspace, its texts are masked where its remaining findings' excerpts could
show a secret (``redaction.scanned_masks``: every redacting rule's ``secret_spans`` over every line
an excerpt shows). That scan costs about 0.3 s for a workspace with 20,000 findings, and a report
that quotes no source (``-f json``, ``junit``) never reads a text. So the masking of a workspace
is deferred until a text it touches is read or replaced, or its ranges are asked for (the
baseline's anchors): what any reader sees is exactly what masking each workspace right after its
rules gives, and a run whose reports quote nothing never scans.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping, Sequence
from dataclasses import dataclass

from linter.core.diagnostics import Diagnostic
from linter.model.rule import Rule
from linter.run import redaction


@dataclass(frozen=True)
class _Pending:
    """One workspace's masking, not yet applied: its stored masks and what to scan."""

    masks: redaction.Masks
    shown: Sequence[Diagnostic]
    rules: Sequence[Rule]
    complete: bool


class MaskedSources(MutableMapping[str, str]):
    """Display path -> text, each workspace's masks applied before a text they touch is read."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._pending: list[_Pending] = []
        self._touched: set[str] = set()
        self._ranges: redaction.Masks = {}

    def mask_later(
        self, masks: redaction.Masks, shown: Sequence[Diagnostic], rules: Sequence[Rule], complete: bool
    ) -> None:
        """Mask (when read) with the stored ``masks`` and what ``rules`` find on the lines the
        ``shown`` findings' excerpts show (each such line whole unless ``complete``)."""
        self._pending.append(_Pending(masks, list(shown), rules, complete))
        # The display paths a pending masking can change: those of its masks and of its findings.
        self._touched.update(masks)
        self._touched.update(d.file for d in shown if d.file)

    def ranges(self) -> redaction.Masks:
        """Where each text is masked: display path -> (0-based line, start, end) ranges."""
        self._settle()
        return self._ranges

    def _settle(self) -> None:
        """Apply the pending maskings, in the order the workspaces ran."""
        pending, self._pending, self._touched = self._pending, [], set()
        for each in pending:
            scanned = redaction.scanned_masks(self._texts, each.shown, each.rules, whole=not each.complete)
            for display, ranges in redaction.combine(each.masks, scanned).items():
                if display in self._texts:
                    self._texts[display] = redaction.mask_text(self._texts[display], ranges)
                    self._ranges[display] = ranges

    def __getitem__(self, display: str) -> str:
        if display in self._touched:
            self._settle()
        return self._texts[display]

    def __setitem__(self, display: str, text: str) -> None:
        if display in self._touched:  # an earlier workspace's masking applies to the text it saw
            self._settle()
        self._texts[display] = text

    def __delitem__(self, display: str) -> None:
        if display in self._touched:
            self._settle()
        del self._texts[display]

    def __contains__(self, display: object) -> bool:  # masking never adds or removes a text
        return display in self._texts

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)
