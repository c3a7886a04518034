// Minify the built site's own scripts and stylesheets in place: JavaScript with terser,
// CSS with clean-css (both pinned in package.json).
//
// Usage: node scripts/website/minify.mjs FILE...   (*.js and *.css)
//
// scripts/website/page_assets.py runs this once per build on the site's copies; the sources in
// docs/ stay readable. Any error exits non-zero and names the file, so the build fails
// rather than shipping a half-written asset.
import { readFile, writeFile } from "node:fs/promises";

import CleanCSS from "clean-css";
import { minify } from "terser";

async function minifyScript(source) {
  const result = await minify(source, {
    // Classic scripts: top-level names (window.actlibExplorerData and the like) are
    // globals other scripts read, so only names inside functions are shortened.
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
    ecma: 2020,
  });
  return result.code;
}

function minifyStylesheet(source) {
  // Level 1 only: per-rule shortening, never rules merged or reordered across the file.
  const result = new CleanCSS({ level: 1 }).minify(source);
  if (result.errors.length) throw new Error(result.errors.join("; "));
  return result.styles;
}

for (const file of process.argv.slice(2)) {
  const source = await readFile(file, "utf8");
  try {
    const minified = file.endsWith(".css") ? minifyStylesheet(source) : await minifyScript(source);
    await writeFile(file, minified);
  } catch (error) {
    console.error(`cannot minify ${file}: ${error.message ?? error}`);
    process.exit(1);
  }
}
