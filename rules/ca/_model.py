"""The capacity model: each interface's load on Dataverse, aggregated per identity and per system.

Dataverse service protection limits apply per user (identity) per web server, so the model sums
the peaks of the interfaces that share an identity and can be busy at the same time (blueprint
guidance §4.8): each peak falls in its daily window (``volume.peak.window``, else
``frequency.window``), and the busiest set of interfaces whose windows overlap is added up
(:meth:`IdentityLoad.coincident`). An interface without either window may peak at any time, so it
counts with every other (conservative). An interface counts when it calls the Dataverse API, as
:func:`.._shared.dataverse_clients.dataverse_client` defines it (the definition OP001 and OP008
share): its target is a Dataverse-backed system and its mechanism is not one that never calls the
API as a client (Synapse Link, virtual tables, plug-ins, embedded UI, …); or its source is one,
read through the API with the interface's identity (Web API, SDK, change tracking, a flow, a Logic
App, Data Factory, SSIS). Push mechanisms that Dataverse drives itself (Service Bus endpoint,
webhooks, business events, Synapse Link) use no identity's request budget.

An interface that declares no identity is evaluated on its own, as if it had one to itself.

Requests per record: a mechanism that writes several records per request divides its operations
by its batch size: Web API ``$batch`` and SDK ExecuteMultiple by ``payload.records_per_message``;
Data Factory and SSIS writes by ``write_batch_size``, or the connector's published default
(``connector_write_batch_size``, 10) when the interface states none. A Web API or SDK *read* from
Dataverse with ``payload.records_per_message`` reads that many rows per page, one request each: a
page is not a batch of operations (so CA003 and CA005 do not judge it).
The arithmetic lives in :mod:`._core`; this module reads the model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from linter.api import Blueprint, Entity

from .._shared.dataverse_clients import dataverse_client
from .._shared.units import (
    duration_seconds,
    per_day,
    per_five_minutes,
    window_minutes,
    window_seconds,
    windows_overlap,
)
from ._core import format_number, growth_factor, requests, run_length
from ._limits import LimitsProfile

# Mechanisms whose requests really carry several operations (Web API $batch, SDK ExecuteMultiple).
BATCHING_MECHANISMS = frozenset({"dataverse_web_api", "dataverse_sdk"})
# Mechanisms whose Dataverse connector writes several records per request on its own (Data
# Factory's writeBatchSize, an SSIS Dataverse destination's batch size).
CONNECTOR_BATCHING_MECHANISMS = frozenset({"azure_data_factory", "ssis"})
# Identities that draw on the tenant's pooled entitlement rather than a license of their own.
POOL_IDENTITY_KINDS = frozenset({"application_user", "managed_identity", "non_interactive_user", "system"})
LICENSE_ENTITLEMENT = {
    "d365_enterprise": "licensed_requests_per_day",
    "d365_professional": "licensed_requests_per_day",
    "power_apps_per_user": "licensed_requests_per_day",
    "power_apps_per_app": "per_app_requests_per_day",
    "team_member": "per_app_requests_per_day",
    "power_automate_per_flow": "per_flow_requests_per_day",
}
DAILY_PEAK_PERIODS = frozenset({"day", "week", "month", "run"})


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _positive(value: Any) -> float | None:
    number = _number(value)
    return number if number is not None and number > 0 else None


@dataclass(frozen=True)
class InterfaceLoad:
    """One interface's load on a Dataverse system, normalised."""

    interface: Entity
    identity_id: str | None
    system_id: str
    side: str  # "target" or "source"
    mechanism: str
    batches: bool  # writes carried several operations per $batch / ExecuteMultiple request
    records_per_message: float | None
    records_per_request: float  # records one HTTP request carries (batch, write batch or page)
    request_basis: str  # how records_per_request was worked out, in words ("" for one per record)
    requests_per_record: float
    burst_factor: float
    peak_records: float | None  # per 5 minutes, burst included
    peak_basis: str  # how the peak was normalised, in words
    operations: float | None  # per 5 minutes
    requests: float | None  # HTTP requests per 5 minutes
    avg_execution_ms: float
    execution_ms_declared: bool
    execution_seconds: float | None  # per 5 minutes
    operations_per_day: float | None
    daily_basis: str  # "average" or "peak"
    max_concurrency: int | None
    window: tuple[int, int] | None = None  # daily peak window in minutes; None: any time
    # volume.growth: how much the volume grows by the end of the horizon (1 = no growth stated).
    growth_factor: float = 1.0
    growth_years: int | None = None

    @property
    def id(self) -> str:
        return self.interface.id

    def grown(self, attribute: str) -> float | None:
        """A per-5-minutes or per-day figure at the end of the growth horizon."""
        value = getattr(self, attribute)
        return value * self.growth_factor if value is not None else None


