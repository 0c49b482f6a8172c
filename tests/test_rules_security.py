"""Security and compliance rules (SE001-SE005): fixtures with their expected findings inline."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import assert_rule_fixture, lint_files

SE001 = {
    "declared": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: S1, target: S2, integration_type: data, security: {auth: managed_identity}}
  - {id: IF-B, source: S1, target: S2, integration_type: ui, data_classification: public, security: {auth: none}}
""",
    "missing": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: S1, target: S2}  # expect: SE001
  - id: IF-B
    source: S1
    target: S2
    security: {transport: https_tls12}  # expect: SE001
""",
    "none-on-api": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: S1, target: S2, integration_type: data, security: {auth: none}}  # expect: SE001
  - {id: IF-B, source: S1, target: S2, security: {auth: none}}  # expect: SE001
""",
    "none-on-ui-with-non-public-content": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: S1, target: S2, integration_type: ui, security: {auth: none}}  # expect: SE001
  - {id: IF-B, source: S1, target: S2, integration_type: ui, data_classification: public, personal_data: true, security: {auth: none}}  # expect: SE001
  - {id: IF-C, source: S1, target: S2, integration_type: ui, data_classification: internal, security: {auth: none}}  # expect: SE001
""",
    "wrong-type-is-left-to-the-schema": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: S1, target: S2, security: managed_identity}
""",
}

SE002 = {
    "references-are-fine": """
blueprint_version: 1
interfaces:
  - id: IF-A
    source: S1
    target: S2
    security:
      auth: oauth2_client_credentials
      secrets_ref: ["keyvault://kv-int/spn", "vault://secret/data/int", "env:SB_KEY"]
      x-password: "${DB_PASSWORD}"
      x-client-secret: "@Microsoft.KeyVault(SecretUri=https://kv-int.vault.azure.net/secrets/spn/)"
      x-token: "https://kv-int.vault.azure.net/secrets/api-token"
      x-api-key: "<from key vault>"
      x-sas-token: "****"
    notes: "Server=tcp:sql.example;Database=stg;Authentication=Active Directory Managed Identity"
""",
    "secret-keys": """
blueprint_version: 1
project:
  name: P
  x-admin-password: hunter2hunter2  # expect: SE002
interfaces:
  - id: IF-A
    source: S1
    target: S2
    security:
      auth: basic
      x-password: "Winter2026!"  # expect: SE002
      x-api_key: 12345678  # expect: SE002
      x-client-secret: ""
      x-token: null
x-deploy:
  - {connection_string: "Server=db;Database=x"}  # expect: SE002
""",
    "secret-shapes-whatever-the-key": """
blueprint_version: 1
interfaces:
  - id: IF-A
    source: S1
    target: S2
    notes: "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=abcdEFGH1234abcdEFGH1234abcd="  # expect: SE002
    description: "SharedAccessSignature sr=https%3a%2f%2fns.servicebus.windows.net&sig=abcdEFGH1234abcd%2BEFGH&se=1&skn=send"  # expect: SE002
    security:
      auth: sas
      endpoint: "https://acct.blob.core.windows.net/in?sv=2022-11-02&ss=b&sig=abcdEFGH1234abcd%2BEFGH1234%3D"  # expect: SE002
  - id: IF-B
    source: S1
    target: S2
    notes: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"  # expect: SE002
    description: "Server=tcp:sql.example;Database=stg;User Id=etl;Password=Winter2026!;"  # expect: SE002
    tags: ["-----BEGIN RSA PRIVATE KEY-----"]  # expect: SE002
  - id: IF-C
    source: S1
    target: S2
    notes: "sftp://etl:Winter2026@files.example/in"  # expect: SE002
    description: "key Xq3vR8pL2mN7tY4wK9sB6dF1hJ5gC0zA3eU8iO2yT7r="  # expect: SE002
    x-hex: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"  # expect: SE002
""",
    "lookalikes-do-not-fire": """
blueprint_version: 1
alm_links:
  - {id: TDD-1, type: technical_design, ref: "https://dev.azure.com/c/int/_git/repo/commit/3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345"}
  - {id: TDD-2, type: technical_design, ref: "https://dev.azure.com/c/int/_git/repo?path=/src/Functions/CreateCase2024ProcessingHandler.cs"}
interfaces:
  - id: IF-A
    source: S1
    target: S2
    description: "Tenant 3f2504e0-4f89-11d3-9a0c-0305e82c3301, resource /subscriptions/3f2504e0-4f89-11d3-9a0c-0305e82c3301/resourceGroups/rg-int"
    notes: "Package built from commit 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    tags: [ContosoGovCitizenServicesModernisation2026Programme, bps_externalrequestid_to_requestid_mapping_v2]
    idempotency: {key: incidentid + modifiedon, duplicate_detection: true}
    payload: {schema_ref: "https://github.com/contoso/schemas/blob/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b/request.json"}
    security: {auth: managed_identity, secrets_ref: "keyvault://kv-int/Xq3vR8pL2mN7tY4wK9sB6dF1hJ5gC0zA3eU8iO2yT7r"}
    x-thumbprint: "A909502DD82AE41433E6F83886B00D4277A32A7B"
""",
}

SE003 = {
    "marked-or-not-personal": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: S1, target: S2, personal_data: true}
