"""OP005 missing-continuity: High and mission-critical interfaces say what happens when the target is
down and whether missed messages are replayed; mission-critical ones run on a platform with HA and
DR.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from .._shared import systems
from ._common import CHALLENGES_ARTICLE, CRITICAL, PLATFORM_ARTICLE


class MissingContinuity(Rule):
    code = "OP005"
    judges = ("interface",)
    name = "missing-continuity"
    severity = Severity.WARNING
    tags = ("operability", "reliability")
    precision = "high"
    summary = "High and mission-critical interfaces say what happens when the target is down and whether missed messages are replayed; mission-critical ones run on a platform with HA and DR."
    rationale = f"""
{CHALLENGES_ARTICLE} lists the absence of a business continuity plan for outages among the
business challenges. {PLATFORM_ARTICLE} asks for the availability level of each interface (high
availability for mission-critical ones) and what happens to shared data after an outage, and
The *Integration strategy and governance checklist* (item 8) asks that the platform meet the expected availability and disaster-recovery
levels.
"""
    how_to_fix = (
        "Add `continuity: {on_target_outage: queue, replay: true}` (or the behaviour you chose); for mission-critical "
        "interfaces, run them on a platform whose `capabilities` include `ha` and `dr`."
    )
    passing_example = """
blueprint_version: 1
platforms:
  - {id: MW-SB, kind: azure_service_bus, capabilities: [queueing, dead_letter, ha, dr]}
interfaces:
  - id: IF-ORDERS
    source: SYS-SHOP
    target: SYS-FO
    platform: MW-SB
    criticality: mission_critical
    continuity: {on_target_outage: queue, replay: true}
"""
    failing_example = """
blueprint_version: 1
platforms:
  - {id: MW-SB, kind: azure_service_bus, capabilities: [queueing, dead_letter]}
interfaces:
  - id: IF-ORDERS
    source: SYS-SHOP
    target: SYS-FO
    platform: MW-SB
    criticality: mission_critical
    continuity: {on_target_outage: queue}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            criticality = interface.get_str("criticality")
            if criticality not in CRITICAL:
                continue
            words = criticality.replace("_", "-")
            continuity = interface.get("continuity")
            if continuity is None:
                yield Finding.at(
                    interface,
                    "continuity",
                    f"{interface.label} is {words} but has no continuity plan (continuity.on_target_outage and replay)",
                )
            elif isinstance(continuity, dict):
                missing = [k for k in ("on_target_outage", "replay") if interface.get(f"continuity/{k}") is None]
                if missing:
                    yield Finding.at(
                        interface,
                        "continuity",
                        f"the continuity plan of {words} {interface.label} does not state {' or '.join(missing)}",
                    )
            if criticality != "mission_critical":
                continue
            platform = systems.platform(model, interface)
            if platform is None:
                continue
            capabilities = set(platform.get_str_list("capabilities"))
            lacking = [c for c in ("ha", "dr") if c not in capabilities]
            if lacking:
                yield Finding.at(
                    interface,
                    "platform",
                    f"mission-critical {interface.label} runs on {platform.label}, which lacks {' and '.join(c.upper() for c in lacking)} capabilities",
                )
