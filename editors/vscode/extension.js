// A minimal client for `blueprint-lint server`: it starts the server over stdio for YAML files and
// leaves everything else (linting, workspaces, configuration) to the server.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("blueprintLint");
  const command = settings.get("path", "blueprint-lint");
  const serverOptions = { command, args: ["server"], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "yaml" }],
    initializationOptions: { debounce_ms: settings.get("debounceMs", 250) },
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{.blueprint-lint.yaml,.blueprint-lint.yml,pyproject.toml,*.py}"),
    },
  };
  client = new LanguageClient("blueprint-lint", "blueprint-lint", serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
