"""What makes an interface record complete: the definitions the completeness rules (CP002, CP003)
and the coverage figures (``linter.model.coverage``) share, so a figure and a rule never disagree
about what "states its frequency" means.

Each ``*_gaps`` function returns the problems of one interface as ``(relative path, message)``;
an empty list means the interface states the fact (or, for a value of the wrong type, that the
schema reports it instead). The ``states_*`` predicates are stricter: the fact must be stated, of
the right type, with nothing missing.
"""

from __future__ import annotations

from linter.model.blueprint import Entity

# User-interface mechanisms: embedding, not data exchange, so they move no messages and no records.
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


def frequency_gaps(interface: Entity) -> list[tuple[str, str]]:
    """What the interface's ``frequency`` lacks: a mode, and for ``mode: scheduled`` an interval or
    a schedule. A frequency of the wrong type is left to the schema (no gap)."""
    frequency = interface.get_dict("frequency")
    if frequency is None:
        if interface.get("frequency") is None:
            return [("frequency", f"{interface.label} has no frequency")]
        return []
    mode = frequency.get("mode")
    if not mode:
        return [("frequency", f"the frequency of {interface.label} has no mode")]
    if mode == "scheduled" and not (frequency.get("interval") or frequency.get("schedule")):
        return [
            (
                "frequency/mode",
                f"{interface.label} runs on a schedule but its frequency has neither an interval nor a schedule",
            )
        ]
    return []


def states_frequency(interface: Entity) -> bool:
    """The interface has a ``frequency`` mapping with nothing :func:`frequency_gaps` reports."""
    return interface.get_dict("frequency") is not None and not frequency_gaps(interface)


def needs_volume(interface: Entity) -> bool:
    """Whether a volume is asked for: every interface but a user-interface embedding."""
    return not is_ui_integration(interface)


def volume_gaps(interface: Entity) -> list[tuple[str, str]]:
    """What the interface's ``volume`` lacks: an average and a peak, each a count per time unit.
    Values of the wrong type are left to the schema (no gap); an embedding has none."""
    if not needs_volume(interface):
        return []
    volume = interface.get_dict("volume")
    if volume is None:
        if interface.get("volume") is None:
            return [("volume", f"{interface.label} has no volume")]
        return []
    gaps: list[tuple[str, str]] = []
    for part in ("average", "peak"):
        rate = volume.get(part)
        if rate is None:
            gaps.append((f"volume/{part}", f"{interface.label} has no {part} volume"))
        elif isinstance(rate, dict):
            missing = [key for key in ("count", "per") if rate.get(key) is None]
            if missing:
                what = " and ".join(missing)
                gaps.append(
                    (
                        f"volume/{part}",
                        f"the {part} volume of {interface.label} has no {what} (a volume is a count per time unit)",
                    )
                )
    return gaps


def states_volume(interface: Entity) -> bool:
    """The interface has a ``volume`` whose average and peak are both count-per-unit mappings with
    nothing :func:`volume_gaps` reports (only meaningful when :func:`needs_volume`)."""
    volume = interface.get_dict("volume")
    if volume is None or volume_gaps(interface):
        return False
    return all(isinstance(volume.get(part), dict) for part in ("average", "peak"))
