"""Capacity rules (CA001–CA009): the blueprint's volumes against the platforms' published limits.

The figures come from the capacity model (:mod:`._capacity`, arithmetic in :mod:`._capacity_core`)
and the limits from the versioned profile ``data/limits-v1.yaml`` (:mod:`._limits`). Every limit
a rule uses is one of its options, so a team can override it per rule (``web_servers: 3`` when
the environment is known to have three web servers).

Per-identity findings are placed on the ``volume/peak`` (or ``max_concurrency``, ``volume``) of
the interface that contributes most to the identity's figure: that is where the number lives and
what a fix changes, it is located even when the identity is undeclared, and the message names the
identity and every contributor. Exceeding the request limit is CA001 (error); reaching the warning
threshold without exceeding it is CA009 (warning), so each band has its own tunable severity.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from linter.api import Finding, Rule, Severity
from linter.model.blueprint import Blueprint, Entity

from ._capacity import (
    BATCHING_MECHANISMS,
    DATAVERSE_KINDS,
    NON_CLIENT_MECHANISMS,
    CapacityModel,
    IdentityLoad,
    InterfaceLoad,
    analyse,
    peak_operations,
    pool_formula,
)
from ._capacity_core import duration_minutes, format_number, format_percent, percent
from ._limits import LimitsProfile, load_profile, options_schema

_PROFILE = load_profile()
_SERVICE_PROTECTION = (
    "Microsoft's *Dataverse service protection API limits* article sets, per user and per web server, "
    "6,000 requests, 1,200 seconds of combined execution time and 52 concurrent requests in a 5-minute "
    "sliding window, and answers throttled calls with HTTP 429 and Retry-After. The integration checklist "
    "of the Dynamics 365 implementation guide (*Integration strategy and governance checklist*, item 14) "
    "asks for a pattern that fits the expected volume, frequency and these service protection limits, "
    "and *Choose the right pattern* lists service protection limits among the factors that decide the "
    "pattern and throttling among the common causes of integration errors."
)
_PER_USER_NOTE = (
    "Limits apply per identity, so the figure sums the peaks of every interface that calls Dataverse with "
    "the same identity (conservatively assuming the peaks coincide), and assumes one web server unless the "
    "`web_servers` option says more."
)
_DATAVERSE_EXAMPLE_HEAD = """
blueprint_version: 1
systems:
  - {id: SYS-CE, kind: dataverse}
  - {id: SYS-ERP, kind: on_premises_lob}
identities:
  - {id: ID-INT, kind: application_user, license: none}
