// The VS Code client for sup-lsp: starts the server over stdio for `.sup`
// files. Everything else (diagnostics, hover, completion, navigation,
// rename, quick fixes, outline, semantic highlighting) comes from the server.
"use strict";

const fs = require("fs");
const path = require("path");
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

const NAME = "sup language server";
const INSTALL_HINT = "Install it with `cargo install --path lsp`, or set `sup.server.path`.";

// One channel for the extension's life: a client made for a new
// `sup.server.path` writes to the same one instead of adding another.
let output;
let client;

// While the client starts, a failure is reported once, by `start`, with
// the reason and what to do; the library's own notice ("couldn't create
// connection to server") would be a second, less useful one. It still goes
// to the output channel.
class SupClient extends LanguageClient {
  error(message, data, showNotification = true) {
    super.error(message, data, this.supStarting ? false : showNotification);
  }
}

// Why `command` cannot be run, or undefined if it looks runnable. Spawning a
// missing program only tells the client library "failed", so look first.
function whyNotRunnable(command) {
  const candidates = [];
  if (command.includes("/") || command.includes("\\")) {
    candidates.push(command);
  } else {
    const exts = process.platform === "win32" ? (process.env.PATHEXT || ".EXE").split(";") : [""];
    for (const dir of (process.env.PATH || "").split(path.delimiter)) {
      if (dir) {
        for (const ext of exts) candidates.push(path.join(dir, command + ext));
      }
    }
  }
  let found = false;
  for (const candidate of candidates) {
    let stat;
    try {
      stat = fs.statSync(candidate);
    } catch (_) {
      continue;
    }
    if (!stat.isFile()) continue;
    found = true;
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return undefined;
    } catch (_) {
      // Keep looking: a later PATH entry may hold a runnable copy.
    }
  }
  if (found) return "the file is not executable";
  return candidates.length === 1 ? "no such file" : "not found on PATH";
}

// A readable reason from whatever a failed start rejected with:
// vscode-languageclient 9 rejects with a string, not an Error.
function describe(error) {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  if (error && typeof error.message === "string") return error.message;
  return String(error);
}

function report(command, reason) {
  const message = `Cannot start the sup language server (\`${command}\`): ${reason}. ${INSTALL_HINT}`;
  output.appendLine(message);
  vscode.window.showErrorMessage(message);
}

function createClient(command) {
  const today = vscode.workspace.getConfiguration("sup").get("today");
  // No arguments: the server speaks LSP on stdin/stdout and needs none
  // (`transport: stdio` would add `--stdio`).
  const serverOptions = { run: { command }, debug: { command } };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "sup" },
      { scheme: "untitled", language: "sup" },
    ],
    outputChannel: output,
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
  return new SupClient("sup", NAME, serverOptions, clientOptions);
}

async function start() {
  const command = vscode.workspace.getConfiguration("sup").get("server.path") || "sup-lsp";
  const reason = whyNotRunnable(command);
  if (reason) {
    report(command, reason);
    return;
  }
  const created = createClient(command);
  client = created;
  created.supStarting = true;
  try {
    await created.start();
  } catch (error) {
    report(command, describe(error));
  } finally {
    created.supStarting = false;
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
  output = vscode.window.createOutputChannel(NAME);
  context.subscriptions.push(output);
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
