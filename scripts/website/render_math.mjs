// Write TeX as MathML with Temml, one JSON line in, one JSON line out, until stdin closes.
//
// Request:  {"tex": "\\frac{1}{2}", "display": false}
// Answer:   {"html": "<math>...</math>"}
//       or  {"error": "Temml: ..."}
//
// scripts/website/math_hook.py keeps one of these processes for a whole MkDocs build, so Node
// and Temml start once per build rather than once per formula.
import { createInterface } from "node:readline";

import temml from "temml";

// In strict mode Temml throws on most non-standard LaTeX and reports the rest with
// console.log: both fail the build, so a page never shows TeX that only Temml accepts.
const warnings = [];
console.log = (...args) => warnings.push(args.join(" "));

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });

for await (const line of lines) {
  let answer;
  warnings.length = 0;
  try {
    const { tex, display } = JSON.parse(line);
    const html = temml.renderToString(tex, {
      displayMode: Boolean(display),
      throwOnError: true,
      strict: true,
      // An inline formula may break after a top-level relation or operator, as in TeX,
      // so that a long one wraps on a phone instead of widening the page.
      wrap: "tex",
    });
    answer = warnings.length ? { error: warnings.join("; ") } : { html };
  } catch (err) {
    answer = { error: String(err && err.message ? err.message : err) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
