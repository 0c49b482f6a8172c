"""Guidance citations that the rationales of more than one rule family share."""

from __future__ import annotations

PATTERN_ARTICLE = (
    "Microsoft's Dynamics 365 implementation guide, *Choose the right pattern for your integration strategy*"
)
DESIGN_ARTICLE = (
    "Microsoft's Dynamics 365 implementation guide, *Choose the right design for your Dynamics 365 "
    "apps integration*: identify the system of record (owner) for each piece of data; ownership may "
    "be split by field, for example Sales owns name and contact data while Finance owns the credit "
    "limit and payment terms"
)
