"""How the diagrams word an interface: ``IF-ORDERS · near real time · every 15 minutes · 6,000/h peak``.

Rates and durations are read by the rules' own helpers (``rules/_shared/units.py`` and the capacity
rules' number format), so a diagram says what a finding says: the same periods (``per``), the same
ISO 8601 durations, the same ``7,400`` figures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from linter.api import Entity

if TYPE_CHECKING:
    # mypy checks the rules directory as the package `rules`; it is installed as `blueprint_lint_rules`.
    from rules import ca
    from rules._shared import units
else:
    from blueprint_lint_rules import ca
    from blueprint_lint_rules._shared import units

# ``per`` of a rate (the schema's enum, ``units.SECONDS_PER`` plus ``run``) as a short suffix.
PER_SHORT: dict[str, str] = {
    "minute": "/min",
    "five_minutes": "/5 min",
    "hour": "/h",
    "day": "/day",
    "week": "/week",
    "month": "/month",
    "run": "/run",
}
SEPARATOR = " · "


def words(value: str | None) -> str:
    """An enum value in words: ``near_real_time`` → ``near real time``."""
    return (value or "").replace("_", " ").strip()


def kind_words(kind: str | None) -> str:
    text = words(kind)
    return text.replace("d365 ", "D365 ").replace("lob", "LOB") if text else ""


def rate_text(entity: Entity, which: str = "peak") -> str:
    """``volume.<which>`` as ``6,000/h``; empty when it is missing or not a rate the rules read."""
    count = entity.get_number(f"volume/{which}/count")
    per = entity.get_str(f"volume/{which}/per")
    if count is None or per not in PER_SHORT or count < 0:
        return ""
    return f"{ca.format_number(count)}{PER_SHORT[per]}"


def timing_text(interface: Entity) -> str:
    """The timing in words, else the patterns (``push + batching``)."""
    timing = words(interface.get_str("timing"))
    if timing:
        return timing
    return " + ".join(words(p) for p in interface.get_str_list("pattern") if p)


def frequency_text(interface: Entity, *, skip: str = "") -> str:
    """The cadence: ``every 1 day``, ``cron 0 2 * * *``, or the mode in words; ``skip`` leaves out a
    mode already said (a near-real-time interface whose frequency is near real time too)."""
    interval = units.duration_seconds(interface.get("frequency/interval"))
    schedule = interface.get_str("frequency/schedule")
    window = interface.get_str("frequency/window")
    if interval:
        text = f"every {units.describe_seconds(interval)}"
    elif schedule:
        text = f"cron {schedule.strip()}"
    else:
        text = words(interface.get_str("frequency/mode"))
        if text == skip:
            text = ""
    if window and units.window_minutes(window) is not None:
        text = f"{text} {window.strip()}".strip()
    return text


def interface_label(interface: Entity) -> str:
    """The edge label: id · timing or pattern · frequency · peak volume (each part when stated)."""
    timing = timing_text(interface)
    peak = rate_text(interface, "peak")
    parts = [interface.id, timing, frequency_text(interface, skip=timing), f"{peak} peak" if peak else ""]
    return SEPARATOR.join(part for part in parts if part)


def one_line(text: str, limit: int = 200) -> str:
    """Whitespace (newlines included) folded to single spaces, cut at ``limit`` characters."""
    folded = " ".join(text.split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"
