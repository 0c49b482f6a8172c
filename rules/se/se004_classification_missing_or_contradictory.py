"""SE004 classification-missing-or-contradictory: Data and process interfaces declare a data
classification; personal data is never classified public nor written to logs.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Entity, Finding, Rule, Severity

from ._common import PII_ARTICLES, field_label, field_names


def _carries_personal_data(model: Blueprint, interface: Entity) -> bool:
    declared = interface.get_bool("personal_data")
    if declared is not None:
        return declared
    return any(
        isinstance(field, dict) and field.get("personal_data") is True
        for mapping in model.mappings_for(interface.id)
        for field in mapping.get_list("fields")
    )


class ClassificationMissingOrContradictory(Rule):
    code = "SE004"
    judges = ("interface", "mapping")
    name = "classification-missing-or-contradictory"
    severity = Severity.WARNING
    tags = ("security", "privacy")
    precision = "high"
    summary = "Data and process interfaces declare a data classification; personal data is never classified public nor written to logs."
    rationale = f"""
The customer owns the classification of its data, and the classification decides encryption,
retention, who may see the logs and where the data may travel. Sources: {PII_ARTICLES.strip()};
*Choose the right pattern for your integration strategy* asks specifically that monitoring not store
or display sensitive data in logs. An interface carrying personal data (declared on the interface or
on a mapped field) cannot be `public`, and its monitoring cannot log payloads.
"""
    how_to_fix = (
        "Set `data_classification` (public, internal, confidential, highly_confidential); classify personal data "
        "at least `confidential`; set `monitoring.logs_payload: false` and log ids and correlation ids instead."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CASES
    source: SYS-WEB
    target: SYS-CE
    integration_type: data
    data_classification: confidential
    personal_data: true
    monitoring: {tools: [app_insights], logs_payload: false}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CASES
    source: SYS-WEB
    target: SYS-CE
    integration_type: data
    data_classification: public
    personal_data: true
    monitoring: {tools: [app_insights], logs_payload: true}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            classification = interface.get("data_classification")
            personal = _carries_personal_data(model, interface)
            if classification is None and interface.get_str("integration_type") != "ui":
                kind = interface.get_str("integration_type") or "data"
                yield Finding.at(
                    interface,
                    "data_classification",
                    f"{interface.label} is a {kind} integration without a data_classification",
                )
            if personal and classification == "public":
                yield Finding.at(
                    interface,
                    "data_classification",
                    f"{interface.label} carries personal data but is classified public",
                )
            if personal and interface.get_bool("monitoring/logs_payload"):
                yield Finding.at(
                    interface,
                    "monitoring/logs_payload",
                    f"{interface.label} carries personal data and writes message payloads to its logs (monitoring.logs_payload: true)",
                )
        for mapping in model.mappings:
            for index, field in enumerate(mapping.get_list("fields")):
                if (
                    isinstance(field, dict)
                    and field.get("personal_data") is True
                    and field.get("classification") == "public"
                ):
                    yield Finding.at(
                        mapping,
                        f"fields/{index}/classification",
                        f"field {field_label(field_names(field), index)} of {mapping.label} is personal data but is classified public",
                    )
