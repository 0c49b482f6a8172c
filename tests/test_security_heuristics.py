"""The heuristics behind SE002 (secret shapes, entropy) and SE003 (personal-data field names)."""

from __future__ import annotations

import base64
import hashlib
import random
import string
import uuid

import pytest
from blueprint_lint_rules.se._pii import personal_data_category, unambiguous_personal_category, words
from blueprint_lint_rules.se._secrets import (
    could_be_secret,
    is_reference,
    is_secret_key,
    is_secret_reference_key,
    line_secret_spans,
    literal_secret_value,
    looks_like_password,
    reference_problem,
    secret_shape,
    secret_spans,
)
from hypothesis import given, settings
from hypothesis import strategies as st


@pytest.mark.parametrize(
    "key",
    ["password", "Password", "client_secret", "client-secret", "api_key", "apikey", "sas", "sas_token", "token",
     "connection_string", "access_key", "private_key", "db_password", "x-sftp-private-key", "x-admin-token"],
)  # fmt: skip
def test_secret_key_names(key: str) -> None:
    assert is_secret_key(key)


@pytest.mark.parametrize(
    "key",
    ["secrets_ref", "key", "integration_key", "idempotency", "token_endpoint", "max_tokens", "passport", "secretary",
     "keyvault", "password_ref", "sas_ref"],
)  # fmt: skip
def test_ordinary_key_names(key: str) -> None:
    assert not is_secret_key(key)


@pytest.mark.parametrize(
    "value",
    ["keyvault://kv/x", "vault://secret/x", "env:X", "${X}", "$(Pipeline.Secret)", "{{ secret }}", "<set in CI>",
     "***", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/x/)",
     "https://kv-int.vault.azure.net/secrets/spn"],
)  # fmt: skip
def test_references_and_placeholders(value: str) -> None:
    assert is_reference(value)
    assert not literal_secret_value(value)


def test_literal_values() -> None:
    assert literal_secret_value("hunter2")
    assert literal_secret_value(12345)
    assert not literal_secret_value("")
    assert not literal_secret_value("   ")
    assert not literal_secret_value(None)
    assert not literal_secret_value(True)


def test_random_keys_are_detected() -> None:
    # Seeded, so the figure is stable: every random base64 and alphanumeric key of 32-88
    # characters in this sample is found.
    rng = random.Random(20260715)
    alphabet = string.ascii_letters + string.digits
    missed = 0
    samples = 0
    for length in range(32, 89, 4):
        for _ in range(40):
            raw = base64.b64encode(rng.randbytes(length)).decode()[:length]
            alnum = "".join(rng.choice(alphabet) for _ in range(length))
            for token in (raw, alnum):
                samples += 1
                if secret_shape(f"key {token}", "notes") is None and not token.isalpha():
                    missed += 1
    assert samples == 1200
    assert missed <= samples // 100, f"{missed} of {samples} random keys missed"


def test_lookalikes_are_not_secrets() -> None:
    rng = random.Random(7)
    lookalikes = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(50)]
    lookalikes += [
        "https://dev.azure.com/contoso-gov/crm/_wiki/wikis/design/12/FDD-Request-intake",
        "/subscriptions/3f2504e0-4f89-11d3-9a0c-0305e82c3301/resourceGroups/rg-int-prod/providers/Microsoft.ServiceBus/namespaces/sb",
        "src/Integration/Functions/CreateCase2024/handler.py",
        "ContosoGovCitizenServicesModernisation2026Programme",
        "IntegrationPlatformLeadVersion2024Release",
        "bps_externalrequestid_to_requestid_mapping_v2",
        "Upserts the staged rows into Dataverse with Web API $batch requests of 100 operations",
        "integration-oncall@contoso-gov.example",
        "0 1 * * *",
        f"sha256 {hashlib.sha256(b'x').hexdigest()}",
        f"built from commit {hashlib.sha1(b'x').hexdigest()}",
    ]
    assert [v for v in lookalikes if secret_shape(v, "notes")] == []
    # Hashes and hex are fine under hash-like or reference keys.
    digest = hashlib.sha256(b"package").hexdigest()
    assert secret_shape(digest, "x-thumbprint") is None
    assert secret_shape(digest, "ref") is None
    assert secret_shape(digest, "notes") is not None


def test_descriptions_never_contain_the_value() -> None:
    value = "Server=tcp:x;User Id=u;Password=Winter2026!;"
    description = secret_shape(value, "notes")
    assert description is not None and "Winter" not in description


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("emailaddress1", "email address"),
        ("HolderEmail", "email address"),
        ("HOLDER_EMAIL", "email address"),
        ("contact.telephone1", "phone number"),
        ("mobilephone", "phone number"),
        ("date_of_birth", "date of birth"),
        ("DOB", "date of birth"),
        ("address1_line1", "address"),
        ("ipaddress", "address"),
        ("postalCode", "postal code"),
        ("billingZip", "postal code"),
        ("passportNumber", "passport number"),
        ("national_id", "national id"),
        ("SSN", "national id"),
        ("IBAN", "bank account"),
        ("bank_account", "bank account"),
        ("annualSalary", "salary"),
        ("HealthCondition", "health data"),
        ("gendercode", "gender"),
        ("ShipToName", "person name"),
        ("BillToName", "person name"),
        ("DeliveryName", "person name"),
        ("first_name", "person name"),
        ("lastname", "person name"),
        ("ship_to_address", "address"),
        ("email_address", "email address"),
    ],
)
def test_personal_data_names(name: str, category: str) -> None:
    assert personal_data_category(name) == category


