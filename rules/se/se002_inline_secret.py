"""SE002 inline-secret: No literal secret anywhere in a blueprint file: passwords, keys, tokens, SAS
signatures and connection strings belong in a secret store.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from linter.api import Blueprint, Entity, Finding, Rule, Severity, SourceFile, escape_pointer

from ._common import TECHTALK
from ._secrets import could_be_secret, is_secret_key, literal_secret_value, secret_shape


def _pointer(path: Sequence[str]) -> str:
    return "".join("/" + escape_pointer(segment) for segment in path)


def _owner(owners: dict[str, Entity], path: Sequence[str]) -> Entity | None:
    """The entity a path lies in (``/section/index`` prefix), if any."""
    return owners.get("/" + escape_pointer(path[0]) + "/" + path[1]) if len(path) >= 2 else None


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
when finance and operations consumes external services; {TECHTALK}; and the *asynchronous
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
        secret_keys = _SecretKeys()
        could = could_be_secret
        path: list[str] = []  # segments of the container being iterated
        # (its items, is it a mapping, the key it sits under, inside ALM links?)
        frame: tuple[Iterator[tuple[Any, Any]], bool, str, bool] = (iter(data.items()), True, "", False)
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
