"""CN002 fo-synchronous-api-bulk: Finance and operations OData is not used for bulk volumes, nor
OData or custom services for initial loads.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from linter.api import Blueprint, Finding, Rule, Severity

from . import _volume

_FO_SYNCHRONOUS = frozenset({"fo_odata", "fo_custom_service"})
# Judged on their peak: OData fits only relatively low volumes; custom services are not (the
# guidance prefers REST custom services for high-volume calls).
_LOW_VOLUME_ONLY = frozenset({"fo_odata"})


class FoSynchronousApiBulk(Rule):
    code = "CN002"
    judges = ("interface",)
    name = "fo-synchronous-api-bulk"
    severity = Severity.WARNING
    precision = "medium"
    tags = ("consistency", "volume", "finance-operations")
    summary = (
        "Finance and operations OData is not used for bulk volumes, nor OData or custom services for initial loads."
    )
    rationale = """
Microsoft's guidance for finance and operations apps (*Integrate Dynamics 365 apps with other
systems* in the implementation guide, and the finance and operations integration overview) says
OData fits when volume and payload are relatively low, that OData and custom services are subject
to priority-based throttling, and that above "a few hundred thousand records" the asynchronous
batch data APIs (the DMF package REST API or recurring integrations) are the right tool. The same
guidance prefers REST custom services for high-volume calls (less overhead than OData), so a
custom service is not judged on its peak, only on an initial load. The defaults, a peak of
100,000 records per hour or per run (OData) and an initial load of 200,000 records (OData and
custom services), are heuristics derived from that sentence (options `max_peak` and
`max_initial_load`); hence a warning. A peak stated per run is compared as written, since the
guidance's figure is records per job; any other peak is first converted to records per hour.
"""
    how_to_fix = "Use `mechanism: fo_dmf_package_api` or `fo_recurring_integration` for the bulk path (and the initial load), or a REST custom service for high-volume calls, and keep OData for low-volume, near-real-time calls."
    default_options: ClassVar[Mapping[str, Any]] = {"max_peak": 100_000, "max_initial_load": 200_000}
    options_schema = _volume.positive_number_options("max_peak", "max_initial_load")
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-ITEMS
    source: SYS-PLM
    target: SYS-FO
    mechanism: fo_dmf_package_api
    volume: {average: {count: 50000, per: run}, peak: {count: 300000, per: run}, initial_load: {count: 1500000}}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-ITEMS
    source: SYS-PLM
    target: SYS-FO
    mechanism: fo_odata
    volume: {average: {count: 50000, per: run}, peak: {count: 300000, per: run}, initial_load: {count: 1500000}}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        max_peak = float(self.options["max_peak"])
        max_initial = float(self.options["max_initial_load"])
        for interface in model.interfaces:
            mechanism = interface.get_str("mechanism")
            if mechanism not in _FO_SYNCHRONOUS:
                continue
            rate = _volume.rate_of(interface, "peak") if mechanism in _LOW_VOLUME_ONLY else None
            if rate is not None:
                count, per = rate
                # "per run" is compared as written: the guidance's figure is records per job.
                figure = count if per == "run" else _volume.hourly(interface, "peak")
                if figure is not None and figure >= max_peak:
                    yield Finding.at(
                        interface,
                        "volume/peak/count",
                        f"{interface.label} moves {_volume.describe(interface, 'peak')} through {mechanism}, at or above "
                        f"{_volume.number(max_peak)}; use the DMF package API or recurring integrations",
                    )
            initial = interface.get_number("volume/initial_load/count")
            if initial is not None and initial >= max_initial:
                yield Finding.at(
                    interface,
                    "volume/initial_load/count",
                    f"{interface.label} has an initial load of {_volume.number(initial)} {_volume.unit_word(interface)} through "
                    f"{mechanism}, at or above {_volume.number(max_initial)}; load it with the DMF package API",
                )
