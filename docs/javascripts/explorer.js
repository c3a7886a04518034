/*
 * The activation explorer: plot f and f', move a cursor, read the values. This entry
 * wires the modules; the build bundles it with them into one script
 * (scripts/shared/bundle.py).
 *
 *   lib/formulas.js   special functions, the stable {f, df} pairs, the printed formulas,
 *                     bind/evaluate; no DOM (tests/modules/formulas.test.mjs)
 *   lib/registry.js   the registry data the page loaded (explorer-data.js), its formulas
 *   lib/format.js, lib/dom.js, lib/hash.js, lib/chart.js   shared with the playground
 *   explorer/state.js      the state and its permalink
 *   explorer/sampling.js   curves, jumps, vanishing regions
 *   explorer/svg.js        the plot
 *   explorer/controls.js   the controls, and update()
 *   explorer/text.js       readout, caption, legend
 *   explorer/mount.js      mounting, on each page and after instant navigation
 *
 * Tests and curious readers can call window.actlibExplorer.evaluate(name, params, xs,
 * {wrt}), which gives f, df, and d2f and dp (d f / d wrt) where the entry prints them;
 * window.actlibExplorer.bind(name, params) gives {f, df} for one x at a time, and for a
 * gated unit da too: f = a g(b), df = a g'(b) by the gate input, da = g(b).
 */
import { FORMULAS, erf, erfc } from "./lib/formulas.js";
import { formatNumber } from "./lib/format.js";
import { DATA } from "./lib/registry.js";
import { STATES, mountExplorers } from "./explorer/mount.js";
import { EXPLORER } from "./explorer/registry.js";

window.actlibExplorer = {
  formulas: FORMULAS,
  printed: EXPLORER.printed,
  evaluate: EXPLORER.evaluate,
  // {f, df} as functions of x, the parameters bound.
  bind: (name, params) => EXPLORER.bind(name, params || {}),
  erf,
  erfc,
  formatNumber,
  names: () => DATA.functions.map((fn) => fn.name),
  stateOf: (root) => (STATES.has(root) ? structuredClone(STATES.get(root).state) : null),
  // [ymin, ymax] of the plot as drawn, or null before it is drawn.
  yRangeOf: (root) => {
    const scene = STATES.has(root) && STATES.get(root).scene;
    return scene ? [scene.ymin, scene.ymax] : null;
  },
  mountAll: mountExplorers,
};

if (typeof document$ !== "undefined") {
  document$.subscribe(mountExplorers);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mountExplorers);
} else {
  mountExplorers();
}
