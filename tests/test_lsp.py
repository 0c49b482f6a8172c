"""The language server, driven by a real LSP client (pytest-lsp) over stdio.

A two-file workspace: the systems and goals in one file, an interface in the other with an
unresolved goal reference (XR001, with a "did you mean") and no volume (CP003).
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

WORKSPACE = Path(__file__).parent / "fixtures" / "lsp"
CACHE = Path(os.environ.get("TMPDIR", "/tmp")) / f"blueprint-lint-test-lsp-{os.getpid()}"

_ENV = {**os.environ, "BLUEPRINT_LINT_CACHE_DIR": str(CACHE)}


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "linter", "server"], server_env=_ENV)
)
async def client(lsp_client: LanguageClient):
    params = types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        root_uri=WORKSPACE.as_uri(),
        initialization_options={"debounce_ms": 0},
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


INTERFACE = WORKSPACE / "interfaces.yaml"
SYSTEMS = WORKSPACE / "systems.yaml"


async def _open(client: LanguageClient, path: Path, text: str | None = None) -> list[types.Diagnostic]:
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text or path.read_text())
        )
    )
    return await _diagnostics(client, uri)


async def _diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """The next diagnostics published for ``uri`` (the caller clears the previous ones first):
    polled, since one lint publishes every open document at once."""
    for _ in range(1200):
        if uri in client.diagnostics:
            return list(client.diagnostics[uri])
        await asyncio.sleep(0.05)
    raise AssertionError(f"no diagnostics published for {uri} within 60 s")


def _by_code(diagnostics: list[types.Diagnostic]) -> dict[str, types.Diagnostic]:
    return {str(d.code): d for d in diagnostics}


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines()) if needle in line)


@pytest.mark.asyncio
async def test_open_publishes_rule_findings_at_their_ranges(client: LanguageClient) -> None:
    text = INTERFACE.read_text()
    found = _by_code(await _open(client, INTERFACE))
    assert {"XR001", "CP003"} <= found.keys(), found.keys()

    unresolved = found["XR001"]
    row = _line_of(text, "G-ONBORDING")
    column = text.splitlines()[row].index("G-ONBORDING")
    assert unresolved.range == types.Range(types.Position(row, column), types.Position(row, column + 11))
    assert unresolved.severity == types.DiagnosticSeverity.Error
    assert unresolved.source == "blueprint-lint"
    assert unresolved.code_description is not None and "rules.md" in unresolved.code_description.href
    assert "did you mean 'G-ONBOARDING'" in unresolved.message

    volume = found["CP003"]
    assert volume.range.start.line == _line_of(text, "id: IF-SIGNUP")


@pytest.mark.asyncio
async def test_an_edit_that_fixes_one_finding_republishes(client: LanguageClient) -> None:
    text = INTERFACE.read_text()
    await _open(client, INTERFACE)
    row = _line_of(text, "G-ONBORDING")
    column = text.splitlines()[row].index("G-ONBORDING")
    client.diagnostics.pop(INTERFACE.as_uri(), None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=INTERFACE.as_uri(), version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(row, column), types.Position(row, column + 11)),
                    text="G-ONBOARDING",
                )
            ],
        )
    )
    after = _by_code(await _diagnostics(client, INTERFACE.as_uri()))
    assert "XR001" not in after
    assert "CP003" in after  # the other finding stays


@pytest.mark.asyncio
async def test_unsaved_buffer_of_another_file_takes_precedence(client: LanguageClient) -> None:
    # Declaring the misspelt goal in the (unsaved) systems buffer resolves the reference.
    await _open(client, INTERFACE)
    systems = SYSTEMS.read_text().replace(
        "goals:\n", "goals:\n  - {id: G-ONBORDING, statement: A goal with that spelling, owner: Sales}\n", 1
    )
    client.diagnostics.pop(INTERFACE.as_uri(), None)
    await _open(client, SYSTEMS, systems)
    # Opening a document re-lints every open document of its workspace.
    assert "XR001" not in _by_code(await _diagnostics(client, INTERFACE.as_uri()))


@pytest.mark.asyncio
async def test_hover_definition_completion_and_code_actions(client: LanguageClient) -> None:
    text = INTERFACE.read_text()
    diagnostics = await _open(client, INTERFACE)
    uri = types.TextDocumentIdentifier(uri=INTERFACE.as_uri())

    # Hover on the diagnostic: the rule's explain text.
    row = _line_of(text, "G-ONBORDING")
    column = text.splitlines()[row].index("G-ONBORDING") + 2
    hover = await client.text_document_hover_async(types.HoverParams(uri, types.Position(row, column)))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "XR001" in hover.contents.value and "unresolved-reference" in hover.contents.value

    # Hover on an id: the entity it names.
    row = _line_of(text, "source: SYS-CRM")
    column = text.splitlines()[row].index("SYS-CRM") + 1
    hover = await client.text_document_hover_async(types.HoverParams(uri, types.Position(row, column)))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "system SYS-CRM" in hover.contents.value and "Dynamics 365 Sales" in hover.contents.value

    # Definition: the declaration in the other file.
    found = await client.text_document_definition_async(types.DefinitionParams(uri, types.Position(row, column)))
    assert isinstance(found, list) and len(found) == 1
    systems_text = SYSTEMS.read_text()
    declared = _line_of(systems_text, "id: SYS-CRM")
    assert found[0].uri == SYSTEMS.as_uri()
    assert found[0].range.start == types.Position(declared, systems_text.splitlines()[declared].index("SYS-CRM"))

    # Completion in a reference position offers the declared ids of that kind.
    row = _line_of(text, "target:")
    end = len(text.splitlines()[row])
    completion = await client.text_document_completion_async(types.CompletionParams(uri, types.Position(row, end)))
    assert completion is not None
    labels = {item.label for item in (completion.items if isinstance(completion, types.CompletionList) else completion)}
    assert labels == {"SYS-CRM", "SYS-ERP"}

    # Code actions: the did-you-mean replacement and the two suppressions.
    unresolved = _by_code(diagnostics)["XR001"]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(uri, unresolved.range, types.CodeActionContext(diagnostics=[unresolved]))
    )
    assert actions is not None
    titles = [a.title for a in actions if isinstance(a, types.CodeAction)]
    assert titles == ["Replace with 'G-ONBOARDING'", "Suppress XR001 on this line", "Suppress XR001 in this file"]
    replace = actions[0]
    assert isinstance(replace, types.CodeAction) and replace.edit is not None and replace.edit.changes is not None
    assert replace.edit.changes[INTERFACE.as_uri()][0].new_text == "G-ONBOARDING"
    suppress_line = actions[1]
    assert isinstance(suppress_line, types.CodeAction) and suppress_line.edit and suppress_line.edit.changes
    edit = suppress_line.edit.changes[INTERFACE.as_uri()][0]
    assert edit.new_text.strip() == "# blueprint-lint: disable-next-line=XR001 -- <reason>"
    assert edit.range.start.line == unresolved.range.start.line


PLUGIN_PATH = Path(__file__).parent / "fixtures" / "lsp_plugin"


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "linter", "server"],
        server_env={
            **_ENV,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(PLUGIN_PATH), os.environ.get("PYTHONPATH")])),
        },
    )
)
async def crashing_client(lsp_client: LanguageClient):
    params = types.InitializeParams(capabilities=types.ClientCapabilities(), initialization_options={"debounce_ms": 0})
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_a_rule_that_raises_does_not_end_the_server(crashing_client: LanguageClient) -> None:
    found = _by_code(await _open(crashing_client, INTERFACE))
    assert "IE001" in found and "ZZ001" in found["IE001"].message  # reported, as `check` reports it
    assert "XR001" in found  # the other rules still ran
    # The server still answers requests, and re-lints after a change.
    text = INTERFACE.read_text()
    row = _line_of(text, "source: SYS-CRM")
    hover = await crashing_client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(INTERFACE.as_uri()), types.Position(row, 12))
    )
    assert hover is not None
    # A request the server cannot answer (a position past the document) answers nothing.
    past = await crashing_client.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(INTERFACE.as_uri()), types.Position(999, 0))
    )
    assert not past
