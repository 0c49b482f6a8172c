"""Operability: error handling, idempotency and dead-lettering, monitoring, owners, continuity, tests, platforms."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from linter.api import Finding, Rule, Severity
from linter.model.blueprint import Blueprint, Entity

from ._capacity import analyse
from ._capacity_core import format_percent, percent
from ._limits import load_profile

_PATTERN_ARTICLE = "*Choose the right pattern for your integration strategy* (Dynamics 365 implementation guide)"
_PLATFORM_ARTICLE = (
    "*Select the ideal platform for your Dynamics 365 apps integration* (Dynamics 365 implementation guide)"
)
_CHALLENGES_ARTICLE = "*Overcome integration challenges in Dynamics 365 projects* (Dynamics 365 implementation guide)"

# Targets that throttle API callers: Dataverse service protection limits (HTTP 429 + Retry-After)
# and finance and operations priority-based / resource-based throttling.
THROTTLED_TARGET_KINDS: frozenset[str] = frozenset(
    {"dataverse", "d365_customer_engagement", "d365_finance_operations", "power_platform_app"}
)
# Mechanisms that reach such a target through its API (directly, or from middleware that calls it).
API_MECHANISMS: frozenset[str] = frozenset(
    {
        "dataverse_web_api",
        "dataverse_sdk",
        "fo_odata",
        "fo_custom_service",
        "rest_api",
        "soap_api",
        "azure_function",
        "logic_app",
        "power_automate_flow",
        "service_bus",
        "azure_data_factory",
        "ssis",
    }
)
# Mechanisms whose platform itself keeps track of failed records and re-delivers them, so the
# blueprint does not design idempotency keys or dead-letter stores for them:
#  - dual-write keeps its own error queue and pauses/replays table maps;
#  - Azure Synapse Link and Export to Data Lake track incremental changes and retry per table;
#  - virtual tables and the UI embeddings move no messages at all (data is read on demand).
PLATFORM_MANAGED_MECHANISMS: frozenset[str] = frozenset(
    {
        "dual_write",
        "synapse_link",
        "export_to_data_lake",
        "dataverse_virtual_table",
        "fo_virtual_tables",
        "fo_embedded_power_apps",
        "fo_embedded_power_bi",
        "fo_iframe",
        "pcf",
        "canvas_app",
        "html_web_resource",
        "channel_integration_framework",
    }
)
# Asynchronous finance and operations APIs whose caller polls for the outcome; failed packages and
# messages stay in the DMF job history (so no separate dead-letter store is required).
POLLED_MECHANISMS: frozenset[str] = frozenset({"fo_dmf_package_api", "fo_recurring_integration"})
_ASYNC_TIMINGS = frozenset({"asynchronous", "near_real_time", "scheduled_batch"})
_CRITICAL = ("high", "mission_critical")


def _target_kind(model: Blueprint, interface: Entity) -> str | None:
    target_id = interface.get_str("target")
    target = model.get("system", target_id) if target_id else None
    return target.get_str("kind") if target is not None else None


class MissingErrorHandling(Rule):
    code = "OP001"
    name = "missing-error-handling"
    severity = Severity.ERROR
    tags = ("operability",)
    precision = "high"
    summary = "Every interface declares an error-handling strategy; API calls into Dataverse, Customer Engagement or finance and operations retry with backoff and honour Retry-After."
    rationale = f"""
