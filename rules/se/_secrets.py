"""Recognising literal secrets in blueprint values, by key name and by value shape.

Pure functions over plain values, so the heuristics can be tested on their own. Nothing here ever
returns the secret itself: callers get a short, redacted description ("a storage account key
(AccountKey=…)", "24 characters") that is safe to print in a CI log.

False positives are the enemy of a security rule, so the high-entropy check is deliberately narrow:

* at least 32 characters from the base64 / base64url / hex alphabets, outside URLs and GUIDs;
* base64-like tokens need upper case, lower case and digits, and a Shannon entropy of at least 80%
  of the most their length and alphabet allow (log2 of min(length, 64)): random keys measure 82-91%,
  identifiers, paths and CamelCase names 72-78%, and the bar rises with length;
* hex tokens (which hashes and thumbprints also are) need digits and letters and 80% of the 4 bits a
  hex character can carry, and are ignored when the key or the text says it is a hash, commit, checksum, digest,
  thumbprint or fingerprint;
* values under keys that hold references (``ref``, ``*_ref``, ``url``, ``uri``, ``link``), ids and
  ALM links are not checked for entropy at all (commit hashes in ALM refs are not secrets); the
  unambiguous shapes (``AccountKey=``, ``sig=``, JWTs, PEM keys…) are checked everywhere.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import NamedTuple

# Keys whose literal value is a secret (compared after lower-casing and turning '-' into '_').
SECRET_KEYS: frozenset[str] = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "secret",
        "client_secret",
        "secret_key",
        "api_key",
        "apikey",
        "sas",
        "sas_token",
        "sas_key",
        "connection_string",
        "connectionstring",
        "conn_str",
        "token",
        "access_token",
        "refresh_token",
        "bearer_token",
        "auth_token",
        "access_key",
        "account_key",
        "shared_access_key",
        "private_key",
    }
)
# ``db_password``, ``x_sftp_private_key``…: a secret key name at the end of a longer one.
_SECRET_SUFFIXES: tuple[str, ...] = (
    "_password",
    "_passwd",
    "_secret",
    "_token",
    "_api_key",
    "_apikey",
    "_access_key",
    "_account_key",
    "_private_key",
    "_connection_string",
    "_sas",
    "_sas_token",
    "_sas_key",
)

# Values that point at a secret store instead of holding the secret.
_REFERENCE_PREFIXES: tuple[str, ...] = (
    "keyvault://",
    "vault://",
    "secret://",
    "secrets://",
    "env:",
    "@microsoft.keyvault(",
)
_REFERENCE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"^\$\{[^}]+\}$"),  # ${ENV_VAR}
    re.compile(r"^\$\([^)]+\)$"),  # $(pipeline.variable)
    re.compile(r"^\{\{[^}]+\}\}$"),  # {{ template_variable }}
    re.compile(r"^<[^<>]*>$"),  # <placeholder>
    re.compile(r"^\*+$"),  # ****
    re.compile(r"^https://[a-z0-9-]+\.vault\.azure\.net/(secrets|keys|certificates)/", re.IGNORECASE),
)


class Shape(NamedTuple):
    """A shape that is a secret whatever the key: a pattern, its redacted description and, where
    the pattern alone is too broad, a further test of the part it matched."""

    pattern: re.Pattern[str]
    description: str
    accept: Callable[[str], bool] | None = None

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Where the secret is in ``text``: the ``secret`` group where the pattern has one (the
        value after ``AccountKey=``), else the whole match."""
        for match in self.pattern.finditer(text):
            secret = match.groupdict().get("secret")
            if self.accept is not None and not self.accept(secret if secret is not None else match.group(0)):
                continue
            yield match.span("secret") if secret else match.span()


_PLACEHOLDER_STARTS = ("$", "{", "<", "[", "(", "%7B", "%7b", "%3C", "%3c", "%24")


def _placeholder(value: str) -> bool:
    """A value written in the place of a secret: ``{password}``, ``${PWD}``, ``<pwd>``, ``%3Cpwd%3E``,
    ``***``, ``xxx``, ``...``."""
    text = value.strip().strip("\"'")
    # (a character repeated, as in ****, xxxx or ...., is a placeholder too)
    return not text or text.startswith(_PLACEHOLDER_STARTS) or len(set(text)) == 1


