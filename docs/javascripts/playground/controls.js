/*
 * The playground's controls and its training loop: the data, network and training
 * settings, each a labelled control that works by keyboard; Play, Step and Reset; and a
 * few training steps per animation frame, within a time budget, so that drawing never
 * blocks input. Nothing starts by itself.
 */
import { html } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";
import { writeHash } from "../lib/hash.js";
import { REGISTRY } from "../lib/registry.js";
import { GRID, describe, draw } from "./charts.js";
import { DATASETS, makeDataset } from "./datasets.js";
import {
  INITS,
  createModel,
  createOptimiser,
  forward,
  initialise,
  lossFunctions,
  meanLoss,
  step,
  workspace,
} from "./model.js";
import {
  CHECKS,
  DATA_CHOICES,
  FUNCTIONS,
  MAX_DEPTH,
  MAX_SEED,
  MAX_WIDTH,
  POINTS,
  RATES,
  SPEEDS,
  TEST_SHARES,
  TEXT_KEYS,
  setupToHash,
} from "./state.js";

let lossFunctionsOfPage = null;

/** The loss's softplus and sigmoid, the registry's (built once). */
export function lossOf() {
  lossFunctionsOfPage ||= lossFunctions(REGISTRY.bind);
  return lossFunctionsOfPage;
}

const MAX_HISTORY = 1200; // points per curve; older ones are thinned by half

/**
 * Build the model and data of the current setup, back at step 0.
 * @param {object} view
 */
export function reset(view) {
  pause(view);
  const state = view.state;
  view.problem = null;
  try {
    view.act = REGISTRY.bind(state.fn, state.params);
  } catch (err) {
    view.problem = err.message;
    view.act = REGISTRY.bind(state.fn, REGISTRY.defaults(state.fn));
  }
  view.dataset = makeDataset(state);
  const sizes = [2, ...Array(state.depth).fill(state.width), 1];
  view.model = initialise(createModel(sizes), state.init, state.seed);
  view.optimiser = createOptimiser(view.model, { kind: "sgd", rate: state.lr });
  view.ws = workspace(sizes, view.dataset.train.n);
  view.testWs = workspace(sizes, view.dataset.test.n);
  view.gridWs = workspace(sizes, GRID * GRID);
  view.step = 0;
  view.lastNorms = new Float64Array(sizes.length - 1);
  view.history = { steps: [], train: [], test: [], norms: sizes.slice(1).map(() => []), stride: 1 };
  view.now = null;
  view.message.textContent = view.problem || "";
  view.buttons.play.disabled = view.buttons.step.disabled = Boolean(view.problem);
}

function lossOn(view, part, ws) {
  return meanLoss(lossOf(), forward(view.model, view.act, part.X, ws, false), part.y, part.n);
}

/**
 * The losses and the test accuracy of the weights as they are now (after view.step
 * steps), computed when they are shown, once per step at most.
 * @param {object} view
 * @returns {{step: number, train: number, test: number, accuracy: number}}
 */
export function current(view) {
  if (view.now && view.now.step === view.step) return view.now;
  const { train, test } = view.dataset;
  const s = forward(view.model, view.act, test.X, view.testWs, false);
  let right = 0;
  for (let i = 0; i < test.n; i++) right += (s[i] >= 0 ? 1 : 0) === test.y[i] ? 1 : 0;
  view.now = {
    step: view.step,
    test: meanLoss(lossOf(), s, test.y, test.n),
    accuracy: test.n ? right / test.n : NaN,
    train: lossOn(view, train, view.ws),
  };
  return view.now;
}

// History, every `stride` steps: at step k, the train and test loss of the weights after
// k steps and the norms of the gradient there, which step k + 1 uses. The step's own
// forward pass gives the train loss; the test loss (a pass over the test points) is
// measured at one step per animation frame while training plays, NaN at the others.
function record(view, k, trainLoss, testLoss, norms) {
  const h = view.history;
  h.steps.push(k);
  h.train.push(trainLoss);
  h.test.push(testLoss);
  norms.forEach((v, l) => h.norms[l].push(v));
  if (h.steps.length > MAX_HISTORY) {
    const keep = (list) => list.filter((_, i) => i % 2 === 0);
    h.steps = keep(h.steps);
    h.train = keep(h.train);
    h.test = keep(h.test);
    h.norms = h.norms.map(keep);
    h.stride *= 2;
  }
}