More touchpoints mean more failures; error handling is part of the design, not an afterthought
({_PATTERN_ARTICLE}: plan for failure, retry or undo depending on transient or persistent errors;
platform limits and throttling are named among the common causes). Dataverse service protection
limits answer an excess of requests with HTTP 429 and a `Retry-After` interval (Dataverse *Service
protection API limits*), and finance and operations priority-based throttling does the same (*Priority-based
throttling*): a client that retries immediately, without backoff, or ignores `Retry-After`, turns a
short throttle into a failed load. The *Case study in integration strategy* made its batch load
reliable by building in retries.
"""
    how_to_fix = (
        "Add `error_handling.strategy`; for API calls into Dataverse, Customer Engagement or finance and operations add "
        "`error_handling.retry: {max_attempts: 5, backoff: exponential, honor_retry_after: true}`."
    )
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-SQL, kind: database}
  - {id: SYS-CE, kind: d365_customer_engagement}
interfaces:
  - id: IF-LOAD
    source: SYS-SQL
    target: SYS-CE
    mechanism: dataverse_web_api
    error_handling:
      strategy: retry
      retry: {max_attempts: 6, backoff: exponential, honor_retry_after: true}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-SQL, kind: database}
  - {id: SYS-CE, kind: d365_customer_engagement}
interfaces:
  - id: IF-LOAD
    source: SYS-SQL
    target: SYS-CE
    mechanism: dataverse_web_api
    error_handling:
      strategy: retry
      retry: {max_attempts: 6}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            handling = interface.get("error_handling")
            if handling is not None and not isinstance(handling, dict):
                continue  # wrong type: a schema error already
            if not interface.has("error_handling/strategy"):
                yield Finding.at(
                    interface,
                    "error_handling/strategy",
                    f"{interface.label} does not declare an error-handling strategy (error_handling.strategy)",
                )
            mechanism = interface.get_str("mechanism")
            kind = _target_kind(model, interface)
            if mechanism not in API_MECHANISMS or kind not in THROTTLED_TARGET_KINDS:
                continue
            yield from self._check_retry(interface, mechanism, kind)

    @staticmethod
    def _check_retry(interface: Entity, mechanism: str | None, kind: str | None) -> Iterator[Finding]:
        target = {"d365_finance_operations": "finance and operations"}.get(kind or "", "Dataverse")
        retry = interface.get("error_handling/retry")
        if retry is None:
            yield Finding.at(
                interface,
                "error_handling/retry",
                f"{interface.label} calls throttled {target} through {mechanism} but has no retry policy (max_attempts, backoff, honor_retry_after: true)",
            )
            return
        if not isinstance(retry, dict):
            return
        missing = []
        if interface.get_number("error_handling/retry/max_attempts") is None:
            missing.append("max_attempts")
        if interface.get_str("error_handling/retry/backoff") in (None, "none"):
            missing.append("a backoff other than none")
        if interface.get_bool("error_handling/retry/honor_retry_after") is not True:
            missing.append("honor_retry_after: true")
        if missing:
            yield Finding.at(
                interface,
                "error_handling/retry",
                f"the retry policy of {interface.label}, which calls throttled {target} through {mechanism}, lacks {' and '.join(missing)}",
            )


def _retries(interface: Entity) -> bool:
    attempts = interface.get_number("error_handling/retry/max_attempts")
    if attempts is not None:
        return attempts > 0
    return (
        interface.get_str("error_handling/strategy") == "retry"
        or interface.get_dict("error_handling/retry") is not None
    )


class AsyncWithoutIdempotencyOrDlq(Rule):
    code = "OP002"
    name = "async-without-idempotency-or-dlq"
    severity = Severity.WARNING
    tags = ("operability", "reliability")
    precision = "high"
    summary = "Asynchronous, near-real-time, scheduled and retried interfaces are idempotent and park failed messages; DMF and recurring-integration callers poll for the outcome."
    rationale = f"""
