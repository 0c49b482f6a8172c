"""One definition of "calls the Dataverse / finance and operations API": the capacity model, OP001
and OP008 agree on which interfaces are throttled API clients."""

from __future__ import annotations

from pathlib import Path

from blueprint_lint_rules._shared.dataverse_clients import api_client, dataverse_client
from blueprint_lint_rules.ca import analyse, load_profile

from linter.run.engine import load_models
from tests.helpers import lint_files, write_workspace
from tests.helpers import ruleset as _installed_rules

SPEC = """blueprint_version: 1
systems:
  - {id: SYS-CE, kind: d365_customer_engagement}
  - {id: SYS-FO, kind: d365_finance_operations}
  - {id: SYS-ERP, kind: on_premises_lob}
  - {id: SYS-LAKE, kind: data_lake}
  - {id: SYS-SP, kind: microsoft_365}
interfaces:
  - {id: IF-EVENTS-IN, source: SYS-FO, target: SYS-CE, mechanism: fo_business_events, error_handling: {strategy: dead_letter}}
  - {id: IF-WEB-API, source: SYS-ERP, target: SYS-CE, mechanism: dataverse_web_api, error_handling: {strategy: retry}}
  - {id: IF-FLOW-READ, source: SYS-CE, target: SYS-SP, mechanism: power_automate_flow, error_handling: {strategy: retry}}
  - {id: IF-DUAL-WRITE, source: SYS-FO, target: SYS-CE, mechanism: dual_write, error_handling: {strategy: manual_resubmit}}
  - {id: IF-CALL-OUT, source: SYS-CE, target: SYS-ERP, mechanism: rest_api, error_handling: {strategy: user_feedback}}
  - {id: IF-LAKE, source: SYS-CE, target: SYS-LAKE, mechanism: synapse_link, error_handling: {strategy: manual_resubmit}}
  - {id: IF-FO-ODATA, source: SYS-ERP, target: SYS-FO, mechanism: fo_odata, error_handling: {strategy: retry}}
"""


def test_capacity_model_and_op001_count_the_same_dataverse_clients(tmp_path: Path) -> None:
    write_workspace(tmp_path, {"spec.yaml": SPEC})
    loaded = load_models([Path(".")], _installed_rules(), cwd=tmp_path)
    model = loaded.workspaces[0].model
    counted = {load.id for load in analyse(model, load_profile()).interfaces}
    assert counted == {"IF-EVENTS-IN", "IF-WEB-API", "IF-FLOW-READ", "IF-DUAL-WRITE"}
    assert counted == {i.id for i in model.interfaces if dataverse_client(model, i) is not None}
    # OP001 asks for a retry policy of every API client whose retries the design owns.
    result = lint_files(tmp_path, {"spec.yaml": SPEC})
    asked = {d.message.split()[1] for d in result.diagnostics if d.code == "OP001" and "retry policy" in d.message}
    owned = {i.id for i in model.interfaces if (c := api_client(model, i)) is not None and c.retries_owned}
    assert asked == owned == {"IF-EVENTS-IN", "IF-WEB-API", "IF-FLOW-READ", "IF-FO-ODATA"}
