"""Mapping tables: per mapping, source field → target field with owner, required, transform and
the personal-data flag, as Markdown (a wiki page) or HTML (the report)."""

from __future__ import annotations

from typing import Any

from linter.api import Blueprint, Entity

from .escape import markdown_cell, xml
from .labels import SEPARATOR, one_line

HEADER = ("Source field", "Target field", "Owner", "Required", "Transform", "Personal data")


def _flag(value: Any) -> str:
    return "yes" if value is True else "no" if value is False else ""


def _cell(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    return one_line(str(value), 300) if isinstance(value, (str, int, float)) else ""


def rows(mapping: Entity) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for item in mapping.get_list("fields"):
        if not isinstance(item, dict):
            continue
        found.append(
            (
                _cell(item.get("source")),
                _cell(item.get("target")),
                _cell(item.get("owner")),
                _flag(item.get("required")),
                _cell(item.get("transform")),
                _flag(item.get("personal_data")),
            )
        )
    return found


def caption(mapping: Entity) -> str:
    """``MAP-X · name · source entity → target entity · interface IF-X`` (each part when stated)."""
    source, target = mapping.get_str("source_entity"), mapping.get_str("target_entity")
    entities = f"{one_line(source or '?', 120)} → {one_line(target or '?', 120)}" if source or target else ""
    interface = mapping.get_str("interface")
    parts = [
        mapping.id,
        one_line(mapping.get_str("name") or "", 120),
        entities,
        f"interface {interface}" if interface else "",
    ]
    return SEPARATOR.join(p for p in parts if p)


def markdown(mapping: Entity) -> str:
    lines = [f"**{markdown_cell(caption(mapping))}**", ""]
    lines.append("| " + " | ".join(HEADER) + " |")
    lines.append("|" + "|".join(" --- " for _ in HEADER) + "|")
    for row in rows(mapping):
        lines.append("| " + " | ".join(markdown_cell(c) for c in row) + " |")
    if not rows(mapping):
        lines.append("| " + " | ".join(["(no fields)", *[""] * (len(HEADER) - 1)]) + " |")
    return "\n".join(lines) + "\n"


def html(mapping: Entity) -> str:
    lines = [f'<table class="bl-mapping" data-id="{xml(mapping.id)}">', f"<caption>{xml(caption(mapping))}</caption>"]
    lines.append("<thead><tr>" + "".join(f'<th scope="col">{xml(h)}</th>' for h in HEADER) + "</tr></thead>")
    lines.append("<tbody>")
    for row in rows(mapping):
        lines.append("<tr>" + "".join(f"<td>{xml(c)}</td>" for c in row) + "</tr>")
    lines.append("</tbody>")
    lines.append("</table>")
    return "\n".join(lines) + "\n"


def tables(model: Blueprint, fmt: str) -> list[tuple[str, str]]:
    render = {"markdown": markdown, "html": html}[fmt]
    seen: set[str] = set()
    found = []
    for mapping in model.mappings:
        if not mapping.id or mapping.id in seen:
            continue
        seen.add(mapping.id)
        found.append((mapping.id, render(mapping)))
    return found
