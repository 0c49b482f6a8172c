// Parse Mermaid texts with the real Mermaid parser under Node (a jsdom window stands in for the
// browser's DOM that mermaid's module expects). Reads a JSON array of texts on stdin and writes a
// JSON array of {ok, type, error} in the same order. Run from the repository with
// NODE_PATH=.tools/mermaid/node_modules (tests/test_diagrams_mermaid.py does).
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.resolve(process.env.MERMAID_MODULES, "package.json"));
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
for (const name of ["window", "document", "navigator", "Element", "HTMLElement", "SVGElement", "Node", "DOMParser", "MutationObserver"]) {
  if (!(name in globalThis) || name === "window" || name === "document") {
    try { globalThis[name] = name === "window" ? dom.window : dom.window[name]; } catch {}
  }
}
const { pathToFileURL } = await import("node:url");
const entry = require.resolve("mermaid/dist/mermaid.core.mjs");
const mermaid = (await import(pathToFileURL(entry).href)).default;
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

let input = "";
for await (const chunk of process.stdin) input += chunk;
const out = [];
for (const text of JSON.parse(input)) {
  try {
    const result = await mermaid.parse(text);
    out.push({ ok: true, type: result.diagramType });
  } catch (error) {
    out.push({ ok: false, error: String(error && error.message ? error.message : error).slice(0, 2000) });
  }
}
process.stdout.write(JSON.stringify(out));
