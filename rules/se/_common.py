"""Text the security rules share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

TECHTALK = (
    "the Dynamics 365 TechTalk on general integration guidance (Microsoft Entra ID and OAuth for "
    "authentication, secrets and certificates in Azure Key Vault, HTTPS with TLS 1.2 in transit, compliance for PII)"
)
PII_ARTICLES = """
*Choose the right pattern for your integration strategy* (Dynamics 365 implementation guide) lists
local privacy rules among the topology factors and asks that monitoring respect security and
privacy; the implementation guide's finance and operations data management guidance asks teams to
identify, tag and classify personal data and not to store it unless needed; the Dynamics 365
TechTalk on general integration guidance asks for compliance for PII
"""


def field_names(field: dict[str, Any]) -> list[str]:
    """The source and target names a mapped field gives."""
    return [n for n in (field.get("source"), field.get("target")) if isinstance(n, str) and n]


def field_label(names: Sequence[str], index: int) -> str:
    """How messages name a mapped field: ``'email' → 'emailaddress1'``, else its position (``#2``)."""
    return " → ".join(f"'{n}'" for n in names) or f"#{index + 1}"
