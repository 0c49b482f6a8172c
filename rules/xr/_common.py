"""Text the traceability rules (XR003, XR004) share."""

from __future__ import annotations

GOALS_ARTICLE = (
    "Microsoft's Dynamics 365 implementation guide, *Align your Dynamics 365 integration with business "
    "goals*: write the goals from the business perspective first, then match every cross-system "
    "process requirement to one of them (integration checklist items 1-2)"
)
