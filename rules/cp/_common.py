"""Text the interface-record completeness rules (CP002, CP003, CP007) share."""

from __future__ import annotations

BLUEPRINT_SENTENCE = (
    "Microsoft's Dynamics 365 implementation guide, *Align your Dynamics 365 integration with business "
    "goals*, asks that the blueprint evolve to carry interface touchpoints, frequency, volume information "
    "and links to ALM resources such as functional design documents"
)
