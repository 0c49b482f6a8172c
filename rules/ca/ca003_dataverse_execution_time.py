"""CA003 dataverse-execution-time: The combined server execution time per 5 minutes of each identity
stays within Dataverse's 1,200 seconds; `$batch` requests stay small.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Severity

from ._core import format_number, format_percent, percent
from ._model import analyse
from ._rule import (
    DATAVERSE_EXAMPLE_HEAD,
    SERVICE_PROTECTION,
    CapacityRule,
    batch_word,
    contributors,
    scaled_limit,
    source_tag,
    window_note,
)


class DataverseExecutionTime(CapacityRule):
    code = "CA003"
    # Held back while a file of the workspace did not load: the identity, systems or licences the sum depends on may be in a file that did not load.
    needs_complete_blueprint = True
    name = "dataverse-execution-time"
    severity = Severity.WARNING
    limit_keys = (
        "dataverse_execution_seconds_per_5_minutes",
        "web_servers",
        "default_avg_execution_ms",
        "dataverse_recommended_batch_operations",
        "dataverse_suggested_starting_batch_operations",
        "dataverse_batch_operations",
    )
    summary = "The combined server execution time per 5 minutes of each identity stays within Dataverse's 1,200 seconds; `$batch` requests stay small."
    rationale = f"""
{SERVICE_PROTECTION} Batching reduces the number of requests but not the execution time: every
operation in a batch still runs on the server, so large batches hit the 1,200-second limit first,
and the article advises against large batches: "start with a small batch size of 10 and increase
concurrency" (`dataverse_suggested_starting_batch_operations`). The figure is peak operations per 5
minutes × `avg_execution_ms` (200 ms assumed where an interface does not declare it, the
`default_avg_execution_ms` option), added up over the interfaces of an identity whose peak windows
overlap (`volume.peak.window`, else `frequency.window`; none means any time). The rule also warns
when a Dataverse `$batch` or ExecuteMultiple write carries more than 100 operations
(`dataverse_recommended_batch_operations`; the rows per page of a read are not a batch): Microsoft
publishes no such threshold, 100 is this tool's assumption of where "large" begins (a warning at the
article's 10 would flag most bulk designs), so tune it to what your load tests show.
"""
    how_to_fix = "Declare a measured `avg_execution_ms`, make plug-ins on the target tables faster, use smaller batches, or spread the load over several identities."
    passing_example = (
        DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - id: IF-ORDERS
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    volume:
      average: {count: 20000, per: hour}
      peak: {count: 84000, per: hour}
    payload: {format: json, records_per_message: 100}
    avg_execution_ms: 50
"""
    )
    failing_example = (
        DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - id: IF-ORDERS
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    volume:
      average: {count: 20000, per: hour}
      peak: {count: 84000, per: hour}
    payload: {format: json, records_per_message: 500}
"""
    )

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        capacity = analyse(model, profile)
        limit, limit_words = scaled_limit(profile, "dataverse_execution_seconds_per_5_minutes", " seconds")
        source = source_tag(profile, "dataverse_execution_seconds_per_5_minutes")
        for whole in capacity.identities:
            identity = whole.coincident("execution_seconds")
            if not identity.known("execution_seconds"):
                continue
            total = identity.total("execution_seconds")
            if total <= limit:
                continue
            assumed = [load.id for load in identity.known("execution_seconds") if not load.execution_ms_declared]
            assumption = (
                f"; {format_number(profile.value('default_avg_execution_ms'))} ms per operation assumed for "
                + ", ".join(assumed)
                + " (no avg_execution_ms)"
                if assumed
                else ""
            )
            yield Finding.at(
                identity.top("execution_seconds").interface,
                "volume/peak",
                f"peak execution time of {format_number(total)} seconds per 5 minutes for {identity.label} exceeds "
                f"{limit_words} ({format_percent(percent(total, limit))}) {source}"
                f"{contributors(identity, 'execution_seconds', ' s')}{assumption}{window_note(whole, identity)}",
            )
        recommended = profile.value("dataverse_recommended_batch_operations")
        starting = profile.value("dataverse_suggested_starting_batch_operations")
        maximum = profile.value("dataverse_batch_operations")
        for load in capacity.interfaces:
            size = load.records_per_message
            if load.batches and size is not None and recommended < size <= maximum:
                yield Finding.at(
                    load.interface,
                    "payload/records_per_message",
                    f"interface {load.id} sends {format_number(size)} operations per {batch_word(load.mechanism)}, "
                    f"above the {format_number(recommended)} this tool assumes large batches start at "
                    f"{source_tag(profile, 'dataverse_recommended_batch_operations')}; large batches hit the "
                    f"execution-time limit first, and Microsoft advises starting at {format_number(starting)} and "
                    f"raising concurrency {source_tag(profile, 'dataverse_suggested_starting_batch_operations')}",
                )