@dataclass
class IdentityLoad:
    """Every Dataverse-bound interface sharing one identity (or one interface without identity)."""

    identity_id: str | None
    entity: Entity | None
    loads: list[InterfaceLoad] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.identity_id:
            return f"identity {self.identity_id}"
        return f"interface {self.loads[0].id} (no identity declared)"

    @property
    def key(self) -> str:
        return self.identity_id or f"({self.loads[0].id})"

    def total(self, attribute: str) -> float:
        return sum(getattr(load, attribute) or 0.0 for load in self.loads)

    def grown_total(self, attribute: str) -> float:
        """The sum at the end of each interface's growth horizon."""
        return sum(load.grown(attribute) or 0.0 for load in self.loads)

    @property
    def grows(self) -> bool:
        return any(load.growth_factor > 1 for load in self.loads)

    def known(self, attribute: str) -> list[InterfaceLoad]:
        return [load for load in self.loads if getattr(load, attribute) is not None]

    def top(self, attribute: str) -> InterfaceLoad:
        """The interface contributing most (the first in blueprint order on a tie)."""
        return max(self.loads, key=lambda load: getattr(load, attribute) or 0.0)

    def coincident(self, attribute: str, *, grown: bool = False) -> IdentityLoad:
        """The same identity restricted to the busiest set of its interfaces that can be at their
        peak at the same time: those whose daily windows share a minute (an interface without a
        window counts at every minute). Every interface when none states a window. ``grown``
        weighs each interface at the end of its growth horizon (the growth rules)."""
        starts = sorted({load.window[0] for load in self.loads if load.window is not None})
        if not starts:
            return self
        best: list[InterfaceLoad] = []
        best_total = -1.0
        for minute in starts:
            point = (minute, minute + 1)
            members = [load for load in self.loads if windows_overlap(load.window, point)]
            total = sum((load.grown(attribute) if grown else getattr(load, attribute)) or 0.0 for load in members)
            if total > best_total:
                best, best_total = members, total
        return IdentityLoad(self.identity_id, self.entity, best)

    def entitlement(self, profile: LimitsProfile) -> tuple[str, float | None]:
        """("licensed", limit) for a licensed identity, ("pool", None) for one drawing on the tenant
        pool, ("unknown", None) when the blueprint does not say."""
        if self.entity is None:
            return "unknown", None
        license_ = self.entity.get_str("license")
        if license_ in LICENSE_ENTITLEMENT:
            return "licensed", profile.value(LICENSE_ENTITLEMENT[license_])
        kind = self.entity.get_str("kind")
        if license_ == "none" or (license_ is None and kind in POOL_IDENTITY_KINDS):
            return "pool", None
        return "unknown", None


@dataclass
class SystemLoad:
    system_id: str
    loads: list[InterfaceLoad] = field(default_factory=list)

    def total(self, attribute: str) -> float | None:
        """The sum over the interfaces whose figure is known; None when none is."""
        known = [getattr(load, attribute) for load in self.loads if getattr(load, attribute) is not None]
        return sum(known) if known else None

    @property
    def identities(self) -> list[str]:
        return sorted({load.identity_id or f"({load.id})" for load in self.loads})


@dataclass(frozen=True)
class TenantPool:
    """The pooled 24-hour entitlement of application and non-interactive users."""

    limit: float
    usl: int
    add_ons: int  # declared, never counted: add-ons can't be assigned to application users
    capped: bool
    identities: tuple[IdentityLoad, ...]
    # Which base the tenant gets: "dynamics_365" (500,000 + 5,000 per USL), "power_platform_only"
    # (25,000, no accrual) or "unstated" (no subscriptions declared: the Dynamics 365 base, as before).
    base: str = "unstated"

    @property
    def operations_per_day(self) -> float:
        return sum(identity.total("operations_per_day") for identity in self.identities)


@dataclass
class CapacityModel:
    profile: LimitsProfile
    interfaces: list[InterfaceLoad]
    identities: list[IdentityLoad]
    systems: list[SystemLoad]
    pool: TenantPool


