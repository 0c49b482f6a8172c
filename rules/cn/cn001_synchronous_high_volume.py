"""CN001 synchronous-high-volume: Synchronous and request/response interfaces carry modest volumes and
small payloads.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from linter.api import Blueprint, Finding, Rule, Severity

from .._shared.sources import PATTERN_ARTICLE
from . import _volume
from ._common import CHALLENGES_ARTICLE, NORMALISATION


class SynchronousHighVolume(Rule):
    code = "CN001"
    judges = ("interface",)
    name = "synchronous-high-volume"
    severity = Severity.WARNING
    tags = ("consistency", "volume")
    summary = "Synchronous and request/response interfaces carry modest volumes and small payloads."
    rationale = f"""
{PATTERN_ARTICLE} says synchronous patterns suit only small payloads, create coupling and should
be used only when real-time information is indispensable; {CHALLENGES_ARTICLE} lists large
volumes in real time among the unrealistic expectations; the integration checklist (item 13)
prefers reliable asynchronous messaging for data exchange. The defaults, 10,000 records per hour at
peak and 1,024 KB per payload, are heuristics (options `max_peak_per_hour` and `max_payload_kb`).
{NORMALISATION}
"""
    how_to_fix = "Move the bulk of the traffic to an asynchronous or batch pattern (queue, DMF package API, Data Factory), or keep the synchronous call for small lookups only."
    default_options: ClassVar[Mapping[str, Any]] = {"max_peak_per_hour": 10_000, "max_payload_kb": 1_024}
    options_schema = _volume.positive_number_options("max_peak_per_hour", "max_payload_kb")
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-PRICE-LOOKUP
    source: SYS-CE
    target: SYS-PRICING
    timing: synchronous
    pattern: [request_response]
    volume: {average: {count: 300, per: hour}, peak: {count: 2000, per: hour}}
    payload: {format: json, max_kb: 8}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-ORDER-SYNC
    source: SYS-SHOP
    target: SYS-FO
    timing: synchronous
    pattern: [request_response]
    volume: {average: {count: 800, per: minute}, peak: {count: 2500, per: five_minutes}}
    payload: {format: json, max_kb: 4096}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        max_peak = float(self.options["max_peak_per_hour"])
        max_kb = float(self.options["max_payload_kb"])
        for interface in model.interfaces:
            if interface.get_str("timing") == "synchronous":
                what = "is synchronous"
            elif "request_response" in interface.get_str_list("pattern"):
                what = "uses request/response"
            else:
                continue
            which = _volume.busiest_above(interface, max_peak)
            if which is not None:
                yield Finding.at(
                    interface,
                    f"volume/{which}/count",
                    f"{interface.label} {what} with {_volume.describe(interface, which)}, above the "
                    f"{_volume.number(max_peak)} per hour a synchronous exchange should carry",
                )
            size = interface.get_number("payload/max_kb")
            if size is not None and size > max_kb:
                yield Finding.at(
                    interface,
                    "payload/max_kb",
                    f"{interface.label} {what} with payloads up to {_volume.number(size)} KB, above {_volume.number(max_kb)} KB",
                )
