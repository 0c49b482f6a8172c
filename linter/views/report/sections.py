"""What both renderers call the report's sections, so the HTML and Markdown reports read alike."""

from __future__ import annotations

# (anchor key, heading) of the sections each workspace gets, in order.
WORKSPACE_SECTIONS: tuple[tuple[str, str], ...] = (
    ("integration", "Integration diagram"),
    ("systems", "Systems and platforms"),
    ("interactions", "Interaction diagrams"),
    ("traceability", "Traceability matrix"),
    ("coverage", "Coverage"),
    ("capacity", "Capacity"),
    ("interfaces", "Interfaces"),
)
SEVERITY_TITLES: dict[str, str] = {"error": "Errors", "warning": "Warnings", "info": "Information"}


def count(number: int, kind: str) -> str:
    """``3 processes``, ``1 goal``."""
    if number == 1:
        return f"{number} {kind}"
    return f"{number} {kind}{'es' if kind.endswith('s') else 's'}"


def count_findings(number: int, severity: str) -> str:
    """``2 errors``, ``1 warning``, ``3 information``."""
    if severity == "info":
        return f"{number} information"
    return count(number, severity)
