/*
 * The playground's charts, drawn on canvases: the decision boundary as a heat map under
 * the points, the train and test loss, each layer's gradient norm on a log scale, the
 * share of dead units per layer; and their text alternatives (the readout, the table of
 * layers, each canvas's label).
 *
 * The view they draw: view.canvases, view.dataset, view.history, view.step, view.ws,
 * view.lastNorms, view.gridProbabilities() and view.current() (the losses and accuracy of
 * the weights as they are now), which playground/controls.js keeps.
 */
import { niceStep, polyline } from "../lib/chart.js";
import { canvasContext, html, schemeColours, svg } from "../lib/dom.js";
import { MINUS, formatNumber } from "../lib/format.js";
import { DATA } from "../lib/registry.js";
import { DATASETS, EXTENT, FEATURES } from "./datasets.js";
import { createDiagram } from "./diagram.js";
import { extras } from "./later.js";
import { findDead } from "./model.js";

const percent = (share) => `${Math.round(share * 100)}%`;

// Eight hidden layers, eight dash patterns: no two layers share a colour or a dash, so the
// lines tell apart without colour too. The output is solid, in the foreground colour.
const LAYER_DASHES = [
  [8, 3],
  [2, 2],
  [8, 3, 2, 3],
  [4, 4],
  [12, 3, 2, 3, 2, 3],
  [1, 3],
  [16, 4],
  [5, 2, 1, 2, 1, 2],
];

/**
 * Layer l's (of L, the output last) colour and dash: the site's cycle of six colours,
 * then its f and f' colours, each at least 3:1 against the background in both schemes;
 * the output solid in the foreground colour.
 * @param {object} colours schemeColours()
 * @param {number} l
 * @param {number} L
 * @returns {{colour: string, dash: number[]}}
 */
export function layerStyle(colours, l, L) {
  if (l === L - 1) return { colour: colours.foreground, dash: [] };
  const palette = [...colours.cycle, colours.f, colours.df];
  return { colour: palette[l % palette.length], dash: LAYER_DASHES[l % LAYER_DASHES.length] };
}

const layerName = (l, L) => (l === L - 1 ? "output" : `layer ${l + 1}`);

// A canvas sized to its box, in device pixels; returns its context in CSS pixels. The
// box is measured once, then again after a resize (measuring each frame would force a
// layout after every change of the text around it).
const boxes = new WeakMap();
function prepare(canvas) {
  if (!boxes.has(canvas)) boxes.set(canvas, [canvas.clientWidth, canvas.clientHeight]);
  const [width, height] = boxes.get(canvas).map((v) => Math.max(1, Math.round(v)));
  return { ctx: canvasContext(canvas, width, height), width, height };
}

/** The heat map's resolution: cells per side, smoothed when drawn. */
export const GRID = 40;

