"""XR001 unresolved-reference: Every id an entity refers to is declared somewhere in the blueprint."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from linter.api import KIND_LABELS, REFERENCE_FIELDS, Blueprint, Finding, Rule, Severity

_SOURCE = "business-goals article (blueprint of systems and data exchanges) and the integration checklist, item 3"


class UnresolvedReference(Rule):
    code = "XR001"
    # Held back while a file of the workspace did not load: an undeclared id may be declared in a file that did not load.
    needs_complete_blueprint = True
    name = "unresolved-reference"
    severity = Severity.ERROR
    tags = ("cross-reference",)
    precision = "very-high"
    summary = "Every id an entity refers to is declared somewhere in the blueprint."
    rationale = f"""
The blueprint is a graph: interfaces name their systems, goals, process, platform, identity and ALM
links by id, processes name their steps' interfaces, mappings name their interface. A reference to
an id that is not declared (a typo, a renamed system, a file that was never added) breaks that
graph silently: traceability and capacity checks then look at nothing. References are strict; a
system outside the programme is still declared, as `kind: external_party`. Source: the {_SOURCE}.
"""
    how_to_fix = "Declare the missing entity (in any file of the workspace), or correct the id. The message suggests the closest declared id."
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-CE, name: Customer Service, kind: d365_customer_engagement}
  - {id: SYS-WEB, name: Public website, kind: portal}
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-CE, name: Customer Service, kind: d365_customer_engagement}
interfaces:
  - {id: IF-CASES, source: SYS-WEBSITE, target: SYS-CE}
"""

    # Judged one referring entity at a time; the "did you mean" reads every declared id.
    judges = tuple(REFERENCE_FIELDS)
    reads_declared_ids = True

    def check(self, model: Blueprint) -> Iterator[Finding]:
        # A misspelt id is usually misspelt the same way many times: candidates are listed once
        # per kind and each (kind, id) is compared with them once.
        candidates: dict[str, list[str]] = {}
        suggestions: dict[tuple[str, str], list[str]] = {}
        references = (r for kind in REFERENCE_FIELDS for e in model.entities(kind) for r in model.references_of(e))
        for reference in references:
            if model.resolve(reference) is not None:
                continue
            kind = KIND_LABELS[reference.target_kind]
            message = f"{reference.source.label} refers to undeclared {kind} '{reference.target_id}'"
            others = [e for e in model.with_id(reference.target_id) if e.kind != reference.target_kind]
            if others:
                message += f" ('{reference.target_id}' is declared as a {KIND_LABELS[others[0].kind]}, not a {kind})"
            else:
                wanted = (reference.target_kind, reference.target_id)
                close = suggestions.get(wanted)
                if close is None:
                    if reference.target_kind not in candidates:
                        # From the id index, not the kind's list: an incremental run narrows the
                        # lists of the judged kinds (interfaces and processes are targets too).
                        candidates[reference.target_kind] = [
                            e.id for listed in model.ids().values() for e in listed if e.kind == reference.target_kind
                        ]
                    close = suggestions[wanted] = difflib.get_close_matches(
                        reference.target_id, candidates[reference.target_kind], n=1, cutoff=0.6
                    )
                if close:
                    message += f" (did you mean '{close[0]}'?)"
            yield Finding.at(reference.source, reference.path, message)
