// Drives headless Chromium (Debian's /usr/bin/chromium) for tests/test_serve_browser.py:
// reads one JSON command a line on standard input, answers one JSON line each
// ({"ok": true, ...} or {"ok": false, "error": "..."}). Every wait is bounded.
//   {"op": "open", "tab": "a", "url": "...", "width": 1280, "height": 800}
//   {"op": "status", "url": "..."}                 the HTTP status of a page load
//   {"op": "wait_text", "tab": "a", "text": "...", "timeout": 20}
//   {"op": "wait_gone", "tab": "a", "text": "...", "timeout": 20}
//   {"op": "screen", "tab": "a"}                   the terminal's lines as text
//   {"op": "keys", "tab": "a", "keys": ["Enter", "ctrl+s"]}
//   {"op": "type", "tab": "a", "text": "..."}
//   {"op": "viewport", "tab": "a", "width": 1024, "height": 768}
//   {"op": "screenshot", "tab": "a", "path": "x.png"}
//   {"op": "close_tab", "tab": "a"}
//   {"op": "close"}
// Usage: node serve.mjs [--chromium PATH]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

const args = process.argv.slice(2);
let chromium = "/usr/bin/chromium";
for (let i = 0; i < args.length; i++) if (args[i] === "--chromium") chromium = args[++i];

// textual-serve keeps its xterm.js Terminal to itself: catch it as the page assigns
// `this.terminal = new Terminal(...)`, to read the screen from its buffer.
function catchTerminal() {
  window.__cxtuiTerminals = [];
  Object.defineProperty(Object.prototype, "terminal", {
    configurable: true,
    set(value) {
      if (value && value.buffer) window.__cxtuiTerminals.push(value);
      Object.defineProperty(this, "terminal", {
        value, writable: true, configurable: true, enumerable: true,
      });
    },
  });
}

function screenText() {
  const terminal = window.__cxtuiTerminals && window.__cxtuiTerminals[0];
  if (!terminal) return null;
  const buffer = terminal.buffer.active;
  const lines = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\n");
}

const profile = mkdtempSync(join(tmpdir(), "cxtui-chromium-"));
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  userDataDir: profile,
  protocolTimeout: 30000,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--user-data-dir=${profile}`,
  ],
});
const tabs = {};
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function run(command) {
  const page = tabs[command.tab];
  switch (command.op) {
    case "open": {
      const tab = await browser.newPage();
      await tab.evaluateOnNewDocument(catchTerminal);
      await tab.setViewport({ width: command.width || 1280, height: command.height || 800 });
      const response = await tab.goto(command.url, { waitUntil: "load", timeout: 20000 });
      tabs[command.tab] = tab;
      return { status: response ? response.status() : null };
    }
    case "status": {
      const tab = await browser.newPage();
      try {
        const response = await tab.goto(command.url, { waitUntil: "load", timeout: 20000 });
        return { status: response ? response.status() : null, text: await tab.evaluate(() => document.body.innerText) };
      } finally {
        await tab.close();
      }
    }
    case "wait_text": {
      const until = Date.now() + (command.timeout || 20) * 1000;
      let screen = null;
      while (Date.now() < until) {
        screen = await page.evaluate(screenText);
        if (screen !== null && screen.includes(command.text)) return { screen };
        await sleep(100);
      }
      throw new Error(`not on the screen after ${command.timeout || 20}s: ${command.text}\n${screen}`);
    }
    case "wait_gone": {
      const until = Date.now() + (command.timeout || 20) * 1000;
      let screen = null;
      while (Date.now() < until) {
        screen = await page.evaluate(screenText);
        if (screen !== null && !screen.includes(command.text)) return { screen };
        await sleep(100);
      }
      throw new Error(`still on the screen after ${command.timeout || 20}s: ${command.text}\n${screen}`);
    }
    case "close_tab":
      await page.close();
      delete tabs[command.tab];
      return {};
    case "screen":
      return { screen: await page.evaluate(screenText) };
    case "keys":
      await page.focus("textarea.xterm-helper-textarea");
      for (const key of command.keys) {
        const parts = key.split("+");
        const main = parts.pop();
        for (const modifier of parts) await page.keyboard.down(modifier === "ctrl" ? "Control" : modifier);
        await page.keyboard.press(main);
        for (const modifier of parts.reverse()) await page.keyboard.up(modifier === "ctrl" ? "Control" : modifier);
        await sleep(150);
      }
      return {};
    case "type":
      await page.focus("textarea.xterm-helper-textarea");
      await page.keyboard.type(command.text, { delay: 20 });
      return {};
    case "viewport":
      await page.setViewport({ width: command.width, height: command.height });
      return {};
    case "screenshot":
      await page.screenshot({ path: command.path });
      return {};
    default:
      throw new Error(`unknown op ${command.op}`);
  }
}

const lines = createInterface({ input: process.stdin });
try {
  for await (const line of lines) {
    if (!line.trim()) continue;
    const command = JSON.parse(line);
    if (command.op === "close") break;
    try {
      process.stdout.write(JSON.stringify({ ok: true, ...(await run(command)) }) + "\n");
    } catch (error) {
      process.stdout.write(JSON.stringify({ ok: false, error: String(error && error.stack || error) }) + "\n");
    }
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