# -- per interface -------------------------------------------------------------------------------
def _run_info(interface: Entity) -> tuple[tuple[float, str] | None, float | None]:
    frequency = interface.get_dict("frequency") or {}
    interval = duration_seconds(frequency.get("interval"))
    run = run_length(
        duration_seconds(interface.get("expected_duration")), window_seconds(frequency.get("window")), interval
    )
    return run, interval


def _peak(interface: Entity, burst: float) -> tuple[float | None, str]:
    """Peak records per 5 minutes and how it was worked out."""
    rate = interface.get_dict("volume/peak")
    if rate is None:
        return None, "no peak volume"
    count, per = _number(rate.get("count")), rate.get("per")
    if count is None or not isinstance(per, str):
        return None, "peak volume lacks a count or period"
    run, interval = _run_info(interface)
    value = per_five_minutes(count, per, run=run[0] if run else None, interval=interval, burst_factor=burst)
    if value is None:
        return None, "a per-run peak without expected_duration, frequency.window or frequency.interval"
    basis = f"{count:,.0f} per {per.replace('_', ' ')}"
    if per == "run" and run is not None:
        basis += f" over {run[0] / 60:,.0f} min ({run[1]})"
    if burst != 1:
        basis += f" × burst {burst:g}"
    return value, basis


def peak_operations(interface: Entity) -> tuple[float | None, str]:
    """Peak operations per 5 minutes for any interface (records × requests_per_record, burst
    included), whatever its target, and how the peak was worked out."""
    burst = _positive(interface.get("volume/burst_factor")) or 1.0
    peak, basis = _peak(interface, burst)
    if peak is None:
        return None, basis
    return peak * (_positive(interface.get("requests_per_record")) or 1.0), basis


def _daily(interface: Entity) -> tuple[float | None, str]:
    """Records on a busy day: the average over 24 hours, or the peak when it is stated per day,
    week, month or run (a peak per minute or hour says nothing about how long it lasts)."""
    _, interval = _run_info(interface)
    best: tuple[float | None, str] = (None, "")
    for part in ("average", "peak"):
        rate = interface.get_dict(f"volume/{part}")
        if rate is None:
            continue
        count, per = _number(rate.get("count")), rate.get("per")
        if count is None or not isinstance(per, str):
            continue
        if part == "peak" and per not in DAILY_PEAK_PERIODS:
            continue
        value = per_day(count, per, interval=interval)
        if value is not None and (best[0] is None or value > best[0]):
            best = (value, part)
    return best


def _peak_window(interface: Entity) -> tuple[int, int] | None:
    """The daily window the peak falls in: ``volume.peak.window``, else ``frequency.window``."""
    return window_minutes(interface.get("volume/peak/window")) or window_minutes(interface.get("frequency/window"))


def _daily_requests(
    daily_records: float | None, requests_per_record: float, side: str, per_request: float
) -> float | None:
    """What the interface spends of the 24-hour entitlement. Every operation of a write counts,
    batched or not (*Requests limits and allocations*: each operation in a $batch is a request);
    a read is one request per page it retrieves."""
    if daily_records is None:
        return None
    operations = daily_records * requests_per_record
    return operations / per_request if side == "source" and per_request > 1 else operations


def _records_per_request(
    interface: Entity, mechanism: str, side: str, records_per_message: float | None, profile: LimitsProfile
) -> tuple[float, str]:
    """Records one HTTP request carries, and how that was worked out ("" for one per record)."""
    if mechanism in BATCHING_MECHANISMS and records_per_message and records_per_message > 1:
        if side == "target":
            return records_per_message, f"{records_per_message:,.0f} operations per batch"
        return records_per_message, f"{records_per_message:,.0f} rows per page"
    if side == "target" and mechanism in CONNECTOR_BATCHING_MECHANISMS:
        declared = _positive(interface.get("write_batch_size"))
        if declared is not None:
            return declared, f"write_batch_size {declared:,.0f}"
        default = profile.value("connector_write_batch_size")
        return default, f"the connector's default write batch size of {default:,.0f}"
    return 1.0, ""