A message that is retried must be processed once, and a message that keeps failing must be parked
where someone can fix and replay it ({_PATTERN_ARTICLE}: idempotency and out-of-order messages, use
message ids to detect duplicates, park failed messages for later fixing). The *asynchronous
request-reply* reference architecture retries with exponential backoff and then dead-letters. The
finance and operations *Integration overview* notes that asynchronous callers (DMF package API,
recurring integrations) must poll for the status of their job to see its errors. Mechanisms whose
platform tracks failed records itself are exempt: dual-write, Azure Synapse Link, Export to Data
Lake, virtual tables and UI embeddings; DMF and recurring integrations keep failed jobs in their
job history, so they need polling rather than a dead-letter store. Synchronous interfaces need
idempotency only when they retry, and no dead-letter store (the caller receives the error).
"""
    how_to_fix = (
        "Add `idempotency: {key: <message id or alternate key>, duplicate_detection: true}` and "
        "`error_handling.dead_letter: true` (or `strategy: dead_letter`); for `fo_dmf_package_api` and "
        "`fo_recurring_integration` add `error_handling.poll_status: true`."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-ORDERS
    source: SYS-SHOP
    target: SYS-FO
    timing: asynchronous
    mechanism: service_bus
    error_handling: {strategy: dead_letter, dead_letter: true}
    idempotency: {key: orderId, duplicate_detection: true}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-ORDERS
    source: SYS-SHOP
    target: SYS-FO
    timing: asynchronous
    mechanism: service_bus
    error_handling: {strategy: retry}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            mechanism = interface.get_str("mechanism")
            if mechanism in PLATFORM_MANAGED_MECHANISMS:
                continue
            timing = interface.get_str("timing")
            asynchronous = timing in _ASYNC_TIMINGS
            if not asynchronous and not _retries(interface):
                continue
            why = f"{timing.replace('_', '-')}" if asynchronous and timing else "retried"
            missing = []
            if not interface.has("idempotency/key"):
                missing.append("an idempotency key (idempotency.key)")
            if interface.get_bool("idempotency/duplicate_detection") is not True:
                missing.append("duplicate detection (idempotency.duplicate_detection: true)")
            if missing:
                yield Finding.at(
                    interface,
                    "idempotency",
                    f"{interface.label} is {why} but lacks {' and '.join(missing)}, so a redelivered message can be processed twice",
                )
            if mechanism in POLLED_MECHANISMS:
                if interface.get_bool("error_handling/poll_status") is not True:
                    yield Finding.at(
                        interface,
                        "error_handling",
                        f"{interface.label} submits jobs through {mechanism} but does not poll their status (error_handling.poll_status: true), so failed imports go unseen",
                    )
            elif asynchronous and not (
                interface.get_bool("error_handling/dead_letter") is True
                or interface.get_str("error_handling/strategy") == "dead_letter"
            ):
                yield Finding.at(
                    interface,
                    "error_handling",
                    f"{interface.label} is {why} but parks no failed messages (error_handling.dead_letter or strategy dead_letter)",
                )


class MissingMonitoring(Rule):
    code = "OP003"
    name = "missing-monitoring"
    severity = Severity.WARNING
    tags = ("operability",)
    precision = "very-high"
    summary = "Every interface names its monitoring tools and at least one alert with recipients."
    rationale = f"""
A failure nobody sees is a failure the business finds first. The *Integration strategy and governance checklist* (item 7) asks that the
platform monitor, audit, notify and alert; {_PATTERN_ARTICLE} asks that monitoring cover every
system, alert on key patterns and decide who receives error details by severity; and
{_PLATFORM_ARTICLE} asks who responds to alerts.
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


class MissingOwners(Rule):
    code = "OP004"
    name = "missing-owners"
    severity = Severity.WARNING
    tags = ("operability", "governance")
    precision = "very-high"
    summary = "Every interface has a business and a technical owner; every system has an owner."
    rationale = f"""
{_CHALLENGES_ARTICLE} names missing application owners and stakeholders for dependent applications,
and misaligned business owners, among the business challenges that derail integration projects;
{_PLATFORM_ARTICLE} asks who responds to alerts. Without owners nobody decides on a change, a
failure or a data-quality question.
"""
    how_to_fix = "Add `owners: {business: ..., technical: ...}` to the interface and `owner:` to the system (a person, role or team)."
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-SHOP, kind: saas, owner: E-commerce Manager}
interfaces:
  - id: IF-ORDERS
    source: SYS-SHOP
    target: SYS-FO
    owners: {business: Head of Sales, technical: integration-team@contoso.example}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-SHOP, kind: saas}
interfaces:
  - id: IF-ORDERS
    source: SYS-SHOP
    target: SYS-FO
    owners: {technical: integration-team@contoso.example}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            owners = interface.get("owners")
            if owners is not None and not isinstance(owners, dict):
                continue
            missing = [role for role in ("business", "technical") if not interface.has(f"owners/{role}")]
            if missing:
                yield Finding.at(
                    interface,
                    "owners",
                    f"{interface.label} has no {' and no '.join(missing)} owner",
                )
        for system in model.systems:
            if system.get_bool("context_only"):
                continue
            if not system.has("owner"):
                yield Finding.at(system, "owner", f"{system.label} has no owner")


class MissingContinuity(Rule):
    code = "OP005"
    name = "missing-continuity"
    severity = Severity.WARNING
    tags = ("operability", "reliability")
    precision = "high"
    summary = "High and mission-critical interfaces say what happens when the target is down and whether missed messages are replayed; mission-critical ones run on a platform with HA and DR."
    rationale = f"""
{_CHALLENGES_ARTICLE} lists the absence of a business continuity plan for outages among the
business challenges. {_PLATFORM_ARTICLE} asks for the availability level of each interface (high
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
            if criticality not in _CRITICAL:
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
            platform_id = interface.get_str("platform")
            platform = model.get("platform", platform_id) if platform_id else None
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


class MissingTestPlan(Rule):
    code = "OP006"
    name = "missing-test-plan"
    severity = Severity.WARNING
    tags = ("operability", "testing")
    precision = "high"
    summary = "Every interface plans interface or end-to-end tests; synchronous, high and mission-critical interfaces, and those near the platform's limits, also plan performance tests."
    rationale = f"""
