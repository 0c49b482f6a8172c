"""The shipped limits profile: the published numbers, each with its source, loaded as package data."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import pytest
from blueprint_lint_rules.ca._limits import ProfileError, load_profile, parse_profile

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
    ],
)
def test_published_limits(key: str, value: float, source: str) -> None:
    limit = load_profile()[key]
    assert limit.value == value
    assert limit.source.title == source
    assert limit.source.url.startswith("https://learn.microsoft.com/")
    assert limit.unit and limit.scope


def test_every_limit_is_sourced_and_dated_where_the_article_is() -> None:
    profile = load_profile()
    assert (profile.name, profile.version) == ("limits-v1", 1)
    for limit in profile.limits.values():
        assert limit.source.title and limit.source.read_from
        if limit.source.url:
            assert limit.source.url.startswith("https://")
    assert profile["dataverse_requests_per_5_minutes"].source.date == "2023-01-31"
    assert profile["licensed_requests_per_day"].source.date == "2025-05-29"


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
    ],
)
def test_broken_profiles_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(ProfileError, match=reason.replace("'", ".")):
        parse_profile(text)
