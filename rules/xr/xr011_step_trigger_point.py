"""XR011 step-trigger-point: A step's `trigger_point` names a trigger point of its own process, and
trigger point ids are unique within the process.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity


class StepTriggerPoint(Rule):
    code = "XR011"
    judges = ("process",)
    name = "step-trigger-point"
    severity = Severity.ERROR
    tags = ("cross-reference", "process")
    precision = "very-high"
    summary = "A step's `trigger_point` names a trigger point of its own process, and trigger point ids are unique within the process."
    rationale = """
The second level of the blueprint in Microsoft's Dynamics 365 implementation guide (*Align your
Dynamics 365 integration with business goals*) is the interaction diagram of each cross-system
process: its **trigger points** (a user action or a system event) and the event sequence they
start. A process with several trigger points says which one starts a step by giving the trigger
point an `id` and the step a `trigger_point`. A step naming an id that no trigger point of the
process has, or two trigger points sharing an id, is a broken reference: the diagram cannot be
drawn from it. Both are exact facts of the file, never a judgement, hence an error. Trigger point
ids are local to their process (two processes may each have a `TP-SUBMIT`).
"""
    how_to_fix = (
        "Give the trigger point the id the step names (`trigger_points: [{id: TP-SUBMIT, …}]`), correct "
        "the step's `trigger_point`, or rename one of two trigger points that share an id."
    )
    passing_example = """
blueprint_version: 1
processes:
  - id: P-INTAKE
    trigger_points:
      - {id: TP-SUBMIT, type: user, persona: Citizen, description: Citizen submits the form}
      - {id: TP-STATUS, type: system, description: Case status changes}
    steps:
      - {step: 1, trigger_point: TP-SUBMIT, interface: IF-REQUEST}
      - {step: 2, trigger_point: TP-STATUS, interface: IF-STATUS}
"""
    failing_example = """
blueprint_version: 1
processes:
  - id: P-INTAKE
    trigger_points:
      - {id: TP-SUBMIT, type: user, persona: Citizen, description: Citizen submits the form}
    steps:
      - {step: 1, trigger_point: TP-SUBMITTED, interface: IF-REQUEST}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for process in model.processes:
            known: set[str] = set()
            for index, point in enumerate(process.get_list("trigger_points")):
                point_id = point.get("id") if isinstance(point, dict) else None
                if not isinstance(point_id, str) or not point_id:
                    continue
                if point_id in known:
                    yield Finding.at(
                        process,
                        f"trigger_points/{index}/id",
                        f"{process.label} has two trigger points with the id '{point_id}'",
                    )
                known.add(point_id)
            for index, step in enumerate(process.get_list("steps")):
                named = step.get("trigger_point") if isinstance(step, dict) else None
                if not isinstance(named, str) or not named or named in known:
                    continue
                choices = ", ".join(f"'{k}'" for k in sorted(known)) if known else "none with an id"
                yield Finding.at(
                    process,
                    f"steps/{index}/trigger_point",
                    f"step {index + 1} of {process.label} names trigger point '{named}', which the process "
                    f"does not declare (its trigger points: {choices})",
                )