"""


class CapacityRule(Rule):
    """Shared plumbing: the rule's limits are the profile with the rule's options applied."""

    limit_keys: ClassVar[tuple[str, ...]] = ()
    tags = ("capacity",)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.limit_keys:
            cls.default_options = _PROFILE.defaults(cls.limit_keys)
            cls.options_schema = options_schema(cls.limit_keys)

    def profile(self) -> LimitsProfile:
        return _PROFILE.with_overrides(self.options)

    def model(self, blueprint: Blueprint) -> CapacityModel:
        return analyse(blueprint, self.profile())


def source_tag(profile: LimitsProfile, key: str) -> str:
    return f"[{profile[key].source.title}]"


def _contributors(identity: IdentityLoad, attribute: str, unit: str = "") -> str:
    """``; IF-A contributes 5,000 and IF-B 2,400`` (largest first), or nothing for one interface."""
    known = sorted(identity.known(attribute), key=lambda load: -(getattr(load, attribute) or 0.0))
    if len(known) < 2:
        return ""
    parts = [f"{load.id} {format_number(getattr(load, attribute))}{unit}" for load in known]
    return "; contributions: " + ", ".join(parts)


def _scaled_limit(profile: LimitsProfile, key: str, noun: str) -> tuple[float, str]:
    """The per-web-server limit times ``web_servers``, and how to say it."""
    servers = max(profile.value("web_servers"), 1.0)
    base = profile.value(key)
    if servers == 1:
        return base, f"Dataverse's {format_number(base)}{noun} per user per web server"
    return base * servers, (
        f"Dataverse's {format_number(base * servers)}{noun} per user "
        f"({format_number(base)} per web server × {servers:g} web servers)"
    )


def _request_rate_findings(rule: CapacityRule, blueprint: Blueprint, *, exceeded: bool) -> Iterator[Finding]:
    profile = rule.profile()
    limit, limit_words = _scaled_limit(profile, "dataverse_requests_per_5_minutes", "")
    threshold = profile.value("near_limit_percent")
    for identity in rule.model(blueprint).identities:
        total = identity.total("requests")
        if not identity.known("requests"):
            continue
        share = percent(total, limit)
        top = identity.top("requests")
        head = f"peak {format_number(total)} requests per 5 minutes for {identity.label}"
        tail = f" {source_tag(profile, 'dataverse_requests_per_5_minutes')}{_contributors(identity, 'requests')}"
        if exceeded and total > limit:
            yield Finding.at(
                top.interface, "volume/peak", f"{head} exceeds {limit_words} ({format_percent(share)}){tail}"
            )
        elif not exceeded and total <= limit and share >= threshold:
            yield Finding.at(
                top.interface,
                "volume/peak",
                f"{head} is {format_percent(share)} of {limit_words}, at or above the {threshold:g}% "
                f"warning threshold{tail}",
            )


class DataverseRequestRate(CapacityRule):
    code = "CA001"
    name = "dataverse-request-rate"
    severity = Severity.ERROR
    limit_keys = ("dataverse_requests_per_5_minutes", "web_servers")
    summary = "The peak HTTP requests per 5 minutes of each identity that calls Dataverse stay within the 6,000-request service protection limit."
    rationale = f"""
{_SERVICE_PROTECTION} {_PER_USER_NOTE} Requests per 5 minutes are worked out from the peak volume
(§3.11 of the blueprint guidance): count × 5 ÷ minutes in the period × `burst_factor` ×
`requests_per_record`, divided by `records_per_message` only for mechanisms that really batch (Web
API `$batch`, SDK ExecuteMultiple); a `per: run` peak is spread over the shortest of
`expected_duration`, `frequency.window` and `frequency.interval`. Above the limit the identity is
throttled at every peak. Between the warning threshold and the limit, CA009 warns instead.
"""
    how_to_fix = "Batch the writes (`$batch`/ExecuteMultiple with `records_per_message`), spread the load over several identities (application users), smooth the peak with a queue, or set `web_servers` when the environment is known to have more than one."
    passing_example = (
        _DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - id: IF-ORDERS
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    volume:
      average: {count: 20000, per: hour}
      peak: {count: 60000, per: hour}
    payload: {format: json, records_per_message: 100}
    avg_execution_ms: 50
"""
    )
    failing_example = (
        _DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - id: IF-ORDERS
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    volume:
      average: {count: 5000, per: hour}
      peak: {count: 60000, per: hour}
    avg_execution_ms: 50
  - id: IF-PRICES
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    volume:
      average: {count: 500, per: hour}
      peak: {count: 28800, per: hour}
    avg_execution_ms: 50
"""
    )

    def check(self, model: Blueprint) -> Iterator[Finding]:
        yield from _request_rate_findings(self, model, exceeded=True)


class DataverseRequestRateNearLimit(CapacityRule):
    code = "CA009"
    name = "dataverse-request-rate-near-limit"
    severity = Severity.WARNING
    limit_keys = ("dataverse_requests_per_5_minutes", "web_servers", "near_limit_percent")
    summary = "The peak HTTP requests per 5 minutes of each identity that calls Dataverse stay below 80% of the service protection limit."
    rationale = f"""
{_SERVICE_PROTECTION} {_PER_USER_NOTE} An identity whose peak reaches the warning threshold
(`near_limit_percent`, 80% by default) has no headroom for growth or retries: the checklist asks
for volumes sustained in the short and long term and for performance tests near the limits. Above
the limit itself, CA001 reports an error instead.
"""
    how_to_fix = "Plan for growth: batch the writes, spread the load over several identities, smooth the peak, and include a performance test at peak volume."
    passing_example = (
        _DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - id: IF-ORDERS
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    volume:
      average: {count: 12000, per: hour}
      peak: {count: 36000, per: hour}
    avg_execution_ms: 50
"""
    )
    failing_example = (
        _DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - id: IF-ORDERS
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    volume:
      average: {count: 20000, per: hour}
      peak: {count: 61200, per: hour}
    avg_execution_ms: 50
"""
    )

    def check(self, model: Blueprint) -> Iterator[Finding]:
        yield from _request_rate_findings(self, model, exceeded=False)


class DataverseConcurrency(CapacityRule):
    code = "CA002"
    name = "dataverse-concurrency"
    severity = Severity.ERROR
    limit_keys = ("dataverse_concurrent_requests", "web_servers")
    summary = "The declared `max_concurrency` of the interfaces sharing an identity stays within Dataverse's 52 concurrent requests."
    rationale = f"""
{_SERVICE_PROTECTION} Concurrency is summed over the interfaces sharing an identity, from their
declared `max_concurrency`; more parallel requests than the limit are refused with HTTP 429
whatever the volume.
"""
    how_to_fix = "Lower `max_concurrency`, run the interfaces under separate identities, or set `web_servers` when the environment is known to have more than one."
    passing_example = (
        _DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - {id: IF-ORDERS, source: SYS-ERP, target: SYS-CE, mechanism: dataverse_web_api, identity: ID-INT, max_concurrency: 16}
  - {id: IF-PRICES, source: SYS-ERP, target: SYS-CE, mechanism: dataverse_web_api, identity: ID-INT, max_concurrency: 16}
"""
    )
    failing_example = (
        _DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - {id: IF-ORDERS, source: SYS-ERP, target: SYS-CE, mechanism: dataverse_web_api, identity: ID-INT, max_concurrency: 32}
  - {id: IF-PRICES, source: SYS-ERP, target: SYS-CE, mechanism: dataverse_web_api, identity: ID-INT, max_concurrency: 24}
"""
    )

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        limit, limit_words = _scaled_limit(profile, "dataverse_concurrent_requests", " concurrent requests")
        for identity in self.model(model).identities:
            if not identity.known("max_concurrency"):
                continue
            total = identity.total("max_concurrency")
            if total > limit:
                top = identity.top("max_concurrency")
                yield Finding.at(
                    top.interface,
                    "max_concurrency",
                    f"{identity.label} may make {format_number(total)} concurrent requests, above {limit_words} "
                    f"({format_percent(percent(total, limit))}) {source_tag(profile, 'dataverse_concurrent_requests')}"
                    f"{_contributors(identity, 'max_concurrency')}",
                )


class DataverseExecutionTime(CapacityRule):
    code = "CA003"
    name = "dataverse-execution-time"
    severity = Severity.WARNING
    limit_keys = (
        "dataverse_execution_seconds_per_5_minutes",
        "web_servers",
        "default_avg_execution_ms",
        "dataverse_recommended_batch_operations",
        "dataverse_batch_operations",
    )
    summary = "The combined server execution time per 5 minutes of each identity stays within Dataverse's 1,200 seconds; `$batch` requests stay small."
    rationale = f"""
{_SERVICE_PROTECTION} Batching reduces the number of requests but not the execution time: every
operation in a batch still runs on the server, so large batches hit the 1,200-second limit first,
and the article advises against large batches (start near 10 operations). The figure is peak
operations per 5 minutes × `avg_execution_ms` (200 ms assumed where an interface does not declare
it, the `default_avg_execution_ms` option). The rule also warns when a Dataverse `$batch` or
ExecuteMultiple carries more than 100 operations (`dataverse_recommended_batch_operations`).
"""
    how_to_fix = "Declare a measured `avg_execution_ms`, make plug-ins on the target tables faster, use smaller batches, or spread the load over several identities."
    passing_example = (
        _DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - id: IF-ORDERS
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    volume:
      average: {count: 20000, per: hour}
      peak: {count: 84000, per: hour}
    payload: {format: json, records_per_message: 100}
    avg_execution_ms: 50
"""
    )
    failing_example = (
        _DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - id: IF-ORDERS
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-INT
    volume:
      average: {count: 20000, per: hour}
      peak: {count: 84000, per: hour}
    payload: {format: json, records_per_message: 500}
"""
    )

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        capacity = analyse(model, profile)
        limit, limit_words = _scaled_limit(profile, "dataverse_execution_seconds_per_5_minutes", " seconds")
        source = source_tag(profile, "dataverse_execution_seconds_per_5_minutes")
        for identity in capacity.identities:
            if not identity.known("execution_seconds"):
                continue
            total = identity.total("execution_seconds")
            if total <= limit:
                continue
            assumed = [load.id for load in identity.known("execution_seconds") if not load.execution_ms_declared]
            assumption = (
                f"; {format_number(profile.value('default_avg_execution_ms'))} ms per operation assumed for "
                + ", ".join(assumed)
                + " (no avg_execution_ms)"
                if assumed
                else ""
            )
            yield Finding.at(
                identity.top("execution_seconds").interface,
                "volume/peak",
                f"peak execution time of {format_number(total)} seconds per 5 minutes for {identity.label} exceeds "
                f"{limit_words} ({format_percent(percent(total, limit))}) {source}"
                f"{_contributors(identity, 'execution_seconds', ' s')}{assumption}",
            )
        recommended = profile.value("dataverse_recommended_batch_operations")
        maximum = profile.value("dataverse_batch_operations")
        for load in capacity.interfaces:
            size = load.records_per_message
            if load.batches and size is not None and recommended < size <= maximum:
                yield Finding.at(
                    load.interface,
                    "payload/records_per_message",
                    f"interface {load.id} sends {format_number(size)} operations per {_batch_word(load.mechanism)}, "
                    f"above the {format_number(recommended)} from which large batches hit the execution-time "
                    f"limit first {source_tag(profile, 'dataverse_recommended_batch_operations')}",
                )


def _batch_word(mechanism: str) -> str:
    return "ExecuteMultiple request" if mechanism == "dataverse_sdk" else "$batch request"


class DailyRequestEntitlement(CapacityRule):
    code = "CA004"
    name = "daily-request-entitlement"
    severity = Severity.WARNING
    limit_keys = (
        "licensed_requests_per_day",
        "per_app_requests_per_day",
        "per_flow_requests_per_day",
        "pool_base_requests_per_day",
        "pool_requests_per_usl",
        "pool_max_requests_per_day",
        "add_on_requests_per_day",
    )
    summary = "The Dataverse operations per 24 hours of each licensed identity, and of all application users together, stay within the Power Platform request entitlement."
    rationale = """
Microsoft's *Power Platform requests limits and allocations* article gives each licensed user a
24-hour request entitlement (40,000 for Dynamics 365 Enterprise/Professional and paid Power
Platform licenses, 6,000 for per-app and Team Member, 250,000 for Power Automate per flow), and
pools the requests of application, non-interactive and SYSTEM users per tenant: 500,000 + 5,000 per
Dynamics 365 Enterprise/Professional user license (`project.tenant_licenses`), at most 10,000,000,
+50,000 per capacity add-on. Every operation counts, batched or not (*Dataverse service protection
API limits*). The daily figure is the average volume over 24 hours, or the peak when it is stated
per day, week, month or run, × `requests_per_record`.
"""
    how_to_fix = "Buy capacity add-ons or declare the tenant's licenses in `project.tenant_licenses`, move bulk loads to a mechanism that does not go through the API, or reduce the operations per record."
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-CE, kind: dataverse}
  - {id: SYS-ERP, kind: on_premises_lob}
identities:
  - {id: ID-SYNC, kind: licensed_user, license: d365_enterprise}
interfaces:
  - id: IF-ORDERS
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-SYNC
    volume:
      average: {count: 20000, per: day}
      peak: {count: 30000, per: day}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-CE, kind: dataverse}
  - {id: SYS-ERP, kind: on_premises_lob}
identities:
  - {id: ID-SYNC, kind: licensed_user, license: d365_enterprise}
interfaces:
  - id: IF-ORDERS
    source: SYS-ERP
    target: SYS-CE
    mechanism: dataverse_web_api
    identity: ID-SYNC
    volume:
      average: {count: 20000, per: day}
      peak: {count: 50000, per: day}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        capacity = analyse(model, profile)
        source = source_tag(profile, "licensed_requests_per_day")
        for identity in capacity.identities:
            kind, limit = identity.entitlement(profile)
            total = identity.total("operations_per_day")
            if kind != "licensed" or limit is None or total <= limit or identity.entity is None:
                continue
            license_ = identity.entity.get_str("license")
            yield Finding.at(
                identity.top("operations_per_day").interface,
                "volume",
                f"{identity.label} makes {format_number(total)} Dataverse operations per 24 hours, above the "
                f"{format_number(limit)} its {license_} license includes ({format_percent(percent(total, limit))}) "
                f"{source}{_contributors(identity, 'operations_per_day')}",
            )
        pool = capacity.pool
        total = pool.operations_per_day
        if pool.identities and total > pool.limit:
            loads: Sequence[InterfaceLoad] = [load for identity in pool.identities for load in identity.loads]
            top = max(loads, key=lambda load: load.operations_per_day or 0.0)
            names = ", ".join(identity.key for identity in pool.identities)
            who = (
                f"application users {names} together make"
                if len(pool.identities) > 1
                else f"application user {names} makes"
            )
            yield Finding.at(
                top.interface,
                "volume",
                f"{who} {format_number(total)} Dataverse operations per 24 hours, "
                f"above the tenant pool of {format_number(pool.limit)} ({format_percent(percent(total, pool.limit))}; "
                f"{pool_formula(profile, pool.usl, pool.add_ons, pool.capped)}) {source}",
            )


def _dataverse_system(model: Blueprint, interface: Entity, end: str) -> bool:
    system_id = interface.get_str(end)
    system = model.get("system", system_id) if system_id else None
    return system is not None and system.get_str("kind") in DATAVERSE_KINDS


def _kind_of(model: Blueprint, interface: Entity, end: str) -> str | None:
    system_id = interface.get_str(end)
    system = model.get("system", system_id) if system_id else None
    return system.get_str("kind") if system is not None else None


class BatchOrTransactionSize(CapacityRule):
    code = "CA005"
    name = "batch-or-transaction-size"
    severity = Severity.ERROR
    limit_keys = ("dataverse_batch_operations", "dual_write_records_per_transaction")
    summary = "A Dataverse `$batch`/ExecuteMultiple carries at most 1,000 operations; a dual-write transaction at most 1,000 records."
    rationale = """
*Execute batch operations using the Web API* and *Dataverse service protection API limits* cap a
`$batch` or ExecuteMultiple request at 1,000 operations; *Dual-write live sync limits* caps a
finance and operations → Dataverse live-sync transaction at 1,000 records. A larger batch is refused
outright, so the interface fails at its first full batch. The batch size is `payload.records_per_message`.
(Service Bus's 100 messages per transaction is in the limits profile, but the format has no field
for messages per transaction yet.)
"""
    how_to_fix = "Lower `payload.records_per_message` to the limit or below (Microsoft suggests starting near 10 operations per batch)."
    passing_example = (
        _DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - {id: IF-ORDERS, source: SYS-ERP, target: SYS-CE, mechanism: dataverse_web_api, identity: ID-INT, payload: {format: json, records_per_message: 50}}
"""
    )
    failing_example = (
        _DATAVERSE_EXAMPLE_HEAD
        + """interfaces:
  - {id: IF-ORDERS, source: SYS-ERP, target: SYS-CE, mechanism: dataverse_web_api, identity: ID-INT, payload: {format: json, records_per_message: 2000}}
"""
    )

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        for interface in model.interfaces:
            size = interface.get_number("payload/records_per_message")
            mechanism = interface.get_str("mechanism") or ""
            if size is None:
                continue
            touches_dataverse = _dataverse_system(model, interface, "target") or _dataverse_system(
                model, interface, "source"
            )
            if mechanism in BATCHING_MECHANISMS and touches_dataverse:
                key, what = (
                    "dataverse_batch_operations",
                    f"Dataverse's {{limit}} operations per {_batch_word(mechanism)}",
                )
            elif mechanism == "dual_write" and _kind_of(model, interface, "source") == "d365_finance_operations":
                key, what = (
                    "dual_write_records_per_transaction",
                    "dual-write's {limit} records per live-sync transaction",
                )
            else:
                continue
            limit = profile.value(key)
            if size > limit:
                yield Finding.at(
                    interface,
                    "payload/records_per_message",
                    f"interface {interface.id} carries {format_number(size)} records per message, above "
                    f"{what.format(limit=format_number(limit))} ({format_percent(percent(size, limit))}) "
                    f"{source_tag(profile, key)}",
                )


