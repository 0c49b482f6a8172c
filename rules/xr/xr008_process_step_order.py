"""XR008 process-step-order: A process's steps are numbered once each and in the order written, and its
steps and interfaces agree on which process they belong to.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Entity, Finding, Rule, Severity


class ProcessStepOrder(Rule):
    code = "XR008"
    judges = ("interface", "process")
    # Held back while a file of the workspace did not load: the interface or process of a step may be in a file that did not load.
    needs_complete_blueprint = True
    name = "process-step-order"
    severity = Severity.WARNING
    tags = ("cross-reference", "process")
    summary = "A process's steps are numbered once each and in the order written, and its steps and interfaces agree on which process they belong to."
    rationale = """
The second level of the blueprint in Microsoft's Dynamics 365 implementation guide (*Align your
Dynamics 365 integration with business goals*) is the interaction diagram: trigger points, data
and process flows and the **event sequence** of each cross-system process, readable by people who
are not technical. A sequence with two steps numbered alike, or numbered backwards, cannot be read
one way; a step that names an interface whose own `process` is a different process, or an
interface that claims a process whose sequence never mentions it, means the diagram and the
interface catalogue have drifted apart. Unknown ids are reported by `unresolved-reference` and
not here.
"""
    how_to_fix = (
        "Renumber the steps so each `step` is used once and the numbers grow in the order written; "
        "point the step at the right interface or correct the interface's `process`; add a step for "
        "an interface that belongs to the process."
    )
    passing_example = """
blueprint_version: 1
processes:
  - id: P-INTAKE
    steps:
      - {step: 1, interface: IF-REQUEST}
      - {step: 2, system: SYS-CE, action: Agent works the case}
      - {step: 3, interface: IF-STATUS}
interfaces:
  - {id: IF-REQUEST, process: P-INTAKE, source: SYS-WEB, target: SYS-CE}
  - {id: IF-STATUS, process: P-INTAKE, source: SYS-CE, target: SYS-WEB}
"""
    failing_example = """
blueprint_version: 1
processes:
  - id: P-INTAKE
    steps:
      - {step: 2, interface: IF-REQUEST}
      - {step: 1, interface: IF-STATUS}
  - id: P-BILLING
interfaces:
  - {id: IF-REQUEST, process: P-INTAKE, source: SYS-WEB, target: SYS-CE}
  - {id: IF-STATUS, process: P-BILLING, source: SYS-CE, target: SYS-WEB}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for process in model.processes:
            yield from self._numbering(process)
            yield from self._step_interfaces(model, process)
        yield from self._unlisted_interfaces(model)

    def _numbering(self, process: Entity) -> Iterator[Finding]:
        seen: set[int] = set()
        previous: int | None = None
        for index, step in enumerate(process.get_list("steps")):
            if not isinstance(step, dict):
                continue
            number = step.get("step")
            if isinstance(number, bool) or not isinstance(number, int):
                continue  # a step without a number, or of the wrong type (the schema reports that)
            if number in seen:
                yield Finding.at(
                    process, f"steps/{index}/step", f"{process.label} numbers more than one step as step {number}"
                )
            elif previous is not None and number < previous:
                yield Finding.at(
                    process, f"steps/{index}/step", f"{process.label} lists step {number} after step {previous}"
                )
            seen.add(number)
            previous = number if previous is None else max(previous, number)

    def _step_interfaces(self, model: Blueprint, process: Entity) -> Iterator[Finding]:
        for index, step in enumerate(process.get_list("steps")):
            if not isinstance(step, dict) or not isinstance(step.get("interface"), str):
                continue
            interface = model.get("interface", step["interface"])
            if interface is None:
                continue  # unresolved-reference reports it
            claimed = interface.get_str("process")
            if claimed and claimed != process.id:
                yield Finding.at(
                    process,
                    f"steps/{index}/interface",
                    f"a step of {process.label} names {interface.label}, whose process is '{claimed}'",
                )

    def _unlisted_interfaces(self, model: Blueprint) -> Iterator[Finding]:
        named_by: dict[str, set[object]] = {}  # interface ids each process's steps name
        for interface in model.interfaces:
            process_id = interface.get_str("process")
            process = model.get("process", process_id) if process_id else None
            if process is None or not process.get_list("steps"):
                continue  # no process, an unknown one, or one whose sequence is not written yet
            if process.id not in named_by:
                steps = process.get_list("steps")
                named_by[process.id] = {step.get("interface") for step in steps if isinstance(step, dict)}
            if interface.id and interface.id not in named_by[process.id]:
                yield Finding.at(
                    interface,
                    "process",
                    f"{interface.label} belongs to {process.label}, but none of that process's steps names it",
                )
