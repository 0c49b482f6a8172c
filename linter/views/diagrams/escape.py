"""Escaping untrusted blueprint text for each format the diagrams write.

Every name, id, action and description comes from the blueprint and may hold anything
(``<script>``, quotes, ``|``, ``]``, backticks, newlines); nothing reaches an output unescaped.
"""

from __future__ import annotations

import re

# Characters Mermaid may show as they are inside a quoted label (and printable non-ASCII ones: no
# Mermaid syntax is outside ASCII; format characters such as bidi overrides are not printable);
# everything else becomes an entity code (``#35;`` is ``#``), which Mermaid turns into an HTML character reference.
_MERMAID_SAFE = re.compile(r"[A-Za-z0-9 .,:/_+\-·'→()*!?=@~^$]")
_MERMAID_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


def mermaid_text(text: str) -> str:
    """A label for a quoted Mermaid string, a message or a note: one line, entity-coded."""
    folded = " ".join(text.split())
    out = []
    for char in folded:
        safe = _MERMAID_SAFE.fullmatch(char) or (ord(char) > 127 and char.isprintable())
        out.append(char if safe else f"#{ord(char)};")
    return "".join(out)


def mermaid_ids(ids: list[str], prefix: str) -> dict[str, str]:
    """A Mermaid identifier for each id: readable (``s_SYS_CS``), unique, never a keyword."""
    taken: set[str] = set()
    found: dict[str, str] = {}
    for raw in ids:
        if raw in found:
            continue
        base = f"{prefix}_{_MERMAID_ID_UNSAFE.sub('_', raw)}"[:60]
        name, count = base, 1
        while name in taken:
            count += 1
            name = f"{base}_{count}"
        taken.add(name)
        found[raw] = name
    return found


def dot_string(text: str) -> str:
    """A DOT double-quoted string (quotes included); newlines become centred line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c if c == "\n" or (ord(c) >= 32 and ord(c) != 127) else " " for c in text)
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"'


# What XML cannot hold: control characters but tab and line feed, lone surrogates, U+FFFE, U+FFFF.
_XML_DROP = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def xml(text: str) -> str:
    """Text or an attribute value for XML/HTML (``&``, ``<``, ``>``, both quotes), control characters dropped."""
    # One regular expression, not a test per character: the report escapes millions of labels.
    cleaned = _XML_DROP.sub("", text)
    return (
        cleaned.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def markdown_cell(text: str) -> str:
    """A Markdown table cell: one line, ``|`` and inline markup backslash-escaped, ``&<>`` as
    entities (so no renderer, whatever it makes of backslashes, ever sees a tag)."""
    folded = " ".join(text.split())
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", folded)
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
