/*
 * Sampling a view's curves: the points drawn, the jumps found between them, the
 * vanishing-gradient regions, and the y-range that fits them.
 */
import { DATA } from "../lib/registry.js";
import { manualY, wrtOf } from "./state.js";
import { EXPLORER } from "./registry.js";

const { bind, kindsOf } = EXPLORER;

function linspace(lo, hi, n) {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

// The number with the fewest significant digits in [a, b] (0 if it is inside).
function roundest(a, b) {
  if (a <= 0 && b >= 0) return 0;
  for (let digits = 1; digits <= 17; digits++) {
    const candidate = Number(((a + b) / 2).toPrecision(digits));
    if (candidate >= a && candidate <= b) return candidate;
  }
  return (a + b) / 2;
}

// Between two samples whose values differ by more than `tol`: bisect towards the
// steepest half. A continuous curve's change drops below `tol`; a jump's does not.
function findJump(g, a, b, ga, gb, tol) {
  for (let i = 0; i < 200 && b - a > 1e-12 * Math.max(1, Math.abs(a)); i++) {
    const m = a + (b - a) / 2;
    const gm = g(m);
    if (Math.abs(gm - ga) >= Math.abs(gb - gm)) {
      b = m;
      gb = gm;
    } else {
      a = m;
      ga = gm;
    }
    if (Math.abs(gb - ga) < tol) return null;
  }
  const x = roundest(a, b);
  return { x, left: ga, right: gb, at: g(x) };
}

function findJumps(g, xs, ys, tol) {
  const jumps = [];
  for (let i = 0; i + 1 < xs.length; i++) {
    if (Math.abs(ys[i + 1] - ys[i]) > tol) {
      const jump = findJump(g, xs[i], xs[i + 1], ys[i], ys[i + 1], tol);
      if (jump) jumps.push({ ...jump, after: i });
    }
  }
  return jumps;
}

// Where |f'| < threshold, as [lo, hi] intervals with edges found by bisection.
function vanishingRegions(df, xs, threshold) {
  const inside = (x) => Math.abs(df(x)) < threshold;
  const edge = (a, b) => {
    const aInside = inside(a);
    for (let i = 0; i < 60; i++) {
      const m = a + (b - a) / 2;
      if (inside(m) === aInside) a = m;
      else b = m;
    }
    return roundest(Math.min(a, b), Math.max(a, b));
  };
  const regions = [];
  let start = null;
  for (let i = 0; i < xs.length; i++) {
    const now = inside(xs[i]);
    if (now && start === null) start = i === 0 ? xs[0] : edge(xs[i - 1], xs[i]);
    if (!now && start !== null) {
      regions.push([start, edge(xs[i - 1], xs[i])]);
      start = null;
    }
  }
  if (start !== null) regions.push([start, xs[xs.length - 1]]);
  return regions;
}


/**
 * The curves of a view `width` pixels wide, their jumps, the vanishing regions and the
 * y-range of what is visible.
 * @param {object} state the explorer's state (explorer/state.js)
 * @param {number} width
 */
export function computeScene(state, width) {
  const xs = linspace(state.lo, state.hi, Math.max(200, Math.min(800, Math.round(width))));
  const series = [];
  const regions = [];
  for (const [index, name] of state.functions.entries()) {
    const fn = bind(name, state.params[name], false, wrtOf(state, name));
    for (const kind of kindsOf(name)) {
      // f'' may be printed for some parameters only (GELU's for its exact form)
      if (state.show[kind] && fn[kind])
        series.push({ name, index, kind, g: fn[kind], ys: xs.map(fn[kind]) });
    }
    // A gated unit passes almost no gradient back only where both its slopes are small.
    const slope = fn.da ? (x) => Math.max(Math.abs(fn.df(x)), Math.abs(fn.da(x))) : fn.df;
    if (state.show.shade) {
      regions.push({ name, index, spans: vanishingRegions(slope, xs, DATA.vanishingThreshold) });
    }
  }
  const [ymin, ymax] = manualY(state) ? [state.ylo, state.yhi] : fitY(series);
  const scene = { xs, series, regions, ymin, ymax };
  const tol = 0.002 * (scene.ymax - scene.ymin);
  for (const s of series) s.jumps = findJumps(s.g, xs, s.ys, tol);
  return scene;
}

// The y-range of the curves drawn, with a twentieth of their span to spare above and
// below, so that sigmoid' is not squeezed under a range kept for values nothing reaches.
// Infinities (e^x overflowing far out) are left out; a flat curve gets 1 either side.
function fitY(series) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (const y of s.ys) {
      if (!Number.isFinite(y)) continue;
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
  }
  if (!(lo <= hi)) return [-1, 1];
  const span = hi - lo;
  if (span <= 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi))) return [lo - 1, hi + 1];
  return [lo - 0.05 * span, hi + 0.05 * span];
}
