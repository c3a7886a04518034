/*
 * Mounting: Material's document$ emits once per page, including every instant
 * navigation; each <div class="explorer"> is mounted exactly once, when it comes near the
 * screen (until then it holds its room, explorer.css). f'' and d f / d theta come in a
 * script of their own (explorer-higher.js), fetched when a page first mounts an explorer.
 *
 * Embed: <div class="explorer" data-explorer="full|compact" data-functions="relu,gelu">.
 */
import { html } from "../lib/dom.js";
import { DATA } from "../lib/registry.js";
import {
  buildFunctionPicker,
  buildLayerToggles,
  buildPlot,
  buildRangeControls,
  buildYRangeControls,
  redraw,
  update,
} from "./controls.js";
import { SITE_ROOT, initialState, stateFromHash } from "./state.js";
import { buildFooter, buildLegend, buildReadout } from "./text.js";
import { EXPLORER } from "./registry.js";

const { drawable } = EXPLORER;
let counter = 0;
let higherLoading = null;

// f'' and d f / d theta (explorer-higher.js) come in a file of their own, fetched when an
// explorer is first mounted: the playground, which trains with f and f', never downloads
// them. Without it the f'' and theta layers stay hidden.
function withHigher(then) {
  if (DATA.printedHigher) return then();
  higherLoading ||= new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = new URL("javascripts/explorer-higher.js", SITE_ROOT).href;
    script.onload = script.onerror = resolve;
    document.body.append(script);
  });
  higherLoading.then(then);
}

/** Each mounted explorer's root, to its view: what window.actlibExplorer reads. */
export const STATES = new WeakMap();
const mounted = new Set();

// The figures' colours, per Material colour scheme, as CSS variables (once per page
// load: the <head> survives instant navigation).
function installThemeColours() {
  if (document.getElementById("explorer-theme-colours")) return;
  const rule = (selector, theme) => {
    // A gated unit's df/da takes the first colour of the cycle, as in its figure.
    // f'' and d f / d theta take the next two.
    const vars = {
      f: theme.f,
      df: theme.df,
      da: theme.cycle[0],
      d2f: theme.cycle[1],
      dp: theme.cycle[2],
      vanishing: theme.vanishing,
    };
    theme.cycle.forEach((colour, i) => (vars[`c${i}`] = colour));
    const body = Object.entries(vars)
      .map(([k, v]) => `--explorer-${k}: ${v};`)
      .join(" ");
    return `${selector} { ${body} }`;
  };
  const style = html("style", { id: "explorer-theme-colours" }, document.head);
  style.textContent = [
    rule(".explorer", DATA.themes.light),
    rule('[data-md-color-scheme="slate"] .explorer', DATA.themes.dark),
  ].join("\n");
}

function mountExplorer(root) {
  const compact = root.dataset.explorer === "compact";
  const available = EXPLORER.all.map((fn) => fn.name).filter(drawable);
  const requested = (root.dataset.functions || "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const missing = requested.filter((n) => !available.includes(n));
  if (missing.length) throw new Error(`explorer: unknown function(s) ${missing.join(", ")}`);
  let state = initialState(
    requested.length ? (compact ? requested.slice(0, 1) : requested) : [available[0]],
  );
  // A page may open on a narrower x-range than [-8, 8] (data-range="-3,3"), so that a
  // fitted y-range does not squeeze the sigmoid and the derivatives under ReLU's 8.
  if (root.dataset.range) {
    const [lo, hi] = root.dataset.range.split(",").map(Number);
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
      throw new Error(`explorer: data-range="${root.dataset.range}" is not "lo,hi" with lo < hi`);
    }
    Object.assign(state, { lo, hi, x: Math.min(Math.max(state.x, lo), hi) });
  }
  const ownsHash = !compact && !document.querySelector(".explorer[data-explorer-owns-hash]");
  if (ownsHash) {
    root.dataset.explorerOwnsHash = "";
    state = stateFromHash(location.hash, state, available);
  }
  root.replaceChildren();
  root.classList.add(compact ? "explorer--compact" : "explorer--full");
  const view = { root, state, compact, ownsHash, id: `explorer-${++counter}` };
  // The plot and its readout come first: they are what a reader came for, and below
  // the list of functions they started under the fold of a laptop and far down a phone.
  buildPlot(view);
  buildLegend(view);
  buildReadout(view);
  view.controls = html("div", { class: "explorer__controls" }, root);
  if (!compact) buildFunctionPicker(view);
  buildLayerToggles(view);
  buildRangeControls(view);
  if (!compact) buildYRangeControls(view);
  view.params = html("div", { class: "explorer__params" }, root);
  buildFooter(view);
  STATES.set(root, view);
  mounted.add(view);
  return view;
}

// Controls and readout first, then the plot in a task of its own once it is within
// 300 px of the screen (mounting and drawing are two short tasks, not one long one),
// and again whenever its width changes (a rotated phone).
function start(view) {
  update(view, { controls: true, initial: true });
  const show = () => {
    view.visible = true;
    redraw(view);
  };
  if (!("IntersectionObserver" in window && "ResizeObserver" in window)) return show();
  const near = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      near.disconnect();
      setTimeout(show);
    },
    { rootMargin: "300px" },
  );
  const resize = new ResizeObserver(([entry]) => {
    const width = Math.round(entry.contentRect.width);
    if (width === view.width) return;
    view.width = width;
    redraw(view);
  });
  near.observe(view.plot);
  resize.observe(view.plot);
  view.observers = [near, resize];
}

// Each explorer mounts as it comes within 300 px of the screen, in a task of its own:
// a function page has one per card, and one far down need not cost the first screen
// anything, nor make the browser lay out the section it sits in (deferred_layout.py).
let approaching = null;

function mountNow(root) {
  if (!root.isConnected || "explorerMounted" in root.dataset) return;
  root.dataset.explorerMounted = "";
  let view;
  try {
    view = mountExplorer(root);
  } catch (err) {
    root.textContent = `The explorer could not start: ${err.message}`;
    throw err;
  }
  view.width = Math.round(view.plot.clientWidth);
  start(view);
}

/** Mount every explorer on the page not mounted yet, and let go of those that left it. */
export function mountExplorers() {
  // Instant navigation swaps the page content: let go of explorers that left it.
  for (const view of mounted) {
    if (!view.root.isConnected) {
      for (const observer of view.observers || []) observer.disconnect();
      mounted.delete(view);
    }
  }
  if (!DATA) return;
  installThemeColours();
  const roots = document.querySelectorAll("div.explorer:not([data-explorer-mounted])");
  if (!roots.length) return;
  withHigher(() => observeRoots(roots));
}

function observeRoots(roots) {
  if (!("IntersectionObserver" in window)) return roots.forEach(mountNow);
  if (approaching) approaching.disconnect();
  approaching = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        approaching.unobserve(entry.target);
        setTimeout(() => mountNow(entry.target));
      }
    },
    { rootMargin: "300px 0px" },
  );
  roots.forEach((root) => approaching.observe(root));
}