function trainOnce(view, { measureTest = true } = {}) {
  const { train, test } = view.dataset;
  const k = view.step;
  const due = k % view.history.stride === 0;
  const testLoss = due && measureTest ? lossOn(view, test, view.testWs) : NaN;
  view.optimiser.rate = view.state.lr;
  const options = { optimiser: view.optimiser };
  const trainLoss = step(view.model, view.act, lossOf(), train.X, train.y, view.ws, options);
  view.step += 1;
  view.lastNorms.set(view.ws.norms);
  if (due) record(view, k, trainLoss, testLoss, view.ws.norms);
  if (!Number.isFinite(trainLoss)) {
    view.problem = `Training diverged at step ${view.step} (the loss is not finite): lower the learning rate, then reset.`;
    view.message.textContent = view.problem;
    return false;
  }
  return true;
}

const FRAME_BUDGET_MS = 6; // training time per frame; drawing takes the rest of 16 ms

function play(view) {
  if (view.running || view.problem) return;
  view.running = true;
  syncButtons(view);
  let lastText = 0;
  const frame = (now) => {
    if (!view.running) return;
    if (!view.root.isConnected) return pause(view);
    const start = performance.now();
    let steps = 0;
    let ok = true;
    while (steps < view.state.speed && ok) {
      ok = trainOnce(view, { measureTest: steps === 0 });
      steps += 1;
      if (performance.now() - start > FRAME_BUDGET_MS) break;
    }
    const trained = performance.now();
    view.skipHeat = !view.skipHeat; // the heat map at 30 frames a second is enough
    draw(view, { heat: !view.skipHeat });
    if (now - lastText > 250 || !ok) {
      describe(view);
      lastText = now;
    }
    measure(view.stats, steps, trained - start, performance.now() - trained);
    if (!ok) return pause(view);
    view.frame = requestAnimationFrame(frame);
  };
  view.frame = requestAnimationFrame(frame);
}

// What each frame of training cost, for scripts/reports/bench_playground.py (inspect().stats).
function measure(stats, steps, trainMs, drawMs) {
  stats.steps += steps;
  stats.trainMs += trainMs;
  stats.frames.push([steps, trainMs, drawMs]);
  if (stats.frames.length > 600) stats.frames.shift();
}

/**
 * Stop training, and say where it stopped.
 * @param {object} view
 */
export function pause(view) {
  const was = view.running;
  view.running = false;
  cancelAnimationFrame(view.frame);
  if (view.buttons) syncButtons(view);
  if (was && view.history) describe(view, { announce: true });
}

function syncButtons(view) {
  const play = view.buttons.play;
  play.textContent = view.running ? "Pause" : "Play";
  play.setAttribute("aria-pressed", String(view.running));
}

function refresh(view) {
  draw(view);
  describe(view, { announce: true });
  writePermalink(view);
}

/**
 * The permalink follows every change; the address bar once the reader has changed something.
 * @param {object} view
 * @param {{initial?: boolean}} [options]
 */
export function writePermalink(view, { initial } = {}) {
  writeHash(view, setupToHash(view.state), { initial });
}

// Set one setting; those of the data and the network start training over.
function change(view, key, value) {
  view.state[key] = value;
  if (key === "fn") {
    view.state.params = REGISTRY.defaults(value);
    buildParams(view);
  }
  if (key !== "lr" && key !== "speed") reset(view);
  else if (view.problem && view.problem.startsWith("Training diverged")) {
    view.problem = null;
    view.message.textContent = "";
  }
  refresh(view);
}

function field(parent, label, id, hint) {
  const row = html("div", { class: "playground__field" }, parent);
  html("label", { for: id }, row, label);
  if (hint) row.dataset.hint = hint;
  return row;
}

function select(view, parent, key, label, options) {
  const id = `${view.id}-${key}`;
  const row = field(parent, label, id);
  const node = html("select", { id }, row);
  for (const [value, text, group] of options) {
    let into = node;
    if (group) {
      into =
        [...node.querySelectorAll("optgroup")].find((g) => g.label === group) ||
        html("optgroup", { label: group }, node);
    }
    html("option", { value: String(value) }, into, text);
  }
  node.value = String(view.state[key]);
  node.addEventListener("change", () => {
    change(view, key, TEXT_KEYS.has(key) ? node.value : Number(node.value));
  });
  view.inputs[key] = node;
  return node;
}