def _literal_in_query(value: str) -> bool:
    return not _placeholder(value) and not is_reference(value)


# A word that is not a password, however it is written: a number with a unit, a version, an
# algorithm, a protocol name, a lower-case name with separators (a secret's name), an upper-case
# environment variable name, a path.
_NOT_A_PASSWORD = re.compile(
    r"^(?:\d+[-_+]?[A-Za-z]+"  # 90-day, 12chars, 16+chars
    r"|[A-Za-z]{0,4}\d+(?:\.\d+)+|[vV]\d+"  # TLS1.2, v2
    r"|[A-Z]{2,5}\d{1,4}(?:-[A-Za-z]+)*"  # AES256, SHA256-hashed
    r"|[A-Za-z]+\d|[A-Za-z]*365"  # OAuth2, SAML2, Microsoft365
    r"|[a-z0-9]+(?:[-_.][a-z0-9]+)+"  # crm-sftp-pwd2
    r"|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"  # CRM_PWD_2
    r"|[\w.-]+(?:/[\w.-]+)+)$"  # kv-int/crm-pwd2
)


def looks_like_password(word: str) -> bool:
    """Whether the word after ``password:`` in free text is a credential rather than prose.

    Narrow on purpose (SE002 is an error): 6 to 128 characters with at least one letter and one
    digit (``Winter2026!``, ``hunter22``), not a placeholder or reference, and none of the shapes of
    :data:`_NOT_A_PASSWORD`. "password: see Key Vault", "password: rotated every 90 days",
    "password: 12 characters minimum" and "password: ${PWD}" are prose or references.
    """
    text = word.strip("\"'`(").rstrip(".,;:)]}\"'`")
    if not 6 <= len(text) <= 128 or _placeholder(text) or is_reference(text) or "://" in text:
        return False
    if not (any(c.isdigit() for c in text) and any(c.isalpha() for c in text)):
        return False
    return _NOT_A_PASSWORD.match(text) is None


# ``password:`` or ``pwd=`` followed by a value, inside free text (a description, a note, a
# comment). Written with its three usual spellings rather than case-insensitively, so that the
# prefilter needs no case folding (see could_be_secret).
_PASSWORD_WORD = r"(?:[Pp]ass(?:word|wd|phrase)|PASS(?:WORD|WD|PHRASE)|[Pp]wd|PWD)"

