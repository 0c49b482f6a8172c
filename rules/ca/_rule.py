"""What the capacity rules (CA001-CA009) share: their base class, the wording of their messages, and
the guidance their rationales cite.

The figures come from the capacity model (:mod:`._model`, arithmetic in :mod:`._core`) and the
limits from the versioned profile ``data/limits-v1.yaml`` (:mod:`._limits`). Every limit a rule
uses is one of its options, so a team can override it per rule (``web_servers: 3`` when the
environment is known to have three web servers).

Per-identity findings are placed on the ``volume/peak`` (or ``max_concurrency``, ``volume``) of
the interface that contributes most to the identity's figure: that is where the number lives and
what a fix changes, it is located even when the identity is undeclared, and the message names the
identity and every contributor. Exceeding the request limit is CA001 (error); reaching the warning
threshold without exceeding it is CA009 (warning), so each band has its own tunable severity.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from linter.api import Blueprint, Finding, Rule

from ._core import format_number, format_percent, percent
from ._limits import LimitsProfile, load_profile, options_schema
from ._model import CAPACITY_MODEL, CapacityModel, IdentityLoad, analyse

_PROFILE = load_profile()

SERVICE_PROTECTION = (
    "Microsoft's *Dataverse service protection API limits* article sets, per user and per web server, "
    "6,000 requests, 1,200 seconds of combined execution time and 52 concurrent requests in a 5-minute "
    "sliding window, and answers throttled calls with HTTP 429 and Retry-After. The integration checklist "
    "of the Dynamics 365 implementation guide (*Integration strategy and governance checklist*, item 14) "
    "asks for a pattern that fits the expected volume, frequency and these service protection limits, "
    "and *Choose the right pattern* lists service protection limits among the factors that decide the "
    "pattern and throttling among the common causes of integration errors."
)

PER_USER_NOTE = (
    "Limits apply per identity, so the figure sums the peaks of the interfaces that call Dataverse with "
    "the same identity and can be at their peak at the same time: each peak falls in its daily window "
    "(`volume.peak.window`, else `frequency.window`) and the busiest set of overlapping windows is added up; "
    "an interface with neither window may peak at any time and counts with every other (conservative). "
    "One web server is assumed unless the `web_servers` option says more."
)

DATAVERSE_EXAMPLE_HEAD = """
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
    shares_analysis = CAPACITY_MODEL

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.limit_keys:
            cls.default_options = _PROFILE.defaults(cls.limit_keys)
            cls.options_schema = options_schema(cls.limit_keys)
            cls.rationale = cls.rationale.rstrip() + assumptions_note(_PROFILE, cls.limit_keys)

    def profile(self) -> LimitsProfile:
        return _PROFILE.with_overrides(self.options)

    def model(self, blueprint: Blueprint) -> CapacityModel:
        return analyse(blueprint, self.profile())


def assumptions_note(profile: LimitsProfile, keys: tuple[str, ...]) -> str:
    """The paragraph a rule's rationale ends with when some of its limits are the tool's assumptions
    (generated from the profile, so the docs can never claim an assumption is published)."""
    assumed = [profile[key] for key in keys if profile[key].assumption]
    if not assumed:
        return ""
    items = "".join(f"\n- `{limit.key}` = {_plain(limit.value)} {limit.unit}: {limit.reason}" for limit in assumed)
    return (
        f"\n\nAssumptions (blueprint-lint's own figures, not published limits; each is an option of the rule):{items}\n"
    )


def _plain(value: float) -> str:
    return format_number(value) if float(value).is_integer() else f"{value:g}"


def source_tag(profile: LimitsProfile, key: str) -> str:
    """How a message cites a limit: its article (with its label, e.g. a transition-period limit), or
    ``[blueprint-lint assumption]`` for the tool's own figures."""
    return profile[key].citation()


def contributors(identity: IdentityLoad, attribute: str, unit: str = "") -> str:
    """``; IF-A contributes 5,000 and IF-B 2,400`` (largest first), or nothing for one interface."""
    known = sorted(identity.known(attribute), key=lambda load: -(getattr(load, attribute) or 0.0))
    if len(known) < 2:
        return ""
    parts = [f"{load.id} {format_number(getattr(load, attribute))}{unit}" for load in known]
    return "; contributions: " + ", ".join(parts)


def scaled_limit(profile: LimitsProfile, key: str, noun: str) -> tuple[float, str]:
    """The per-web-server limit times ``web_servers``, and how to say it."""
    servers = max(profile.value("web_servers"), 1.0)
    base = profile.value(key)
    if servers == 1:
        return base, f"Dataverse's {format_number(base)}{noun} per user per web server"
    return base * servers, (
        f"Dataverse's {format_number(base * servers)}{noun} per user "
        f"({format_number(base)} per web server × {servers:g} web servers)"
    )


def window_note(identity: IdentityLoad, busiest: IdentityLoad) -> str:
    """``; only interfaces whose peak windows overlap are added up (IF-B peaks at other times)``, or nothing."""
    left_out = [load.id for load in identity.loads if load not in busiest.loads]
    if not left_out:
        return ""
    verb = "peaks" if len(left_out) == 1 else "peak"
    return f"; only interfaces whose peak windows overlap are added up ({', '.join(left_out)} {verb} at other times)"


def request_basis(identity: IdentityLoad) -> str:
    """``; requests worked out with IF-A at the connector's default write batch size of 10``, or nothing."""
    notes = [f"{load.id} at {load.request_basis}" for load in identity.loads if load.request_basis]
    return f"; requests worked out with {', '.join(notes)}" if notes else ""


def request_rate_findings(rule: CapacityRule, blueprint: Blueprint, *, exceeded: bool) -> Iterator[Finding]:
    profile = rule.profile()
    limit, limit_words = scaled_limit(profile, "dataverse_requests_per_5_minutes", "")
    threshold = profile.value("near_limit_percent")
    for whole in rule.model(blueprint).identities:
        identity = whole.coincident("requests")
        total = identity.total("requests")
        if not identity.known("requests"):
            continue
        share = percent(total, limit)
        top = identity.top("requests")
        head = f"peak {format_number(total)} requests per 5 minutes for {identity.label}"
        tail = (
            f" {source_tag(profile, 'dataverse_requests_per_5_minutes')}{contributors(identity, 'requests')}"
            f"{request_basis(identity)}{window_note(whole, identity)}"
        )
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


def batch_word(mechanism: str) -> str:
    return "ExecuteMultiple request" if mechanism == "dataverse_sdk" else "$batch request"