function drawBoundary(view, colours) {
  const { ctx, width, height } = prepare(view.canvases.boundary);
  const size = Math.min(width, height);
  ctx.translate((width - size) / 2, (height - size) / 2);
  const probabilities = view.gridProbabilities();
  const image = view.heat.ctx.createImageData(GRID, GRID);
  const { f: pos, df: neg, bg } = colours.rgb;
  for (let cell = 0; cell < GRID * GRID; cell++) {
    const p = probabilities[cell];
    const toward = p >= 0.5 ? pos : neg;
    const t = Number.isFinite(p) ? Math.min(1, Math.abs(p - 0.5) * 2) * 0.55 : 0;
    for (let c = 0; c < 3; c++) image.data[4 * cell + c] = bg[c] + (toward[c] - bg[c]) * t;
    image.data[4 * cell + 3] = 255;
  }
  view.heat.ctx.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(view.heat.canvas, 0, 0, size, size);
  const px = (x) => ((x + EXTENT) / (2 * EXTENT)) * size;
  const py = (y) => ((EXTENT - y) / (2 * EXTENT)) * size;
  const radius = Math.max(2, size / 110);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, size, size);
  ctx.clip(); // points beyond the plane shown (a Gaussian's tail) are left out
  // One path per class and part: training points filled, test points as rings (unless
  // the reader hides them). A regression target's "class" is its sign, the side of the
  // heat map's colours it belongs to.
  const side = view.task === "regression" ? (y) => (y >= 0 ? 1 : 0) : (y) => y;
  const parts = [[view.dataset.train, true]];
  if (view.state.showTest) parts.push([view.dataset.test, false]);
  for (const [part, filled] of parts) {
    for (const label of [0, 1]) {
      ctx.beginPath();
      for (let i = 0; i < part.n; i++) {
        if (side(part.y[i]) !== label) continue;
        const x = px(part.X[2 * i]);
        const y = py(part.X[2 * i + 1]);
        ctx.moveTo(x + radius, y);
        ctx.arc(x, y, radius, 0, 2 * Math.PI);
      }
      const colour = label === 1 ? colours.f : colours.df;
      if (filled) {
        ctx.fillStyle = colour;
        ctx.fill();
        ctx.lineWidth = 0.8;
        ctx.strokeStyle = colours.background;
      } else {
        ctx.lineWidth = 1.6;
        ctx.strokeStyle = colour;
      }
      ctx.stroke();
    }
  }
  ctx.restore();
}

// Room for the tick labels, the y axis's title above them and the x axis's below.
const PAD = { left: 44, right: 8, top: 20, bottom: 34 };
const LEGEND_WIDTH = 58; // the gradient chart's key of layers, right of its plot

// The axes' grid, their tick labels, and their titles: the y axis's above it, at the
// left, the x axis's centred under the tick labels.
function axes(ctx, colours, box, xTicks, yTicks, titles) {
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = colours.foreground;
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  ctx.fillText(titles.y, 4, 2);
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText(titles.x, (box.left + box.right) / 2, box.bottom + PAD.bottom - 1);
  ctx.lineWidth = 1;
  ctx.strokeStyle = colours.grid;
  ctx.fillStyle = colours.muted;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const [x, label] of xTicks) {
    ctx.beginPath();
    ctx.moveTo(x, box.top);
    ctx.lineTo(x, box.bottom);
    ctx.stroke();
    ctx.fillText(label, x, box.bottom + 4);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const [y, label] of yTicks) {
    ctx.beginPath();
    ctx.moveTo(box.left, y);
    ctx.lineTo(box.right, y);
    ctx.stroke();
    ctx.fillText(label, box.left - 4, y);
  }
}

function stepTicks(box, last) {
  const span = Math.max(1, last);
  const dx = niceStep(span / Math.max(2, Math.floor((box.right - box.left) / 70)));
  const ticks = [];
  for (let s = 0; s <= span + 1e-9; s += dx) {
    ticks.push([box.left + (s / span) * (box.right - box.left), formatNumber(s, 4)]);
  }
  return { ticks, px: (s) => box.left + (s / span) * (box.right - box.left) };
}

function chartBox(width, height, right = PAD.right) {
  return { left: PAD.left, right: width - right, top: PAD.top, bottom: height - PAD.bottom };
}

function drawLoss(view, colours) {
  const { ctx, width, height } = prepare(view.canvases.loss);
  const box = chartBox(width, height);
  const h = view.history;
  const now = view.current();
  let top = Math.max(now.train, now.test);
  if (!Number.isFinite(top)) top = 0;
  for (const list of [h.train, h.test])
    for (const v of list) if (Number.isFinite(v) && v > top) top = v;
  top = top > 0 ? top * 1.05 : 1;
  const dy = niceStep(top / 4);
  const py = (v) => box.bottom - (Math.min(v, top) / top) * (box.bottom - box.top);
  const yTicks = [];
  for (let v = 0; v <= top + 1e-12; v += dy) yTicks.push([py(v), formatNumber(v, 3)]);
  const { ticks, px } = stepTicks(box, view.step);
  axes(ctx, colours, box, ticks, yTicks, { x: "step", y: "loss" });
  polyline(ctx, h.steps, h.test, px, py, colours.df, [5, 3], [view.step, now.test]);
  polyline(ctx, h.steps, h.train, px, py, colours.f, [], [view.step, now.train]);
}

