"""CN006 reporting-replication-anti-pattern: Data copied only for reporting does not go into Dynamics
365 or Dataverse at high volume.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from linter.api import Blueprint, Finding, Rule, Severity

from .._shared import systems
from . import _volume
from ._common import CHALLENGES_ARTICLE, NORMALISATION


class ReportingReplicationAntiPattern(Rule):
    code = "CN006"
    judges = ("interface",)
    name = "reporting-replication-anti-pattern"
    severity = Severity.WARNING
    tags = ("consistency", "volume", "architecture")
    summary = "Data copied only for reporting does not go into Dynamics 365 or Dataverse at high volume."
    rationale = f"""
{CHALLENGES_ARTICLE} names synchronising lots of data into Dynamics 365 for reporting as an
anti-pattern and recommends a dedicated reporting store; the implementation guide's public-sector
case study paid for replicating everything into Customer Service in storage cost and throttling
and moved the aggregated view to a data lake; *Select the ideal platform* warns against using the
ERP as a data warehouse. The rule looks at interfaces whose goals are all of category
`reporting_extract` and whose target is a Dynamics 365 or Dataverse system, above a peak of
5,000 records per hour (option `max_peak_per_hour`). {NORMALISATION}
"""
    how_to_fix = "Send the data to a reporting store instead (Azure Synapse Link or export to a data lake, a warehouse) and report from there; bring only what users act on into Dynamics 365."
    default_options: ClassVar[Mapping[str, Any]] = {"max_peak_per_hour": 5_000}
    options_schema = _volume.positive_number_options("max_peak_per_hour")
    passing_example = """
blueprint_version: 1
goals:
  - {id: G-INSIGHT, statement: One view of demand across channels, category: reporting_extract}
systems:
  - {id: SYS-CE, kind: d365_customer_engagement}
  - {id: SYS-LAKE, kind: data_lake}
interfaces:
  - id: IF-LAKE-EXPORT
    goals: [G-INSIGHT]
    source: SYS-CE
    target: SYS-LAKE
    volume: {average: {count: 2000, per: hour}, peak: {count: 15000, per: hour}}
"""
    failing_example = """
blueprint_version: 1
goals:
  - {id: G-INSIGHT, statement: One view of demand across channels, category: reporting_extract}
systems:
  - {id: SYS-ERP, kind: legacy}
  - {id: SYS-CE, kind: d365_customer_engagement}
interfaces:
  - id: IF-ERP-HISTORY
    goals: [G-INSIGHT]
    source: SYS-ERP
    target: SYS-CE
    volume: {average: {count: 2000, per: hour}, peak: {count: 15000, per: hour}}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        threshold = float(self.options["max_peak_per_hour"])
        for interface in model.interfaces:
            target_kind = systems.kind(model, interface, "target")
            if target_kind not in systems.DYNAMICS_KINDS:
                continue
            goals = [model.get("goal", goal_id) for goal_id in model.goals_of(interface)]
            resolved = [goal for goal in goals if goal is not None]
            if not resolved or any(goal.get_str("category") != "reporting_extract" for goal in resolved):
                continue
            which = _volume.busiest_above(interface, threshold)
            if which is None:
                continue
            yield Finding.at(
                interface,
                "target",
                f"{interface.label} copies {_volume.describe(interface, which)} into {interface.get_str('target')} "
                f"({target_kind}) only for reporting goals; above {_volume.number(threshold)} per hour, report from a "
                "data lake or warehouse instead",
            )