class PayloadOverChannelLimit(CapacityRule):
    code = "CA006"
    name = "payload-over-channel-limit"
    severity = Severity.ERROR
    limit_keys = (
        "service_bus_standard_message_kb",
        "service_bus_premium_message_kb",
        "event_grid_event_kb",
        "power_automate_message_kb",
        "dual_write_to_fo_payload_kb",
    )
    summary = "The largest message (`payload.max_kb`) fits the channel: Service Bus 256 KB standard / 100 MB premium, Event Grid 1 MB, Power Automate 100 MB, dual-write to finance and operations 116.85 MB."
    rationale = """
Each channel refuses messages above its size limit: *Azure Service Bus quotas* (256 KB per message
on Standard, 100 MB on Premium), *Azure Event Grid event schema* (1 MB per event), *Power Automate
limits and configuration* (100 MB per message without chunking) and *Dual-write live sync limits*
(116.85 MB per Dataverse → finance and operations transaction). *Choose the right pattern* keeps
large payloads out of synchronous patterns and names volume limits among the batching concerns. The channel is the mechanism, or the kind of the interface's
platform; Service Bus is taken as Standard unless the platform's `tier` says premium. 1 MB = 1,024 KB.
"""
    how_to_fix = "Send a reference (claim check: store the document, send its URL), split the message, or declare the premium tier on the Service Bus platform."
    passing_example = """
blueprint_version: 1
platforms:
  - {id: MW-SB, kind: azure_service_bus, tier: premium}
interfaces:
  - {id: IF-DOCS, source: SYS-A, target: SYS-B, mechanism: service_bus, platform: MW-SB, payload: {format: binary, max_kb: 512}}
"""
    failing_example = """
blueprint_version: 1
platforms:
  - {id: MW-SB, kind: azure_service_bus, tier: standard}
interfaces:
  - {id: IF-DOCS, source: SYS-A, target: SYS-B, mechanism: service_bus, platform: MW-SB, payload: {format: binary, max_kb: 512}}
"""

    def _channels(self, model: Blueprint, interface: Entity) -> list[tuple[str, str]]:
        mechanism = interface.get_str("mechanism") or ""
        platform_id = interface.get_str("platform")
        platform = model.get("platform", platform_id) if platform_id else None
        platform_kind = platform.get_str("kind") if platform is not None else None
        channels: list[tuple[str, str]] = []
        if mechanism in ("service_bus", "dataverse_service_bus_endpoint") or platform_kind == "azure_service_bus":
            tier = (
                (platform.get_str("tier") or "")
                if platform is not None and platform_kind == "azure_service_bus"
                else ""
            )
            if "premium" in tier.lower():
                channels.append(("service_bus_premium_message_kb", "Service Bus Premium's {limit} KB per message"))
            else:
                channels.append(("service_bus_standard_message_kb", "Service Bus Standard's {limit} KB per message"))
        if mechanism == "event_grid" or platform_kind == "azure_event_grid":
            channels.append(("event_grid_event_kb", "Event Grid's {limit} KB per event"))
        if mechanism == "power_automate_flow" or platform_kind == "power_automate":
            channels.append(("power_automate_message_kb", "Power Automate's {limit} KB per message"))
        if mechanism == "dual_write" and _kind_of(model, interface, "target") == "d365_finance_operations":
            channels.append(("dual_write_to_fo_payload_kb", "dual-write's {limit} KB per transaction"))
        return channels

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        for interface in model.interfaces:
            size = interface.get_number("payload/max_kb")
            if size is None:
                continue
            exceeded = [
                (profile.value(key), key, words)
                for key, words in self._channels(model, interface)
                if size > profile.value(key)
            ]
            if not exceeded:
                continue
            limit, key, words = min(exceeded)  # the tightest channel the message does not fit
            yield Finding.at(
                interface,
                "payload/max_kb",
                f"the largest message of interface {interface.id} ({format_number(size)} KB) exceeds "
                f"{words.format(limit=format_number(limit))} ({format_percent(percent(size, limit))}) "
                f"{source_tag(profile, key)}",
            )


