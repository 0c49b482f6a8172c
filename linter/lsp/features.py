"""The editor features over a linted model: hover, go-to-definition, completion, code actions.

Pure functions of (the workspace's model, the document's lines, its diagnostics, the rules): the
server (linter/lsp/server.py) only wires them to the protocol.
"""

from __future__ import annotations

import re
from pathlib import Path

from lsprotocol import types

from linter.api import Diagnostic, Entity, RuleSet
from linter.core.diagnostics import Severity
from linter.core.lines import split_lines
from linter.lsp.positions import code_point_column, to_range, word_at
from linter.model.blueprint import KIND_LABELS, REFERENCE_FIELDS, Blueprint
from linter.report.sarif import help_uri

SOURCE = "blueprint-lint"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}

# The key that holds a reference → the kind it names (REFERENCE_FIELDS' last step, e.g.
# ``steps/[]/interface`` → ``interface``), for completion.
REFERENCE_KEYS: dict[str, str] = {
    path.replace("/[]", "").rsplit("/", 1)[-1]: kind for fields in REFERENCE_FIELDS.values() for path, kind in fields
}
# `key: partial`, `key: [a, partial`, `- key: partial` on the cursor's line, up to the cursor.
_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?(?P<key>[A-Za-z_][\w-]*)\s*:\s*[^#]*$")
# `- partial` (a block list item) on the cursor's line.
_LIST_ITEM = re.compile(r"^(?P<indent>\s*)-\s+[^:#]*$")
_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?:-\s+)?(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?:#.*)?$")
# XR001's message carries its suggestion as "(did you mean 'X'?)"; the quick fix offers X.
_DID_YOU_MEAN = re.compile(r"\(did you mean '([^']+)'\?\)")
_REASON = "<reason>"


# -- diagnostics -------------------------------------------------------------------------------------
def to_lsp(diagnostic: Diagnostic, lines: list[str], ruleset: RuleSet) -> types.Diagnostic:
    rule = ruleset.find(diagnostic.code)
    uri = help_uri(rule) if rule is not None else ""
    description = types.CodeDescription(href=uri) if uri else None
    return types.Diagnostic(
        range=to_range(diagnostic.span, lines),
        message=diagnostic.message,
        severity=_SEVERITY.get(diagnostic.severity, types.DiagnosticSeverity.Warning),
        code=diagnostic.code,
        code_description=description,
        source=SOURCE,
        data={"name": diagnostic.name, "pointer": diagnostic.pointer},
    )


# -- hover -----------------------------------------------------------------------------------------
def hover(
    model: Blueprint | None,
    lines: list[str],
    position: types.Position,
    diagnostics: list[Diagnostic],
    ruleset: RuleSet,
) -> types.Hover | None:
    """The rule's documentation for a diagnostic under the cursor, else the entity an id names."""
    documented: dict[str, str] = {}  # by code: two findings of one rule show its text once
    for diagnostic in diagnostics:
        if _covers(to_range(diagnostic.span, lines), position):
            rule = ruleset.find(diagnostic.code)
            if rule is not None and rule.code not in documented:
                documented[rule.code] = rule.documentation()
    if documented:
        return types.Hover(
            contents=types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(documented.values()))
        )
    if model is None:
        return None
    found = word_at(lines, position)
    if found is None:
        return None
    word, word_range = found
    entities = model.with_id(word)
    if not entities:
        return None
    text = "\n\n---\n\n".join(describe(entity) for entity in entities)
    return types.Hover(contents=types.MarkupContent(types.MarkupKind.Markdown, text), range=word_range)


def describe(entity: Entity) -> str:
    """A short Markdown summary of an entity: what a reviewer wants to see at a reference."""
    head = f"**{KIND_LABELS[entity.kind]} {entity.id}**"
    where = f"*{entity.source.display}*"
    if entity.kind == "goal":
        body = [entity.get_str("statement") or ""]
    elif entity.kind in {"system", "platform", "identity"}:
        body = [" · ".join(v for v in (entity.get_str("name"), entity.get_str("kind")) if v)]
    elif entity.kind == "interface":
        route = f"{entity.get_str('source') or '?'} → {entity.get_str('target') or '?'}"
        pattern = ", ".join(entity.get_str_list("pattern"))
        facts = [v for v in (route, entity.get_str("mechanism"), pattern, entity.get_str("frequency/mode")) if v]
        body = [entity.get_str("name") or "", " · ".join(facts)]
    elif entity.kind == "alm_link":
        body = [" · ".join(v for v in (entity.get_str("type"), entity.get_str("title")) if v)]
    else:
        body = [entity.get_str("name") or ""]
    return "\n\n".join(part for part in (head, *body, where) if part)


