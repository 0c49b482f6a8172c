"""Security and compliance: authentication, secrets, personal data, classification, transport."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from linter.api import Finding, Rule, Severity
from linter.core.pointer import escape
from linter.model.blueprint import Blueprint, Entity, SourceFile

from ._pii import personal_data_category
from ._secrets import could_be_secret, is_secret_key, literal_secret_value, secret_shape

_PLATFORM_ARTICLE = (
    "*Select the ideal platform for your Dynamics 365 apps integration* (Dynamics 365 implementation guide): "
    "a middleware selection criterion is security, meaning how authentication works across the systems "
    "and how authorization grants or denies access to endpoints, logic and data"
)
_TECHTALK = (
    "the Dynamics 365 TechTalk on general integration guidance (Microsoft Entra ID and OAuth for "
    "authentication, secrets and certificates in Azure Key Vault, HTTPS with TLS 1.2 in transit, compliance for PII)"
)


class MissingAuth(Rule):
    code = "SE001"
    name = "missing-auth"
    severity = Severity.ERROR
    tags = ("security",)
    precision = "very-high"
    summary = (
        "Every interface declares how it authenticates; `none` is only acceptable for a UI embedding of public content."
    )
    rationale = f"""
An interface whose authentication is not written down is either anonymous or relies on whatever
the developer chose, and nobody can review either. Source: {_PLATFORM_ARTICLE}; and {_TECHTALK}.
Only a user-interface integration that embeds public content (data classified `public`, no
personal data) can do without authentication; an API, queue or file endpoint never can.
"""
    how_to_fix = (
        "Set `security.auth` (prefer `managed_identity` or `oauth2_client_credentials`); keep `none` only for "
        "`integration_type: ui` interfaces with `data_classification: public`."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CASES
    source: SYS-WEB
    target: SYS-CE
    integration_type: data
    security: {auth: managed_identity, transport: https_tls12}
  - id: IF-OPENING-HOURS
    source: SYS-WEB
    target: SYS-CE
    integration_type: ui
    data_classification: public
    security: {auth: none}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CASES
    source: SYS-WEB
    target: SYS-CE
    integration_type: data
    security: {transport: https_tls12}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            auth = interface.get("security/auth")
            if auth is None or auth == "":
                if interface.get("security") is None or interface.get_dict("security") is not None:
                    yield Finding.at(
                        interface,
                        "security/auth",
                        f"{interface.label} does not declare how it authenticates (security.auth)",
                    )
                continue
            if auth != "none":
                continue
            if interface.get_str("integration_type") != "ui":
                kind = interface.get_str("integration_type") or "non-UI"
                yield Finding.at(
                    interface,
                    "security/auth",
                    f"{interface.label} is a {kind} integration with security.auth none; only a UI embedding of public content may go without authentication",
                )
            elif interface.get_str("data_classification") != "public" or interface.get_bool("personal_data"):
                what = interface.get_str("data_classification") or "unclassified"
                if interface.get_bool("personal_data"):
                    what += " personal"
                yield Finding.at(
                    interface,
                    "security/auth",
                    f"{interface.label} embeds {what} content without authentication (security.auth none); only public content may be embedded anonymously",
                )


def _pointer(path: Sequence[str]) -> str:
    return "".join("/" + escape(segment) for segment in path)


def _owner(owners: dict[str, Entity], path: Sequence[str]) -> Entity | None:
    """The entity a path lies in (``/section/index`` prefix), if any."""
    return owners.get("/" + escape(path[0]) + "/" + path[1]) if len(path) >= 2 else None


class _SecretKeys(dict[str, bool]):
    """Whether a key name holds a secret, judged once per distinct name."""

    def __missing__(self, name: str) -> bool:
        secret = self[name] = is_secret_key(name)
        return secret


# Keys whose values are ALM links, where commit hashes are not secrets (no entropy check).
_ALM_KEYS = ("alm", "alm_links")


class InlineSecret(Rule):
    code = "SE002"
    name = "inline-secret"
    severity = Severity.ERROR
    tags = ("security",)
    precision = "high"
    summary = "No literal secret anywhere in a blueprint file: passwords, keys, tokens, SAS signatures and connection strings belong in a secret store."
    rationale = f"""