@pytest.mark.parametrize(
    "name",
    ["requestId", "statuscode", "adobe_id", "business_unit", "automobile", "webaddress", "serverAddress",
     "health_check", "zip_file", "bankname", "company", "ticketnumber", "bps_servicetypeid", "modifiedon",
     "warehouse_address", "WarehouseAddressLine1", "warehouseaddress", "site.address", "legal_entity_address",
     "email_template_id", "emailtemplateid", "EmailSubject", "phonecallid", "company_name", "username",
     "displayname"],
)  # fmt: skip
def test_ordinary_field_names(name: str) -> None:
    assert personal_data_category(name) is None


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("date_of_birth", "date of birth"),
        ("birthdate", "date of birth"),
        ("national_id", "national id"),
        ("passportNumber", "passport number"),
        ("contact.emailaddress1", "email address"),
        ("citizen.email", "email address"),
        ("contact.mobilephone", "phone number"),
        ("employee_phone", "phone number"),
        ("home_address", "address"),
        ("first_name", "person name"),
        ("contact.fullname", "person name"),
    ],
)
def test_unambiguously_personal_names(name: str, category: str) -> None:
    assert unambiguous_personal_category(name) == category


@pytest.mark.parametrize(
    "name",
    ["emailaddress1", "bps_replyto_email", "support_email", "contact.support_phone", "telephone1",
     "address1_line1", "ShipToName", "annualSalary", "IBAN", "ipaddress", "requestId"],
)  # fmt: skip
def test_names_that_leave_room_for_judgement(name: str) -> None:
    assert unambiguous_personal_category(name) is None


def test_words() -> None:
    assert words("contact.emailAddress1") == ["contact", "email", "address"]
    assert words("HOLDER_EMAIL") == ["holder", "email"]
    assert words("XMLHttpRequest") == ["xml", "http", "request"]


@pytest.mark.parametrize(
    "text",
    [
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEow",
        "DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=abcdEFGH1234ijkl",
        "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=abcdEFGH1234",
        "SharedAccessSignature sr=contoso&sig=abcdEFGH1234ijklMNOP",
        "https://contoso.blob.core.windows.net/c?sv=2020&sig=abcdEFGH1234ijklMNOP",
        "https://contoso.azurewebsites.net/api/orders?code=abcdEFGH1234ijklMNOP",
        "https://api.contoso.example/v1?api-key=abcdEFGH1234ijklMNOP",
        "https://api.contoso.example/v1?access_token=abcdEFGH1234ijklMNOP",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "Server=sql01;Database=crm;User Id=svc;Password=Winter2026!",
        "Server=sql01;Database=crm;Uid=svc;Pwd=Winter2026!",
        "sftp://svc_user:Winter2026@files.contoso.example/in",
        "token Zk9yVGhlUmVjb3JkVGhpc0lzQVJhbmRvbUtleTEyMzQ1Ng9",
    ],
)
def test_every_secret_shape_passes_the_marker_prefilter(text: str) -> None:
    """The cheap prefilter must never hide a shape the patterns would find."""
    assert could_be_secret(text)
    assert secret_shape(text, "notes") is not None


# -- secret references, passwords in free text, the line scan used to redact excerpts --------------
@pytest.mark.parametrize(
    "key",
    ["secrets_ref", "secret_ref", "x-secrets-refs", "x-sftp-password-ref", "client_secret_ref", "x-token-ref",
     "x-credentials-ref", "api_key_reference"],
)  # fmt: skip
def test_secret_reference_keys(key: str) -> None:
    assert is_secret_reference_key(key)


@pytest.mark.parametrize("key", ["catalog_ref", "ref", "schema_ref", "secrets", "password", "key_ref", "refs"])
def test_other_reference_keys(key: str) -> None:
    assert not is_secret_reference_key(key)


