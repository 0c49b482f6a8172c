"""Completeness of the interface record: frequency, volume and ALM links."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from linter.api import Finding, Rule, Severity
from linter.model.blueprint import Blueprint, Entity

_BLUEPRINT_SENTENCE = (
    "Microsoft's Dynamics 365 implementation guide, *Align your Dynamics 365 integration with business "
    "goals*, asks that the blueprint evolve to carry interface touchpoints, frequency, volume information "
    "and links to ALM resources such as functional design documents"
)


class MissingFrequency(Rule):
    code = "CP002"
    name = "missing-frequency"
    severity = Severity.ERROR
    tags = ("completeness",)
    precision = "very-high"
    summary = "Every interface states how often it runs; a scheduled one states its interval or schedule."
    rationale = f"""
Frequency decides the pattern, the load on the target and whether the latency SLA can be met. {_BLUEPRINT_SENTENCE}.
The integration checklist (item 14) asks for a pattern that matches the expected amount, frequency
and service protection limits, which cannot be judged without it.
"""
    how_to_fix = "Add `frequency: {mode: …}`; for `mode: scheduled` also give `interval` (ISO-8601, e.g. PT15M) or `schedule` (cron)."
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-STAGING
    source: SYS-SQL
    target: SYS-CE
    frequency: {mode: scheduled, interval: P1D, window: "01:00-04:00"}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-STAGING
    source: SYS-SQL
    target: SYS-CE
    frequency: {mode: scheduled}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            frequency = interface.get_dict("frequency")
            if frequency is None:
                if interface.get("frequency") is None:
                    yield Finding.at(interface, "frequency", f"{interface.label} has no frequency")
                continue  # a frequency of the wrong type is a schema error already
            mode = frequency.get("mode")
            if not mode:
                yield Finding.at(interface, "frequency", f"the frequency of {interface.label} has no mode")
            elif mode == "scheduled" and not (frequency.get("interval") or frequency.get("schedule")):
                yield Finding.at(
                    interface,
                    "frequency/mode",
                    f"{interface.label} runs on a schedule but its frequency has neither an interval nor a schedule",
                )


class MissingVolume(Rule):
    code = "CP003"
    name = "missing-volume"
    severity = Severity.ERROR
    tags = ("completeness",)
    precision = "very-high"
    summary = "Every interface states its average and peak volume, each as a count per time unit."
    rationale = f"""
Peak volume is the figure that drives the pattern choice and every capacity check against the
platform's service protection limits. {_BLUEPRINT_SENTENCE}. *Select the ideal platform* asks that
persistent (average) and peak volumes be handled now and in the long term; the finance and operations
integration overview asks "what is the peak data volume?" before choosing a pattern.
"""
    how_to_fix = "Add `volume: {average: {count: …, per: hour}, peak: {count: …, per: hour}}` (per: minute, five_minutes, hour, day, week, month or run)."
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CASES
    source: SYS-WEB
    target: SYS-CE
    volume:
      unit: records
      average: {count: 400, per: hour}
      peak: {count: 2500, per: hour, when: Monday mornings}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CASES
    source: SYS-WEB
    target: SYS-CE
    volume:
      average: {count: 400, per: hour}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            volume = interface.get_dict("volume")
            if volume is None:
                if interface.get("volume") is None:
                    yield Finding.at(interface, "volume", f"{interface.label} has no volume")
                continue
            for part, words in (("average", "average"), ("peak", "peak")):
                rate = volume.get(part)
                if rate is None:
                    yield Finding.at(interface, f"volume/{part}", f"{interface.label} has no {words} volume")
                elif isinstance(rate, dict):
                    missing = [k for k in ("count", "per") if rate.get(k) is None]
                    if missing:
                        what = " and ".join(missing)
                        yield Finding.at(
                            interface,
                            f"volume/{part}",
                            f"the {words} volume of {interface.label} has no {what} (a volume is a count per time unit)",
                        )


# An https URL, or a work-item reference such as AB#123 (Azure Boards) or JIRA#42.
_WELL_FORMED_REF = re.compile(r"^(https://\S+|[A-Za-z][A-Za-z0-9_-]{0,19}#\d+)$")
_CATEGORIES: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"functional_design", "technical_design"}), "a design document (functional or technical design)"),
    (frozenset({"user_story", "requirement"}), "a user story or requirement"),
    (frozenset({"test_case", "test_criteria"}), "a test case or test criteria"),
)


def _malformed(ref: Any) -> str | None:
    if not isinstance(ref, str):
        return None  # the schema reports a wrong type
    if _WELL_FORMED_REF.match(ref):
        return None
    if ref.startswith("http://"):
        return f"ALM link '{ref}' uses http; use an https URL"
    return f"ALM link '{ref}' is neither an https URL nor a work-item reference such as AB#123"


class MissingAlmLinks(Rule):
    code = "CP007"
    name = "missing-alm-links"
    severity = Severity.WARNING
    tags = ("completeness", "traceability")
    summary = "Every interface links a design document, a user story or requirement, and a test case or test criteria; links are well formed."
    rationale = f"""
{_BLUEPRINT_SENTENCE}. The third blueprint level defines user stories and the system-to-system mapping
in functional or technical design documents, and agrees test criteria. The ALM article asks that
tools link work items, requirements and test cases so the chain can be followed from a business
requirement to its test. A link is an https URL or a work-item reference such as `AB#123`.
"""
    how_to_fix = "Add the missing kinds to `alm:` (ids of `alm_links` entries, or inline `{type: …, ref: …}`), and fix malformed references."
    passing_example = """
blueprint_version: 1
alm_links:
  - {id: FDD-07, type: functional_design, ref: "https://dev.azure.com/contoso/wiki/FDD-07"}
  - {id: US-123, type: user_story, ref: "AB#123"}
  - {id: TC-77, type: test_case, ref: "AB#77"}
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE, alm: [FDD-07, US-123, TC-77]}
"""
    failing_example = """
blueprint_version: 1
alm_links:
  - {id: US-123, type: user_story, ref: "see Teams chat"}
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE, alm: [US-123]}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for link in model.alm_links:
            problem = _malformed(link.get("ref"))
            if problem:
                yield Finding.at(link, "ref", f"{problem} ({link.label})")
        for interface in model.interfaces:
            yield from self._check_interface(model, interface)

    def _check_interface(self, model: Blueprint, interface: Entity) -> Iterator[Finding]:
        links = model.alm_links_of(interface)
        for path, data in links:
            if path and isinstance(interface.get(path), dict):  # inline link: check it here
                problem = _malformed(data.get("ref"))
                if problem:
                    yield Finding.at(interface, f"{path}/ref", f"{problem} ({interface.label})")
        # A link whose type is not a string (a schema error, reported as SC001) counts as untyped.
        types = {kind for _, data in links if isinstance(kind := data.get("type"), str)}
        if not interface.has("alm"):
            yield Finding.at(
                interface,
                "alm",
                f"{interface.label} has no ALM links (design document, user story or requirement, test case)",
            )
            return
        for accepted, words in _CATEGORIES:
            if not types & accepted:
                yield Finding.at(interface, "alm", f"{interface.label} has no link to {words}")