A blueprint lives in git, is copied into wikis and CI logs, and is read by everyone on the
programme; a secret written in it is leaked. *Integrate Dynamics 365 apps with other systems*
(Dynamics 365 implementation guide) names the risk of hard-coded connection strings and credentials
when finance and operations consumes external services; {_TECHTALK}; and the *asynchronous
request-reply* reference architecture keeps the non-Microsoft target's secret in Key Vault. The rule
looks at every value of every file (entities, `project`, extension keys): keys named like secrets
(`password`, `client_secret`, `api_key`, `sas_token`, `connection_string`, `token`, `access_key`,
`private_key`…) holding a literal rather than a reference (`keyvault://…`, `vault://…`, `${{ENV}}`,
`env:…`, a Key Vault secret URI), and values shaped like secrets whatever their key (`AccountKey=`,
`SharedAccessKey=`, `SharedAccessSignature`, `sig=` in a URL, `Password=`/`Pwd=` in a connection
string, credentials in a URL, JSON web tokens, PEM private keys, and long high-entropy base64 or hex
strings — GUIDs, URLs, ids and hashes in references are left alone). The message never repeats the
secret; it names the key and describes what was found.
"""
    how_to_fix = (
        "Remove the value from the file (and rotate it: it is in the git history), store it in a secret store "
        "such as Azure Key Vault, and reference it from `security.secrets_ref` (e.g. `keyvault://kv-int/sb-key`)."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CASES
    source: SYS-WEB
    target: SYS-CE
    security:
      auth: oauth2_client_credentials
      secrets_ref: "keyvault://kv-citizen-int/web-spn"
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-CASES
    source: SYS-WEB
    target: SYS-CE
    security:
      auth: basic
      x-password: "Winter2026!"
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        # Which entity each "/section/index" pointer belongs to, per file (built once).
        owners_by_file: dict[int, dict[str, Entity]] = {}
        for entity in model.entities():
            owners_by_file.setdefault(id(entity.source), {})[entity.pointer] = entity
        for source in model.files:
            if source.data is None:
                continue
            yield from self._walk(source, owners_by_file.get(id(source), {}))

    def _walk(self, source: SourceFile, owners: dict[str, Entity]) -> Iterator[Finding]:
        """Every value of the file, depth first in document order.

        It visits every node of the blueprint (millions on a large one), so it is kept lean: an
        explicit stack of container iterators (not nested generators, no entry allocated per
        value), the cheap :func:`could_be_secret` test before anything else on a string, key
        names judged once each, and the pointer spelled out only for a finding from the path
        segments kept beside the stack.
        """
        data = source.data
        if not isinstance(data, (dict, list)):
            return
        secret_keys = _SecretKeys()
        could = could_be_secret
        path: list[str] = []  # segments of the container being iterated
        # (its items, is it a mapping, the key it sits under, inside ALM links?)
        frame: tuple[Iterator[tuple[Any, Any]], bool, str, bool] = (
            (iter(data.items()), True, "", False) if isinstance(data, dict) else (enumerate(data), False, "", False)
        )
        stack: list[tuple[Iterator[tuple[Any, Any]], bool, str, bool]] = []
        while True:
            items, is_dict, key, in_alm = frame
            for slot, value in items:
                if is_dict:
                    key = slot if slot.__class__ is str else str(slot)
                    if secret_keys[key] and literal_secret_value(value):
                        where = [*path, key]
                        hint = f"value redacted, {len(str(value))} characters"
                        yield self._finding(source, _pointer(where), _owner(owners, where), key, hint)
                        continue
                if isinstance(value, str):
                    if could(value):
                        found = secret_shape(value, key, check_entropy=not (in_alm or key in _ALM_KEYS))
                        if found:
                            where = [*path, key if is_dict else str(slot)]
                            hint = f"{found}, value redacted"
                            yield self._finding(source, _pointer(where), _owner(owners, where), key, hint)
                elif isinstance(value, dict):
                    stack.append(frame)
                    path.append(key if is_dict else str(slot))
                    frame = (iter(value.items()), True, key, in_alm or key in _ALM_KEYS)
                    break
                elif isinstance(value, list):
                    stack.append(frame)
                    path.append(key if is_dict else str(slot))
                    frame = (enumerate(value), False, key, in_alm or key in _ALM_KEYS)
                    break
            else:  # this container is done: back to its parent
                if not stack:
                    return
                frame = stack.pop()
                path.pop()

    @staticmethod
    def _finding(source: SourceFile, pointer: str, owner: Entity | None, key: str, hint: str) -> Finding:
        if owner is not None:
            where = owner.label
        elif pointer.count("/") > 1:
            where = f"section '{pointer.split('/')[1]}'"
        else:
            where = "the file"
        return Finding.in_file(
            source,
            pointer,
            f"{where} holds a literal secret under '{key}' ({hint}); keep it in a secret store and reference it from security.secrets_ref",
        )


_PII_ARTICLES = """
*Choose the right pattern for your integration strategy* (Dynamics 365 implementation guide) lists
local privacy rules among the topology factors and asks that monitoring respect security and
privacy; the implementation guide's finance and operations data management guidance asks teams to
identify, tag and classify personal data and not to store it unless needed; the Dynamics 365
TechTalk on general integration guidance asks for compliance for PII
"""


class UndeclaredPersonalData(Rule):
    code = "SE003"
    name = "undeclared-personal-data"
    severity = Severity.WARNING
    tags = ("security", "privacy")
    precision = "medium"
    summary = "Mapping fields whose names look like personal data (email, phone, birth date, address, national id, IBAN, salary, health…) are marked `personal_data`."
    rationale = f"""
