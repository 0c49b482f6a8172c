"""OP003 missing-monitoring: Every interface names its monitoring tools and at least one alert with recipients."""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from ._common import PATTERN_ARTICLE, PLATFORM_ARTICLE


class MissingMonitoring(Rule):
    code = "OP003"
    judges = ("interface",)
    name = "missing-monitoring"
    severity = Severity.WARNING
    tags = ("operability",)
    precision = "very-high"
    summary = "Every interface names its monitoring tools and at least one alert with recipients."
    rationale = f"""
A failure nobody sees is a failure the business finds first. The *Integration strategy and governance checklist* (item 7) asks that the
platform monitor, audit, notify and alert; {PATTERN_ARTICLE} asks that monitoring cover every
system, alert on key patterns and decide who receives error details by severity; and
{PLATFORM_ARTICLE} asks who responds to alerts.
"""
    how_to_fix = (
        "Add `monitoring: {tools: [...], alerts: [{condition: ..., severity: ..., notify: [team@example.org]}]}`."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-ORDERS
    source: SYS-SHOP
    target: SYS-FO
    monitoring:
      tools: [app_insights, service_bus_metrics]
      alerts:
        - {condition: dead-letter count > 0, severity: high, notify: [integration-support@contoso.example]}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-ORDERS
    source: SYS-SHOP
    target: SYS-FO
    monitoring:
      tools: [app_insights]
      alerts:
        - {condition: dead-letter count > 0, severity: high}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            monitoring = interface.get("monitoring")
            if monitoring is None:
                yield Finding.at(
                    interface, "monitoring", f"{interface.label} has no monitoring (tools and alerts with recipients)"
                )
                continue
            if not isinstance(monitoring, dict):
                continue
            if not interface.get_list("monitoring/tools"):
                yield Finding.at(interface, "monitoring/tools", f"{interface.label} names no monitoring tools")
            alerts = interface.get_list("monitoring/alerts")
            if not any(isinstance(a, dict) and isinstance(a.get("notify"), list) and a["notify"] for a in alerts):
                what = "none of its alerts notifies anyone" if alerts else "it has no alerts"
                yield Finding.at(
                    interface,
                    "monitoring/alerts" if alerts else "monitoring",
                    f"failures of {interface.label} reach nobody: {what} (monitoring.alerts[].notify)",
                )
