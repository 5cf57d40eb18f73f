// Loads the HTML report in Chromium and checks what a reader would see:
// no console error, no page error, no request for anything outside the
// file, and the figures on the page equal to the JSON report's.
// Usage: node check.mjs PAGE.html REPORT.json [SCREENSHOT.png]
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const [page_path, json_path, screenshot] = process.argv.slice(2);
const report = JSON.parse(readFileSync(json_path, "utf8"));
const problems = [];

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") {
      problems.push(`console ${m.type()}: ${m.text()}`);
    }
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  const url = pathToFileURL(page_path).href;
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (request.url() === url) {
      request.continue();
    } else {
      // The page must fetch nothing: it is read from an email or a share.
      problems.push(`request for ${request.url()}`);
      request.abort();
    }
  });
  await page.goto(url, { waitUntil: "load" });

  const seen = await page.evaluate(() => {
    const figures = {};
    for (const el of document.querySelectorAll("[data-figure]")) {
      figures[el.dataset.figure] = Number(el.textContent.trim());
    }
    const teams = [...document.querySelectorAll("#by-team tbody tr")].map((tr) => {
      const count = (name) => Number(tr.querySelector(`[data-count="${name}"]`)?.textContent ?? 0);
      return { team: tr.dataset.team, open: count("open"), closed: count("closed"), waived: count("waived"), pending: count("pending") };
    });
    const findings = [...document.querySelectorAll("[data-findings]")]
      .reduce((n, li) => n + Number(li.dataset.findings), 0);
    const openRows = document.querySelectorAll("#open-table tbody tr").length;
    const dueRows = document.querySelectorAll("#due-table tbody tr").length;
    const headers = [...document.querySelectorAll("table")].every(
      (t) => t.querySelector("caption") && t.querySelector("th[scope]"));
    const scripts = document.querySelectorAll("script").length;
    const title = document.title;
    const chart = document.querySelector("#trend svg") !== null || document.querySelector("svg[role=img]") !== null;
    return { figures, teams, findings, openRows, dueRows, headers, scripts, title, chart };
  });

  const expect = (what, actual, expected) => {
    if (actual !== expected) problems.push(`${what}: the page shows ${actual}, the JSON report ${expected}`);
  };
  const s = report.summary;
  expect("breaches", seen.figures.breaches, s.breaches);
  expect("waived", seen.figures.waived, s.waived);
  expect("due soon", seen.figures.pending, s.pending);
  expect("rules", seen.figures.rules, s.rules);
  expect("rules with breaches", seen.figures.rules_with_breaches, s.rules_with_breaches);
  expect("open + closed", seen.figures.open + seen.figures.closed, s.breaches);
  expect("open breaches listed", seen.openRows, seen.figures.open);
  expect("findings on the timelines", seen.findings, report.findings.length);
  expect("due soon listed", seen.dueRows, report.findings.filter((f) => f.status === "pending").length);
  const sum = (key) => seen.teams.reduce((n, t) => n + t[key], 0);
  expect("open by team", sum("open"), seen.figures.open);
  expect("closed by team", sum("closed"), seen.figures.closed);
  expect("waived by team", sum("waived"), s.waived);
  expect("due soon by team", sum("pending"), s.pending);
  expect("scripts", seen.scripts, 0);
  expect("tables with a caption and headers", seen.headers, true);
  expect("the compliance chart", seen.chart, true);
  expect("title", seen.title, `sup eval: ${report.policy.title}`);

  if (screenshot) {
    await page.screenshot({ path: screenshot, clip: { x: 0, y: 0, width: 1200, height: 1500 } });
    console.log(`screenshot: ${screenshot}`);
  }
} finally {
  await browser.close();
}

if (problems.length) {
  console.error(problems.map((p) => `html test: ${p}`).join("\n"));
  process.exit(1);
}
console.log("html test: the page loads with no error and its figures are the JSON report's");
