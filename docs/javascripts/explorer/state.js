/*
 * The explorer's state and its permalink: which functions, their parameters, the x- and
 * y-range, the cursor and the layers drawn; and the words the view names them by.
 */
import { clamp } from "../lib/chart.js";
import { DOUBLE_PRIME, PRIME } from "../lib/format.js";
import { readParams, writeParams } from "../lib/hash.js";
import { EXPLORER } from "./registry.js";

const { meta, defaults, bindParams, isGated, kindsOf, partialParams, higherOf } = EXPLORER;

/** The site's root, from this script's own URL (captured while it runs). */
export const SITE_ROOT = new URL(
  "..",
  document.currentScript ? document.currentScript.src : location.href,
);

/** The symbol of a partial derivative of f by `v`: ∂f/∂v. */
export const partial = (v) => `\u2202f/\u2202${v}`;

/**
 * The parameter a function's d f / d theta curve is taken by: the reader's choice, else
 * the first one printed.
 */
export const wrtOf = (state, name) => (state.wrt && state.wrt[name]) || partialParams(name)[0];

/**
 * The d f / d theta layer's name: by its parameter when every function drawn takes the
 * same one, else by theta.
 */
export function dpWord(state) {
  const chosen = state.functions
    .filter((n) => partialParams(n).length)
    .map((n) => wrtOf(state, n));
  return partial(new Set(chosen).size === 1 ? chosen[0] : "\u03b8");
}

/**
 * The kinds drawn for a function at its parameters: f'' and d f / d theta only where
 * printed for them (GELU's f'' for its exact form, not the tanh one).
 */
export function drawnKinds(state, name) {
  if (isGated(name)) return kindsOf(name);
  const higher = higherOf(name, { ...defaults(name), ...state.params[name] });
  const printed = { d2f: Boolean(higher.d2f), dp: Boolean(higher.dp[wrtOf(state, name)]) };
  return kindsOf(name).filter((kind) => printed[kind] !== false);
}

/**
 * What one curve is called in the legend and the caption.
 */
export function symbol(name, kind, state) {
  if (kind === "f") return "f";
  if (kind === "d2f") return `f${DOUBLE_PRIME}`;
  if (kind === "dp") return partial(wrtOf(state, name));
  return isGated(name) ? partial(kind === "df" ? "b" : "a") : `f${PRIME}`;
}

/**
 * How the view names its input and layers: x, f(x), f'(x); with gated units only, the
 * gate input b, f(a, b) and df/db, which the f' layer draws for them.
 */
export function terms(state) {
  if (state.functions.every(isGated)) {
    const df = partial("b");
    return { x: "b", f: "f(a, b)", df, slope: df, shade: `|${partial("a")}|, |${df}|` };
  }
  return { x: "x", f: "f(x)", df: `f${PRIME}(x)`, slope: `f${PRIME}`, shade: `|f${PRIME}|` };
}


// The default, [-8, 8], shows every kink of the hard functions (ReLU6's at 6 too).
export const PRESETS = [
  [-3, 3],
  [-8, 8],
  [-16, 16],
  [-40, 40],
];
export const LAYERS = ["f", "df", "d2f", "dp", "da", "shade"];
// The layers only some functions have: their toggles show while one of those is drawn.
export const OPTIONAL_LAYERS = ["d2f", "dp"];
export const MAX_SPAN = 2000;
export const MIN_SPAN = 0.01;

/**
 * A view of these functions at their defaults, on [-8, 8], y fitted, f, f', and the
 * shading drawn.
 * @param {string[]} names
 */
export function initialState(names) {
  const params = {};
  for (const name of names) params[name] = defaults(name);
  return {
    functions: names,
    params,
    x: 1,
    lo: -8,
    hi: 8,
    // The y-range the reader set by hand; null while it fits what is drawn.
    ylo: null,
    yhi: null,
    show: { f: true, df: true, d2f: false, dp: false, da: true, shade: true },
    // The parameter each function's d f / d theta is drawn for, where the reader chose one.
    wrt: {},
  };
}

/** Whether the reader has set the y-range by hand. */
export const manualY = (state) => state.ylo !== null && state.yhi !== null;

/**
 * fn=relu,gelu&gelu.approximate=tanh&x=1.5&lo=-8&hi=8&show=f,df,da,shade, with
 * &ylo=-1&yhi=2 after hi once the reader has set y by hand (a link without them fits y),
 * and wrt.hardtanh=max_val where d f / d theta is not taken by the first parameter.
 */
export function stateToHash(state) {
  const q = new URLSearchParams();
  q.set("fn", state.functions.join(","));
  for (const name of state.functions) {
    writeParams(q, name, state.params[name], defaults(name));
  }
  for (const name of state.functions) {
    const wrt = wrtOf(state, name);
    if (wrt && wrt !== partialParams(name)[0]) q.set(`wrt.${name}`, wrt);
  }
  q.set("x", String(state.x));
  q.set("lo", String(state.lo));
  q.set("hi", String(state.hi));
  if (manualY(state)) {
    q.set("ylo", String(state.ylo));
    q.set("yhi", String(state.yhi));
  }
  q.set("show", LAYERS.filter((k) => state.show[k]).join(","));
  return q.toString();
}

/**
 * Apply what a hash says on top of `state`; anything malformed is left out.
 */
export function stateFromHash(hash, state, allowed) {
  const q = new URLSearchParams(hash.replace(/^#/, ""));
  if (!q.has("fn")) return state;
  const names = q
    .get("fn")
    .split(",")
    .filter((n) => allowed.includes(n));
  // the page's own x-range stays unless the link gives one
  if (names.length) state = { ...initialState(names), lo: state.lo, hi: state.hi, x: state.x };
  for (const name of state.functions) {
    const accept = (candidate) => !(bindParams(name, candidate) instanceof Error);
    state.params[name] = readParams(q, name, meta(name).params, state.params[name], accept);
    const wrt = q.get(`wrt.${name}`);
    if (wrt !== null && partialParams(name).includes(wrt)) state.wrt[name] = wrt;
  }
  const lo = Number(q.get("lo"));
  const hi = Number(q.get("hi"));
  if (q.has("lo") && q.has("hi") && hi - lo >= MIN_SPAN && hi - lo <= MAX_SPAN) {
    state.lo = lo;
    state.hi = hi;
  }
  const ylo = Number(q.get("ylo"));
  const yhi = Number(q.get("yhi"));
  if (q.has("ylo") && q.has("yhi") && validYRange(ylo, yhi)) {
    state.ylo = ylo;
    state.yhi = yhi;
  }
  const x = Number(q.get("x"));
  if (q.has("x") && Number.isFinite(x)) state.x = clamp(x, state.lo, state.hi);
  if (q.has("show")) {
    const shown = q.get("show").split(",");
    for (const layer of LAYERS) state.show[layer] = shown.includes(layer);
  }
  return state;
}

/** Whether [lo, hi] is a y-range the plot can draw: finite and not empty. */
export function validYRange(lo, hi) {
  const span = hi - lo;
  return Number.isFinite(span) && span > 1e-12 * Math.max(1, Math.abs(lo), Math.abs(hi));
}