Personal data that is not tagged is not protected: it ends up in logs, test copies and regions
where it should not be, and nobody can answer a data-subject request. Sources: {_PII_ARTICLES.strip()}.
The rule guesses from the source and target field names, word by word (`emailaddress1`,
`HolderEmail`, `date_of_birth`, `address1_postalcode`; not `adobe_id`, `business_unit`,
`webaddress` or `health_check`). IP addresses count: GDPR recital 30 names them among the online
identifiers. It also reports an interface that declares `personal_data: false` while its mapping
carries fields that are, or look like, personal data.
"""
    how_to_fix = (
        "Mark the field `personal_data: true` (with a `classification`) and the interface `personal_data: true`; "
        "if the field is not about a person (a shared mailbox, a company address), say so with `personal_data: false`."
    )
    passing_example = """
blueprint_version: 1
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE, personal_data: true, data_classification: confidential}
mappings:
  - id: MAP-CASES
    interface: IF-CASES
    fields:
      - {source: requestId, target: bps_externalrequestid}
      - {source: citizen.email, target: contact.emailaddress1, personal_data: true, classification: confidential}
      - {source: supportMailbox, target: bps_replyto_email, personal_data: false}
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - {id: IF-CASES, source: SYS-WEB, target: SYS-CE, data_classification: confidential}
mappings:
  - id: MAP-CASES
    interface: IF-CASES
    fields:
      - {source: requestId, target: bps_externalrequestid}
      - {source: citizen.email, target: contact.emailaddress1}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for mapping in model.mappings:
            interface_id = mapping.get_str("interface")
            interface = model.get("interface", interface_id) if interface_id else None
            personal_fields: list[str] = []
            for index, field in enumerate(mapping.get_list("fields")):
                if not isinstance(field, dict):
                    continue
                flag = field.get("personal_data")
                names = [n for n in (field.get("source"), field.get("target")) if isinstance(n, str) and n]
                guessed = next(
                    ((n, c) for n in names if (c := personal_data_category(n)) is not None),
                    None,
                )
                if not (flag is True or guessed is not None):
                    continue  # the common case: nothing to report or count, so no label to build
                label = " → ".join(f"'{n}'" for n in names) or f"#{index + 1}"
                if flag is not False:  # marked personal, or guessed and not marked otherwise
                    personal_fields.append(label)
                if guessed is not None and flag is None:
                    yield Finding.at(
                        mapping,
                        f"fields/{index}",
                        f"field {label} of {mapping.label} looks like personal data ({guessed[1]}) but is not marked personal_data: true",
                    )
            if interface is not None and interface.get_bool("personal_data") is False and personal_fields:
                more = f" and {len(personal_fields) - 1} more" if len(personal_fields) > 1 else ""
                yield Finding.at(
                    interface,
                    "personal_data",
                    f"{interface.label} declares personal_data: false but {mapping.label} carries personal data (field {personal_fields[0]}{more})",
                )


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
    name = "classification-missing-or-contradictory"
    severity = Severity.WARNING
    tags = ("security", "privacy")
    precision = "high"
    summary = "Data and process interfaces declare a data classification; personal data is never classified public nor written to logs."
    rationale = f"""
The customer owns the classification of its data, and the classification decides encryption,
retention, who may see the logs and where the data may travel. Sources: {_PII_ARTICLES.strip()};
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
                    names = " → ".join(
                        f"'{n}'" for n in (field.get("source"), field.get("target")) if isinstance(n, str) and n
                    )
                    yield Finding.at(
                        mapping,
                        f"fields/{index}/classification",
                        f"field {names or f'#{index + 1}'} of {mapping.label} is personal data but is classified public",
                    )


_INSECURE_TRANSPORT = {"http": "plain HTTP", "ftp": "plain FTP"}
_INSECURE_SCHEMES = ("http://", "ftp://", "ws://")


class InsecureTransport(Rule):
    code = "SE005"
    name = "insecure-transport"
    severity = Severity.ERROR
    tags = ("security",)
    precision = "very-high"
    summary = "Interfaces travel over encrypted transport: no `http://` or `ftp://` endpoint, no `http`/`ftp` transport, TLS 1.2 or later."
    rationale = f"""
