"""CA012 fo-data-events-throughput: The finance and operations data events of each environment stay
within 5,000 per 5 minutes and 50,000 per hour.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from linter.api import Blueprint, Entity, Finding, Severity

from .._shared import systems
from .._shared.units import per_hour
from ._core import format_number, format_percent, percent
from ._model import peak_operations
from ._rule import CapacityRule, source_tag

KEY_5_MINUTES = "fo_data_events_per_5_minutes"
KEY_HOUR = "fo_data_events_per_hour"


_ENVIRONMENT = "CA012 environment"


def _environment(model: Blueprint, interface: Entity) -> str | None:
    """The finance and operations environment (source system id) whose data events ``interface``
    carries, or None when it carries none."""
    if interface.get_str("mechanism") != "fo_data_events":
        return None
    source = systems.system(model, interface, "source")
    return source.id if source is not None and source.get_str("kind") == systems.FINANCE_OPERATIONS else None


def _hourly(interface: Entity) -> float | None:
    """Peak events per hour (a per-run peak counts whole in one hour, as the consistency rules read it)."""
    count = interface.get_number("volume/peak/count")
    per = interface.get_str("volume/peak/per")
    if count is None or per is None:
        return None
    return per_hour(count, per)


class FoDataEventsThroughput(CapacityRule):
    code = "CA012"
    # Held back while a file of the workspace did not load: the environment's sum may need an interface in a file that did not load.
    needs_complete_blueprint = True
    name = "fo-data-events-throughput"
    severity = Severity.WARNING
    precision = "high"
    limit_keys = (KEY_5_MINUTES, KEY_HOUR)
    summary = "The finance and operations data events of each environment stay within 5,000 per 5 minutes and 50,000 per hour."
    rationale = """
Microsoft's *Data events* article for finance and operations apps limits the data events an
environment emits (5,000 per 5 minutes and 50,000 per hour, per environment, as the profile
records them); data events are emitted for every create, update or delete of an enabled entity,
so a bulk change raises as many events as rows. The rule sums, per finance and operations system
(one environment), the peak of every `fo_data_events` interface that system is the source of,
one event per record: per 5 minutes with `burst_factor` (as the capacity model reads a peak) and
per hour. Peaks are assumed to coincide (conservative, as for the Dataverse request rate). A
warning: the peaks may not coincide, and the published figures may change per release.
"""
    how_to_fix = "Move bulk changes to a batch mechanism (the data management package API, Synapse Link) and keep data events for the changes a receiver must react to; enable data events only for the entities and legal entities that need them; or use business events for business-level notifications."
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-FO, kind: d365_finance_operations}
  - {id: SYS-CE, kind: d365_customer_engagement}
interfaces:
  - id: IF-ORDER-CHANGES
    source: SYS-FO
    target: SYS-CE
    mechanism: fo_data_events
    volume:
      peak: {count: 20000, per: hour}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-FO, kind: d365_finance_operations}
  - {id: SYS-CE, kind: d365_customer_engagement}
interfaces:
  - id: IF-ORDER-CHANGES
    source: SYS-FO
    target: SYS-CE
    mechanism: fo_data_events
    volume:
      peak: {count: 40000, per: hour}
  - id: IF-PRICE-CHANGES
    source: SYS-FO
    target: SYS-CE
    mechanism: fo_data_events
    volume:
      peak: {count: 30000, per: hour}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        environments: dict[str, list[Entity]] = {}
        for interface in model.interfaces:
            # A per-entity fact (Blueprint.memo_of): an edit re-run carries it for every interface the
            # edit cannot affect, and never reads those interfaces' data to sum the few that count.
            environment = model.memo_of(_ENVIRONMENT, interface, partial(_environment, model, interface))
            if environment is not None:
                environments.setdefault(environment, []).append(interface)
        for system_id in sorted(environments):
            interfaces = environments[system_id]
            for key, words, figure in (
                (KEY_5_MINUTES, "per 5 minutes", lambda i: peak_operations(i)[0]),
                (KEY_HOUR, "per hour", _hourly),
            ):
                figures = [(i, value) for i in interfaces if (value := figure(i)) is not None]
                total = sum(value for _, value in figures)
                limit = profile.value(key)
                if not figures or total <= limit:
                    continue
                top = max(figures, key=lambda pair: pair[1])[0]
                parts = (
                    "; contributions: "
                    + ", ".join(f"{i.id} {format_number(v)}" for i, v in sorted(figures, key=lambda p: -p[1]))
                    if len(figures) > 1
                    else ""
                )
                yield Finding.at(
                    top,
                    "volume/peak",
                    f"finance and operations environment {system_id} emits a peak of {format_number(total)} data events "
                    f"{words}, above the {format_number(limit)} per environment ({format_percent(percent(total, limit))}) "
                    f"{source_tag(profile, key)}{parts}",
                )
