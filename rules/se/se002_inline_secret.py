"""SE002 inline-secret: No literal secret anywhere in a blueprint file: passwords, keys, tokens, SAS
signatures and connection strings belong in a secret store.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from linter.api import Blueprint, Entity, Finding, Rule, Severity, SourceFile, escape_pointer

from ._common import TECHTALK
from ._secrets import (
    could_be_secret,
    is_secret_key,
    is_secret_reference_key,
    line_secret_spans,
    literal_secret_value,
    reference_problem,
    secret_shape,
)


def _pointer(path: Sequence[str]) -> str:
    return "".join("/" + escape_pointer(segment) for segment in path)


def _owner(owners: dict[str, Entity], path: Sequence[str]) -> Entity | None:
    """The entity a path lies in (``/section/index`` prefix), if any."""
    return owners.get("/" + escape_pointer(path[0]) + "/" + path[1]) if len(path) >= 2 else None


_ORDINARY, _SECRET, _REFERENCE = 0, 1, 2


class _KeyKinds(dict[str, int]):
    """Whether a key name holds a secret (``password``) or a secret's reference (``secrets_ref``),
    judged once per distinct name."""

    def __missing__(self, name: str) -> int:
        kind = self[name] = (
            _SECRET if is_secret_key(name) else _REFERENCE if is_secret_reference_key(name) else _ORDINARY
        )
        return kind


# Keys whose values are ALM links, where commit hashes are not secrets (no entropy check).
_ALM_KEYS = ("alm", "alm_links")
_STORE_IT = "keep it in a secret store and reference it from security.secrets_ref"
_REFERENCE_IT = (
    "keep the secret in a secret store and put its reference there "
    "(keyvault://kv-int/sb-key, a Key Vault secret URI, @Microsoft.KeyVault(…), an environment variable name)"
)


class InlineSecret(Rule):
    code = "SE002"
    judges = ("document",)
    name = "inline-secret"
    severity = Severity.ERROR
    tags = ("security",)
    precision = "high"
    summary = "No literal secret anywhere in a blueprint file: passwords, keys, tokens, SAS signatures and connection strings belong in a secret store."
    rationale = f"""
