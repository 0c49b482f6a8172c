"""Keeping quoted blueprint text from driving a CI runner.

Messages and excerpts quote values from the linted files, which may come from an untrusted pull
request. The Azure Pipelines agent executes a logging command found *anywhere* in a line of the
log (``##vso[...]``), so any report printed to standard output in a pipeline could be made to set
variables or upload files by a crafted key. Each format breaks the prefix in a way its readers
undo or ignore: JSON writes the ``[`` as ``\\u005b`` (the same string once parsed), XML as
``&#91;``, and line formats put a zero-width non-joiner between ``##vso`` and ``[``.
GitHub's workflow commands only count at the start of a line, which the line formats never give
to quoted text (control characters are escaped).
"""

from __future__ import annotations

AZURE_PREFIX = "##vso["


def defang_json(text: str) -> str:
    """For serialised JSON: the prefix only ever occurs inside strings, where ``\\u005b`` is ``[``."""
    return text.replace(AZURE_PREFIX, "##vso\\u005b")


def defang_xml(text: str) -> str:
    return text.replace(AZURE_PREFIX, "##vso&#91;")


def defang_line(text: str) -> str:
    return text.replace(AZURE_PREFIX, "##vso\u200c[")
