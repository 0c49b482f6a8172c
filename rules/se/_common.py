"""Text the security rules share."""

from __future__ import annotations

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
