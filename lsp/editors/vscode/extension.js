// The VS Code client for sup-lsp: starts the server over stdio for `.sup`
// files. Everything else (diagnostics, hover, completion, navigation,
// rename, quick fixes, outline, semantic highlighting) comes from the server.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate() {
  const config = vscode.workspace.getConfiguration("sup");
  const command = config.get("server.path") || "sup-lsp";
  const today = config.get("today");

  const serverOptions = {
    run: { command, transport: TransportKind.stdio },
    debug: { command, transport: TransportKind.stdio },
  };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "sup" },
      { scheme: "untitled", language: "sup" },
    ],
    initializationOptions: today ? { today } : {},
    synchronize: {
      // A framework changed on disk changes what its policies may say.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.sup"),
      // A changed `sup.today` is sent to the server, which re-checks the
      // open policies at once.
      configurationSection: "sup",
    },
  };

  client = new LanguageClient("sup", "sup language server", serverOptions, clientOptions);
  client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `Cannot start the sup language server (\`${command}\`): ${error.message}. ` +
        "Install it with `cargo install --path lsp`, or set `sup.server.path`."
    );
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