@pytest.mark.parametrize(
    "value",
    ["keyvault://kv-int/sb-key", "kv://kv-int/sb-key", "https://kv-int.vault.azure.net/secrets/sb-key",
     "@Microsoft.KeyVault(SecretUri=https://kv-int.vault.azure.net/secrets/sb-key/)", "${SB_KEY}", "$(SbKey)",
     "{{ secrets.sb_key }}", "<set by the platform team>", "SB_KEY", "sb-key", "kv-int/sb-key", "CrmClientSecret",
     "arn:aws:secretsmanager:eu-west-1:123456789012:secret:crm", "vault:secret/data/crm#password", "env:SB_KEY",
     "keyvault://kv/a, keyvault://kv/b", "sb-key; sb-conn", "svc-int@contoso.example",
     "keyvault://kv-int/sb-key (rotated yearly)"],
)  # fmt: skip
def test_references_are_references(value: str) -> None:
    assert reference_problem(value) is None


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("Winter2026!", "a literal value"),
        ("P@ss+w0rd=", "a literal value"),
        ("q7Zr2LxP9vKd4TnB8wYc3HsJ6mQe1UaF5gRk0VtN", "a literal value"),
        ("see the bank's onboarding pack", "prose"),
        ("Key Vault kv-int, secret sb-key", "prose"),
    ],
)
def test_what_is_not_a_reference(value: str, problem: str) -> None:
    assert reference_problem(value) == problem


@pytest.mark.parametrize("word", ["Winter2026!", "hunter22", "Pass1234", "P@ssw0rd", "Erp2024summer", "s3cret"])
def test_password_like_words(word: str) -> None:
    assert looks_like_password(word)


@pytest.mark.parametrize(
    "word",
    ["see", "stored", "90-day", "12chars", "16+chars", "TLS1.2", "v2", "AES256", "SHA256-hashed", "OAuth2",
     "Microsoft365", "crm-sftp-pwd2", "CRM_PWD_2", "kv-int/crm-pwd2", "${PWD}", "<pwd>", "********", "12345678",
     "keyvault://kv/pwd1"],
)  # fmt: skip
def test_words_that_are_not_passwords(word: str) -> None:
    assert not looks_like_password(word)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("https://x.example/in?user=svc&password=Exp0rt-2026", "a password in a URL query string (password=…)"),
        ("https://x.example/in?pwd=abc", "a password in a URL query string (password=…)"),
        ("https://x.example/in?passwd=abc&x=1", "a password in a URL query string (password=…)"),
        ("test login is admin, password: Winter2026!", "a password in free text (password: …)"),
        ("UAT account svc_uat / pwd=Uat2025x", "a password in free text (password: …)"),
        ('{"user": "svc", "password": "Winter2026!"}', "a password in free text (password: …)"),
        ("PASSPHRASE: Summer2025x", "a password in free text (password: …)"),
        ("https://x.example/in?password=&next=/", None),
        ("https://x.example/in?password={password}", None),
        ("https://x.example/in?pwd=%3Cpassword%3E", None),
        ("https://x.example/in?pwd=xxxx", None),
        ("Password: stored in Key Vault kv-int", None),
        ("password rotation: every 90 days; password: 12 characters minimum", None),
        ("The password policy: TLS1.2 only", None),
        ("set x-password: in the pipeline", None),
    ],
)
def test_passwords_in_urls_and_free_text(text: str, found: str | None) -> None:
    assert secret_shape(text, "notes") == found


def test_secret_spans_point_at_the_secret_not_its_label() -> None:
    text = "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abcdEFGH1234ijkl;EndpointSuffix=core"
    assert [text[a:b] for a, b in secret_spans(text, "notes")] == ["abcdEFGH1234ijkl"]
    text = "sftp://svc_user:Winter2026@files.contoso.example/in"
    assert [text[a:b] for a, b in secret_spans(text, "notes")] == ["Winter2026"]


@pytest.mark.parametrize(
    ("line", "secrets"),
    [
        ('  x-password: "Winter2026!"  # expect: SE002', ["Winter2026!"]),
        ("  - {auth: basic, x-token: 'Tok2025!x', note: ok}", ["Tok2025!x"]),
        ("  x-password: plain value  # the comment stays", ["plain value"]),
        ('  notes: "https://svc:Winter2026@wiki.example/x"', ["Winter2026"]),
        ("  hook: https://x.example/h?code=abcdEFGH1234ijklMNOP  # password: Spring2025#3", ["abcdEFGH1234ijklMNOP", "Spring2025#3"]),
        ('      secrets_ref: "see the onboarding pack"', ["see the onboarding pack"]),
        ('      secrets_ref: "keyvault://kv/x"', []),
        ("  x-password: *shared", []),
        ("  x-password: |", []),
        ("  x-password: null", []),
        ("  x-password: ${PWD}", []),
        ("  - {id: SYS-CS, name: Customer Service, kind: d365_customer_engagement}", []),
        ("    description: Orders from the web shop to the ERP", []),
    ],
)  # fmt: skip
def test_the_line_scan(line: str, secrets: list[str]) -> None:
    assert [line[a:b] for a, b in line_secret_spans(line)] == secrets


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["x-password", ":", ": ", " ", "'", '"', "\\", "#", " #", "{", "}", "[", "]", ",", "- ", "&a ", "*a",
             "!t ", "|", ">", "Winter2026!", "AccountKey=abcdEFGH1234", "secrets_ref", "pwd=", "password: ", "\t"]
        )
        | st.text(max_size=3),
        max_size=14,
    ).map("".join)
)  # fmt: skip
def test_the_line_scan_accepts_any_line(line: str) -> None:
    for start, end in line_secret_spans(line):
        assert 0 <= start < end <= len(line)
