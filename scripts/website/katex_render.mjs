// Render TeX to HTML with KaTeX, one JSON line in, one JSON line out, until stdin closes.
//
// Request:  {"tex": "\\frac{1}{2}", "display": false}
// Answer:   {"html": "<span class=\"katex\">...</span>"}
//       or  {"error": "KaTeX parse error: ..."}
//
// scripts/website/katex_hook.py keeps one of these processes for a whole MkDocs build, so Node
// and KaTeX start once per build rather than once per formula.
import { createInterface } from "node:readline";

import katex from "katex";

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });

for await (const line of lines) {
  let answer;
  try {
    const { tex, display } = JSON.parse(line);
    const warnings = [];
    const html = katex.renderToString(tex, {
      displayMode: Boolean(display),
      throwOnError: true,
      output: "htmlAndMathml", // MathML for screen readers, HTML for the eye
      // Non-standard LaTeX that KaTeX accepts anyway is reported, and fails the build.
      strict: (code, message) => {
        warnings.push(`${code}: ${message}`);
        return "ignore";
      },
    });
    answer = warnings.length ? { error: warnings.join("; ") } : { html };
  } catch (err) {
    answer = { error: String(err && err.message ? err.message : err) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