function drawNorms(view, colours) {
  const { ctx, width, height } = prepare(view.canvases.norms);
  const box = chartBox(width, height, LEGEND_WIDTH);
  const h = view.history;
  const L = h.norms.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (const list of h.norms)
    for (const v of list) {
      if (v > 0 && Number.isFinite(v)) {
        lo = Math.min(lo, Math.log10(v));
        hi = Math.max(hi, Math.log10(v));
      }
    }
  if (!Number.isFinite(lo)) [lo, hi] = [-3, 0];
  lo = Math.floor(lo);
  hi = Math.max(Math.ceil(hi), lo + 1);
  const py = (v) =>
    v > 0 ? box.bottom - ((Math.log10(v) - lo) / (hi - lo)) * (box.bottom - box.top) : box.bottom;
  const every = Math.max(1, Math.ceil((hi - lo) / Math.max(2, Math.floor((box.bottom - box.top) / 28))));
  const yTicks = [];
  for (let e = lo; e <= hi; e += every) yTicks.push([py(10 ** e), `1e${e}`.replace("-", MINUS)]);
  const { ticks, px } = stepTicks(box, view.step);
  axes(ctx, colours, box, ticks, yTicks, { x: "step", y: "gradient norm \u2016\u2202L/\u2202W\u2016" });
  for (let l = 0; l < L; l++) {
    const { colour, dash } = layerStyle(colours, l, L);
    polyline(ctx, h.steps, h.norms[l], px, py, colour, dash);
  }
  // The key: each layer's line beside its name, top to bottom.
  const rowHeight = Math.min(16, (box.bottom - box.top) / L);
  ctx.font = "11px system-ui, sans-serif";
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  const x = box.right + 6;
  for (let l = 0; l < L; l++) {
    const { colour, dash } = layerStyle(colours, l, L);
    const y = box.top + rowHeight * (l + 0.5);
    polyline(ctx, [x, x + 22], [y, y], (v) => v, (v) => v, colour, dash);
    ctx.fillStyle = colours.muted;
    ctx.fillText(l === L - 1 ? "out" : String(l + 1), x + 26, y);
  }
}

function drawDead(view, colours) {
  const { ctx, width, height } = prepare(view.canvases.dead);
  const box = chartBox(width, height);
  const dead = view.ws.dead;
  const hidden = dead.length;
  const py = (share) => box.bottom - share * (box.bottom - box.top);
  const slot = (box.right - box.left) / hidden;
  const xTicks = [];
  for (let l = 0; l < hidden; l++) xTicks.push([box.left + slot * (l + 0.5), String(l + 1)]);
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((s) => [py(s), `${s * 100}%`]);
  axes(ctx, colours, box, [], yTicks, { x: "hidden layer", y: "dead share" });
  ctx.fillStyle = colours.muted;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const [x, label] of xTicks) ctx.fillText(label, x, box.bottom + 4);
  for (let l = 0; l < hidden; l++) {
    const barWidth = Math.min(40, slot * 0.7);
    ctx.fillStyle = layerStyle(colours, l, hidden + 1).colour;
    const top = py(dead[l]);
    ctx.fillRect(box.left + slot * (l + 0.5) - barWidth / 2, top, barWidth, box.bottom - top);
  }
}

/**
 * The network diagram, first of the views, built with them (so nothing moves when it is
 * first drawn) and drawn with the decision boundary. A weight the reader sets there is
 * the model's from then on: the losses shown are recomputed and training goes on from it.
 * @param {object} view
 */
