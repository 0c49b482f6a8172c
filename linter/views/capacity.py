"""The ``blueprint-lint capacity`` report: the capacity model as a text table or JSON (and its tables
for the HTML and Markdown report, :func:`capacities`).

Pure functions from (workspace models, limits profile) to text; the CLI decides where it goes.
The capacity model itself belongs to the capacity rules (``blueprint_lint_rules.ca``).
The limits are the profile with the capacity rules' options applied (:func:`profile_for`), so the
table and the CA rules always compare against the same numbers.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from linter.api import Blueprint, Rule
from linter.views import markup

if TYPE_CHECKING:
    # mypy checks the rules directory as the package `rules`; it is installed as `blueprint_lint_rules`.
    from rules import ca
else:
    from blueprint_lint_rules import ca


def profile_for(rules: Iterable[Rule]) -> ca.LimitsProfile:
    """The limits profile with the options of the capacity rules applied.

    Each limit is taken from the first capacity rule (by code) whose options name it, so an
    override configured on CA001 (say ``web_servers: 2``) shows in the table.
    """
    applied: dict[str, Any] = {}
    for rule in sorted(rules, key=lambda r: r.code):
        if not isinstance(rule, ca.CapacityRule):
            continue
        for key, value in rule.options.items():
            applied.setdefault(key, value)
    return ca.load_profile().with_overrides(applied)


# -- text ----------------------------------------------------------------------------------------
def _table(header: Sequence[str], rows: Sequence[Sequence[str]], left: int) -> list[str]:
    """Columns aligned by width; the first ``left`` columns flush left, the rest right (figures)."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = [c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "  ".join(parts).rstrip()

    return [line(header), *(line(row) for row in rows)]


def _fig(value: float | None) -> str:
    return "n/a" if value is None or not math.isfinite(value) else ca.format_number(value)


def _share(value: float | None, limit: float) -> str:
    return "-" if value is None else ca.format_percent(ca.percent(value, limit))


def _limits(profile: ca.LimitsProfile) -> tuple[float, float, float, float]:
    servers = max(profile.value("web_servers"), 1.0)
    return (
        servers,
        profile.value("dataverse_requests_per_5_minutes") * servers,
        profile.value("dataverse_execution_seconds_per_5_minutes") * servers,
        profile.value("dataverse_concurrent_requests") * servers,
    )


def _entitlement_cell(identity: ca.IdentityLoad, profile: ca.LimitsProfile) -> str:
    kind, limit = identity.entitlement(profile)
    if kind == "licensed" and limit is not None:
        return (
            f"{ca.format_number(limit)} ({ca.format_percent(ca.percent(identity.total('operations_per_day'), limit))})"
        )
    return "tenant pool" if kind == "pool" else "unknown"


def _sum_or_none(identity: ca.IdentityLoad, attribute: str) -> float | None:
    return identity.total(attribute) if identity.known(attribute) else None


