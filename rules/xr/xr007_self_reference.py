"""XR007 self-reference: No interface has the same system as source and target; no process lists itself
upstream or downstream.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity


class SelfReference(Rule):
    code = "XR007"
    judges = ("interface", "process")
    name = "self-reference"
    severity = Severity.ERROR
    tags = ("cross-reference",)
    precision = "very-high"
    summary = "No interface has the same system as source and target; no process lists itself upstream or downstream."
    rationale = """
An interface is an exchange between two systems: the application integration diagram of
Microsoft's Dynamics 365 implementation guide (*Align your Dynamics 365 integration with business
goals*) draws each one as a line between two boxes. An interface whose source is its target is
almost always a copy-paste slip that hides the real counterpart; logic inside one system is an
extension, not an integration. Likewise the upstream and downstream impact analysis the
integration checklist asks for (item 19) is about *other* processes: a process listed as its own
neighbour says nothing and usually replaced the intended id.
"""
    how_to_fix = "Set the interface's `source` or `target` to the other system, or remove the process's own id from its `upstream`/`downstream`."
    passing_example = """
blueprint_version: 1
systems:
  - {id: SYS-WEB, kind: portal}
  - {id: SYS-CE, kind: d365_customer_engagement}
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE}
processes:
  - {id: P-INTAKE, downstream: [P-REPORTING]}
  - {id: P-REPORTING, upstream: [P-INTAKE]}
"""
    failing_example = """
blueprint_version: 1
systems:
  - {id: SYS-CE, kind: d365_customer_engagement}
interfaces:
  - {id: IF-CASES, source: SYS-CE, target: SYS-CE}
processes:
  - {id: P-INTAKE, downstream: [P-INTAKE]}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            source, target = interface.get_str("source"), interface.get_str("target")
            if source and source == target:
                yield Finding.at(
                    interface, "target", f"{interface.label} has '{source}' as both its source and its target"
                )
        for process in model.processes:
            if not process.id:
                continue
            for direction in ("upstream", "downstream"):
                for index, item in enumerate(process.get_list(direction)):
                    if item == process.id:
                        yield Finding.at(
                            process, f"{direction}/{index}", f"{process.label} lists itself as {direction}"
                        )
