"""OP009 async-state-ordering: An asynchronous interface that carries changes of state says which order
it keeps, and how.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from .._shared.mechanisms import UI_MECHANISMS
from ._common import PATTERN_ARTICLE

_ASYNC = frozenset({"asynchronous", "near_real_time"})
_SYNC_PATTERNS = frozenset({"one_way_sync", "bidirectional_sync"})
# Mechanisms that carry no messages of their own to order (reads in place, synchronous sync).
_NO_MESSAGES = frozenset({"dual_write", "dataverse_virtual_table", "fo_virtual_tables"}) | UI_MECHANISMS


def _state_updates(interface: Entity) -> str | None:
    """Why the interface carries changes of state, or None."""
    if interface.get_str("trigger/type") == "data_state_change":
        return "it is triggered by data changes"
    synced = [p for p in interface.get_str_list("pattern") if p in _SYNC_PATTERNS]
    return f"its pattern is {synced[0]}" if synced else None


class AsyncStateOrdering(Rule):
    code = "OP009"
    judges = ("interface",)
    name = "async-state-ordering"
    severity = Severity.WARNING
    tags = ("operability", "reliability", "ordering")
    precision = "high"
    summary = "An asynchronous interface that carries changes of state says which order it keeps, and how."
    rationale = f"""
{PATTERN_ARTICLE} lists the asynchronous patterns (push, publish/subscribe, event notification,
one-way and bidirectional sync) and their trade-off: the sender does not wait, so messages can
arrive late, twice or out of order. For changes of state (a status, an address, a stock level)
order is part of the meaning: an older update that arrives after a newer one silently wins. The
design has to say which order matters (`idempotency.ordering`: `none`, `per_key` or `global`)
and, when one does, how it is kept (`idempotency.ordering_mechanism`: Service Bus sessions, a
sequence number, a latest-snapshot comparison such as `modifiedon`, a single consumer, a
timestamp). Asked of `timing: asynchronous` and `near_real_time` interfaces triggered by data
changes (`trigger.type: data_state_change`) or with a sync pattern; dual-write, virtual tables
and user-interface embeddings carry no messages to order. `ordering: none` is a valid answer (a
notification the receiver answers by reading the latest state).
"""
    how_to_fix = (
        "Add `idempotency.ordering` (`none`, `per_key` or `global`) and, for `per_key` or `global`, the "
        "`ordering_mechanism` that keeps it (e.g. `sessions`, `sequence_number`, `latest_snapshot`)."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CASE-STATUS
    source: SYS-CE
    target: SYS-WEB
    timing: asynchronous
    trigger: {type: data_state_change, event: incident status changed}
    idempotency: {key: incidentid + modifiedon, ordering: per_key, ordering_mechanism: latest_snapshot}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CASE-STATUS
    source: SYS-CE
    target: SYS-WEB
    timing: asynchronous
    trigger: {type: data_state_change, event: incident status changed}
    idempotency: {key: incidentid}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            if interface.get_str("timing") not in _ASYNC or interface.get_str("mechanism") in _NO_MESSAGES:
                continue
            if interface.get_str("integration_type") == "ui":
                continue
            why = _state_updates(interface)
            if why is None:
                continue
            ordering = interface.get("idempotency/ordering")
            if ordering is None:
                where = "idempotency/ordering" if interface.get_dict("idempotency") is not None else "idempotency"
                yield Finding.at(
                    interface,
                    where,
                    f"{interface.label} carries changes of state asynchronously ({why}) but does not say which "
                    "order it keeps (idempotency.ordering)",
                )
            elif ordering in ("per_key", "global") and not interface.has("idempotency/ordering_mechanism"):
                yield Finding.at(
                    interface,
                    "idempotency/ordering",
                    f"{interface.label} keeps {ordering.replace('_', '-')} order but does not say how "
                    "(idempotency.ordering_mechanism)",
                )
