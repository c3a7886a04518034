/*
 * The explorer's plot as SVG: axes and grid, shading, the curves lifted at their jumps
 * with a dot at each, and the cursor.
 */
import { clamp, formatTick, ticks } from "../lib/chart.js";
import { svg } from "../lib/dom.js";
import { DATA } from "../lib/registry.js";
import { computeScene } from "./sampling.js";

function line(parent, x1, y1, x2, y2, className) {
  return svg("line", { x1, y1, x2, y2, class: className }, parent);
}

function svgText(parent, x, y, anchor, text) {
  const node = svg("text", { x, y, "text-anchor": anchor }, parent);
  node.textContent = text;
  return node;
}


const MARGIN = { left: 46, right: 10, top: 10, bottom: 26 };

/**
 * The colour of function `index`'s `kind` curve: f's and f''s own with one function, else
 * the site's cycle by function, as CSS variables (explorer/mount.js installs them).
 * @param {object} state
 * @param {number} index
 * @param {string} kind
 */
export function colourOf(state, index, kind) {
  if (state.functions.length === 1) return `var(--explorer-${kind})`;
  return `var(--explorer-c${index % DATA.themes.light.cycle.length})`;
}

/**
 * Draw the view's plot for `state` at the view's width: axes, shading, curves, cursor;
 * keeps the scene and the pixel mappings on the view.
 * @param {object} view
 * @param {object} state
 */
export function drawPlot(view, state) {
  const width = Math.max(260, view.width || 640);
  const height = Math.round(clamp(width * 0.6, 220, 400));
  view.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  view.svg.setAttribute("width", width);
  view.svg.setAttribute("height", height);
  view.svg.replaceChildren();
  view.scene = view.problem ? null : computeScene(state, width);
  if (!view.scene) return;
  const scene = view.scene;
  const px = (x) =>
    MARGIN.left + ((x - state.lo) / (state.hi - state.lo)) * (width - MARGIN.left - MARGIN.right);
  const py = (y) =>
    MARGIN.top +
    ((scene.ymax - y) / (scene.ymax - scene.ymin)) * (height - MARGIN.top - MARGIN.bottom);
  view.px = px;
  view.py = py;
  view.toX = (pixel) =>
    state.lo +
    ((pixel - MARGIN.left) / (width - MARGIN.left - MARGIN.right)) * (state.hi - state.lo);

  drawShading(view.svg, scene, state, px, height);
  drawAxes(view.svg, scene, state, px, py, width, height);
  const clipId = `${view.id}-clip`;
  const clip = svg("clipPath", { id: clipId }, view.svg);
  svg(
    "rect",
    {
      x: MARGIN.left,
      y: MARGIN.top,
      width: width - MARGIN.left - MARGIN.right,
      height: height - MARGIN.top - MARGIN.bottom,
    },
    clip,
  );
  const curves = svg("g", { "clip-path": `url(#${clipId})` }, view.svg);
  for (const s of scene.series) drawSeries(curves, s, scene.xs, state, px, py);
  view.cursor = svg("g", { class: "explorer__cursor" }, view.svg);
  drawCursor(view, state);
}

// One function: grey bands over the plot's full height. Several: a strip per
// function along the bottom, in its colour, so the bands never hide each other.
function drawShading(root, scene, state, px, height) {
  const single = state.functions.length === 1;
  const bottom = height - MARGIN.bottom;
  for (const region of scene.regions) {
    const top = single ? MARGIN.top : bottom - 7 * (region.index + 1);
    for (const [a, b] of region.spans) {
      const rect = svg(
        "rect",
        {
          x: px(a),
          y: top,
          width: Math.max(1, px(b) - px(a)),
          height: single ? bottom - top : 6,
          class: "explorer__vanishing",
        },
        root,
      );
      rect.style.fill = single ? "var(--explorer-vanishing)" : colourOf(state, region.index, "f");
      rect.style.fillOpacity = single ? "0.3" : "0.6";
    }
  }
}

function drawAxes(root, scene, state, px, py, width, height) {
  const axes = svg("g", { class: "explorer__axes" }, root);
  const [left, right, top, bottom] = [
    MARGIN.left,
    width - MARGIN.right,
    MARGIN.top,
    height - MARGIN.bottom,
  ];
  const xt = ticks(state.lo, state.hi, Math.max(3, Math.floor(width / 80)));
  const yt = ticks(scene.ymin, scene.ymax, Math.max(3, Math.floor(height / 50)));
  for (const v of xt.values) {
    line(axes, px(v), top, px(v), bottom, "explorer__grid");
    svgText(axes, px(v), bottom + 16, "middle", formatTick(v, xt.step));
  }
  for (const v of yt.values) {
    line(axes, left, py(v), right, py(v), "explorer__grid");
    svgText(axes, left - 6, py(v) + 4, "end", formatTick(v, yt.step));
  }
  if (state.lo <= 0 && state.hi >= 0) line(axes, px(0), top, px(0), bottom, "explorer__zero");
  line(axes, left, py(0), right, py(0), "explorer__zero");
}

// A curve as one path, lifted at each jump, with a filled dot at the value the
// function takes at the jump and an open dot at the limit it does not take.
function drawSeries(root, s, xs, state, px, py) {
  const colour = colourOf(state, s.index, s.kind);
  const jumpsAfter = new Map(s.jumps.map((j) => [j.after, j]));
  let d = "";
  let pen = "M";
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(s.ys[i])) {
      pen = "M";
      continue;
    }
    d += `${pen}${px(xs[i]).toFixed(1)},${py(s.ys[i]).toFixed(1)}`;
    pen = "L";
    const jump = jumpsAfter.get(i);
    if (jump) {
      d += `L${px(jump.x).toFixed(1)},${py(jump.left).toFixed(1)}M${px(jump.x).toFixed(1)},${py(jump.right).toFixed(1)}`;
    }
  }
  const path = svg("path", { d, class: `explorer__curve explorer__curve--${s.kind}` }, root);
  path.style.stroke = colour;
  for (const jump of s.jumps) {
    for (const limit of [jump.left, jump.right]) {
      if (limit !== jump.at) dot(root, px(jump.x), py(limit), colour, false);
    }
    dot(root, px(jump.x), py(jump.at), colour, true);
  }
}

function dot(root, cx, cy, colour, filled) {
  const c = svg(
    "circle",
    { cx, cy, r: 3.5, class: filled ? "explorer__dot" : "explorer__dot explorer__dot--open" },
    root,
  );
  c.style.stroke = colour;
  c.style.fill = filled ? colour : "var(--md-default-bg-color)";
}

/**
 * Move the cursor line and its dots to state.x.
 * @param {object} view
 * @param {object} state
 */
export function drawCursor(view, state) {
  if (!view.cursor || !view.scene) return;
  const { px, py, scene } = view;
  view.cursor.replaceChildren();
  line(
    view.cursor,
    px(state.x),
    MARGIN.top,
    px(state.x),
    py(scene.ymin),
    "explorer__cursor-line",
  );
  for (const s of scene.series) {
    const y = s.g(state.x);
    if (!Number.isFinite(y) || y < scene.ymin || y > scene.ymax) continue;
    dot(view.cursor, px(state.x), py(y), colourOf(state, s.index, s.kind), true);
  }
}
