"""Making text safe for a CI log and a terminal: the one place the command line's output passes.

Messages, excerpts and paths quote the linted files, which may come from an untrusted pull
request, and whatever reaches standard output or standard error in a pipeline is read by the CI
runner, line by line (a line ends at LF, CR or CRLF), before a person sees it:

* the GitHub Actions runner (``ActionCommand.TryParseV2``) runs a ``::command ...::data`` line
  when the line, after leading white space is trimmed, starts with ``::``; its older syntax
  (``ActionCommand.TryParse``) runs ``##[command ...]data`` found *anywhere* in a line;
* the Azure Pipelines agent runs ``##vso[area.event ...]data`` found anywhere in a line, and its
  log viewer renders the ``##[section]``, ``##[group]``, ``##[error]``... formatting commands;
* a terminal obeys escape sequences (ESC, the C1 controls; OSC 52 writes the clipboard).

Both runners find a prefix with .NET's culture-sensitive ``IndexOf``/``StartsWith``, which may
skip zero-width ("ignorable") characters, so a zero-width character is no way to break a prefix
and a hostile one between ``##`` and ``[`` must not survive either. What is done, once, for the
whole of a text about to be written (:func:`for_stream`; reporters and files keep exact text):

* every control character (C0 but LF and TAB, DEL, C1), format character (zero-width, bidi
  overrides), line or paragraph separator, lone surrogate and default-ignorable character is
  escaped, in the syntax of the format: ``\\x1b`` in a line format, ``\\u001b`` in JSON (the
  same string once parsed), ``&#x1b;`` in XML;
* ``##[`` and ``##vso[`` (in any case) lose their ``[``, written ``\\x5b`` / ``\\u005b`` /
  ``&#91;``; a line whose first non-blank characters are ``::`` loses its first ``:`` the same
  way (``\\x3a``, ``&#58;``), except the commands our own ``github`` and ``azure`` formats write.

Colour is ours only: with colour on, the SGR sequences the text and concise reporters write
(``ESC [ n m``) are kept; a reporter escapes every value it quotes before it paints, so none come
from the data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

AZURE_PREFIX = "##vso["
GITHUB_LEGACY_PREFIX = "##["

# Default-ignorable code points that are not format characters (Unicode DerivedCoreProperties:
# combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian and other variation
# selectors, and the unassigned rest of the tag block and U+2065).
_IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2065\u3164\ufe00-\ufe0f\uffa0\U000e0000-\U000e0fff]"
)
# Candidates: anything but LF, TAB, printable ASCII and the common scripts that hold no unsafe
# character (Latin, IPA, Greek, Cyrillic, Armenian, Hebrew, CJK, Hangul syllables: a test checks
# them); the decision is :func:`unsafe`'s.
SAFE_RANGES = "\x20-\x7e\xa0-\xac\xae-\u033f\u0350-\u05ff\u3200-\u9fff\uac00-\ud7a3"
_CANDIDATE = re.compile(f"[^\n\t{SAFE_RANGES}]")
# Our own styling: SGR sequences only.
_SGR = re.compile("\x1b\\[[0-9;]*m")
# The breakers look for a prefix once every unsafe character is escaped, so nothing hides inside.
_PREFIX = re.compile("##(?:vso)?\\[", re.IGNORECASE)
# What .NET's String.TrimStart trims (Char.IsWhiteSpace), before GitHub's runner looks for "::".
_DOTNET_SPACE = "\t\x0b\x0c\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_LINE_START = re.compile(f"^([{_DOTNET_SPACE}]*):(?=:)", re.MULTILINE)
# The command lines our own CI formats write (github.py and azure.py), kept as they are.
_OWN_COMMAND = {
    "github": re.compile("::(?:error|warning|notice) "),
    "azure": re.compile("##vso\\[task\\.logissue "),
}
LINE_FORMATS = ("text", "concise", "github", "azure")
JSON_FORMATS = ("json", "json-lines", "sarif", "gitlab")
XML_FORMATS = ("junit",)


@lru_cache(maxsize=4096)
def unsafe(char: str) -> bool:
    """Whether ``char`` may drive a terminal, break a line for some reader, or hide inside a CI
    command prefix: controls (but LF and TAB), format characters, line and paragraph separators,
    lone surrogates and default-ignorable code points."""
    if char in "\n\t":
        return False
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs") or _IGNORABLE.match(char) is not None


def _line_escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON spells a character beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _xml_escape(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF or code < 0x20:  # XML cannot carry these even as references
        return "\ufffd"
    return f"&#x{code:x};"


# The ASCII characters that are never candidates (LF, TAB and the printable ones).
_SAFE_ASCII = bytes([0x09, 0x0A, *range(0x20, 0x7F)])


def escape_unsafe(text: str, escape: Callable[[str], str] = _line_escape) -> str:
    """``text`` with every :func:`unsafe` character escaped (``\\x1b``, ``\\u200b`` by default)."""
    if text.isascii() and not text.encode("ascii").translate(None, _SAFE_ASCII):
        # No candidate at all, found in C (a report of 20,000 findings is 11 MB: 0.01 s, against
        # 0.06 s for the expression's pass).
        return text
    return _CANDIDATE.sub(lambda m: escape(m.group()) if unsafe(m.group()) else m.group(), text)


def _break_commands(text: str, bracket: str, colon: str) -> str:
    # Each pattern needs its two characters side by side: a substring test in C spares the regular
    # expression's pass over a report of 20,000 findings (10 MB) that holds neither.
    if "##" in text:
        text = _PREFIX.sub(lambda m: m.group()[:-1] + bracket, text)
    if "::" in text:
        text = _LINE_START.sub(lambda m: m.group(1) + colon, text)
    return text


def defang_line(text: str, own: re.Pattern[str] | None = None, color: bool = False) -> str:
    """A line format (text, github, azure, standard error) made safe for a log and a terminal.

    ``own`` matches the start of the command lines the format writes itself (kept); with
    ``color``, the SGR sequences are kept (the reporter escaped any that came from the data)."""
    out = []
    for line in text.split("\n"):
        head = ""
        match = own.match(line) if own is not None else None
        if match:
            head, line = match.group(), line[match.end() :]
        if color:
            pieces = _SGR.split(line)
            styles = _SGR.findall(line)
            line = "".join(escape_unsafe(p) + (styles[i] if i < len(styles) else "") for i, p in enumerate(pieces))
        else:
            line = escape_unsafe(line)
        # After our own command, the rest of the line is data: no command may start in it either.
        out.append(head + _break_commands(line, "\\x5b", "\\x3a"))
    return "\n".join(out)


def defang_json(text: str) -> str:
    """Serialised JSON: unsafe characters and command prefixes occur only inside strings, where
    ``\\u001b`` is ESC and ``\\u005b`` is ``[``: the document parses to the same values."""
    return _break_commands(escape_unsafe(text, _json_escape), "\\u005b", "\\u003a")


def defang_xml(text: str) -> str:
    """Serialised XML (text and attribute values): ``&#91;`` is ``[``, ``&#58;`` is ``:``."""
    return _break_commands(escape_unsafe(text, _xml_escape), "&#91;", "&#58;")


def for_stream(fmt: str, text: str, color: bool = False) -> str:
    """What is written to standard output (or error) for a report in format ``fmt``."""
    if fmt in JSON_FORMATS:
        return defang_json(text)
    if fmt in XML_FORMATS:
        return defang_xml(text)
    return defang_line(text, _OWN_COMMAND.get(fmt), color)