def interface_load(model: Blueprint, interface: Entity, profile: LimitsProfile) -> InterfaceLoad | None:
    """The interface's normalised load on Dataverse, or None when it does not call the API."""
    client = dataverse_client(model, interface)
    if client is None:
        return None
    mechanism = client.mechanism
    burst = _positive(interface.get("volume/burst_factor")) or 1.0
    requests_per_record = _positive(interface.get("requests_per_record")) or 1.0
    records_per_message = _positive(interface.get("payload/records_per_message"))
    batches = mechanism in BATCHING_MECHANISMS and client.side == "target"
    per_request, request_basis = _records_per_request(interface, mechanism, client.side, records_per_message, profile)
    peak, basis = _peak(interface, burst)
    operations = peak * requests_per_record if peak is not None else None
    declared_ms = _positive(interface.get("avg_execution_ms"))
    avg_ms = declared_ms if declared_ms is not None else profile.value("default_avg_execution_ms")
    daily_records, daily_basis = _daily(interface)
    concurrency = interface.get("max_concurrency")
    years = interface.get("volume/growth/horizon_years")
    if not isinstance(years, int) or isinstance(years, bool) or years <= 0:
        years = None
    return InterfaceLoad(
        interface=interface,
        identity_id=interface.get_str("identity") or None,
        system_id=client.system_id,
        side=client.side,
        mechanism=mechanism,
        batches=batches,
        records_per_message=records_per_message,
        records_per_request=per_request,
        request_basis=request_basis,
        requests_per_record=requests_per_record,
        burst_factor=burst,
        peak_records=peak,
        peak_basis=basis,
        operations=operations,
        requests=requests(operations, per_request) if operations is not None else None,
        avg_execution_ms=avg_ms,
        execution_ms_declared=declared_ms is not None,
        execution_seconds=operations * avg_ms / 1000 if operations is not None else None,
        operations_per_day=_daily_requests(daily_records, requests_per_record, client.side, per_request),
        daily_basis=daily_basis,
        max_concurrency=concurrency if isinstance(concurrency, int) and not isinstance(concurrency, bool) else None,
        window=_peak_window(interface),
        growth_factor=growth_factor(
            _positive(interface.get("volume/growth/percent_per_year")), _positive(years) if years is not None else None
        ),
        growth_years=int(years) if years is not None else None,
    )


# -- aggregation ---------------------------------------------------------------------------------
def _count(value: Any) -> int:
    """A positive whole number, else 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


# The product lines of `project.tenant_licenses.subscriptions` whose paid base licences give the
# tenant pool its 500,000 base and 5,000 per USL (*Requests limits and allocations*).
DYNAMICS_365_SUBSCRIPTIONS = frozenset({"d365_enterprise_professional"})
POWER_PLATFORM_SUBSCRIPTIONS = frozenset({"power_apps", "power_automate"})


@dataclass(frozen=True)
class TenantLicenses:
    usl: int
    add_ons: int
    base: str  # "dynamics_365" | "power_platform_only" | "unstated"


def _tenant_licenses(model: Blueprint) -> TenantLicenses:
    """What `project.tenant_licenses` says: user licences, add-ons and which pool base applies.

    The larger base wins when a tenant has several product lines (the article), so Dynamics 365
    Enterprise/Professional subscriptions, or any USL counted, give the Dynamics 365 base; only Power
    Apps or Power Automate subscriptions give 25,000; no subscriptions stated keep the Dynamics 365 base.
    """
    project = model.project
    licenses = project.get("tenant_licenses") if project is not None else None
    if not isinstance(licenses, dict):
        return TenantLicenses(0, 0, "unstated")
    usl = _count(licenses.get("d365_enterprise_professional_usl"))
    add_ons = _count(licenses.get("capacity_add_ons"))
    raw = licenses.get("subscriptions")
    stated = {item for item in raw if isinstance(item, str)} if isinstance(raw, list) else set()
    if usl or stated & DYNAMICS_365_SUBSCRIPTIONS:
        base = "dynamics_365"
    elif stated & POWER_PLATFORM_SUBSCRIPTIONS:
        base = "power_platform_only"
    else:
        base = "unstated"
    return TenantLicenses(usl, add_ons, base)


def tenant_pool_limit(profile: LimitsProfile, usl: int, base: str = "dynamics_365") -> tuple[float, bool]:
    """The tenant pool for application and non-interactive users, and whether it hit the ceiling:
    500,000 + 5,000 per USL capped at 10,000,000, or 25,000 for a Power Apps/Power Automate-only
    tenant. Capacity add-ons are never added: they can't be assigned to application users."""
    if base == "power_platform_only":
        return profile.value("pool_base_power_platform_only_requests_per_day"), False
    uncapped = profile.value("pool_base_requests_per_day") + profile.value("pool_requests_per_usl") * usl
    ceiling = profile.value("pool_max_requests_per_day")
    return min(uncapped, ceiling), uncapped > ceiling