@dataclass(frozen=True)
class Table:
    """One table of the capacity report: the cells exactly as every format prints them."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    left: int  # the first ``left`` columns are names (flush left), the others figures


@dataclass(frozen=True)
class WorkspaceCapacity:
    """The capacity figures of one workspace, formatted once for text, HTML and Markdown."""

    root: str
    heading: str
    notes: tuple[str, ...]
    tables: tuple[Table, ...]
    pool: str = ""
    empty: str = ""


def workspace_capacity(root: str, model: ca.CapacityModel) -> WorkspaceCapacity:
    """The tables of the ``capacity`` command for one workspace's capacity model."""
    profile = model.profile
    servers, requests_limit, seconds_limit, concurrency_limit = _limits(profile)
    web = f"{servers:g} web server{'s' if servers != 1 else ''}"
    heading = f"Capacity of {root} (limits profile {profile.name}, {web} per environment)"
    notes: tuple[str, ...] = ()
    if profile.overridden:
        changed = ", ".join(f"{key}={ca.format_number(profile.value(key))}" for key in sorted(profile.overridden))
        notes = (f"Overridden by configuration: {changed}",)
    if not model.interfaces:
        empty = "No interface calls the Dataverse API: nothing to compare with the service protection limits."
        return WorkspaceCapacity(root, heading, notes, (), empty=empty)
    rows = []
    for identity in model.identities:
        requests = _sum_or_none(identity, "requests")
        seconds = _sum_or_none(identity, "execution_seconds")
        concurrency = _sum_or_none(identity, "max_concurrency")
        rows.append(
            (
                identity.key,
                str(len(identity.loads)),
                _fig(requests),
                _share(requests, requests_limit),
                _fig(seconds),
                _share(seconds, seconds_limit),
                "-" if concurrency is None else ca.format_number(concurrency),
                _share(concurrency, concurrency_limit),
                _fig(_sum_or_none(identity, "operations_per_day")),
                _entitlement_cell(identity, profile),
            )
        )
    identities = Table(
        "Per identity (Dataverse limits apply per user per web server; peaks of shared identities are summed)",
        (
            "Identity",
            "Interfaces",
            "Peak requests/5 min",
            f"of {ca.format_number(requests_limit)}",
            "Execution s/5 min",
            f"of {ca.format_number(seconds_limit)} s",
            "Concurrency",
            f"of {ca.format_number(concurrency_limit)}",
            "Operations/24 h",
            "Entitlement",
        ),
        tuple(rows),
        left=1,
    )
    systems = Table(
        "Per Dataverse system",
        ("System", "Interfaces", "Identities", "Peak requests/5 min", "Execution s/5 min", "Operations/24 h"),
        tuple(
            (
                system.system_id,
                str(len(system.loads)),
                str(len(system.identities)),
                _fig(system.total("requests")),
                _fig(system.total("execution_seconds")),
                _fig(system.total("operations_per_day")),
            )
            for system in model.systems
        ),
        left=1,
    )
    pool = model.pool
    if pool.identities:
        names = ", ".join(identity.key for identity in pool.identities)
        pool_line = (
            f"Tenant request pool (application users {names}): {ca.format_number(pool.operations_per_day)} of "
            f"{ca.format_number(pool.limit)} operations per 24 h ({ca.format_percent(ca.percent(pool.operations_per_day, pool.limit))}; "
            f"{ca.pool_formula(profile, pool.usl, pool.add_ons, pool.capped, pool.base)})"
        )
    else:
        pool_line = (
            f"Tenant request pool: no application user calls Dataverse (pool {ca.format_number(pool.limit)} per 24 h)"
        )
    interfaces = Table(
        "Per interface",
        (
            "Interface",
            "Identity",
            "System",
            "Side",
            "Peak",
            "Records/5 min",
            "Operations/5 min",
            "Requests/5 min",
            "ms/operation",
            "Execution s/5 min",
            "Operations/24 h",
        ),
        tuple(
            (
                load.id,
                load.identity_id or "-",
                load.system_id,
                load.side,
                load.peak_basis,
                _fig(load.peak_records),
                _fig(load.operations),
                _fig(load.requests),
                ca.format_number(load.avg_execution_ms) + ("" if load.execution_ms_declared else " assumed"),
                _fig(load.execution_seconds),
                _fig(load.operations_per_day),
            )
            for load in model.interfaces
        ),
        left=5,
    )
    return WorkspaceCapacity(root, heading, notes, (identities, systems, interfaces), pool=pool_line)


def capacities(workspaces: Sequence[tuple[str, Blueprint]], profile: ca.LimitsProfile) -> list[WorkspaceCapacity]:
    """The capacity figures of each (root, model) workspace under ``profile``."""
    return [workspace_capacity(root, ca.analyse(blueprint, profile)) for root, blueprint in workspaces]


def _text_workspace(figures: WorkspaceCapacity) -> list[str]:
    lines = [figures.heading, *figures.notes, ""]
    if figures.empty:
        return [*lines, figures.empty, ""]
    identities, systems, interfaces = figures.tables
    lines.append(identities.title)
    lines += _table(identities.header, identities.rows, left=identities.left)
    lines += ["", systems.title]
    lines += _table(systems.header, systems.rows, left=systems.left)
    lines += ["", figures.pool]
    lines += ["", interfaces.title]
    lines += _table(interfaces.header, interfaces.rows, left=interfaces.left)
    lines.append("")
    return lines