Unencrypted transport exposes the data and the credentials that travel with it. The finance and
operations *Integration overview* (developer documentation) requires TLS 1.2 or later for outbound
calls, and {_TECHTALK} asks for HTTPS with TLS 1.2 in transit. TLS 1.0 and 1.1 are retired across
Microsoft cloud services.
"""
    how_to_fix = 'Use an `https://` (or `sftp`/`ftps`/`amqps`) endpoint, set `security.transport` accordingly, and `tls_min_version: "1.2"` or later.'
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-RATES
    source: SYS-BANK
    target: SYS-FO
    security:
      auth: certificate
      transport: https_tls12
      tls_min_version: "1.2"
      endpoint: "https://api.bank.example/rates"
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-RATES
    source: SYS-BANK
    target: SYS-FO
    security:
      auth: certificate
      transport: http
      tls_min_version: "1.0"
      endpoint: "http://api.bank.example/rates"
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            endpoint = interface.get_str("security/endpoint")
            if endpoint and endpoint.strip().lower().startswith(_INSECURE_SCHEMES):
                scheme = endpoint.strip().split(":", 1)[0].lower()
                yield Finding.at(
                    interface,
                    "security/endpoint",
                    f"{interface.label} uses an unencrypted {scheme}:// endpoint",
                )
            transport = interface.get_str("security/transport")
            if transport in _INSECURE_TRANSPORT:
                yield Finding.at(
                    interface,
                    "security/transport",
                    f"{interface.label} travels over {_INSECURE_TRANSPORT[transport]} (security.transport {transport})",
                )
            tls = interface.get("security/tls_min_version")
            if isinstance(tls, (str, int, float)) and not isinstance(tls, bool) and str(tls) in ("1.0", "1.1", "1"):
                yield Finding.at(
                    interface,
                    "security/tls_min_version",
                    f"{interface.label} accepts TLS {tls}, below the TLS 1.2 minimum",
                )
