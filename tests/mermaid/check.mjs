// Parse Mermaid files with the real Mermaid library (in jsdom): `node check.mjs FILE...`.
// Prints OK/FAIL per file; exit 1 if any fails. Needs `npm install mermaid jsdom` in
// a node_modules folder beside this file (see tests/test_mermaid_real.py).
import { JSDOM } from "jsdom";
import fs from "node:fs";
const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const k of ["Element", "HTMLElement", "SVGElement", "Node", "DOMParser", "navigator"]) {
  try { if (!(k in globalThis)) globalThis[k] = dom.window[k]; } catch {}
}
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });
let bad = 0;
for (const f of process.argv.slice(2)) {
  const text = fs.readFileSync(f, "utf8");
  try {
    const r = await mermaid.parse(text);
    console.log("OK", f, r.diagramType);
  } catch (e) {
    bad++;
    console.log("FAIL", f, String(e.message || e).split("\n").slice(0, 4).join(" | "));
  }
}
process.exit(bad ? 1 : 0);
