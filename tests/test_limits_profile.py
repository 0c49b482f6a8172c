"""The shipped limits profile: the published numbers, each with its source, loaded as package data."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import pytest
from blueprint_lint_rules._shared import limits as shared_limits
from blueprint_lint_rules.ca._limits import ProfileError, load_profile, parse_profile

from linter.api import load_yaml
from tests.helpers import ruleset

ROOT = Path(__file__).resolve().parent.parent
SOURCE_FILE = ROOT / "rules" / "data" / "limits-v1.yaml"


@pytest.mark.parametrize(
    ("key", "value", "source"),
    [
        ("dataverse_requests_per_5_minutes", 6000, "Dataverse service protection API limits"),
        ("dataverse_execution_seconds_per_5_minutes", 1200, "Dataverse service protection API limits"),
        ("dataverse_concurrent_requests", 52, "Dataverse service protection API limits"),
        ("web_servers", 1, "Dataverse service protection API limits"),
        ("licensed_requests_per_day", 40000, "Power Platform requests limits and allocations"),
        ("pool_base_requests_per_day", 500000, "Power Platform requests limits and allocations"),
        ("pool_requests_per_usl", 5000, "Power Platform requests limits and allocations"),
        ("pool_max_requests_per_day", 10000000, "Power Platform requests limits and allocations"),
        ("add_on_requests_per_day", 50000, "Power Platform requests limits and allocations"),
        ("dataverse_batch_operations", 1000, "Execute batch operations using the Web API"),
        ("service_bus_standard_message_kb", 256, "Azure Service Bus quotas"),
        ("service_bus_premium_message_kb", 100 * 1024, "Azure Service Bus quotas"),
        ("service_bus_messages_per_transaction", 100, "Azure Service Bus quotas"),
        ("event_grid_event_kb", 1024, "Azure Event Grid event schema"),
        ("dual_write_records_per_transaction", 1000, "Dual-write live sync limits"),
        ("dual_write_transaction_seconds", 120, "Dual-write live sync limits"),
        ("power_automate_actions_per_5_minutes", 100000, "Power Automate limits and configuration"),
        ("power_automate_sync_timeout_seconds", 120, "Power Automate limits and configuration"),
        ("power_automate_message_kb", 100 * 1024, "Power Automate limits and configuration"),
        # added with issue 14, section 2
        ("pool_base_power_platform_only_requests_per_day", 25000, "Power Platform requests limits and allocations"),
        ("dataverse_suggested_starting_batch_operations", 10, "Dataverse service protection API limits"),
        ("dataverse_page_size_rows", 5000, "Page results using OData"),
        ("dataverse_operation_timeout_seconds", 120, "Analyze plug-in performance"),
        ("fo_data_events_per_5_minutes", 5000, "Data events"),
        ("fo_data_events_per_hour", 50000, "Data events"),
        ("fo_business_event_endpoints_per_event", 10, "Business events overview"),
        ("fo_business_event_send_retries", 3, "Business events overview"),
        ("dual_write_live_sync_legal_entities", 250, "Dual-write live sync limits"),
        ("dual_write_initial_sync_rows_per_run", 500000, "Considerations for initial synchronization"),
        ("dual_write_initial_sync_legal_entities", 40, "Considerations for initial synchronization"),
        ("dual_write_initial_sync_timeout_hours", 24, "Considerations for initial synchronization"),
        ("dual_write_initial_sync_lookups_unsupported", 10, "Considerations for initial synchronization"),
        ("logic_apps_sync_timeout_seconds", 120, "Limits and configuration information for Azure Logic Apps"),
        ("logic_apps_actions_per_5_minutes", 100000, "Limits and configuration information for Azure Logic Apps"),
        ("service_bus_standard_entity_gb", 5, "Azure Service Bus quotas"),
        ("service_bus_premium_entity_gb", 80, "Azure Service Bus quotas"),
        ("service_bus_property_kb", 32, "Azure Service Bus quotas"),
        ("service_bus_properties_total_kb", 64, "Azure Service Bus quotas"),
        ("power_automate_actions_per_24_hours_low", 10000, "Power Automate limits and configuration"),
        ("power_automate_actions_per_24_hours_medium", 100000, "Power Automate limits and configuration"),
        ("power_automate_actions_per_24_hours_high", 500000, "Power Automate limits and configuration"),
        ("power_automate_trigger_concurrency_default", 25, "Power Automate limits and configuration"),
        ("power_automate_trigger_concurrency_max", 100, "Power Automate limits and configuration"),
        ("synapse_link_incremental_min_interval_minutes", 15, "Query and analyze the incremental updates"),
        (
            "connector_write_batch_size",
            10,
            "Copy data from and to Dynamics 365 (Common Data Service) or Dynamics CRM by using Azure Data Factory",
        ),
    ],
)
def test_published_limits(key: str, value: float, source: str) -> None:
    limit = load_profile()[key]
    assert limit.value == value
    assert limit.source.title == source
    assert limit.source.url.startswith("https://learn.microsoft.com/")
    assert limit.unit and limit.scope


def test_every_limit_is_published_with_title_url_and_date_or_an_assumption_with_a_reason() -> None:
    """Read from the raw file, not through the loader, so the test holds whatever the loader does."""
    raw = load_yaml(SOURCE_FILE.read_text(encoding="utf-8"))
    sources = raw["sources"]
    entries = {
        **{f"limits.{k}": v for k, v in raw["limits"].items()},
        **{f"guidance.{k}": v for k, v in raw["guidance"].items()},
    }
    for where, entry in entries.items():
        if entry.get("assumption") is True:
            assert str(entry.get("reason", "")).strip(), f"{where} is an assumption without a reason"
            source = sources.get(entry.get("source"), {})
            assert not source.get("url"), f"{where} is an assumption but cites {source.get('title')!r}"
            continue
        assert "assumption" not in entry or entry["assumption"] is False, where
        source = sources.get(entry.get("source"))
        assert source is not None, f"{where} names no known source"
        assert str(source.get("title", "")).strip(), f"{where}: source without a title"
        assert str(source.get("url", "")).startswith("https://learn.microsoft.com/"), f"{where}: source without a URL"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(source.get("date", ""))), f"{where}: source without a date"
        assert str(source.get("read_from", "")).strip(), f"{where}: source without read_from"
    profile = load_profile()
    assert (profile.name, profile.version) == ("limits-v1", 1)
    assert profile["dataverse_requests_per_5_minutes"].source.date == "2023-01-31"
    assert profile["licensed_requests_per_day"].source.date == "2025-05-29"
    assumed = {key for key, limit in profile.limits.items() if limit.assumption}
    assert assumed == {"dataverse_recommended_batch_operations", "default_avg_execution_ms", "near_limit_percent"}
    assert profile["dataverse_recommended_batch_operations"].citation() == "[blueprint-lint assumption]"


def test_transition_period_figures_keep_their_label_and_date() -> None:
    profile = load_profile()
    for key in (
        "power_automate_actions_per_5_minutes",
        "power_automate_actions_per_24_hours_low",
        "power_automate_actions_per_24_hours_medium",
        "power_automate_actions_per_24_hours_high",
    ):
        limit = profile[key]
        assert "transition-period" in limit.label and limit.source.date == "2022-10-10"
        assert limit.citation() == f"[Power Automate limits and configuration; {limit.label}]"


def test_published_statements_are_kept_as_guidance() -> None:
    guidance = load_profile().guidance
    assert (
        "must not be considered a mechanism for exporting data"
        in guidance["fo_business_events_not_for_data_export"].statement
    )
    assert guidance["fo_business_events_not_for_data_export"].source.title == "Business events overview"


LIMIT_RULES = [rule for rule in ruleset().rules if getattr(rule, "limit_keys", ())]


@pytest.mark.parametrize("rule", LIMIT_RULES, ids=lambda r: r.code)
def test_rule_docs_name_the_assumptions_they_use(rule) -> None:
    profile = load_profile()
    docs = f"{rule.rationale}\n{rule.how_to_fix}"
    for key in rule.limit_keys:
        limit = profile[key]
        if limit.assumption:
            assert f"`{key}`" in docs and "assumption" in docs.lower(), f"{rule.code} uses assumption {key} silently"
            assert "blueprint-lint assumption" in rule.options_schema["properties"][key]["description"]
        else:
            assert limit.source.title in rule.options_schema["properties"][key]["description"]


def test_the_shared_accessor_is_the_capacity_one() -> None:
    # Rules of any family read the profile through rules/_shared/limits.py; ca._limits re-exports it.
    assert shared_limits.load_profile() is load_profile()


def test_package_data_is_the_source_file() -> None:
    # Editable install (these tests) and source file give the same profile …
    assert load_profile() == parse_profile(SOURCE_FILE.read_text(encoding="utf-8"))
    # … and pyproject ships it in the wheel (checked by hand: `pip wheel . && unzip -l`).
    # (tomllib is Python 3.11+, the project supports 3.10: read the one line.)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    line = next(line for line in pyproject.splitlines() if line.startswith('"blueprint_lint_rules" = ['))
    patterns = re.findall(r'"([^"]+)"', line.split("=", 1)[1])
    assert any(fnmatch.fnmatch("data/limits-v1.yaml", pattern) for pattern in patterns)


def test_overrides_apply_numbers_only() -> None:
    profile = load_profile().with_overrides({"web_servers": 3, "unknown": 5, "dataverse_concurrent_requests": "x"})
    assert profile.value("web_servers") == 3
    assert profile.value("dataverse_concurrent_requests") == 52
    assert profile.overridden == {"web_servers"}
    assert load_profile().value("web_servers") == 1, "the shipped profile is never changed"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("profile: x\nversion: 1\nsources: {}\nlimits: [\n", "limits-v1.yaml:"),
        ("- a list\n", "must be a mapping"),
        ("version: 1\nsources: {}\n", "needs 'sources' and 'limits'"),
        ("version: 1\nsources: {}\nlimits: {a: {value: 1, source: nowhere}}\n", "unknown source 'nowhere'"),
        ("version: 1\nsources: {s: {title: t}}\nlimits: {a: {value: -1, source: s}}\n", "non-negative number"),
        ("version: one\nsources: {s: {title: t}}\nlimits: {a: {value: 1, source: s}}\n", "version must be an integer"),
        ("version: 1\nsources: {s: {title: t}}\nlimits: {a: {value: 1, source: s}}\n", "neither published"),
        (
            "version: 1\nsources: {s: {title: t, url: 'https://x'}}\nlimits: {a: {value: 1, source: s}}\n",
            "neither published",
        ),
        ("version: 1\nsources: {}\nlimits: {a: {value: 1, assumption: true}}\n", "assumption without a reason"),
        ("version: 1\nsources: {}\nlimits: {a: {value: 1, assumption: 'yes', reason: r}}\n", "true or false"),
        (
            "version: 1\nsources: {s: {title: t, url: 'https://x', date: '2020-01-01'}}\n"
            "limits: {a: {value: 1, assumption: true, reason: r, source: s}}\n",
            "cites a published source",
        ),
        ("version: 1\nsources: {}\nlimits: {}\nguidance: {g: {statement: s, source: nowhere}}\n", "unknown source"),
    ],
)
def test_broken_profiles_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(ProfileError, match=reason.replace("'", ".")):
        parse_profile(text)
