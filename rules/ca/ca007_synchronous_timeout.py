"""CA007 synchronous-timeout: A synchronous call's `expected_duration` fits its mechanism's timeout:
Dataverse operation 2 minutes, Power Automate synchronous HTTP 120 seconds, dual-write transaction 2
minutes.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Severity

from .._shared import systems
from .._shared.dataverse_clients import NON_CLIENT_MECHANISMS
from .._shared.units import duration_seconds
from ._core import format_number, format_percent, percent
from ._rule import (
    CapacityRule,
    source_tag,
)


class SynchronousTimeout(CapacityRule):
    code = "CA007"
    judges = ("interface",)
    name = "synchronous-timeout"
    severity = Severity.ERROR
    limit_keys = (
        "dataverse_operation_timeout_seconds",
        "power_automate_sync_timeout_seconds",
        "dual_write_transaction_seconds",
    )
    summary = "A synchronous call's `expected_duration` fits its mechanism's timeout: Dataverse operation 2 minutes, Power Automate synchronous HTTP 120 seconds, dual-write transaction 2 minutes."
    rationale = """
A synchronous call that outlasts its channel's timeout fails however healthy both systems are:
*Analyze plug-in performance* times out a Dataverse message operation (with its synchronous
plug-ins) after 2 minutes, *Power Automate limits and configuration* times out synchronous HTTP
requests after 120 seconds, and *Dual-write live sync limits* gives a live-sync transaction 2
minutes. *Choose the right pattern* keeps synchronous patterns for small payloads where real
time is truly needed and recommends asynchronous patterns otherwise. Checked for `timing: synchronous` interfaces (and for
every dual-write interface, which is synchronous by design).
"""
    how_to_fix = "Make the interface asynchronous (queue the work and reply when done), split the work into smaller calls, or shorten it below the timeout."
    passing_example = """
blueprint_version: 1
interfaces:
  - {id: IF-QUOTE, source: SYS-WEB, target: SYS-ERP, timing: synchronous, mechanism: power_automate_flow, expected_duration: PT30S}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - {id: IF-QUOTE, source: SYS-WEB, target: SYS-ERP, timing: synchronous, mechanism: power_automate_flow, expected_duration: PT3M}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        for interface in model.interfaces:
            mechanism = interface.get_str("mechanism") or ""
            if interface.get_str("timing") != "synchronous" and mechanism != "dual_write":
                continue
            seconds = duration_seconds(interface.get("expected_duration"))
            if seconds is None:
                continue
            timeouts: list[tuple[float, str, str]] = []
            if systems.is_dataverse(model, interface, "target") and mechanism not in NON_CLIENT_MECHANISMS:
                key = "dataverse_operation_timeout_seconds"
                timeouts.append((profile.value(key), key, "Dataverse's {limit}-second message operation timeout"))
            if mechanism == "power_automate_flow" or systems.platform_kind(model, interface) == "power_automate":
                key = "power_automate_sync_timeout_seconds"
                timeouts.append(
                    (profile.value(key), key, "Power Automate's {limit}-second synchronous request timeout")
                )
            if mechanism == "dual_write":
                key = "dual_write_transaction_seconds"
                timeouts.append((profile.value(key), key, "dual-write's {limit}-second transaction limit"))
            exceeded = [t for t in timeouts if seconds > t[0]]
            if not exceeded:
                continue
            limit, key, words = min(exceeded)
            yield Finding.at(
                interface,
                "expected_duration",
                f"interface {interface.id} is expected to take {format_number(seconds)} seconds, longer than "
                f"{words.format(limit=format_number(limit))} ({format_percent(percent(seconds, limit))}) "
                f"{source_tag(profile, key)}",
            )