// A range input over `values` (by index when `indexed`), with its value beside it.
function slider(view, parent, key, label, { min, max, step, values, unit = "" }) {
  const id = `${view.id}-${key}`;
  const row = field(parent, label, id);
  const indexed = Boolean(values);
  const attrs = indexed
    ? { min: 0, max: values.length - 1, step: 1 }
    : { min, max, step };
  const node = html("input", { type: "range", id, ...attrs }, row);
  const output = html("output", { for: id }, row);
  const shown = (v) => `${formatNumber(v, 4)}${unit}`;
  const sync = () => {
    const value = view.state[key];
    node.value = String(indexed ? values.indexOf(value) : value);
    output.textContent = shown(value);
    node.setAttribute("aria-valuetext", shown(value));
  };
  node.addEventListener("input", () => {
    const value = indexed ? values[Number(node.value)] : Number(node.value);
    output.textContent = shown(value);
    node.setAttribute("aria-valuetext", shown(value));
    change(view, key, value);
  });
  view.syncs.push(sync);
  sync();
  return node;
}

function buildParams(view) {
  const box = view.paramBox;
  box.replaceChildren();
  const fn = FUNCTIONS.find((f) => f.name === view.state.fn);
  for (const [key, param] of Object.entries(fn.params)) {
    const id = `${view.id}-param-${key}`;
    const shownDefault = param.choices ? param.default : formatNumber(param.default, 6);
    const row = field(box, `${fn.display} ${key} (default ${shownDefault})`, id);
    const set = (value) => {
      view.state.params = { ...view.state.params, [key]: value };
      reset(view);
      refresh(view);
    };
    if (param.choices) {
      const node = html("select", { id }, row);
      for (const choice of param.choices) html("option", { value: choice }, node, choice);
      node.value = view.state.params[key];
      node.addEventListener("change", () => set(node.value));
      continue;
    }
    const [lo, hi, stepSize] = param.slider;
    const value = view.state.params[key];
    const node = html("input", { type: "range", id, min: lo, max: hi, step: stepSize, value }, row);
    const output = html("output", { for: id }, row, formatNumber(value, 6));
    node.setAttribute("aria-valuetext", formatNumber(value, 6));
    node.addEventListener("input", () => {
      const v = Number(node.value);
      output.textContent = formatNumber(v, 6);
      node.setAttribute("aria-valuetext", formatNumber(v, 6));
      set(v);
    });
  }
  if (!Object.keys(fn.params).length) {
    html("p", { class: "playground__note" }, box, `${fn.display} has no parameters.`);
  }
}

/**
 * The settings, in three groups: Data, Network, Training (with the activation's parameters).
 * @param {object} view
 */
export function buildControls(view) {
  const controls = html("div", { class: "playground__controls" }, view.root);
  const data = html("fieldset", { class: "playground__group" }, controls);
  html("legend", {}, data, "Data");
  select(view, data, "data", "Dataset", DATA_CHOICES.map((key) => [key, DATASETS[key].label]));
  select(view, data, "points", "Points", POINTS.map((p) => [p, String(p)]));
  select(view, data, "test", "Test share", TEST_SHARES.map((p) => [p, `${p}%`]));
  slider(view, data, "noise", "Label noise", { min: 0, max: 50, step: 5, unit: "%" });
  const seedId = `${view.id}-seed`;
  const seedRow = field(data, "Seed", seedId);
  const seed = html("input", { type: "number", id: seedId, min: 1, max: MAX_SEED, step: 1, inputmode: "numeric" }, seedRow);
  seed.value = String(view.state.seed);
  seed.addEventListener("change", () => {
    const value = Math.round(Number(seed.value));
    if (CHECKS.seed(value)) change(view, "seed", value);
    else seed.value = String(view.state.seed);
  });
  view.syncs.push(() => (seed.value = String(view.state.seed)));

  const net = html("fieldset", { class: "playground__group" }, controls);
  html("legend", {}, net, "Network");
  slider(view, net, "depth", "Hidden layers", { min: 1, max: MAX_DEPTH, step: 1 });
  slider(view, net, "width", "Units per layer", { min: 1, max: MAX_WIDTH, step: 1 });
  select(
    view,
    net,
    "fn",
    "Activation",
    FUNCTIONS.map((fn) => [fn.name, fn.display, fn.family.charAt(0).toUpperCase() + fn.family.slice(1)]),
  );
  select(view, net, "init", "Initialisation", Object.entries(INITS).map(([k, i]) => [k, i.label]));

  const training = html("fieldset", { class: "playground__group" }, controls);
  html("legend", {}, training, "Training");
  slider(view, training, "lr", "Learning rate", { values: RATES });
  select(view, training, "speed", "Steps per frame", SPEEDS.map((s) => [s, String(s)]));
  html("p", { class: "playground__note" }, training, "Full batch: every step uses all the training points.");
  view.paramBox = html("div", { class: "playground__params", role: "group", "aria-label": "Activation parameters" }, training);
  buildParams(view);
}