export function addDiagram(view) {
  // The table of layers says in numbers what the diagram draws: the weights into each.
  html("th", { scope: "col" }, view.table.tHead.rows[0], "Weights into it");
  const figure = html("figure", { class: "playground__view playground__view--diagram" });
  view.root.querySelector(".playground__views").prepend(figure);
  html(
    "figcaption",
    {},
    figure,
    "The network: each unit's output over the plane, each weight a line (the bar under a unit: its mean |\u2202L/\u2202w|)",
  );
  view.diagram = createDiagram(html("div", {}, figure), {
    loadEditor: () => extras().then((x) => x.weightEditor),
    onEditWeight(layer, from, to, value) {
      view.model.W[layer][from * view.model.sizes[layer + 1] + to] = value;
      view.now = null; // the losses shown are those of the weights as they are now
      draw(view);
      describe(view, { announce: true });
    },
  });
}

// The smallest and the largest weight into a layer's units, as the table of layers shows them.
function weightRange(w) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let e = 0; e < w.length; e++) {
    if (w[e] < lo) lo = w[e];
    if (w[e] > hi) hi = w[e];
  }
  return `${formatNumber(lo, 3)} to ${formatNumber(hi, 3)}`;
}

// The network as the diagram draws it. Its heat maps are the outputs of the pass the
// decision boundary has just made over the grid (of the chosen features, view.fx.grid),
// which model.js's workspace keeps (A[l] the input of layer l, Z[L - 1] the output): the
// diagram costs no second pass. Gradients
// and dead units are the last step's, none before the first.
function networkSnapshot(view) {
  const { sizes, W, b } = view.model;
  const grid = view.gridWs;
  const stepped = view.step > 0;
  return {
    features: view.state.features.map((name) => FEATURES[name].label),
    sizes,
    weights: W,
    biases: b,
    unitGrids: [view.fx.grid, ...grid.A.slice(1), grid.Z[W.length - 1]],
    unitGradients: stepped ? view.ws.unitGrad : undefined,
    dead: stepped ? view.ws.deadUnits : undefined,
  };
}

// A mini-batch step marks the units dead on its batch's points only; the page says dead
// means f' = 0 at every training point. So with mini-batches the dead units are found anew
// over all of them, once per step drawn (not per step trained: playing stays fast).
function deadOverTrainingPoints(view) {
  const ws = view.ws;
  if (!view.nextBatch || !view.step || ws.deadAtStep === view.step) return;
  findDead(view.model, view.act, view.fx.train, ws);
  ws.deadAtStep = view.step;
}

/**
 * Draw every chart of the view; `heat: false` keeps the decision boundary's heat map as it
 * was (while training plays, it is redrawn every other frame).
 * @param {object} view
 * @param {{heat?: boolean}} [options]
 */
export function draw(view, { heat = true } = {}) {
  if (!view.visible) return;
  deadOverTrainingPoints(view);
  const colours = schemeColours(DATA.themes);
  view.root.style.setProperty("--playground-pos", colours.f);
  view.root.style.setProperty("--playground-neg", colours.df);
  if (heat || !view.heatDrawn) {
    drawBoundary(view, colours);
    if (view.diagram) view.diagram.update(networkSnapshot(view));
  }
  view.heatDrawn = true;
  drawLoss(view, colours);
  drawNorms(view, colours);
  drawDead(view, colours);
}

/**
 * Text: the readout line, the per-layer table, the canvases' descriptions. `announce`
 * also fills the live region (after pause, step, reset), never while training runs.
 */
