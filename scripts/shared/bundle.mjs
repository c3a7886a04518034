// Bundle the pages' entry scripts with esbuild (pinned in package.json): each entry and
// every module it imports become one minified classic script, an IIFE, so that a page
// makes one request however the code is split into modules. terser (pinned too) then
// compresses esbuild's output further, as it does the site's other scripts: on the
// playground's bundle it saves a further 6% gzipped (1.5 KB), which the page's weight
// budget needs (tests/browser/page_weight.py).
//
// Usage: node scripts/shared/bundle.mjs ENTRY OUT [ENTRY OUT ...]
//
// scripts/shared/bundle.py runs it on the entries whose modules changed (it keeps each
// bundle by the content of every module). A missing import or a syntax error exits
// non-zero with esbuild's message, naming the file, line and column, so the build fails
// rather than shipping a half-bundled page.
import { writeFile } from "node:fs/promises";

import { build, formatMessages } from "esbuild";
import { minify } from "terser";

const args = process.argv.slice(2);
if (!args.length || args.length % 2) {
  console.error("usage: node bundle.mjs ENTRY OUT [ENTRY OUT ...]");
  process.exit(2);
}

for (let i = 0; i < args.length; i += 2) {
  const [entry, out] = [args[i], args[i + 1]];
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: "iife",
      // A fixed target, so that the output does not follow esbuild's default; the pages'
      // browsers are Material's (ES2020: optional chaining, ??, BigInt-free).
      target: "es2020",
      legalComments: "none",
      logLevel: "silent",
      write: false,
    });
    const bundled = result.outputFiles[0].text;
    // The bundle is one IIFE: terser may rename and inline freely inside it.
    const compressed = await minify(bundled, {
      compress: { passes: 2 },
      mangle: true,
      format: { comments: false },
      ecma: 2020,
    });
    await writeFile(out, compressed.code);
  } catch (error) {
    const messages = error.errors
      ? (await formatMessages(error.errors, { kind: "error", color: false })).join("")
      : String(error.message ?? error);
    console.error(`cannot bundle ${entry}:\n${messages}`);
    process.exit(1);
  }
}