/**
 * Play, Step and Reset, the readout beside them, the message and the live region.
 * @param {object} view
 */
export function buildButtons(view) {
  const bar = html("div", { class: "playground__bar", role: "group", "aria-label": "Training" }, view.root);
  const button = (name, text) => {
    const node = html("button", { type: "button", class: `playground__button playground__${name}` }, bar, text);
    view.buttons[name] = node;
    return node;
  };
  button("play", "Play").setAttribute("aria-pressed", "false");
  button("step", "Step");
  button("reset", "Reset");
  view.readout = html("p", { class: "playground__readout" }, bar);
  view.buttons.play.addEventListener("click", () => (view.running ? pause(view) : play(view)));
  view.buttons.step.addEventListener("click", () => {
    pause(view);
    if (!view.problem) trainOnce(view);
    draw(view);
    describe(view, { announce: true });
  });
  view.buttons.reset.addEventListener("click", () => {
    reset(view);
    refresh(view);
  });
  view.message = html("p", { class: "playground__message", role: "alert" }, view.root);
  view.live = html("p", { class: "playground__live", "aria-live": "polite", "aria-atomic": "true" }, view.root);
}

/**
 * The charts' canvases with their captions, and the table of layers.
 * @param {object} view
 */
export function buildViews(view) {
  const views = html("div", { class: "playground__views" }, view.root);
  const panel = (name, title, key) => {
    const figure = html("figure", { class: `playground__view playground__view--${name}` }, views);
    const caption = html("figcaption", {}, figure, title);
    if (key) caption.append(key);
    view.canvases[name] = html("canvas", { class: "playground__canvas", role: "img" }, figure);
  };
  panel("boundary", "Decision boundary (filled: train, rings: test)");
  const lossKey = html("span", { class: "playground__key", "aria-hidden": "true" });
  for (const part of ["train", "test"]) {
    html("span", { class: `playground__line playground__line--${part}` }, lossKey);
    lossKey.append(part);
  }
  panel("loss", "Loss (binary cross-entropy) ", lossKey);
  panel("norms", "Gradient norm \u2016\u2202L/\u2202W\u2016 per layer (log scale)");
  panel("dead", "Dead units per hidden layer (f\u2032 = 0 at every training point)");
  const layers = html("div", { class: "playground__layers" }, view.root);
  const table = html("table", { class: "playground__table" }, layers);
  html("caption", {}, table, "Each layer, at the last step");
  const head = html("tr", {}, html("thead", {}, table));
  for (const title of ["Layer", "\u2016\u2202L/\u2202W\u2016", "Dead units"]) html("th", { scope: "col" }, head, title);
  html("tbody", {}, table);
  view.table = table;
}

/**
 * The predicted probability of class 1 at each cell of the heat map's grid.
 * @param {object} view
 * @returns {Float64Array}
 */
export function gridProbabilities(view) {
  const points = view.gridPoints;
  const s = forward(view.model, view.act, points, view.gridWs, false);
  const out = view.gridOut;
  const sigmoid = lossOf().sigmoid;
  for (let i = 0; i < out.length; i++) out[i] = sigmoid(s[i]);
  return out;
}

/**
 * Apply a whole setup (permalink, named case) and start over.
 * @param {object} view
 * @param {object} state
 */
export function applyState(view, state) {
  view.state = state;
  for (const [key, node] of Object.entries(view.inputs)) node.value = String(state[key]);
  view.syncs.forEach((sync) => sync());
  buildParams(view);
  reset(view);
  draw(view);
  describe(view, { announce: true });
  writePermalink(view, { initial: true });
}

