"""``blueprint-lint server``: the Language Server Protocol over standard input and output (pygls).

On open and save a document is linted at once, on change after a short pause (``debounce_ms`` in
the client's initialization options, 250 ms by default), with every open buffer taking precedence
over its file on disk (linter/lsp/session.py). Each lint publishes the diagnostics of every open
document of the workspace, since an edit in one file can resolve or break references in another.
A configuration change re-lints; a plugin change re-imports the plugin's rules.

No request's failure ends the server: a crash is logged to the client and the request answers
nothing.
"""

from __future__ import annotations

import asyncio
import gc
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls import uris
from pygls.lsp.server import LanguageServer

from linter import __version__
from linter.core.lines import split_lines
from linter.discover.workspace import CONFIG_FILE_NAMES, PYPROJECT
from linter.lsp import features
from linter.lsp.session import LintSession, WorkspaceLint

DEFAULT_DEBOUNCE_MS = 250
# The incremental state is written to the cache once no lint has run for this long: while the
# user types, each lint would otherwise pay a write of the whole workspace's state.
CACHE_WRITE_IDLE_S = 2.0
# The server runs with the cyclic collector off, as the command line does (linter/cli/launch.py):
# collections during a lint would walk the whole model again and again. But every edit leaves the
# replaced file's objects behind, and they are cyclic (a file and its entities refer to each
# other), so the memory would grow with every keystroke's lint. At an idle pause, at most this
# often, one full collection frees them: it walks the whole heap (about 1.2 s on a 20,000-interface
# blueprint), so never while the user types.
COLLECT_EVERY_S = 30.0
_T = TypeVar("_T")


class BlueprintServer(LanguageServer):
    def __init__(self, session: LintSession | None = None) -> None:
        super().__init__("blueprint-lint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.session = session or LintSession()
        self.debounce = DEFAULT_DEBOUNCE_MS / 1000
        self._pending: dict[Path, asyncio.Task[None]] = {}
        self._cache_write: asyncio.TimerHandle | None = None
        self._collected_at = time.monotonic()

    # -- helpers -------------------------------------------------------------------------------------
    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def guarded(self, what: str, action: Callable[[], _T], default: _T) -> _T:
        """Run one request's work; a crash is logged and answers ``default``, never ends the server."""
        try:
            return action()
        except Exception as error:
            self.log(
                f"blueprint-lint: {what} failed: {type(error).__name__}: {error}\n{traceback.format_exc()}",
                types.MessageType.Error,
            )
            return default

    def lines(self, path: Path) -> list[str]:
        text = self.session.buffers.get(path)
        return split_lines(text) if text is not None else []

    # -- linting -------------------------------------------------------------------------------------
    def lint_root(self, root: Path) -> None:
        outcome = self.guarded(f"linting {root}", lambda: self.session.lint(root), None)
        if outcome is not None:
            self.publish(outcome)

    def publish(self, outcome: WorkspaceLint) -> None:
        ruleset = outcome.ruleset or self.session.ruleset
        for path, found in sorted(outcome.diagnostics.items()):
            lines = self.lines(path)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=path.as_uri(), diagnostics=[features.to_lsp(d, lines, ruleset) for d in found]
                )
            )
        for warning in outcome.warnings:
            self.log(f"blueprint-lint: {warning}", types.MessageType.Warning)
        self.session.release_retired()
        self._when_idle_later()

    def _when_idle_later(self) -> None:
        if self._cache_write is not None:
            self._cache_write.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a lint outside the server's loop): write now
            self.write_cache()
            return
        self._cache_write = loop.call_later(CACHE_WRITE_IDLE_S, self.when_idle)

    def when_idle(self) -> None:
        """No lint for a moment: write the deferred cache entries, and collect the garbage if due."""
        self.write_cache()
        self.collect_garbage()

    def collect_garbage(self, now: float | None = None) -> bool:
        """One full collection of the lints' cyclic garbage, when the collector is off and the last
        one is :data:`COLLECT_EVERY_S` old; whether it ran."""
        now = time.monotonic() if now is None else now
        if gc.isenabled() or now - self._collected_at < COLLECT_EVERY_S:
            return False
        self._collected_at = now
        gc.collect()
        return True

    def write_cache(self) -> None:
        if self._cache_write is not None:
            self._cache_write.cancel()
            self._cache_write = None
        self.guarded("writing the cache", self.session.write_cache, None)

    def _cancel_pending(self, path: Path) -> None:
        pending = self._pending.pop(path, None)
        if pending is not None:
            pending.cancel()

    def lint_now(self, path: Path) -> None:
        self._cancel_pending(path)
        self.lint_root(self.session.workspace_of(path))

    def lint_later(self, path: Path) -> None:
        """Lint after the debounce pause; a newer change restarts the pause."""
        self._cancel_pending(path)

        async def wait_then_lint() -> None:
            await asyncio.sleep(self.debounce)
            self._pending.pop(path, None)
            self.lint_root(self.session.workspace_of(path))

        self._pending[path] = asyncio.ensure_future(wait_then_lint())

    def relint_everything(self) -> None:
        for root in self.session.roots(self.session.buffers):
            self.lint_root(root)


