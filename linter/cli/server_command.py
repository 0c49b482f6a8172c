"""``blueprint-lint server``: the language server (linter/lsp/), imported only when asked for."""

from __future__ import annotations

import click


@click.command("server")
@click.option("--stdio", is_flag=True, help="Speak over standard input and output (the default and only transport).")
def server(stdio: bool) -> None:
    """Run the language server (LSP over stdio): rule findings, hover, go-to-definition, completion
    and quick fixes in the editor. See the README's "Editors" section for the set-up."""
    from linter.lsp.server import serve

    serve()
