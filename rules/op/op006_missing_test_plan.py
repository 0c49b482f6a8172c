"""OP006 missing-test-plan: Every interface plans interface or end-to-end tests; synchronous, high and
mission-critical interfaces, and those near the platform's limits, also plan performance tests.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any, ClassVar

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from ..ca import CAPACITY_MODEL, analyse, format_percent, load_profile, percent
from ._common import CHALLENGES_ARTICLE, CRITICAL


class MissingTestPlan(Rule):
    code = "OP006"
    # Held back while a file of the workspace did not load: its near-the-limits test uses the capacity sums, which need every file.
    needs_complete_blueprint = True
    name = "missing-test-plan"
    severity = Severity.WARNING
    tags = ("operability", "testing")
    precision = "high"
    shares_analysis = CAPACITY_MODEL  # its near-the-limits test reads the CA rules' capacity model
    summary = "Every interface plans interface or end-to-end tests; synchronous, high and mission-critical interfaces, and those near the platform's limits, also plan performance tests."
    rationale = f"""
The *Integration strategy and governance checklist* (items 16-17) asks for user-experience and performance tests under realistic
conditions and end-to-end tests per integration pattern against the expected volume, frequency and
service protection limits. {CHALLENGES_ARTICLE} asks for performance testing of both the
integration and the application layers, and the implementation guide's *testing strategy* names
interface tests as a test type and asks performance tests to cover volumes, peaks and growth.
Synchronous interfaces block a user or a process while they run, and critical ones cannot fail under
load, so both need a performance test. So do interfaces near the limits: those whose identity's peak
reaches half of Dataverse's request or execution-time allowance per 5 minutes (the capacity model of
rules CA001-CA003; the share is the rule option `near_limit_share_percent`).
"""
    how_to_fix = "Add `testing: {test_types: [interface, end_to_end]}`; add `performance` (and a `performance_profile`) for synchronous, high or mission-critical interfaces and for those near the platform's limits."
    default_options: ClassVar[Mapping[str, Any]] = {"near_limit_share_percent": 50}
    options_schema: ClassVar[Mapping[str, Any]] = {
        "type": "object",
        "properties": {"near_limit_share_percent": {"type": "number", "minimum": 0}},
        "additionalProperties": False,
    }
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-PRICE
    source: SYS-CE
    target: SYS-ERP
    timing: synchronous
    testing: {test_types: [interface, end_to_end, performance], performance_profile: 3x peak for 30 minutes}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-PRICE
    source: SYS-CE
    target: SYS-ERP
    timing: synchronous
    testing: {test_types: [interface, end_to_end]}
"""

    def _near_limits(self, model: Blueprint) -> dict[int, str]:
        """Interfaces (by id()) whose identity peaks at or above the configured share of Dataverse's
        request or execution-time limit per 5 minutes, with the share in words."""
        profile = load_profile()
        servers = max(profile.value("web_servers"), 1.0)
        threshold = float(self.options["near_limit_share_percent"])
        near: dict[int, str] = {}
        for identity in analyse(model, profile).identities:
            shares = []
            for attribute, key, noun in (
                ("requests", "dataverse_requests_per_5_minutes", "request"),
                ("execution_seconds", "dataverse_execution_seconds_per_5_minutes", "execution-time"),
            ):
                if identity.known(attribute):
                    share = percent(identity.total(attribute), profile.value(key) * servers)
                    if share >= threshold:
                        shares.append(f"{format_percent(share)} of Dataverse's {noun} limit")
            if shares:
                for load in identity.loads:
                    near[id(load.interface)] = (
                        f"near the platform's limits ({identity.label} peaks at {' and '.join(shares)})"
                    )
        return near

    def check(self, model: Blueprint) -> Iterator[Finding]:
        near = self._near_limits(model)
        for interface in model.interfaces:
            # What the interface's own data says is a per-entity fact (Blueprint.memo_of), carried
            # by the language server to the next lint; only "near the limits" is this model's.
            facts = model.memo_of(_PLAN_FACTS, interface, partial(_test_plan, interface))
            if facts is None:
                continue
            no_test_path, reasons, performance_path = facts
            if no_test_path:
                yield Finding.at(
                    interface,
                    no_test_path,
                    f"{interface.label} plans no interface or end-to-end test (testing.test_types)",
                )
            if performance_path is None:
                continue
            if id(interface) in near:
                reasons = (*reasons, near[id(interface)])
            if reasons:
                yield Finding.at(
                    interface,
                    performance_path,
                    f"{interface.label} is {' and '.join(reasons)} but plans no performance test",
                )


_PLAN_FACTS = "OP006 test plan"


def _test_plan(interface: Entity) -> tuple[str, tuple[str, ...], str | None] | None:
    """What an interface's testing section lacks, from its own data: the path of a missing
    interface or end-to-end test (or ""), why it needs a performance test besides being near the
    limits, and the path to report a missing performance test at (None when it plans one). None
    when ``testing`` is not a mapping (the schema reports it)."""
    testing = interface.get("testing")
    if testing is not None and not isinstance(testing, dict):
        return None
    types = set(interface.get_str_list("testing/test_types"))
    no_test_path = ""
    if not types & {"interface", "end_to_end"}:
        no_test_path = "testing/test_types" if interface.has("testing") else "testing"
    reasons = []
    if interface.get_str("timing") == "synchronous":
        reasons.append("synchronous")
    criticality = interface.get_str("criticality")
    if criticality in CRITICAL:
        reasons.append(criticality.replace("_", "-"))
    performance_path = None
    if "performance" not in types:
        performance_path = "testing/test_types" if interface.has("testing/test_types") else "testing"
    return no_test_path, tuple(reasons), performance_path