A blueprint lives in git, is copied into wikis and CI logs, and is read by everyone on the
programme; a secret written in it is leaked. *Integrate Dynamics 365 apps with other systems*
(Dynamics 365 implementation guide) names the risk of hard-coded connection strings and credentials
when finance and operations consumes external services; {TECHTALK}; and the *asynchronous
request-reply* reference architecture keeps the non-Microsoft target's secret in Key Vault. The rule
looks at every value of every file (entities, `project`, extension keys): keys named like secrets
(`password`, `client_secret`, `api_key`, `sas_token`, `connection_string`, `token`, `access_key`,
`private_key`…) holding a literal rather than a reference (`keyvault://…`, `vault://…`, `${{ENV}}`,
`env:…`, a Key Vault secret URI); keys that hold a secret's reference (`secrets_ref`,
`x-sftp-password-ref`…) holding a literal value or prose instead of one (a reference is a URI such
as `keyvault://kv-int/sb-key` or a Key Vault secret URI, `@Microsoft.KeyVault(…)`, a secret store's
`arn:`/`vault:` form, an environment variable name, or a secret's name or path such as
`crm-client-secret`; several may be listed); and values shaped like secrets whatever their key
(`AccountKey=`, `SharedAccessKey=`, `SharedAccessSignature`, `sig=`, `code=` or `password=` in a
URL, `Password=`/`Pwd=` in a connection string, credentials in a URL, `password:` followed by a
password-like word in free text, JSON web tokens, PEM private keys, and long high-entropy base64 or
hex strings — GUIDs, URLs, ids and hashes in references are left alone). In free text, only a word
with letters and digits that is not a name, a version or a number with a unit counts as a password
("password: rotated every 90 days" is prose). The message never repeats the secret; it names the key
and describes what was found, and every excerpt, report, cache entry and baseline entry of the run
masks it.
"""
    how_to_fix = (
        "Remove the value from the file (and rotate it: it is in the git history), store it in a secret store "
        "such as Azure Key Vault, and reference it from `security.secrets_ref` (e.g. `keyvault://kv-int/sb-key`, "
        "a Key Vault secret URI or an environment variable name; a list for several secrets)."
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
      secrets_ref: "ask the bank for the SFTP password"
"""
    # Its findings point at secret values: every excerpt, message, cache entry and baseline entry
    # of the run masks them (linter/model/rule.py), and the lines excerpts show are scanned too.
    redacts_findings: ClassVar[bool] = True

    def secret_spans(self, line: str) -> list[tuple[int, int]]:
        return line_secret_spans(line)

    def check(self, model: Blueprint) -> Iterator[Finding]:
        # Which entity each "/section/index" pointer belongs to, per file (built once).
        owners_by_file: dict[int, dict[str, Entity]] = {}
        for entity in model.entities():
            owners_by_file.setdefault(id(entity.source), {})[entity.pointer] = entity
        for source, data in model.documents():
            yield from self._walk(source, data, owners_by_file.get(id(source), {}))

    def _walk(self, source: SourceFile, data: dict[str, Any], owners: dict[str, Entity]) -> Iterator[Finding]:
        """Every value of the file, depth first in document order.

        It visits every node of the blueprint (millions on a large one), so it is kept lean: an
        explicit stack of container iterators (not nested generators, no entry allocated per
        value), the cheap :func:`could_be_secret` test before anything else on a string, key
        names judged once each, and the pointer spelled out only for a finding from the path
        segments kept beside the stack.
        """
        kinds = _KeyKinds()
        could = could_be_secret
        path: list[str] = []  # segments of the container being iterated
        # (its items, is it a mapping, the key it sits under and that key's kind, inside ALM links?)
        frame: tuple[Iterator[tuple[Any, Any]], bool, str, int, bool] = (iter(data.items()), True, "", _ORDINARY, False)
        stack: list[tuple[Iterator[tuple[Any, Any]], bool, str, int, bool]] = []
        while True:
            items, is_dict, key, kind, in_alm = frame
            for slot, value in items:
                if is_dict:
                    key = slot if slot.__class__ is str else str(slot)
                    kind = kinds[key]
                    if kind == _SECRET and literal_secret_value(value):
                        where = [*path, key]
                        tail = f"a literal secret under '{key}' (value redacted, {len(str(value))} characters); {_STORE_IT}"
                        yield self._finding(source, _pointer(where), _owner(owners, where), tail)
                        continue
                if isinstance(value, str):
                    if kind == _REFERENCE:  # secrets_ref: a reference, never the secret itself
                        problem = reference_problem(value)
                        if problem:
                            where = [*path, key if is_dict else str(slot)]
                            tail = f"{problem} under '{key}', where a secret's reference belongs (value redacted, {len(value)} characters); {_REFERENCE_IT}"
                            yield self._finding(source, _pointer(where), _owner(owners, where), tail)
                            continue
                    if could(value):
                        found = secret_shape(value, key, check_entropy=not (in_alm or key in _ALM_KEYS))
                        if found:
                            where = [*path, key if is_dict else str(slot)]
                            tail = f"a literal secret under '{key}' ({found}, value redacted); {_STORE_IT}"
                            yield self._finding(source, _pointer(where), _owner(owners, where), tail)
                elif isinstance(value, dict):
                    stack.append(frame)
                    path.append(key if is_dict else str(slot))
                    frame = (iter(value.items()), True, key, kind, in_alm or key in _ALM_KEYS)
                    break
                elif isinstance(value, list):
                    stack.append(frame)
                    path.append(key if is_dict else str(slot))
                    frame = (enumerate(value), False, key, kind, in_alm or key in _ALM_KEYS)
                    break
                elif kind == _REFERENCE and literal_secret_value(value):  # a number in secrets_ref
                    where = [*path, key if is_dict else str(slot)]
                    tail = f"a literal value under '{key}', where a secret's reference belongs (value redacted); {_REFERENCE_IT}"
                    yield self._finding(source, _pointer(where), _owner(owners, where), tail)
            else:  # this container is done: back to its parent
                if not stack:
                    return
                frame = stack.pop()
                path.pop()

    @staticmethod
    def _finding(source: SourceFile, pointer: str, owner: Entity | None, what: str) -> Finding:
        if owner is not None:
            where = owner.label
        elif pointer.count("/") > 1:
            where = f"section '{pointer.split('/')[1]}'"
        else:
            where = "the file"
        return Finding.in_file(source, pointer, f"{where} holds {what}")
