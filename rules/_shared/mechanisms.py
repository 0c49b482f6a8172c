"""Mechanism vocabulary that rules of more than one family share."""

from __future__ import annotations

from linter.api import Entity

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


def is_ui_integration(interface: Entity) -> bool:
    """Whether the interface is a user-interface embedding rather than a data or process feed:
    ``integration_type: ui``, or a UI mechanism when no integration type is stated. An embedding
    shows data where it lives (an embedded Power BI tile, a canvas app, an IFrame): it moves no
    records, carries no message payload and has no message to retry."""
    integration_type = interface.get_str("integration_type")
    if integration_type is not None:
        return integration_type == "ui"
    return interface.get_str("mechanism") in UI_MECHANISMS
