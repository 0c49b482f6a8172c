"""OP002 async-without-idempotency-or-dlq: Asynchronous, near-real-time, scheduled and retried
interfaces are idempotent and park failed messages; DMF and recurring-integration callers poll for
the outcome.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from .._shared.mechanisms import UI_MECHANISMS
from ._common import PATTERN_ARTICLE

# Mechanisms whose platform itself keeps track of failed records and re-delivers them, so the
# blueprint does not design idempotency keys or dead-letter stores for them:
#  - dual-write keeps its own error queue and pauses/replays table maps;
#  - Azure Synapse Link and Export to Data Lake track incremental changes and retry per table;
#  - virtual tables and the UI embeddings move no messages at all (data is read on demand).
PLATFORM_MANAGED_MECHANISMS: frozenset[str] = (
    frozenset({"dual_write", "synapse_link", "export_to_data_lake", "dataverse_virtual_table", "fo_virtual_tables"})
    | UI_MECHANISMS
)

# Asynchronous finance and operations APIs whose caller polls for the outcome; failed packages and
# messages stay in the DMF job history (so no separate dead-letter store is required).
POLLED_MECHANISMS: frozenset[str] = frozenset({"fo_dmf_package_api", "fo_recurring_integration"})

_ASYNC_TIMINGS = frozenset({"asynchronous", "near_real_time", "scheduled_batch"})


def _retries(interface: Entity) -> bool:
    attempts = interface.get_number("error_handling/retry/max_attempts")
    if attempts is not None:
        return attempts > 0
    return (
        interface.get_str("error_handling/strategy") == "retry"
        or interface.get_dict("error_handling/retry") is not None
    )


class AsyncWithoutIdempotencyOrDlq(Rule):
    code = "OP002"
    judges = ("interface",)
    name = "async-without-idempotency-or-dlq"
    severity = Severity.WARNING
    tags = ("operability", "reliability")
    precision = "high"
    summary = "Asynchronous, near-real-time, scheduled and retried interfaces are idempotent and park failed messages; DMF and recurring-integration callers poll for the outcome."
    rationale = f"""
A message that is retried must be processed once, and a message that keeps failing must be parked
where someone can fix and replay it ({PATTERN_ARTICLE}: idempotency and out-of-order messages, use
message ids to detect duplicates, park failed messages for later fixing). The *asynchronous
request-reply* reference architecture retries with exponential backoff and then dead-letters. The
finance and operations *Integration overview* notes that asynchronous callers (DMF package API,
recurring integrations) must poll for the status of their job to see its errors. Mechanisms whose
platform tracks failed records itself are exempt: dual-write, Azure Synapse Link, Export to Data
Lake, virtual tables and UI embeddings; DMF and recurring integrations keep failed jobs in their
job history, so they need polling rather than a dead-letter store. Synchronous interfaces need
idempotency only when they retry, and no dead-letter store (the caller receives the error).
"""
    how_to_fix = (
        "Add `idempotency: {key: <message id or alternate key>, duplicate_detection: true}` and "
        "`error_handling.dead_letter: true` (or `strategy: dead_letter`); for `fo_dmf_package_api` and "
        "`fo_recurring_integration` add `error_handling.poll_status: true`."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-ORDERS
    source: SYS-SHOP
    target: SYS-FO
    timing: asynchronous
    mechanism: service_bus
    error_handling: {strategy: dead_letter, dead_letter: true}
    idempotency: {key: orderId, duplicate_detection: true}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-ORDERS
    source: SYS-SHOP
    target: SYS-FO
    timing: asynchronous
    mechanism: service_bus
    error_handling: {strategy: retry}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            mechanism = interface.get_str("mechanism")
            if mechanism in PLATFORM_MANAGED_MECHANISMS:
                continue
            timing = interface.get_str("timing")
            asynchronous = timing in _ASYNC_TIMINGS
            if not asynchronous and not _retries(interface):
                continue
            why = f"{timing.replace('_', '-')}" if asynchronous and timing else "retried"
            missing = []
            if not interface.has("idempotency/key"):
                missing.append("an idempotency key (idempotency.key)")
            if interface.get_bool("idempotency/duplicate_detection") is not True:
                missing.append("duplicate detection (idempotency.duplicate_detection: true)")
            if missing:
                yield Finding.at(
                    interface,
                    "idempotency",
                    f"{interface.label} is {why} but lacks {' and '.join(missing)}, so a redelivered message can be processed twice",
                )
            if mechanism in POLLED_MECHANISMS:
                if interface.get_bool("error_handling/poll_status") is not True:
                    yield Finding.at(
                        interface,
                        "error_handling",
                        f"{interface.label} submits jobs through {mechanism} but does not poll their status (error_handling.poll_status: true), so failed imports go unseen",
                    )
            elif asynchronous and not (
                interface.get_bool("error_handling/dead_letter") is True
                or interface.get_str("error_handling/strategy") == "dead_letter"
            ):
                yield Finding.at(
                    interface,
                    "error_handling",
                    f"{interface.label} is {why} but parks no failed messages (error_handling.dead_letter or strategy dead_letter)",
                )
