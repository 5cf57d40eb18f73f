// Drives the packaged sup extension in a real VS Code (code-server) through
// Chromium and asserts what a user sees: the language mode, the diagnostic in
// the Problems panel, its hover and quick fix, hover on a rule, completion of
// units, `sup.today` re-checking at once, one notice for a missing server and
// one output channel after a change of `sup.server.path`. The workspace is in
// Restricted Mode throughout (never trusted), which the extension supports.
//
// Called by test/run.sh, which installs everything and sets SUP_LSP, SUP_VSIX
// and CHROMIUM. On failure it leaves a screenshot and the page's text in
// test/out/ and prints the text.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "out");
const entry = path.join(here, "node_modules/code-server/out/node/entry.js");
const server = need("SUP_LSP");
const vsix = need("SUP_VSIX");
const chromium = need("CHROMIUM");
// Generous: CI shares 2 cores, and the first check builds VS Code's caches.
const WAIT = 90_000;

function need(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run test/run.sh)`);
  return value;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const POLICY = `policy "Fixture" {
  owner: "Test"
  review: 2027-01-01
}
roles: social_worker, team_manager
group social_workers: staff where role is social_worker
rule recorded: deadline sessions: recorded within 48 hourz of start
`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sup-editor-test-"));
const userData = path.join(tmp, "user-data");
const extensions = path.join(tmp, "extensions");
const workspace = path.join(tmp, "workspace");
const settingsFile = path.join(userData, "User", "settings.json");
fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
fs.mkdirSync(workspace);
fs.writeFileSync(path.join(workspace, "policy.sup"), POLICY);

function settingsWith(extra) {
  const settings = {
    "sup.server.path": server,
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "security.workspace.trust.startupPrompt": "never",
    "security.workspace.trust.banner": "never",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "editor.hover.delay": 100,
    "editor.quickSuggestions": { other: false, comments: false, strings: false },
    "editor.suggestOnTriggerCharacters": false,
    // Settings are changed by typing them into settings.json, as a user would.
    "editor.autoClosingBrackets": "never",
    "editor.autoClosingQuotes": "never",
    "editor.autoSurround": "never",
    "editor.formatOnType": false,
    ...extra,
  };
  return settings;
}

function writeSettings(extra) {
  fs.writeFileSync(settingsFile, JSON.stringify(settingsWith(extra), null, 2));
}

// Changes the user settings in the editor: settings.json opened from the
// command palette, replaced, saved and closed.
async function changeSettings(extra) {
  await runCommand("Preferences: Open User Settings (JSON)");
  await waitForText(".editor-instance .view-lines", "sup.server.path");
  await page.keyboard.down("Control");
  await page.keyboard.press("a");
  await page.keyboard.up("Control");
  await page.keyboard.press("Delete");
  // Inserted at once, as a paste would be (typing it key by key takes ~20 s).
  await page.keyboard.sendCharacter(JSON.stringify(settingsWith(extra)));
  await page.keyboard.down("Control");
  await page.keyboard.press("s");
  await page.keyboard.up("Control");
  await waitFor("settings.json to be saved", () => {
    try {
      return JSON.stringify(JSON.parse(fs.readFileSync(settingsFile, "utf8"))) === JSON.stringify(settingsWith(extra));
    } catch (_) {
      return false;
    }
  });
  await runCommand("View: Close Editor");
}

const codeServerArgs = [
  entry,
  "--user-data-dir",
  userData,
  "--extensions-dir",
  extensions,
  "--disable-telemetry",
  "--disable-update-check",
  "--disable-getting-started-override",
  "--config",
  path.join(tmp, "code-server.yaml"),
];

let codeServer;
let browser;
let page;
let step = "start";
const started = Date.now();
function at(name) {
  step = name;
  console.log(`editor test: ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
const log = [];

