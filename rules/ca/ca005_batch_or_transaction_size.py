"""CA005 batch-or-transaction-size: A Dataverse `$batch`/ExecuteMultiple carries at most 1,000
operations; a dual-write transaction at most 1,000 records.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Severity

from .._shared import systems
from .._shared.systems import FINANCE_OPERATIONS
from ._core import format_number, format_percent, percent
from ._model import BATCHING_MECHANISMS
from ._rule import (
    DATAVERSE_EXAMPLE_HEAD,
    CapacityRule,
    batch_word,
    source_tag,
)


class BatchOrTransactionSize(CapacityRule):
    code = "CA005"
    name = "batch-or-transaction-size"
    severity = Severity.ERROR
    limit_keys = ("dataverse_batch_operations", "dual_write_records_per_transaction")
    summary = "A Dataverse `$batch`/ExecuteMultiple carries at most 1,000 operations; a dual-write transaction at most 1,000 records."
    rationale = """
*Execute batch operations using the Web API* and *Dataverse service protection API limits* cap a
`$batch` or ExecuteMultiple request at 1,000 operations; *Dual-write live sync limits* caps a
finance and operations → Dataverse live-sync transaction at 1,000 records. A larger batch is refused
outright, so the interface fails at its first full batch. The batch size is `payload.records_per_message`.
(Service Bus's 100 messages per transaction is in the limits profile, but the format has no field
for messages per transaction yet.)
"""
    how_to_fix = "Lower `payload.records_per_message` to the limit or below (Microsoft suggests starting near 10 operations per batch)."
    passing_example = (
        DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - {id: IF-ORDERS, source: SYS-ERP, target: SYS-CE, mechanism: dataverse_web_api, identity: ID-INT, payload: {format: json, records_per_message: 50}}
"""
    )
    failing_example = (
        DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - {id: IF-ORDERS, source: SYS-ERP, target: SYS-CE, mechanism: dataverse_web_api, identity: ID-INT, payload: {format: json, records_per_message: 2000}}
"""
    )

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        for interface in model.interfaces:
            size = interface.get_number("payload/records_per_message")
            mechanism = interface.get_str("mechanism") or ""
            if size is None:
                continue
            touches_dataverse = systems.is_dataverse(model, interface, "target") or systems.is_dataverse(
                model, interface, "source"
            )
            if mechanism in BATCHING_MECHANISMS and touches_dataverse:
                key, what = (
                    "dataverse_batch_operations",
                    f"Dataverse's {{limit}} operations per {batch_word(mechanism)}",
                )
            elif mechanism == "dual_write" and systems.kind(model, interface, "source") == FINANCE_OPERATIONS:
                key, what = (
                    "dual_write_records_per_transaction",
                    "dual-write's {limit} records per live-sync transaction",
                )
            else:
                continue
            limit = profile.value(key)
            if size > limit:
                yield Finding.at(
                    interface,
                    "payload/records_per_message",
                    f"interface {interface.id} carries {format_number(size)} records per message, above "
                    f"{what.format(limit=format_number(limit))} ({format_percent(percent(size, limit))}) "
                    f"{source_tag(profile, key)}",
                )