export function describe(view, { announce } = {}) {
  const h = view.history;
  deadOverTrainingPoints(view);
  const { train, test, accuracy } = view.current();
  // A regression has no accuracy to state: the losses say how close it is.
  const summary =
    `Step ${view.step}: train loss ${formatNumber(train, 4)}, test loss ${formatNumber(test, 4)}` +
    (view.task === "regression" ? "." : `, test accuracy ${percent(accuracy)}.`);
  view.readout.textContent = summary;
  if (announce) view.live.textContent = view.problem ? `${view.problem} ${summary}` : summary;
  const L = view.ws.norms.length;
  const lastNorms = view.lastNorms;
  const rows = view.table.tBodies[0];
  const cells = [];
  for (let l = 0; l < L; l++) {
    const dead = l + 1 < L ? view.ws.dead[l] : null;
    cells.push([
      layerName(l, L),
      view.step ? formatNumber(lastNorms[l], 3) : "\u2013",
      dead === null ? "\u2013" : view.step ? `${Math.round(dead * view.state.width)} of ${view.state.width}` : "\u2013",
      weightRange(view.model.W[l]),
    ]);
  }
  if (rows.rows.length !== L) {
    rows.replaceChildren();
    for (let l = 0; l < L; l++) {
      const tr = html("tr", {}, rows);
      const th = html("th", { scope: "row" }, tr);
      // The layer's line as the gradient chart draws it: its colour and its dash.
      const swatch = svg("svg", { class: "playground__swatch", viewBox: "0 0 24 6", "aria-hidden": "true" }, th);
      swatch.dataset.layer = String(l);
      svg("line", { x1: 0, y1: 3, x2: 24, y2: 3, "stroke-width": 2 }, swatch);
      th.append(cells[l][0]);
      for (let c = 1; c < cells[l].length; c++) html("td", {}, tr);
    }
  }
  const colours = schemeColours(DATA.themes);
  cells.forEach((row, l) => {
    const tr = rows.rows[l];
    const { colour, dash } = layerStyle(colours, l, L);
    const line = tr.cells[0].firstChild.firstChild;
    line.setAttribute("stroke", colour);
    line.setAttribute("stroke-dasharray", dash.length ? dash.join(" ") : "none");
    for (let c = 1; c < row.length; c++) tr.cells[c].textContent = row[c];
  });
  const dataset = DATASETS[view.state.data]; // none for the reader's own data
  const dataName = dataset ? `the ${dataset.label} data` : "your own data";
  view.canvases.boundary.setAttribute(
    "aria-label",
    `Decision boundary after ${view.step} steps on ${dataName}: the shading is ` +
      `the ${view.task === "regression" ? "predicted value" : "predicted class"} over the plane; ` +
      `${view.dataset.train.n} training points (filled) and ${view.dataset.test.n} test points ` +
      `(${view.state.showTest ? "rings" : "hidden"}).` +
      (view.task === "regression" ? "" : ` Test accuracy ${percent(accuracy)}.`),
  );
  view.canvases.loss.setAttribute(
    "aria-label",
    view.step
      ? `Loss against steps, 0 to ${view.step}: train (solid) from ${formatNumber(h.train[0], 3)} ` +
          `to ${formatNumber(train, 3)}, test (dashed) from ${formatNumber(h.test[0], 3)} to ${formatNumber(test, 3)}.`
      : `Loss against steps: no step taken yet; train ${formatNumber(train, 3)}, test ${formatNumber(test, 3)}.`,
  );
  view.canvases.norms.setAttribute(
    "aria-label",
    view.step
      ? `Gradient norm of each layer against steps, log scale; at step ${view.step}: ` +
          cells.map((c) => `${c[0]} ${c[1]}`).join(", ") + "."
      : "Gradient norm of each layer against steps, log scale: no step taken yet.",
  );
  view.canvases.dead.setAttribute(
    "aria-label",
    view.step
      ? `Share of dead units in each hidden layer at step ${view.step}: ` +
          cells.slice(0, -1).map((c) => `${c[0]} ${c[2]}`).join(", ") + "."
      : "Share of dead units in each hidden layer: no step taken yet.",
  );
  if (view.diagram) view.diagram.describe();
}


/**
 * Measure the view's canvases again at their next drawing (after a resize).
 * @param {object} view
 */
export function remeasure(view) {
  for (const canvas of Object.values(view.canvases)) boxes.delete(canvas);
}
