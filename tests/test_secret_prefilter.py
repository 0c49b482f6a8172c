"""The SE002 prefilter (``could_be_secret``) against the patterns it guards and the implementation it replaced.

The prefilter only exists to be fast; it is safe as long as it never says False for a text some
shape or the entropy check would report. These properties check that directly against the
patterns, and check that ``secret_shape`` gives exactly what it gave with the previous prefilter
(kept below as it was: lower-casing and a dozen substring tests, plus the markers of the shapes
added since, ``passwd`` and ``passphrase``, which that prefilter would have needed too).
"""

from __future__ import annotations

from blueprint_lint_rules.se._secrets import (
    _REFERENCE_KEY,
    _SHAPES,
    _TOKEN,
    _TOKEN_START,
    _high_entropy,
    could_be_secret,
    first_shape,
    is_reference,
    normalise_key,
    secret_shape,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

# -- the previous implementation, verbatim --------------------------------------------------------
_OLD_MARKERS = (
    "-----begin",
    "accountkey=",
    "sharedaccess",
    "sig=",
    "code=",
    "key=",
    "token=",
    "secret=",
    "eyj",
    "password",
    "pwd",
    "@",
    # added with the shapes that need them (a password in a query string or in free text)
    "passwd",
    "passphrase",
)


def old_could_be_secret(text: str) -> bool:
    if len(text) < 5:
        return False
    lowered = text.lower()
    return any(marker in lowered for marker in _OLD_MARKERS) or (len(text) >= 32 and bool(_TOKEN_START.search(text)))


def old_secret_shape(text: str, key: str = "", *, check_entropy: bool = True) -> str | None:
    if not old_could_be_secret(text):
        return None
    if is_reference(text):
        return None
    found = first_shape(text)  # the patterns, each with its own test of what it matched
    if found is not None:
        return found
    if check_entropy and not _REFERENCE_KEY.search(normalise_key(key)) and normalise_key(key) != "id":
        return _high_entropy(text, key)
    return None


# -- texts built from the pieces secrets are made of, in odd cases and odd characters -------------
_PIECES = [
    "=", "@", ":", "/", "://", "?", "&", ";", " ", ".", "-", "_", "\n",
    "eyJ", "EYJ", "-----BEGIN ", "-----begin ", "RSA ", "PRIVATE KEY-----", "private key-----",
    "-----BEGIN PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----",
    "AccountKey=", "ACCOUNTKEY=", "accountkey", "SharedAccessKey=", "SharedAccessSignature ", "sharedaccess",
    "sig=", "SIG=", "code=", "api-key=", "api_key=", "apikey=", "access_token=", "client_secret=", "token=", "secret=",
    "Password=", "PASSWORD", "password", "Pwd=", "PWD", "pwd", "Server=db;", "User Id=svc;",
    "password: ", "Passphrase:", "PASSWD", "passwd=", "?pwd=", "&password=", "Summer2025x",
    "https", "sftp", "svc_user", "files.example",
    "abcdEFGH1234ijklMNOP", "Xq3vR8pL2mN7tY4wK9sB6dF1hJ5gC0zA3eU8iO2yT7r",
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b", "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N",
    "keyvault://", "${X}", "<x>", "****", "sha ", "commit ", "Winter2026!",
    # characters whose case mapping is not one ASCII letter to another: KELVIN SIGN (lower() is 'k'),
    # I WITH DOT ABOVE (lower() is two characters), dotless i, long s, sharp s, the ff ligature
    "\u212a", "\u0130", "\u0131", "\u017f", "ß", "\ufb00", "K", "k", "ſ",
]  # fmt: skip
_TEXTS = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.text(max_size=4), st.sampled_from(_PIECES).map(str.swapcase)),
    max_size=10,
).map("".join)
_KEYS = st.sampled_from(["", "notes", "id", "ref", "schema_ref", "x-thumbprint", "commit", "x-password", "url"])


def _some_shape_matches(text: str) -> bool:
    return any(shape.pattern.search(text) for shape in _SHAPES) or any(
        len(m.group(0).rstrip("=")) >= 32 for m in _TOKEN.finditer(text)
    )


@settings(max_examples=800, deadline=None)
@given(_TEXTS)
@example("Account\u212aey=abcdefgh1234")
@example("\u0130\u0130\u0130 Pwd=\u0130\u0130")
@example("?\u017fig=abcdEFGH1234ijklMNOP")
@example("sftp://svc:Winter2026@files.example")
@example("data-team@contoso.example")
def test_the_prefilter_passes_everything_a_shape_matches(text: str) -> None:
    if not could_be_secret(text):
        assert not _some_shape_matches(text)


@settings(max_examples=800, deadline=None)
@given(_TEXTS, _KEYS, st.booleans())
@example("Account\u212aey=abcdefgh1234", "notes", True)
@example("SharedAccessSignature sr=x&\u017fig=abcdEFGH1234ijkl", "notes", True)
@example("token Zk9yVGhlUmVjb3JkVGhpc0lzQVJhbmRvbUtleTEyMzQ1Ng9", "notes", True)
def test_secret_shape_is_unchanged(text: str, key: str, check_entropy: bool) -> None:
    assert secret_shape(text, key, check_entropy=check_entropy) == old_secret_shape(
        text, key, check_entropy=check_entropy
    )


@settings(max_examples=800, deadline=None)
@given(_TEXTS)
def test_the_prefilter_only_drops_what_no_shape_needs(text: str) -> None:
    """Wherever the old prefilter said yes and the new one says no, no pattern could have matched
    (the old one let through every '@' and every 'password', which only shapes with '=' or '://' use)."""
    if old_could_be_secret(text) and not could_be_secret(text):
        assert not _some_shape_matches(text)


def test_what_the_narrower_prefilter_drops() -> None:
    assert not could_be_secret("integration-team@contoso.example")
    assert not could_be_secret("the password policy of the tenant")
    assert could_be_secret("sftp://svc:Winter2026@files.example/in")
    assert could_be_secret("Server=x;Pwd=y")
    assert could_be_secret("test login is admin, password: Winter2026!")
    assert could_be_secret("UAT PASSPHRASE: Summer2025x")