async function main() {
  writeSettings({});
  execFileSync(process.execPath, [...codeServerArgs, "--install-extension", vsix], { stdio: "inherit" });

  const port = await freePort();
  codeServer = spawn(
    process.execPath,
    [...codeServerArgs, "--auth", "none", "--bind-addr", `127.0.0.1:${port}`, workspace],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, SUP_EDITOR_TEST: "1" } },
  );
  const record = (chunk) => log.push(chunk.toString());
  codeServer.stdout.on("data", record);
  codeServer.stderr.on("data", record);
  await waitFor("code-server to listen", () => log.join("").includes("HTTP server listening"));

  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    userDataDir: path.join(tmp, "chromium"),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--window-size=1400,900",
    ],
    defaultViewport: { width: 1400, height: 900 },
    protocolTimeout: 180_000,
  });
  page = await browser.newPage();
  page.setDefaultTimeout(WAIT);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, {
    waitUntil: "domcontentloaded",
    timeout: WAIT,
  });
  await page.waitForSelector(".monaco-workbench .part.statusbar", { visible: true });

  at("Restricted Mode");
  // The folder was never trusted: everything below runs in Restricted Mode.
  await waitForText(".part.statusbar", "Restricted Mode");

  at("open the policy");
  await runCommand("Go to File...", { staysOpen: true });
  await page.keyboard.type("policy.sup");
  await waitForQuickPickRow("policy.sup");
  await page.keyboard.press("Enter");
  await page.waitForSelector(".editor-instance .monaco-editor .view-lines", { visible: true });

  at("language mode");
  await waitForText('[id="status.editor.mode"]', "sup");

  at("diagnostic in the Problems panel");
  await runCommand("Problems: Focus on Problems View");
  const problems = await waitForText(".markers-panel", "unknown unit `hourz`");
  expect(problems.includes("sup::unknown-unit"), `the Problems panel names the code: ${problems}`);
  await screenshot("diagnostic-problems");

  at("hover on the squiggle");
  await goTo(7, 55);
  await runCommand("Show or Focus Hover");
  const squiggle = await waitForText(".monaco-hover:not(.hidden)", "unknown unit `hourz`");
  expect(squiggle.includes("did you mean `hours`?"), `the hover gives the help: ${squiggle}`);
  // The hover asks the server for fixes after it shows; wait for the link.
  await waitForText(".monaco-hover:not(.hidden)", "Quick Fix");
  await screenshot("diagnostic-hover");
  await page.keyboard.press("Escape");

  at("quick fix");
  await goTo(7, 55);
  await runCommand("Quick Fix...");
  await waitForText(".action-widget", "replace with `hours`");
  await page.keyboard.press("Enter");
  await waitForText(".editor-instance .view-lines", "recorded within 48 hours of start");
  await waitFor("the Problems panel to empty", async () => {
    const text = await textOf(".markers-panel");
    return text !== null && !text.includes("hourz");
  });

  at("hover on a rule");
  await goTo(7, 7);
  await runCommand("Show or Focus Hover");
  await waitForText(
    ".monaco-hover:not(.hidden)",
    "Each supervision session must be recorded within 48 hours of its start.",
  );
  await page.keyboard.press("Escape");

  at("completion of units");
  await goTo(8, 1);
  await page.keyboard.type("rule typed: deadline sessions: recorded within 48 ");
  await runCommand("Trigger Suggest");
  const suggestions = await waitForText(".suggest-widget.visible", "hours");
  for (const unit of ["days", "weeks"]) {
    expect(suggestions.includes(unit), `completion after \`48 \` offers ${unit}: ${suggestions}`);
  }
  await page.keyboard.press("Escape");
  await waitFor("the typed line to be undone", async () => {
    const text = await textOf(".editor-instance .view-lines");
    // Undo goes back a word at a time: done when only the first rule is left.
    if (text !== null && (text.match(/\brule\b/g) || []).length === 1) return true;
    await page.keyboard.down("Control");
    await page.keyboard.press("z");
    await page.keyboard.up("Control");
    return false;
  });

  at("sup.today re-checks at once");
  await changeSettings({ "sup.today": "2027-02-01" });
  await waitForText(".markers-panel", "the policy was due for review on 2027-01-01, 31 days ago");
  await changeSettings({});
  await waitFor("the review warning to go", async () => {
    const text = await textOf(".markers-panel");
    return text !== null && !text.includes("due for review");
  });

  at("a missing server: one notice");
  await changeSettings({ "sup.server.path": "/nonexistent/sup-lsp" });
  const notice = await waitForText(
    ".notifications-toasts",
    "Cannot start the sup language server (`/nonexistent/sup-lsp`)",
  );
  expect(notice.includes("no such file"), `the notice gives the reason: ${notice}`);
  expect(!notice.includes("undefined"), `the notice does not say "undefined": ${notice}`);
  expect(notice.includes("cargo install --path lsp"), `the notice says what to do: ${notice}`);
  await runCommand("Notifications: Show Notifications");
  const center = await waitForText(".notifications-center", "Cannot start the sup language server");
  const count = await page.$$eval(".notifications-center .notification-list-item", (items) =>
    items.filter((item) => /sup language server/i.test(item.innerText)).length,
  );
  expect(count === 1, `one notice about the server, not ${count}: ${center}`);
  expect(!/couldn't create connection/i.test(center), `no second notice from the library: ${center}`);
  await runCommand("Notifications: Clear All Notifications");

  at("the server back, and one output channel");
  await changeSettings({ "sup.today": "2027-02-01" });
  await waitForText(".markers-panel", "due for review on 2027-01-01");
  await runCommand("Output: Show Output Channels...", { staysOpen: true });
  await waitForQuickPickRow("sup language server");
  const channels = await page.$$eval(".quick-input-widget .monaco-list-row", (rows) =>
    rows.filter((row) => (row.getAttribute("aria-label") || row.innerText).includes("sup language server"))
      .length,
  );
  expect(channels === 1, `one "sup language server" output channel after two changes, not ${channels}`);
  await page.keyboard.press("Escape");

  console.log("editor test: all checks passed");
}

