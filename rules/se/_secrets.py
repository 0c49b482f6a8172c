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

# Shapes that are secrets whatever the key; (pattern, redacted description).
_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----"), "a PEM private key"),
    (re.compile(r"AccountKey=[^;\s\"']{8,}", re.IGNORECASE), "a storage account key (AccountKey=…)"),
    (re.compile(r"SharedAccessKey=[^;\s\"']{8,}", re.IGNORECASE), "a shared access key (SharedAccessKey=…)"),
    (re.compile(r"SharedAccessSignature\s*[=:]?\s*\S*sig=", re.IGNORECASE), "a shared access signature"),
    (re.compile(r"[?&]sig=[A-Za-z0-9%+/=_-]{16,}"), "a SAS signature in a query string (sig=…)"),
    (
        re.compile(r"[?&](?:code|api[-_]?key|apikey|access_token|client_secret|token)=[^&\s\"']{16,}", re.IGNORECASE),
        "a key in a URL query string",
    ),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"), "a JSON web token (eyJ…)"),
    (
        re.compile(r"(?:^|;)\s*(?:Password|Pwd)\s*=\s*(?![;\s]|\$\{|\{\{|<)[^;]+", re.IGNORECASE),
        "a password in a connection string (Password=…)",
    ),
    (
        re.compile(r"[a-z][a-z0-9+.-]{0,30}://[^/\s:@]+:[^/\s@]+@", re.IGNORECASE),
        "credentials in a URL (user:password@)",
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
    ``=`` (``AccountKey=``, ``SharedAccessKey=``, ``sig=``, a key in a query string,
    ``Password=``/``Pwd=``), ``eyJ`` (a JSON web token; the pattern is case-sensitive),
    ``-----BEGIN`` (a PEM key; case-sensitive), ``://`` with an ``@`` (credentials in a URL), or a
    run of 32 token characters (the entropy check's input). No case folding is needed: none of
    these literals has a letter that the patterns match case-insensitively. Substring tests
    measured faster than one alternated regular expression, which tries every branch at every
    position of the text.
    """
    return (
        "=" in text
        or "eyJ" in text
        or "-----BEGIN" in text
        or ("@" in text and "://" in text)
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


def _high_entropy(text: str, key: str) -> str | None:
    stripped = _GUID.sub(" ", _URL.sub(" ", text))
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
                return f"a {len(token)}-character high-entropy hex string"
            continue
        if not (has_digit and any(c.isupper() for c in token) and any(c.islower() for c in token)):
            continue
        if entropy(token) >= MIN_ENTROPY_RATIO * math.log2(min(len(token), 64)):
            return f"a {len(token)}-character high-entropy string"
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
    for pattern, description in _SHAPES:
        if pattern.search(text):
            return description
    if check_entropy and not _REFERENCE_KEY.search(normalise_key(key)) and normalise_key(key) != "id":
        return _high_entropy(text, key)
    return None