def pool_formula(profile: LimitsProfile, usl: int, add_ons: int, capped: bool, base: str = "unstated") -> str:
    """How the tenant pool was worked out, in words."""
    if base == "power_platform_only":
        text = (
            f"{format_number(profile.value('pool_base_power_platform_only_requests_per_day'))} for a Power Apps or "
            "Power Automate-only tenant, no per-license accrual"
        )
    elif capped:
        text = f"capped at {format_number(profile.value('pool_max_requests_per_day'))}"
    elif base == "unstated" and not usl:
        text = (
            f"{format_number(profile.value('pool_base_requests_per_day'))} base; no tenant licenses stated, "
            "Dynamics 365 Enterprise/Professional assumed"
        )
    else:
        text = (
            f"{format_number(profile.value('pool_base_requests_per_day'))} + "
            f"{format_number(profile.value('pool_requests_per_usl'))} × {usl} D365 user licenses"
        )
    if add_ons:
        text += f"; {add_ons} capacity add-ons not counted, they can't be assigned to application users"
    return text


def group_by_identity(model: Blueprint, loads: Iterable[InterfaceLoad]) -> list[IdentityLoad]:
    groups: dict[str, IdentityLoad] = {}
    for load in loads:
        if load.identity_id is None:
            key = f"\x00{load.id}\x00{len(groups)}"  # alone: never merged with another interface
            groups[key] = IdentityLoad(None, None, [load])
            continue
        group = groups.get(load.identity_id)
        if group is None:
            group = groups[load.identity_id] = IdentityLoad(
                load.identity_id, model.get("identity", load.identity_id), []
            )
        group.loads.append(load)
    return sorted(groups.values(), key=lambda g: (g.identity_id is None, g.key))


def _profile_key(profile: LimitsProfile) -> tuple[Any, ...]:
    return (profile.name, profile.version, tuple(sorted((k, repr(v)) for k, v in profile.limits.items())))


def _load_of(model: Blueprint, interface: Entity, profile: LimitsProfile, key: str) -> InterfaceLoad | None:
    """:func:`interface_load`, as a per-entity fact (``Blueprint.memo_of``, ``key`` naming the
    profile): it reads the interface, the systems it names and the profile, so an edit elsewhere
    leaves it as it was."""
    load = model.memo_of(key, interface, lambda: interface_load(model, interface, profile))
    if load is None or load.interface is interface:
        return load
    # Carried over from a previous model: the same figures, about this model's entity (a field
    # copy: dataclasses.replace re-runs __init__, 20,000 times per edit on a large blueprint).
    rebound = object.__new__(InterfaceLoad)
    rebound.__dict__.update(load.__dict__)
    object.__setattr__(rebound, "interface", interface)
    return rebound


# What the rules that ask for the capacity model say they share (Rule.shares_analysis).
CAPACITY_MODEL = "capacity model"


def analyse(model: Blueprint, profile: LimitsProfile) -> CapacityModel:
    """The capacity model of a blueprint under a profile, computed once per (model, profile): the
    nine capacity rules all ask for it, usually with the same profile."""
    key = ("capacity-model", *_profile_key(profile))
    return model.memo(key, lambda: _analyse(model, profile))


def _analyse(model: Blueprint, profile: LimitsProfile) -> CapacityModel:
    # One string (its hash is computed once): the key is looked up for every interface.
    key = "capacity-load " + repr(_profile_key(profile))
    loads = [load for i in model.interfaces if (load := _load_of(model, i, profile, key)) is not None]
    identities = group_by_identity(model, loads)
    systems: dict[str, SystemLoad] = {}
    for load in loads:
        systems.setdefault(load.system_id, SystemLoad(load.system_id)).loads.append(load)
    tenant = _tenant_licenses(model)
    limit, capped = tenant_pool_limit(profile, tenant.usl, tenant.base)
    pooled = tuple(g for g in identities if g.entitlement(profile)[0] == "pool")
    return CapacityModel(
        profile=profile,
        interfaces=loads,
        identities=identities,
        systems=[systems[key] for key in sorted(systems)],
        pool=TenantPool(limit, tenant.usl, tenant.add_ons, capped, pooled, tenant.base),
    )
