"""Text and vocabulary the operability rules share."""

from __future__ import annotations

PATTERN_ARTICLE = "*Choose the right pattern for your integration strategy* (Dynamics 365 implementation guide)"
PLATFORM_ARTICLE = (
    "*Select the ideal platform for your Dynamics 365 apps integration* (Dynamics 365 implementation guide)"
)
CHALLENGES_ARTICLE = "*Overcome integration challenges in Dynamics 365 projects* (Dynamics 365 implementation guide)"
# Criticalities that call for continuity plans and performance tests.
CRITICAL = ("high", "mission_critical")