def source_notes(profile: ca.LimitsProfile) -> list[str]:
    """Where the limits come from, one line each (the text report's "Sources")."""
    notes = []
    for key in ("dataverse_requests_per_5_minutes", "licensed_requests_per_day"):
        source = profile[key].source
        dated = f" ({source.date})" if source.date else ""
        where = f" {source.url}" if source.url else ""
        notes.append(f"{source.title}{dated}{where}")
    notes.append(
        f"Execution time assumes {ca.format_number(profile.value('default_avg_execution_ms'))} ms per operation "
        "where an interface declares no avg_execution_ms (a blueprint-lint assumption, not a published limit)."
    )
    return notes


def render_text(workspaces: Sequence[tuple[str, Blueprint]], profile: ca.LimitsProfile) -> str:
    lines: list[str] = []
    for figures in capacities(workspaces, profile):
        lines += _text_workspace(figures)
    lines += ["Sources", *(f"  {note}" for note in source_notes(profile))]
    return "\n".join(lines) + "\n"


# -- HTML and Markdown (the report's capacity section) --------------------------------------------
def markdown_lines(figures: Sequence[WorkspaceCapacity], sources: Sequence[str] = (), level: int = 3) -> list[str]:
    """The capacity tables in Markdown: the same cells as the text table, headings at ``level``,
    then the ``sources`` of the limits (:func:`source_notes`) if given."""
    lines: list[str] = []
    for workspace in figures:
        lines += [f"{'#' * level} {markup.md_text(workspace.heading)}", ""]
        lines += [markup.md_text(note) + "\n" for note in workspace.notes]
        if workspace.empty:
            lines += [markup.md_text(workspace.empty), ""]
            continue
        for index, table in enumerate(workspace.tables):
            right = [i >= table.left for i in range(len(table.header))]
            lines += [f"**{markup.md_text(table.title)}**", ""]
            rows = [[markup.md_cell(cell) for cell in row] for row in table.rows]
            lines += markup.md_table([markup.md_cell(h) for h in table.header], rows, right)
            lines.append("")
            if index == 1:
                lines += [markup.md_text(workspace.pool), ""]
    if sources:
        lines += ["Sources:", ""]
        lines += [f"- {markup.md_text(note)}" for note in sources]
        lines.append("")
    return lines


def html_lines(figures: Sequence[WorkspaceCapacity], sources: Sequence[str] = (), level: int = 3) -> list[str]:
    """The capacity tables in HTML: the same cells as the text table, headings at ``level``,
    then the ``sources`` of the limits (:func:`source_notes`) if given."""
    lines: list[str] = []
    for workspace in figures:
        lines.append(f"<h{level}>{markup.html_text(workspace.heading)}</h{level}>")
        lines += [f"<p>{markup.html_text(note)}</p>" for note in workspace.notes]
        if workspace.empty:
            lines.append(f"<p>{markup.html_text(workspace.empty)}</p>")
            continue
        for index, table in enumerate(workspace.tables):
            right = [i >= table.left for i in range(len(table.header))]
            lines.append(f'<p class="caption">{markup.html_text(table.title)}</p>')
            rows = [[markup.html_text(cell) for cell in row] for row in table.rows]
            lines += markup.html_table([markup.html_text(h) for h in table.header], rows, right, css="figures")
            if index == 1:
                lines.append(f"<p>{markup.html_text(workspace.pool)}</p>")
    if sources:
        lines.append('<p class="caption">Sources</p>')
        lines += ["<ul>", *(f"<li>{markup.html_text(note)}</li>" for note in sources), "</ul>"]
    return lines


# -- JSON ----------------------------------------------------------------------------------------
def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _share_value(value: float | None, limit: float) -> float | None:
    return None if value is None or limit <= 0 else round(ca.percent(value, limit), 2)


def _interface_json(load: ca.InterfaceLoad) -> dict[str, Any]:
    return {
        "interface": load.id,
        "identity": load.identity_id,
        "system": load.system_id,
        "side": load.side,
        "mechanism": load.mechanism,
        "peak_basis": load.peak_basis,
        "batches": load.batches,
        "records_per_message": _round(load.records_per_message),
        "requests_per_record": _round(load.requests_per_record),
        "burst_factor": _round(load.burst_factor),
        "peak_records_per_5_minutes": _round(load.peak_records),
        "operations_per_5_minutes": _round(load.operations),
        "requests_per_5_minutes": _round(load.requests),
        "avg_execution_ms": _round(load.avg_execution_ms),
        "avg_execution_ms_declared": load.execution_ms_declared,
        "execution_seconds_per_5_minutes": _round(load.execution_seconds),
        "operations_per_24_hours": _round(load.operations_per_day),
        "daily_basis": load.daily_basis or None,
        "max_concurrency": load.max_concurrency,
    }