# Shapes that are secrets whatever the key.
_SHAPES: tuple[Shape, ...] = (
    Shape(re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----"), "a PEM private key"),
    Shape(re.compile(r"AccountKey=(?P<secret>[^;\s\"']{8,})", re.IGNORECASE), "a storage account key (AccountKey=…)"),
    Shape(
        re.compile(r"SharedAccessKey=(?P<secret>[^;\s\"']{8,})", re.IGNORECASE),
        "a shared access key (SharedAccessKey=…)",
    ),
    Shape(
        re.compile(r"SharedAccessSignature\s*[=:]?\s*(?P<secret>\S*sig=[^&\s\"';]*)", re.IGNORECASE),
        "a shared access signature",
    ),
    Shape(re.compile(r"[?&]sig=(?P<secret>[A-Za-z0-9%+/=_-]{16,})"), "a SAS signature in a query string (sig=…)"),
    Shape(
        re.compile(
            r"[?&](?:code|api[-_]?key|apikey|access_token|client_secret|token)=(?P<secret>[^&\s\"']{16,})",
            re.IGNORECASE,
        ),
        "a key in a URL query string",
    ),
    Shape(
        re.compile(r"[?&](?:password|passwd|pwd)=(?P<secret>[^&\s\"'#]+)", re.IGNORECASE),
        "a password in a URL query string (password=…)",
        _literal_in_query,
    ),
    Shape(re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"), "a JSON web token (eyJ…)"),
    Shape(
        re.compile(r"(?:^|;)\s*(?:Password|Pwd)\s*=\s*(?P<secret>(?![;\s]|\$\{|\{\{|<)[^;]+)", re.IGNORECASE),
        "a password in a connection string (Password=…)",
    ),
    Shape(
        re.compile(r"[a-z][a-z0-9+.-]{0,30}://[^/\s:@]+:(?P<secret>[^/\s@]+)@", re.IGNORECASE),
        "credentials in a URL (user:password@)",
    ),
    Shape(
        re.compile(rf"(?<![A-Za-z0-9_-]){_PASSWORD_WORD}[\"']?\s*[:=]\s*[\"']?(?P<secret>[^\s,;\"']+)"),
        "a password in free text (password: …)",
        looks_like_password,
    ),
)

_URL = re.compile(r"[a-z][a-z0-9+.-]{0,30}://\S+", re.IGNORECASE)
_GUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
_TOKEN = re.compile(r"[A-Za-z0-9+/_=-]{32,}")
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_HASH_WORDS = re.compile(r"sha|md5|hash|checksum|commit|digest|thumbprint|fingerprint|etag", re.IGNORECASE)
_REFERENCE_KEY = re.compile(r"(^|_)(ref|url|uri|link|href)$")
MIN_TOKEN_LENGTH = 32
_TOKEN_START = re.compile(r"[A-Za-z0-9+/_=-]{32}")


def could_be_secret(text: str) -> bool:
    """False only when no shape and no entropy token can match ``text``.

    SE002 asks this of every string of every file, so it is a handful of C-level substring tests,
    each a literal some shape cannot match without (tests check this against the patterns):
    ``=`` (``AccountKey=``, ``SharedAccessKey=``, ``sig=``, a key or password in a query string,
    ``Password=``/``Pwd=``), ``eyJ`` (a JSON web token; the pattern is case-sensitive),
    ``-----BEGIN`` (a PEM key; case-sensitive), ``://`` with an ``@`` (credentials in a URL), ``:``
    with ``ass``/``ASS``/``wd``/``WD`` (``password:`` in free text, whose pattern spells out its
    cases), or a run of 32 token characters (the entropy check's input). No case folding is
    needed: none of these literals has a letter that the patterns match case-insensitively.
    Substring tests measured faster than one alternated regular expression, which tries every
    branch at every position of the text.
    """
    return (
        "=" in text
        or "eyJ" in text
        or "-----BEGIN" in text
        or ("://" in text and "@" in text)
        or (":" in text and ("ass" in text or "wd" in text or "ASS" in text or "WD" in text))
        or (len(text) >= MIN_TOKEN_LENGTH and _TOKEN_START.search(text) is not None)
    )


# Share of the maximum entropy (log2 of the alphabet or the length, whichever is smaller).
MIN_ENTROPY_RATIO = 0.8


def normalise_key(key: str) -> str:
    return key.strip().lower().replace("-", "_")


def is_secret_key(key: str) -> bool:
    """True for key names that hold a secret: ``password``, ``client_secret``, ``db_password``…"""
    name = normalise_key(key)
    return name in SECRET_KEYS or name.endswith(_SECRET_SUFFIXES)


def is_reference(value: str) -> bool:
    """True when ``value`` points at a secret store (Key Vault URI, ``${ENV}``, ``env:``…) or is a placeholder."""
    text = value.strip()
    lowered = text.lower()
    return lowered.startswith(_REFERENCE_PREFIXES) or any(p.match(text) for p in _REFERENCE_PATTERNS)


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    if not text:
        return 0.0
    counts = Counter(text)
    length = len(text)
    return -sum(n / length * math.log2(n / length) for n in counts.values())


def literal_secret_value(value: object) -> bool:
    """Whether a value under a secret-named key is a literal (non-empty, not a reference)."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and bool(value.strip()) and not is_reference(value)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _entropy_tokens(text: str, key: str) -> Iterator[tuple[int, int, str]]:
    """The high-entropy tokens of ``text`` (start, end, redacted description), URLs and GUIDs
    left out (blanked, so that positions stay those of ``text``)."""
    stripped = _GUID.sub(_blank, _URL.sub(_blank, text))
    hash_context = bool(_HASH_WORDS.search(key) or _HASH_WORDS.search(text))
    for match in _TOKEN.finditer(stripped):
        token = match.group(0).rstrip("=")
        if len(token) < MIN_TOKEN_LENGTH:
            continue
        has_digit = any(c.isdigit() for c in token)
        if _HEX.match(token):
            if hash_context or not has_digit or not any(c.isalpha() for c in token):
                continue
            if entropy(token) >= MIN_ENTROPY_RATIO * math.log2(16):
                yield match.start(), match.end(), f"a {len(token)}-character high-entropy hex string"
            continue
        if not (has_digit and any(c.isupper() for c in token) and any(c.islower() for c in token)):
            continue
        if entropy(token) >= MIN_ENTROPY_RATIO * math.log2(min(len(token), 64)):
            yield match.start(), match.end(), f"a {len(token)}-character high-entropy string"


def _high_entropy(text: str, key: str) -> str | None:
    return next((description for _, _, description in _entropy_tokens(text, key)), None)


def _entropy_applies(key: str) -> bool:
    name = normalise_key(key)
    return not _REFERENCE_KEY.search(name) and name != "id"


def first_shape(text: str) -> str | None:
    """The description of the first shape that matches ``text`` (no prefilter, no entropy)."""
    for shape in _SHAPES:
        if next(shape.spans(text), None) is not None:
            return shape.description
    return None


def secret_shape(text: str, key: str = "", *, check_entropy: bool = True) -> str | None:
    """A redacted description of the secret-shaped content of ``text``, or None.

    ``key`` is the name the value sits under; reference-like keys skip the entropy check, and
    hash-like keys make hex strings acceptable.
    """
    if not could_be_secret(text):
        return None  # the common case: nothing secret-shaped at all
    if is_reference(text):
        return None
    found = first_shape(text)
    if found is None and check_entropy and _entropy_applies(key):
        return _high_entropy(text, key)
    return found


def secret_spans(text: str, key: str = "", *, check_entropy: bool = True) -> list[tuple[int, int]]:
    """Where in ``text`` the secrets :func:`secret_shape` describes are, as (start, end) offsets:
    every shape's secret part and every high-entropy token (for redacting an excerpt)."""
    if not could_be_secret(text) or is_reference(text):
        return []
    spans = [span for shape in _SHAPES for span in shape.spans(text)]
    if check_entropy and _entropy_applies(key):
        spans += [(start, end) for start, end, _ in _entropy_tokens(text, key)]
    return spans


# -- secret references: what belongs in `secrets_ref` ------------------------------------------
# A reference by scheme: `kv://…`, `azurekeyvault://…`, `https://kv.vault.azure.net/…`, or one of the
# secret stores' `name:` forms (`arn:aws:secretsmanager:…`, `vault:secret/data/crm#pwd`, `env:X`).
_URI_REFERENCE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")
_STORE_REFERENCE = re.compile(r"^(?:arn|env|vault|kv|akv|keyvault|azurekeyvault|secret|secrets|ssm|gsm|op):\S+$", re.I)
# What a name or a path of a secret, or an environment variable name, is made of.
_NAME_CHARACTERS = re.compile(r"^[A-Za-z0-9_./:#@-]+$")
_LIST_SEPARATOR = re.compile(r"\s*[,;]\s*")


def is_secret_reference_key(key: str) -> bool:
    """True for keys that hold a secret's reference, never the secret: ``secrets_ref``,
    ``x-sftp-password-ref``, ``client_secret_ref``, ``x-credentials-ref``…"""
    name = normalise_key(key)
    for suffix in ("_ref", "_refs", "_reference", "_references"):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            return is_secret_key(stem) or stem.endswith(("secret", "secrets", "credential", "credentials"))
    return False


def _reference_like(part: str) -> bool:
    return bool(
        is_reference(part)
        or _URI_REFERENCE.match(part)
        or _STORE_REFERENCE.match(part)
        or (_NAME_CHARACTERS.match(part) and _high_entropy(part, "") is None)
    )


def reference_problem(value: str) -> str | None:
    """Why a value under a secret-reference key is not a reference, redacted; None when it is one.

    A reference is anything a tool or a person can follow to the secret store: a Key Vault URI or
    ``keyvault://``-style URI, ``@Microsoft.KeyVault(…)``, a secret store's ``name:`` form, a
    placeholder or pipeline variable (``${X}``, ``$(X)``, ``{{ x }}``, ``<…>``), an environment
    variable name (``CRM_CLIENT_SECRET``), or the name or path of a secret (``crm-client-secret``,
    ``kv-int/sb-key``); several may be listed, separated by commas or semicolons. Anything else is
    prose (words separated by spaces: "see the bank's onboarding pack") or a literal value (a
    character no name uses, as in ``Winter2026!``, or a high-entropy token).
    """
    text = value.strip()
    if not text or is_reference(text):
        return None
    parts = [part for part in _LIST_SEPARATOR.split(text) if part]
    if all(_reference_like(part) for part in parts):
        return None
    if any(any(c.isspace() for c in part) for part in parts if not _reference_like(part)):
        return "prose"
    return "a literal value"


# -- one line of a linted file ----------------------------------------------------------------
# Lines with none of these cannot hold a secret-named key (every SECRET_KEYS entry and suffix has one).
_KEY_HINT = re.compile(r"pass|pwd|secret|token|key|sas|conn|credential", re.IGNORECASE)
_NOT_LITERAL = frozenset({"", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"})
_BLOCK_INDICATOR = re.compile(r"^[|>][0-9+-]*$")


def _quoted_end(line: str, start: int) -> int:
    """The index of the quote that closes the scalar opened at ``start`` (len(line) if none)."""
    quote, index, length = line[start], start + 1, len(line)
    while index < length:
        char = line[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and index + 1 < length and line[index + 1] == "'":
                index += 2  # '' is an escaped quote
                continue
            return index
        index += 1
    return length


def _is_key_colon(line: str, index: int, flow: bool) -> bool:
    after = line[index + 1 : index + 2]
    return line[index : index + 1] == ":" and (after in ("", " ", "\t") or (flow and after in ",[]{}"))


def _scalars(line: str) -> Iterator[tuple[str | None, int, int, bool]]:
    """The scalars of one line as YAML reads them: (the key it is the value of, start, end,
    quoted), keys themselves left out; a comment comes as the value of the key ``"#"``.

    Good enough for a single line whatever its context (block or flow, a list item, a line of a
    block scalar read as YAML): it only decides what to mask in an excerpt.
    """
    index, length, depth = 0, len(line), 0
    key: str | None = None
    while index < length:
        char = line[index]
        if char in " \t":
            index += 1
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            yield "#", index + 1, length, False
            return
        elif char in "{[":
            depth, key, index = depth + 1, None, index + 1
        elif char in "}]":
            depth, key, index = max(0, depth - 1), None, index + 1
        elif char == "," or (char in "-?" and line[index + 1 : index + 2] in ("", " ", "\t")):
            key, index = None, index + 1
        elif char in "&!*":  # an anchor, a tag or an alias: not a literal
            while index < length and line[index] not in " \t,[]{}":
                index += 1
            if char == "*":
                key = None
        else:
            quoted = char in "\"'"
            if quoted:
                end = _quoted_end(line, index)
                start, stop, index = index + 1, end, end + 1
            else:
                start = stop = index
                while stop < length:
                    here = line[stop]
                    if _is_key_colon(line, stop, depth > 0) or (here == "#" and line[stop - 1] in " \t"):
                        break
                    if depth and here in ",[]{}":
                        break
                    stop += 1
                index = stop
                while stop > start and line[stop - 1] in " \t":
                    stop -= 1
            after = index
            while after < length and line[after] in " \t":
                after += 1
            if _is_key_colon(line, after, depth > 0):
                key, index = line[start:stop], after + 1
                continue
            if not quoted and _BLOCK_INDICATOR.match(line[start:stop]):
                key = None  # a block scalar: its content is on the lines below
                continue
            yield key, start, stop, quoted
            key = None


def line_secret_spans(line: str) -> list[tuple[int, int]]:
    """Where the secrets are in one line of a blueprint file (start, end offsets): a literal
    under a secret-named key, a literal or prose under a secret-reference key, and every secret
    shape or high-entropy token in a value or a comment. For redacting excerpts: it sees lines the
    model does not hold (a duplicate key's dropped value, a comment, a file that does not parse)."""
    if not (could_be_secret(line) or _KEY_HINT.search(line)):
        return []
    spans: list[tuple[int, int]] = []
    for key, start, end, quoted in _scalars(line):
        text = line[start:end]
        if key is not None and key != "#":
            if is_secret_key(key) and (quoted or text not in _NOT_LITERAL) and literal_secret_value(text):
                spans.append((start, end))
                continue
            if is_secret_reference_key(key) and reference_problem(text):
                spans.append((start, end))
                continue
        name = "" if key in (None, "#") else key
        spans += [(start + a, start + b) for a, b in secret_spans(text, name)]
    return spans
