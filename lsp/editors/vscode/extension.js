// The VS Code client for sup-lsp: starts the server over stdio for `.sup`
// files. Everything else (diagnostics, hover, completion, navigation,
// rename, quick fixes, outline, semantic highlighting) comes from the server.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function createClient() {
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
    // No file watcher here: the server registers its own for `**/*.sup`
    // (a framework changed on disk changes what its policies may say), and
    // a second one would deliver every change twice.
    synchronize: {
      // A changed `sup.today` is sent to the server, which re-checks the
      // open policies at once.
      configurationSection: "sup",
    },
  };
  const created = new LanguageClient("sup", "sup language server", serverOptions, clientOptions);
  return { created, command };
}

async function start() {
  const { created, command } = createClient();
  client = created;
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `Cannot start the sup language server (\`${command}\`): ${error.message}. ` +
        "Install it with `cargo install --path lsp`, or set `sup.server.path`."
    );
  }
}

async function stop() {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch (_) {
      // A server that never started, or has already gone, has nothing to stop.
    }
  }
}

function activate(context) {
  // Disposed with the extension, so a reload or uninstall stops the server.
  context.subscriptions.push({ dispose: () => stop() });
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      // The server program is chosen at start: a new path needs a new
      // client. Other `sup.*` settings reach the running server as they are.
      if (event.affectsConfiguration("sup.server.path")) {
        await stop();
        await start();
      }
    })
  );
  return start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
