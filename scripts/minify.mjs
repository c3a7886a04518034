// Minify JavaScript files of the built site in place with terser (pinned in package.json).
//
// Usage: node scripts/minify.mjs FILE...
//
// scripts/page_assets.py runs this once per build on the site's copies of the explorer's
// scripts; the sources in docs/ stay readable. Any error exits non-zero and names the
// file, so the build fails rather than shipping a half-written script.
import { readFile, writeFile } from "node:fs/promises";

import { minify } from "terser";

for (const file of process.argv.slice(2)) {
  const source = await readFile(file, "utf8");
  let result;
  try {
    result = await minify(source, {
      // Classic scripts: top-level names (window.actlibExplorerData and the like) are
      // globals other scripts read, so only names inside functions are shortened.
      compress: { passes: 2 },
      mangle: true,
      format: { comments: false },
      ecma: 2020,
    });
  } catch (error) {
    console.error(`terser cannot minify ${file}: ${error.message ?? error}`);
    process.exit(1);
  }
  await writeFile(file, result.code);
}
