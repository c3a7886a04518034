// Minify the built site's own scripts, stylesheets and figures in place: JavaScript with
// terser, CSS with clean-css, SVG with SVGO (all pinned in package.json).
//
// Usage: node scripts/shared/minify.mjs FILE...   (*.js, *.css and *.svg)
//
// scripts/shared/minify.py runs it on the files it has not minified before (it keeps each
// result by content): the site's copies of its scripts and stylesheets (the hook
// scripts/website/page_assets.py) and a generator's figures (scripts/shared/build.py); the
// sources in docs/ stay readable. Any error exits non-zero and names the file, so the
// build fails rather than shipping a half-written asset.
import { readFile, writeFile } from "node:fs/promises";

// Each minifier is loaded on first use: a call holds one kind of file, most often, and
// loading all three took longer than Node itself to start.
async function minifyScript(source) {
  const { minify } = await import("terser");
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

async function minifyStylesheet(source) {
  const { default: CleanCSS } = await import("clean-css");
  // Level 1 only: per-rule shortening, never rules merged or reordered across the file.
  const result = new CleanCSS({ level: 1 }).minify(source);
  if (result.errors.length) throw new Error(result.errors.join("; "));
  return result.styles;
}

// Colours stay six-digit hex (#rrggbb, never #rgb or a name), so that a dark figure that
// is its light one recoloured can be made from the light one's minified bytes by the same
// swap of colours (scripts/shared/build.py), and need not be minified itself.
const FIGURE_PLUGINS = [
  {
    name: "preset-default",
    params: { overrides: { convertColors: { shorthex: false, shortname: false } } },
  },
];

async function minifyFigure(source, path) {
  const { optimize } = await import("svgo");
  // Matplotlib writes every coordinate to six decimals, one command a line, with its
  // metadata: SVGO's default preset rounds to three (under a thousandth of a point, on
  // figures a few hundred points wide) and keeps the viewBox, which the pages' width and
  // height come from. Gzipped, a figure is about 40% smaller. One pass: a second one
  // (multipass) took as long again for 7 bytes less over the 126 figures, gzipped.
  return optimize(source, { path, plugins: FIGURE_PLUGINS }).data;
}

const MINIFIERS = { ".css": minifyStylesheet, ".js": minifyScript, ".svg": minifyFigure };

for (const file of process.argv.slice(2)) {
  const source = await readFile(file, "utf8");
  try {
    const minifier = MINIFIERS[file.slice(file.lastIndexOf("."))];
    if (!minifier) throw new Error("not a .js, .css or .svg file");
    const minified = await minifier(source, file);
    await writeFile(file, minified);
  } catch (error) {
    console.error(`cannot minify ${file}: ${error.message ?? error}`);
    process.exit(1);
  }
}
