"""CN016 batch-window-overlaps-day-peak: A batch window does not overlap the peak hours of the daytime
interfaces that share its identity.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from .._shared.units import window_minutes, windows_overlap


def _peak_window(interface: Entity) -> tuple[str, str] | None:
    """(path, value) of the hours a daytime interface peaks in: ``volume.peak.window``, else its
    ``frequency.window``."""
    for path in ("volume/peak/window", "frequency/window"):
        value = interface.get_str(path)
        if value and window_minutes(value) is not None:
            return path, value
    return None


_WINDOW = "CN016 window"


def _window_of(interface: Entity) -> tuple[str, str, tuple[int, int] | None] | None:
    """(identity, "", None) for a batch with a valid window on a named identity; (identity, its
    peak hours, their minutes) for a daytime interface on one; None for any other interface."""
    identity = interface.get_str("identity")
    if not identity:
        return None
    if interface.get_str("timing") == "scheduled_batch":
        return (identity, "", None) if window_minutes(interface.get("frequency/window")) is not None else None
    peak = _peak_window(interface)
    if peak is None:
        return None
    segments = window_minutes(peak[1])
    return None if segments is None else (identity, peak[1], segments)


class BatchWindowOverlapsDayPeak(Rule):
    code = "CN016"
    name = "batch-window-overlaps-day-peak"
    severity = Severity.WARNING
    tags = ("consistency", "timing", "identity")
    precision = "medium"
    summary = "A batch window does not overlap the peak hours of the daytime interfaces that share its identity."
    rationale = """
The integration checklist of Microsoft's Dynamics 365 implementation guide asks that each design
fit the overall architecture, and *Choose the right pattern for your integration strategy* places
batch work off-hours so that it does not compete with daytime load. Service protection limits
are counted per user (the identity) per web server in Dataverse, and finance and operations
throttles by the registered application's priority: a night batch and a daytime API on one
identity share one allowance, which is fine as long as the batch window ends before the daytime
peak starts. The rule compares the `frequency.window` of each `timing: scheduled_batch`
interface with the peak hours of every other interface on the same `identity`:
`volume.peak.window`, else its `frequency.window`. Interfaces that state no window are left alone
(the capacity rules treat them as running at any time). A warning: small loads may share hours
without harm.
"""
    how_to_fix = (
        'Move the batch window out of the daytime peak hours (e.g. `frequency.window: "01:00-05:00"`), or run '
        "the batch on an identity of its own."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-NIGHTLY
    source: SYS-STAGING
    target: SYS-CE
    identity: ID-INT
    timing: scheduled_batch
    frequency: {mode: scheduled, window: "02:00-05:00"}
  - id: IF-ORDERS-API
    source: SYS-WEB
    target: SYS-CE
    identity: ID-INT
    timing: near_real_time
    volume: {peak: {count: 6000, per: hour, window: "08:00-18:00"}}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-NIGHTLY
    source: SYS-STAGING
    target: SYS-CE
    identity: ID-INT
    timing: scheduled_batch
    frequency: {mode: scheduled, window: "22:00-09:00"}
  - id: IF-ORDERS-API
    source: SYS-WEB
    target: SYS-CE
    identity: ID-INT
    timing: near_real_time
    volume: {peak: {count: 6000, per: hour, window: "08:00-18:00"}}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        batches: dict[str, list[Entity]] = {}
        daytime: dict[str, list[tuple[Entity, str, tuple[int, int]]]] = {}
        for interface in model.interfaces:
            # A per-entity fact (Blueprint.memo_of): an edit re-run carries it for every interface the
            # edit cannot affect, and reads only the data of the batches it then checks.
            fact = model.memo_of(_WINDOW, interface, partial(_window_of, interface))
            if fact is None:
                continue
            identity, hours, segments = fact
            if segments is None:
                batches.setdefault(identity, []).append(interface)
            else:
                daytime.setdefault(identity, []).append((interface, hours, segments))
        for identity, group in batches.items():
            others = daytime.get(identity)
            if not others:
                continue
            for batch in group:
                window = batch.get_str("frequency/window") or ""
                minutes = window_minutes(window)  # a valid window: batches were chosen so above
                hits = [(other, hours) for other, hours, peak in others if minutes and windows_overlap(minutes, peak)]
                if not hits:
                    continue
                other, hours = hits[0]
                more = f" (and {len(hits) - 1} more)" if len(hits) > 1 else ""
                yield Finding.at(
                    batch,
                    "frequency/window",
                    f"{batch.label} runs its batch in {window} on identity '{identity}', overlapping the peak hours "
                    f"{hours} of {other.label}{more} on the same identity",
                )
