// What the real Mermaid reads from journey files: `node describe.mjs FILE...` prints one
// JSON object a line: {file, ok, error} and, when ok, the diagram's config, title,
// accTitle, accDescr, sections and tasks [section, task, score, people]. Needs
// `npm install mermaid jsdom` in a node_modules folder beside it (tests/test_mermaid_real.py).
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
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, "utf8");
  try {
    const { config } = await mermaid.parse(text);
    const { db } = await mermaid.mermaidAPI.getDiagramFromText(text);
    console.log(JSON.stringify({
      file, ok: true, config,
      title: db.getDiagramTitle(), accTitle: db.getAccTitle(), accDescr: db.getAccDescription(),
      sections: db.getSections(),
      tasks: db.getTasks().map((t) => [t.section, t.task, t.score, t.people]),
    }));
  } catch (e) {
    console.log(JSON.stringify({ file, ok: false, error: String(e.message || e).split("\n")[0] }));
  }
}
