"""Mechanism vocabulary that rules of more than one family share."""

from __future__ import annotations

# User-interface mechanisms: embedding, not data exchange (CN005), so they move no messages (OP002)
# and never call the Dataverse API as a client (the capacity model).
UI_MECHANISMS = frozenset(
    {
        "fo_iframe",
        "fo_embedded_power_apps",
        "fo_embedded_power_bi",
        "pcf",
        "canvas_app",
        "html_web_resource",
        "channel_integration_framework",
    }
)
