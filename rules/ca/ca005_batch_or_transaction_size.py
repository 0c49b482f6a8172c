"""CA005 batch-or-transaction-size: A Dataverse `$batch`/ExecuteMultiple carries at most 1,000
operations; a dual-write transaction at most 1,000 records.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Severity

from .._shared import systems
from .._shared.systems import FINANCE_OPERATIONS
from ._core import format_number, format_percent, percent
from ._model import BATCHING_MECHANISMS, CONNECTOR_BATCHING_MECHANISMS
from ._rule import (
    DATAVERSE_EXAMPLE_HEAD,
    CapacityRule,
    batch_word,
    source_tag,
)


class BatchOrTransactionSize(CapacityRule):
    code = "CA005"
    judges = ("interface",)
    name = "batch-or-transaction-size"
    severity = Severity.ERROR
    precision = "very-high"
    limit_keys = ("dataverse_batch_operations", "dual_write_records_per_transaction")
    summary = "A Dataverse `$batch`/ExecuteMultiple carries at most 1,000 operations; a dual-write transaction at most 1,000 records."
    rationale = """
*Execute batch operations using the Web API* and *Dataverse service protection API limits* cap a
`$batch` or ExecuteMultiple request at 1,000 operations; *Dual-write live sync limits* caps a
finance and operations → Dataverse live-sync transaction at 1,000 records. A larger batch is refused
outright, so the interface fails at its first full batch. The batch size is `payload.records_per_message`
of a Web API or SDK *write* into Dataverse, and the `write_batch_size` of a Data Factory or SSIS
write (their Dataverse connectors send ExecuteMultiple requests). Reading from Dataverse is not a
batch of operations: `records_per_message` on a read is the page size (up to 5,000 rows by
default, *Page results using the Web API*), so reads are not judged. (Service Bus's 100 messages
per transaction is in the limits profile, but the format has no field for messages per
transaction yet.) Precision: very high.
"""
    how_to_fix = "Lower `payload.records_per_message` (or a Data Factory or SSIS `write_batch_size`) to the limit or below (Microsoft suggests starting near 10 operations per batch)."
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
        limit = profile.value("dataverse_batch_operations")
        for interface in model.interfaces:
            mechanism = interface.get_str("mechanism") or ""
            writes_dataverse = systems.is_dataverse(model, interface, "target")
            write_batch = interface.get_number("write_batch_size")
            connector_write = mechanism in CONNECTOR_BATCHING_MECHANISMS and writes_dataverse
            if connector_write and write_batch is not None and write_batch > limit:
                yield Finding.at(
                    interface,
                    "write_batch_size",
                    f"interface {interface.id} writes {format_number(write_batch)} records per request "
                    f"(write_batch_size), above Dataverse's {format_number(limit)} operations per "
                    f"ExecuteMultiple request ({format_percent(percent(write_batch, limit))}) "
                    f"{source_tag(profile, 'dataverse_batch_operations')}",
                )
            size = interface.get_number("payload/records_per_message")
            if size is None:
                continue
            if mechanism in BATCHING_MECHANISMS and writes_dataverse:
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
            if size > profile.value(key):
                yield Finding.at(
                    interface,
                    "payload/records_per_message",
                    f"interface {interface.id} carries {format_number(size)} records per message, above "
                    f"{what.format(limit=format_number(profile.value(key)))} "
                    f"({format_percent(percent(size, profile.value(key)))}) "
                    f"{source_tag(profile, key)}",
                )