The *Integration strategy and governance checklist* (items 16-17) asks for user-experience and performance tests under realistic
conditions and end-to-end tests per integration pattern against the expected volume, frequency and
service protection limits. {_CHALLENGES_ARTICLE} asks for performance testing of both the
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
            testing = interface.get("testing")
            if testing is not None and not isinstance(testing, dict):
                continue
            types = set(interface.get_str_list("testing/test_types"))
            if not types & {"interface", "end_to_end"}:
                path = "testing/test_types" if interface.has("testing") else "testing"
                yield Finding.at(
                    interface, path, f"{interface.label} plans no interface or end-to-end test (testing.test_types)"
                )
            reasons = []
            if interface.get_str("timing") == "synchronous":
                reasons.append("synchronous")
            criticality = interface.get_str("criticality")
            if criticality in _CRITICAL:
                reasons.append(criticality.replace("_", "-"))
            if id(interface) in near:
                reasons.append(near[id(interface)])
            if reasons and "performance" not in types:
                path = "testing/test_types" if interface.has("testing/test_types") else "testing"
                yield Finding.at(
                    interface,
                    path,
                    f"{interface.label} is {' and '.join(reasons)} but plans no performance test",
                )


class PlatformNotGoverned(Rule):
    code = "OP007"
    name = "platform-not-governed"
    severity = Severity.INFO
    tags = ("operability", "governance")
    precision = "medium"
    summary = "Every platform an interface runs on can monitor and alert, and is under version control with a release pipeline."
    rationale = f"""
The *Integration strategy and governance checklist* asks to confirm that the platform or middleware can monitor, audit, notify and alert
(item 7) and that every part of it can be handled with ALM and version-control tools (item 9);
{_PLATFORM_ARTICLE} names monitoring and alerting and ALM among the middleware selection criteria.
A platform that cannot alert hides every interface that runs on it; one outside ALM drifts from
what was tested. Version control is shown by `alm.repo` or the `version_control` capability, the
release pipeline by `alm.pipeline` or the `alm_pipeline` capability. Only platforms that some
interface runs on are checked.
"""
    how_to_fix = "Add the `monitoring` and `alerting` capabilities the platform really has (or add a monitoring companion), and `alm: {repo: ..., pipeline: ...}`."
    passing_example = """
blueprint_version: 1
platforms:
  - id: MW-LA
    kind: azure_logic_apps
    capabilities: [monitoring, alerting, retry]
    alm: {repo: "https://dev.azure.com/contoso/int/_git/logic-apps", pipeline: logic-apps-release}
interfaces:
  - {id: IF-ORDERS, source: SYS-SHOP, target: SYS-FO, platform: MW-LA}
"""
    failing_example = """
blueprint_version: 1
platforms:
  - {id: MW-LA, kind: azure_logic_apps, capabilities: [retry]}
interfaces:
  - {id: IF-ORDERS, source: SYS-SHOP, target: SYS-FO, platform: MW-LA}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for platform in model.platforms:
            if not platform.id or not any(
                ref.source.kind == "interface" for ref in model.referrers("platform", platform.id)
            ):
                continue
            capabilities = set(platform.get_str_list("capabilities"))
            lacking = [c for c in ("monitoring", "alerting") if c not in capabilities]
            if lacking:
                yield Finding.at(
                    platform,
                    "capabilities",
                    f"{platform.label} has no {' and no '.join(lacking)} capability, so failures of the interfaces on it may go unseen",
                )
            missing = []
            if not (platform.has("alm/repo") or "version_control" in capabilities):
                missing.append("repository (alm.repo)")
            if not (platform.has("alm/pipeline") or "alm_pipeline" in capabilities):
                missing.append("release pipeline (alm.pipeline)")
            if missing:
                yield Finding.at(
                    platform, "alm", f"{platform.label} is not under ALM: it has no {' and no '.join(missing)}"
                )
