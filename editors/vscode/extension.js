// The dflow extension: a thin client that starts `dflow lsp` for .flow and .flow.yaml files.
// Everything it shows (diagnostics, hover, completion, rename…) comes from the server.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("dflow").get("server.command", ["dflow", "lsp"]);
  client = new LanguageClient(
    "dflow",
    "dflow",
    { command, args },
    {
      documentSelector: [
        { scheme: "file", language: "flow" },
        { scheme: "file", pattern: "**/*.flow.yaml" },
        { scheme: "file", pattern: "**/*.flow.yml" },
      ],
      // A changed actions module changes which calls are right: the server probes the modules again.
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.py") },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