// --- helpers ----------------------------------------------------------------

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function waitFor(what, predicate) {
  const deadline = Date.now() + WAIT;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function textOf(selector) {
  return page.evaluate((s) => {
    const found = [...document.querySelectorAll(s)];
    return found.length ? found.map((e) => e.innerText.replace(/\u00a0/g, " ")).join("\n") : null;
  }, selector);
}

// The text of `selector` once it contains `text` (VS Code renders spaces in
// the editor as no-break spaces; they are compared as spaces).
async function waitForText(selector, text) {
  try {
    const handle = await page.waitForFunction(
      (s, t) => {
        const all = [...document.querySelectorAll(s)].map((e) => e.innerText.replace(/\u00a0/g, " "));
        const hit = all.find((x) => x.includes(t));
        return hit === undefined ? false : hit;
      },
      { timeout: WAIT, polling: 200 },
      selector,
      text,
    );
    return await handle.jsonValue();
  } catch (error) {
    throw new Error(`no "${text}" in ${selector}: now ${JSON.stringify(await textOf(selector))} (${error.message})`);
  }
}

async function waitForQuickPickRow(label) {
  await page.waitForFunction(
    (l) =>
      [...document.querySelectorAll(".quick-input-widget .monaco-list-row")].some((row) =>
        (row.getAttribute("aria-label") || row.innerText).includes(l),
      ),
    { timeout: WAIT, polling: 200 },
    label,
  );
}

// Runs a command from the command palette, by its title (as a user would),
// picking the entry with exactly that title.
async function runCommand(title, { staysOpen = false } = {}) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget .quick-input-box input", { visible: true });
  await page.keyboard.type(title);
  const row = await page.waitForFunction(
    (t) =>
      [...document.querySelectorAll(".quick-input-widget .monaco-list-row")].find((r) => {
        const name = r.querySelector(".label-name");
        return name && name.innerText.replace(/\u00a0/g, " ").trim() === t;
      }),
    { timeout: WAIT, polling: 200 },
    title,
  );
  await row.asElement().click();
  if (!staysOpen) {
    await page.waitForSelector(".quick-input-widget .quick-input-box input", { hidden: true });
  }
}

// Puts the cursor at line:column with Go to Line.
async function goTo(line, column) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget .quick-input-box input", { visible: true });
  // `:` in the palette is Go to Line.
  await page.keyboard.press("Backspace");
  await page.keyboard.type(`:${line}:${column}`);
  await waitForText(".quick-input-widget", `Go to line ${line} and character ${column}`);
  await page.keyboard.press("Enter");
  await page.waitForSelector(".quick-input-widget .quick-input-box input", { hidden: true }).catch(() => {});
}

async function screenshot(name) {
  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, `${name}.png`) });
}

async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  if (codeServer && codeServer.exitCode === null) codeServer.kill("SIGTERM");
  fs.rmSync(tmp, { recursive: true, force: true });
}

try {
  await main();
  await cleanup();
} catch (error) {
  console.error(`editor test FAILED at "${step}": ${error.stack || error}`);
  try {
    if (page) {
      fs.mkdirSync(out, { recursive: true });
      await page.screenshot({ path: path.join(out, "failure.png") });
      const text = await page.evaluate(() => document.body.innerText);
      fs.writeFileSync(path.join(out, "failure.txt"), text);
      console.error(`--- the page's text (screenshot: ${path.join(out, "failure.png")})\n${text}\n---`);
    }
  } catch (dumpError) {
    console.error(`(could not dump the page: ${dumpError.message})`);
  }
  console.error(`--- code-server's log\n${log.join("")}\n---`);
  await cleanup();
  process.exit(1);
}
