// Runs axe-core in headless Chromium on HTML files; prints one JSON object:
// {"file": [violations...], ...}. With --screenshot DIR, also saves a PNG of each page
// at 1400 and 800 px wide and as printed (A4 landscape).
// Usage: node audit.mjs [--chromium PATH] [--screenshot DIR] FILE.html...
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const args = process.argv.slice(2);
let chromium = "/usr/bin/chromium";
let shots = null;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--chromium") chromium = args[++i];
  else if (args[i] === "--screenshot") shots = args[++i];
  else files.push(args[i]);
}

const profile = mkdtempSync(join(tmpdir(), "cxtui-chromium-"));
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  userDataDir: profile,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--user-data-dir=${profile}`,
  ],
});
const results = {};
try {
  for (const file of files) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
    await page.evaluate(axeSource);
    const found = await page.evaluate(async () =>
      // every rule axe runs by default: WCAG 2.0/2.1/2.2 A and AA, and best practices
      await window.axe.run(document, { resultTypes: ["violations"] }),
    );
    results[file] = found.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
    }));
    if (shots) {
      const name = basename(file, ".html");
      for (const width of [1400, 800]) {
        await page.setViewport({ width, height: 900 });
        await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
      }
      await page.emulateMediaType("print");
      await page.setViewport({ width: 1085, height: 760 }); // A4 landscape less 1 cm margins
      await page.screenshot({ path: join(shots, `${name}-print.png`), fullPage: true });
      await page.pdf({ path: join(shots, `${name}.pdf`), format: "A4", landscape: true });
    }
    await page.close();
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(results, null, 1) + "\n");