class SynchronousTimeout(CapacityRule):
    code = "CA007"
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
            minutes = duration_minutes(interface.get("expected_duration"))
            if minutes is None:
                continue
            seconds = minutes * 60
            platform_id = interface.get_str("platform")
            platform = model.get("platform", platform_id) if platform_id else None
            timeouts: list[tuple[float, str, str]] = []
            if _dataverse_system(model, interface, "target") and mechanism not in NON_CLIENT_MECHANISMS:
                key = "dataverse_operation_timeout_seconds"
                timeouts.append((profile.value(key), key, "Dataverse's {limit}-second message operation timeout"))
            if mechanism == "power_automate_flow" or (
                platform is not None and platform.get_str("kind") == "power_automate"
            ):
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


class PowerAutomateThroughput(CapacityRule):
    code = "CA008"
    name = "power-automate-throughput"
    severity = Severity.WARNING
    limit_keys = ("power_automate_actions_per_5_minutes",)
    summary = "A Power Automate flow's peak operations per 5 minutes stay within the 100,000 actions a flow may run per 5 minutes."
    rationale = """
*Power Automate limits and configuration* caps a flow at 100,000 actions per 5 minutes and slows
it down beyond that; *Select the ideal platform* asks that the chosen platform handle the
persistent and peak volumes now and in the long term. The figure is the interface's peak operations
per 5 minutes (records × `requests_per_record`, burst included), a lower bound on the flow's
actions, so a finding is certain to be real.
"""
    how_to_fix = (
        "Move the high-volume path to Logic Apps, Functions or Service Bus, batch the records, or split the flow."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-FILES
    source: SYS-A
    target: SYS-B
    mechanism: power_automate_flow
    volume:
      average: {count: 1000, per: hour}
      peak: {count: 6000, per: hour}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-FILES
    source: SYS-A
    target: SYS-B
    mechanism: power_automate_flow
    volume:
      average: {count: 100000, per: hour}
      peak: {count: 1500000, per: hour}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        profile = self.profile()
        key = "power_automate_actions_per_5_minutes"
        limit = profile.value(key)
        for interface in model.interfaces:
            platform_id = interface.get_str("platform")
            platform = model.get("platform", platform_id) if platform_id else None
            is_flow = interface.get_str("mechanism") == "power_automate_flow" or (
                platform is not None and platform.get_str("kind") == "power_automate"
            )
            if not is_flow:
                continue
            operations, basis = peak_operations(interface)
            if operations is None or operations <= limit:
                continue
            yield Finding.at(
                interface,
                "volume/peak",
                f"peak {format_number(operations)} operations per 5 minutes for Power Automate interface "
                f"{interface.id} ({basis}) exceed the {format_number(limit)} actions a flow may run per 5 minutes "
                f"({format_percent(percent(operations, limit))}) {source_tag(profile, key)}",
            )