def _workspace_json(root: str, model: ca.CapacityModel) -> dict[str, Any]:
    profile = model.profile
    _, requests_limit, seconds_limit, concurrency_limit = _limits(profile)
    identities = []
    for identity in model.identities:
        kind, limit = identity.entitlement(profile)
        requests = _sum_or_none(identity, "requests")
        seconds = _sum_or_none(identity, "execution_seconds")
        concurrency = _sum_or_none(identity, "max_concurrency")
        daily = _sum_or_none(identity, "operations_per_day")
        identities.append(
            {
                "identity": identity.identity_id,
                "interfaces": [load.id for load in identity.loads],
                "peak_requests_per_5_minutes": _round(requests),
                "requests_share_percent": _share_value(requests, requests_limit),
                "execution_seconds_per_5_minutes": _round(seconds),
                "execution_share_percent": _share_value(seconds, seconds_limit),
                "max_concurrency": _round(concurrency),
                "concurrency_share_percent": _share_value(concurrency, concurrency_limit),
                "operations_per_24_hours": _round(daily),
                "entitlement": {
                    "kind": kind,
                    "limit": _round(limit),
                    "share_percent": _share_value(daily, limit) if limit is not None else None,
                },
            }
        )
    pool = model.pool
    return {
        "root": root,
        "limits": {
            "web_servers": _round(profile.value("web_servers")),
            "requests_per_5_minutes": _round(requests_limit),
            "execution_seconds_per_5_minutes": _round(seconds_limit),
            "concurrent_requests": _round(concurrency_limit),
        },
        "identities": identities,
        "systems": [
            {
                "system": system.system_id,
                "interfaces": [load.id for load in system.loads],
                "identities": system.identities,
                "peak_requests_per_5_minutes": _round(system.total("requests")),
                "execution_seconds_per_5_minutes": _round(system.total("execution_seconds")),
                "operations_per_24_hours": _round(system.total("operations_per_day")),
            }
            for system in model.systems
        ],
        "tenant_pool": {
            "limit": _round(pool.limit),
            "d365_user_licenses": pool.usl,
            "capacity_add_ons": pool.add_ons,
            "capped": pool.capped,
            "base": pool.base,
            "identities": [identity.key for identity in pool.identities],
            "operations_per_24_hours": _round(pool.operations_per_day),
            "share_percent": _share_value(pool.operations_per_day, pool.limit),
        },
        "interfaces": [_interface_json(load) for load in model.interfaces],
    }


def _profile_json(profile: ca.LimitsProfile) -> dict[str, Any]:
    return {
        "name": profile.name,
        "version": profile.version,
        "overridden": sorted(profile.overridden),
        "limits": {
            key: {
                "value": int(limit.value) if limit.value.is_integer() else limit.value,
                "unit": limit.unit,
                "scope": limit.scope,
                "source": {"title": limit.source.title, "url": limit.source.url, "date": limit.source.date},
                **({"assumption": True, "reason": limit.reason} if limit.assumption else {}),
                **({"label": limit.label} if limit.label else {}),
            }
            for key, limit in sorted(profile.limits.items())
        },
    }


def render_json(workspaces: Sequence[tuple[str, Blueprint]], profile: ca.LimitsProfile) -> str:
    payload = {
        "profile": _profile_json(profile),
        "workspaces": [_workspace_json(root, ca.analyse(blueprint, profile)) for root, blueprint in workspaces],
    }
    # The loaders keep every number finite and bounded; should a figure still overflow, it is
    # written as null, never as ``Infinity`` or ``NaN`` (which are not JSON).
    return json.dumps(_finite(payload), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def render(workspaces: Sequence[tuple[str, Blueprint]], profile: ca.LimitsProfile, fmt: str = "text") -> str:
    """The capacity report of ``workspaces`` ((root, model) pairs) in ``fmt`` (text or json)."""
    if fmt == "json":
        return render_json(workspaces, profile)
    return render_text(workspaces, profile)