server = BlueprintServer()


def _path(uri: str) -> Path:
    fs_path = uris.to_fs_path(uri)
    return Path(fs_path if fs_path is not None else uri)


def _is_configuration(path: Path) -> bool:
    return path.name in CONFIG_FILE_NAMES or path.name == PYPROJECT


# -- lifecycle --------------------------------------------------------------------------------------
@server.feature(types.INITIALIZE)
def initialize(ls: BlueprintServer, params: types.InitializeParams) -> None:
    options: Any = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("debounce_ms"), (int, float)):
        ls.debounce = max(0.0, float(options["debounce_ms"]) / 1000)


@server.feature(types.INITIALIZED)
def initialized(ls: BlueprintServer, params: types.InitializedParams) -> None:
    watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
    if watched and watched.dynamic_registration:
        globs = [f"**/{name}" for name in (*CONFIG_FILE_NAMES, PYPROJECT)] + ["**/*.py"]
        registration = types.Registration(
            id="blueprint-lint-watch",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in globs]
            ),
        )
        ls.client_register_capability(types.RegistrationParams(registrations=[registration]))


# -- documents --------------------------------------------------------------------------------------
@server.feature(types.SHUTDOWN)
def shutdown(ls: BlueprintServer, params: None) -> None:
    """Write what the idle timer had not written yet: the next session starts from it."""
    ls.write_cache()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: BlueprintServer, params: types.DidOpenTextDocumentParams) -> None:
    path = _path(params.text_document.uri)
    ls.session.open(path, params.text_document.text)
    ls.lint_now(path)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: BlueprintServer, params: types.DidChangeTextDocumentParams) -> None:
    path = _path(params.text_document.uri)
    ls.session.open(path, ls.workspace.get_text_document(params.text_document.uri).source)
    ls.lint_later(path)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: BlueprintServer, params: types.DidSaveTextDocumentParams) -> None:
    path = _path(params.text_document.uri)
    if _is_configuration(path):
        ls.relint_everything()
    elif path.suffix == ".py":
        ls.session.reload_rules()
        ls.relint_everything()
    else:
        ls.lint_now(path)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: BlueprintServer, params: types.DidCloseTextDocumentParams) -> None:
    path = _path(params.text_document.uri)
    root = ls.session.workspace_of(path)
    ls.session.close(path)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))
    ls.lint_root(root)  # the others now see the file on disk, not the closed buffer


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: BlueprintServer, params: types.DidChangeWatchedFilesParams) -> None:
    paths = [_path(change.uri) for change in params.changes]
    if any(path.suffix == ".py" for path in paths):
        ls.session.reload_rules()
    if any(_is_configuration(path) or path.suffix == ".py" for path in paths):
        ls.relint_everything()


# -- requests ---------------------------------------------------------------------------------------
@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: BlueprintServer, params: types.HoverParams) -> types.Hover | None:
    path = _path(params.text_document.uri)

    def answer() -> types.Hover | None:
        root = ls.session.workspace_of(path)
        ruleset = ls.session.rulesets.get(root) or ls.session.ruleset
        found = ls.session.published.get(path, [])
        return features.hover(ls.session.models.get(root), ls.lines(path), params.position, found, ruleset)

    return ls.guarded("hover", answer, None)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: BlueprintServer, params: types.DefinitionParams) -> list[types.Location]:
    path = _path(params.text_document.uri)

    def answer() -> list[types.Location]:
        model = ls.session.models.get(ls.session.workspace_of(path))
        return features.definition(model, ls.lines(path), params.position, ls.session.buffers)

    return ls.guarded("definition", answer, [])


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" ", "[", ",", "-"]))
def completion(ls: BlueprintServer, params: types.CompletionParams) -> types.CompletionList:
    path = _path(params.text_document.uri)

    def answer() -> types.CompletionList:
        model = ls.session.models.get(ls.session.workspace_of(path))
        items = features.completion(model, ls.lines(path), params.position)
        return types.CompletionList(is_incomplete=False, items=items)

    return ls.guarded("completion", answer, types.CompletionList(is_incomplete=False, items=[]))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix])
)
def code_action(ls: BlueprintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    path = _path(params.text_document.uri)

    def answer() -> list[types.CodeAction]:
        return features.code_actions(params.text_document.uri, ls.lines(path), list(params.context.diagnostics))

    return ls.guarded("code action", answer, [])


def serve() -> None:
    """Speak LSP over standard input and output until the client says exit."""
    server.start_io()