def _covers(rng: types.Range, position: types.Position) -> bool:
    start, end = (rng.start.line, rng.start.character), (rng.end.line, rng.end.character)
    return start <= (position.line, position.character) <= end


# -- definition ----------------------------------------------------------------------------------
def definition(
    model: Blueprint | None, lines: list[str], position: types.Position, buffers: dict[Path, str]
) -> list[types.Location]:
    """Where the id under the cursor is declared, in any file of the workspace."""
    if model is None:
        return []
    found = word_at(lines, position)
    if found is None:
        return []
    locations = []
    for entity in model.with_id(found[0]):
        locator = entity.source.locator
        if locator is None:
            continue
        span = locator.span(f"{entity.pointer}/id")
        path = entity.source.path
        locations.append(types.Location(uri=path.as_uri(), range=to_range(span, _lines_of(path, buffers))))
    return locations


def _lines_of(path: Path, buffers: dict[Path, str]) -> list[str]:
    """Another file's lines, for its UTF-16 columns: the open buffer, else the file on disk."""
    if path in buffers:
        return split_lines(buffers[path])
    try:
        return split_lines(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return []  # columns then count code points, which only differ past the BMP


# -- completion -----------------------------------------------------------------------------------
def reference_kind(lines: list[str], position: types.Position) -> str | None:
    """The kind of id a reference position at the cursor expects (``goals:`` → goal), if any."""
    if position.line >= len(lines):
        return None
    line = lines[position.line]
    before = line[: code_point_column(line, position.character)]
    match = _KEY_VALUE.match(before)
    if match is not None:
        return REFERENCE_KEYS.get(match.group("key"))
    item = _LIST_ITEM.match(before)
    if item is None:
        return None
    indent = len(item.group("indent"))
    for row in range(position.line - 1, -1, -1):
        above = _KEY_LINE.match(lines[row])
        if above is not None and len(above.group("indent")) <= indent:
            return REFERENCE_KEYS.get(above.group("key"))
        if lines[row].strip() and len(lines[row]) - len(lines[row].lstrip()) < indent:
            return None
    return None


def completion(model: Blueprint | None, lines: list[str], position: types.Position) -> list[types.CompletionItem]:
    """The declared ids of the kind the reference position expects."""
    kind = reference_kind(lines, position)
    if kind is None or model is None:
        return []
    items = []
    for entity in sorted(model.entities(kind), key=lambda e: e.id):
        if not entity.id:
            continue
        items.append(
            types.CompletionItem(
                label=entity.id,
                kind=types.CompletionItemKind.Reference,
                detail=f"{KIND_LABELS[kind]} · {entity.source.display}",
                documentation=types.MarkupContent(types.MarkupKind.Markdown, describe(entity)),
            )
        )
    return items


# -- code actions ---------------------------------------------------------------------------------
def code_actions(uri: str, lines: list[str], diagnostics: list[types.Diagnostic]) -> list[types.CodeAction]:
    """For each of our diagnostics: the "did you mean" replacement where there is one, then
    "suppress on this line" and "suppress in this file" with a reason placeholder."""
    actions: list[types.CodeAction] = []
    for diagnostic in diagnostics:
        if diagnostic.source != SOURCE or not isinstance(diagnostic.code, str):
            continue
        code = diagnostic.code
        suggestion = _DID_YOU_MEAN.search(diagnostic.message)
        if suggestion is not None:
            actions.append(
                _edit_action(
                    f"Replace with '{suggestion.group(1)}'",
                    uri,
                    types.TextEdit(diagnostic.range, suggestion.group(1)),
                    diagnostic,
                    preferred=True,
                )
            )
        row = diagnostic.range.start.line
        line = lines[row] if row < len(lines) else ""
        indent = line[: len(line) - len(line.lstrip(" "))]
        next_line = types.TextEdit(
            types.Range(types.Position(row, 0), types.Position(row, 0)),
            f"{indent}# blueprint-lint: disable-next-line={code} -- {_REASON}\n",
        )
        actions.append(_edit_action(f"Suppress {code} on this line", uri, next_line, diagnostic))
        top = _file_comment_line(lines)
        whole_file = types.TextEdit(
            types.Range(types.Position(top, 0), types.Position(top, 0)),
            f"# blueprint-lint: disable-file={code} -- {_REASON}\n",
        )
        actions.append(_edit_action(f"Suppress {code} in this file", uri, whole_file, diagnostic))
    return actions


def _file_comment_line(lines: list[str]) -> int:
    """Below the leading comments (a ``yaml-language-server`` modeline stays first)."""
    row = 0
    while row < len(lines) and lines[row].startswith("#"):
        row += 1
    return row


def _edit_action(
    title: str, uri: str, edit: types.TextEdit, diagnostic: types.Diagnostic, preferred: bool = False
) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
        is_preferred=preferred or None,
    )