mappings:
  - id: MAP-A
    interface: IF-A
    fields:
      - {source: citizen.email, target: contact.emailaddress1, personal_data: true}
      - {source: supportMailbox, target: bps_replyto_email, personal_data: false}
      - {source: requestId, target: bps_externalrequestid}
      - {source: company, target: business_unit}
      - {source: adobe_id, target: healthcheck_url}
      - {source: webaddress, target: websiteurl}
      - {source: zip_file, target: documentbody}
""",
    "unmarked": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: S1, target: S2, personal_data: true}
mappings:
  - id: MAP-A
    interface: IF-A
    fields:
      - {source: HolderEmail, target: holder_email}  # expect: SE003
      - {source: MOBILE_PHONE, target: mobilephone}  # expect: SE003
      - {source: DOB, target: birthdate}  # expect: SE003
      - {source: iban, target: bank_account}  # expect: SE003
      - {source: clientIpAddress, target: bps_ipaddress}  # expect: SE003
      - source: address1_postalcode  # expect: SE003
        target: postcode
      - {source: annualSalary, target: msdyn_salary}  # expect: SE003
""",
    "interface-says-no-personal-data": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: S1, target: S2, personal_data: false}  # expect: SE003
  - {id: IF-B, source: S1, target: S2, personal_data: false}
mappings:
  - id: MAP-A
    interface: IF-A
    fields:
      - {source: holder, target: contactid, personal_data: true}
  - id: MAP-B
    interface: IF-B
    fields:
      - {source: sharedMailboxEmail, target: queue_email, personal_data: false}
""",
}

SE004 = {
    "classified": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: S1, target: S2, integration_type: data, data_classification: confidential, personal_data: true, monitoring: {logs_payload: false}}
  - {id: IF-B, source: S1, target: S2, integration_type: ui}
  - {id: IF-C, source: S1, target: S2, data_classification: public, personal_data: false, monitoring: {logs_payload: true}}
""",
    "missing": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: S1, target: S2, integration_type: data}  # expect: SE004
  - {id: IF-B, source: S1, target: S2, integration_type: process}  # expect: SE004
  - {id: IF-C, source: S1, target: S2}  # expect: SE004
""",
    "contradictory": """
blueprint_version: 1
interfaces:
  - id: IF-A
    source: S1
    target: S2
    data_classification: public  # expect: SE004
    personal_data: true
    monitoring:
      logs_payload: true  # expect: SE004
  - id: IF-B
    source: S1
    target: S2
    data_classification: public  # expect: SE004
mappings:
  - id: MAP-B
    interface: IF-B
    fields:
      - {source: email, target: emailaddress1, personal_data: true, classification: public}  # expect: SE004
""",
}

SE005 = {
    "encrypted": """
blueprint_version: 1
interfaces:
  - {id: IF-A, source: S1, target: S2, security: {transport: https_tls12, tls_min_version: "1.2", endpoint: "https://api.example/x"}}
  - {id: IF-B, source: S1, target: S2, security: {transport: sftp, endpoint: "sftp://files.example/in"}}
  - {id: IF-C, source: S1, target: S2, security: {transport: amqps, tls_min_version: "1.3"}}
""",
    "insecure": """
blueprint_version: 1
interfaces:
  - id: IF-A
    source: S1
    target: S2
    security:
      transport: http  # expect: SE005
      tls_min_version: "1.0"  # expect: SE005
      endpoint: "HTTP://api.example/x"  # expect: SE005
  - {id: IF-B, source: S1, target: S2, security: {transport: ftp}}  # expect: SE005
  - {id: IF-C, source: S1, target: S2, security: {endpoint: "ftp://files.example/in"}}  # expect: SE005
""",
}

CASES = [
    (code, name, text)
    for code, table in (("SE001", SE001), ("SE002", SE002), ("SE003", SE003), ("SE004", SE004), ("SE005", SE005))
    for name, text in table.items()
]


@pytest.mark.parametrize(("code", "name", "text"), CASES, ids=[f"{c}-{n}" for c, n, _ in CASES])
def test_rule_fixture(code: str, name: str, text: str, tmp_path: Path) -> None:
    assert_rule_fixture(tmp_path, code, text)


def test_inline_secret_never_echoes_the_secret(tmp_path: Path) -> None:
    secrets = ["Winter2026!", "abcdEFGH1234abcdEFGH1234abcd=", "Xq3vR8pL2mN7tY4wK9sB6dF1hJ5gC0zA3eU8iO2yT7r="]
    text = f"""
blueprint_version: 1
interfaces:
  - id: IF-A
    source: S1
    target: S2
    security: {{auth: basic, x-password: "{secrets[0]}"}}
    notes: "Endpoint=sb://ns/;SharedAccessKey={secrets[1]}"
    description: "{secrets[2]}"
"""
    result = lint_files(tmp_path, {"spec.yaml": text})
    found = [d for d in result.diagnostics if d.code == "SE002"]
    assert len(found) == 3
    for diagnostic in found:
        assert "IF-A" in diagnostic.message
        assert not any(secret in diagnostic.message for secret in secrets)
        assert not any(secret[:8] in diagnostic.message for secret in secrets)
    assert "'x-password'" in found[0].message and "11 characters" in found[0].message


def test_inline_secret_names_the_section_outside_entities(tmp_path: Path) -> None:
    text = "blueprint_version: 1\nproject:\n  name: P\n  x-api-key: abcdef123456\n"
    result = lint_files(tmp_path, {"spec.yaml": text})
    [diagnostic] = [d for d in result.diagnostics if d.code == "SE002"]
    assert diagnostic.message.startswith("section 'project' holds a literal secret under 'x-api-key'")
    assert diagnostic.pointer == "/project/x-api-key"
