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
import { DATASETS, FEATURES, featureMatrix, makeDataset, split } from "./datasets.js";
import {
  INITS,
  batches,
  createModel,
  createOptimiser,
  forward,
  initialise,
  lossFunctions,
  meanLoss,
  step,
  workspace,
} from "./model.js";
import { field, paramControls } from "./fields.js";
import { extras } from "./later.js";
import { mulberry32 } from "./random.js";
import {
  BETA2S,
  BETAS,
  CHECKS,
  DATA_CHOICES,
  FUNCTIONS,
  MAX_BATCH,
  MAX_DEPTH,
  MAX_SEED,
  MAX_WIDTH,
  OPTIMISERS,
  OWN_DATA,
  POINTS,
  RATES,
  READERS,
  REG_RATES,
  REGULARISATIONS,
  SPEEDS,
  TEST_SHARES,
  layerActivation,
  setupToHash,
  taskOf,
} from "./state.js";

let lossFunctionsOfPage = null;

/** The loss's softplus and sigmoid, the registry's (built once). */
export function lossOf() {
  lossFunctionsOfPage ||= lossFunctions(REGISTRY.bind);
  return lossFunctionsOfPage;
}

const MAX_HISTORY = 1200; // points per curve; older ones are thinned by half
const MAX_LOGGED_BATCHES = 1000;

/**
 * Build the model and data of the current setup, back at step 0.
 * @param {object} view
 */
export function reset(view) {
  pause(view);
  const state = view.state;
  view.problem = null;
  view.act = [];
  for (let k = 1; k <= state.depth; k++) {
    const { fn, params } = layerActivation(state, k);
    try {
      view.act.push(REGISTRY.bind(fn, params));
    } catch (err) {
      view.problem ||= state.depth > 1 ? `Layer ${k}: ${err.message}` : err.message;
      view.act.push(REGISTRY.bind(fn, REGISTRY.defaults(fn)));
    }
  }
  view.task = taskOf(state);
  // What the charts call the data and the loss.
  view.dataName = state.data === OWN_DATA ? "your" : DATASETS[state.data].label;
  if (view.lossName) {
    const loss = view.task === "regression" ? "half the mean squared error" : "binary cross-entropy";
    view.lossName.textContent = `Loss (${loss}) `;
  }
  view.dataset =
    state.data === OWN_DATA
      ? split(view.ownData.rows.map((row) => [...row]), state.test, mulberry32(state.seed))
      : makeDataset(state);
  // The network sees the chosen features of each point; the charts draw the points themselves.
  view.fx = {
    train: featureMatrix(view.dataset.train.X, state.features),
    test: featureMatrix(view.dataset.test.X, state.features),
    grid: featureMatrix(view.gridPoints, state.features),
  };
  const sizes = [state.features.length, ...Array(state.depth).fill(state.width), 1];
  view.model = initialise(createModel(sizes), state.init, state.seed);
  view.optimiser = createOptimiser(view.model, {
    kind: state.optimiser,
    rate: state.lr,
    beta: state.beta,
    beta1: state.beta1,
    beta2: state.beta2,
  });
  // Mini-batches come from a generator of their own, so that a seed's data and initial
  // weights are the same whatever the batch size.
  const order = mulberry32(state.seed ^ 0x9e3779b9);
  view.nextBatch = state.batch ? batches(view.dataset.train.n, state.batch, order) : null;
  view.batchLog = []; // the indices of each mini-batch used, for inspect()
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

function lossOn(view, part, X, ws) {
  return meanLoss(lossOf(), forward(view.model, view.act, X, ws, false), part.y, part.n, view.task);
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
  const s = forward(view.model, view.act, view.fx.test, view.testWs, false);
  let right = 0;
  for (let i = 0; i < test.n; i++) right += (s[i] >= 0 ? 1 : 0) === test.y[i] ? 1 : 0;
  const classes = view.task === "classification" && test.n;
  view.now = {
    step: view.step,
    test: meanLoss(lossOf(), s, test.y, test.n, view.task),
    accuracy: classes ? right / test.n : NaN,
    train: lossOn(view, train, view.fx.train, view.ws),
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
  const state = view.state;
  const k = view.step;
  const due = k % view.history.stride === 0;
  const measured = due && measureTest;
  const testLoss = measured ? lossOn(view, test, view.fx.test, view.testWs) : NaN;
  // A mini-batch's own loss is not the training loss: that is measured as the test loss is.
  const everyPoint = view.nextBatch && measured ? lossOn(view, train, view.fx.train, view.ws) : NaN;
  view.optimiser.rate = state.lr;
  const options = {
    optimiser: view.optimiser,
    task: view.task,
    regularisation: state.reg,
    regularisationRate: state.regRate,
    batch: view.nextBatch ? view.nextBatch() : null,
  };
  const stepLoss = step(view.model, view.act, lossOf(), view.fx.train, train.y, view.ws, options);
  if (options.batch && view.batchLog.length < MAX_LOGGED_BATCHES) view.batchLog.push(Array.from(options.batch));
  const trainLoss = view.nextBatch ? everyPoint : stepLoss;
  view.step += 1;
  view.lastNorms.set(view.ws.norms);
  if (due) record(view, k, trainLoss, testLoss, view.ws.norms);
  if (!Number.isFinite(stepLoss)) {
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
  writeSetupLink(view);
}

/**
 * The permalink follows every change; the address bar once the reader has changed something.
 * @param {object} view
 * @param {{initial?: boolean}} [options]
 */
export function writeSetupLink(view, { initial } = {}) {
  writeHash(view, setupToHash(view.state), { initial });
}

// The settings that apply from the next step on; every other one starts training over.
const LIVE = new Set(["lr", "speed", "reg", "regRate", "discretize", "showTest"]);

// Set one setting.
function change(view, key, value) {
  const state = view.state;
  state[key] = value;
  if (key === "fn") {
    state.params = REGISTRY.defaults(value);
    buildParams(view);
  }
  if (key === "depth") for (const k of Object.keys(state.layers)) if (k > value) delete state.layers[k];
  if (key === "fn" || key === "depth") buildLayers(view);
  view.syncs.forEach((sync) => sync());
  if (!LIVE.has(key)) reset(view);
  else if (view.problem && view.problem.startsWith("Training diverged")) {
    view.problem = null;
    view.message.textContent = "";
  }
  refresh(view);
}

// A row shown only while `when(state)` holds (an optimiser's own settings). The style as
// well as `hidden`: a row's own display (a grid) would otherwise win over the attribute's.
function shownWhen(view, row, when) {
  const sync = () => {
    row.hidden = !when(view.state);
    row.style.display = row.hidden ? "none" : "";
  };
  view.syncs.push(sync);
  sync();
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
  const sync = () => (node.value = String(view.state[key]));
  node.addEventListener("change", () => change(view, key, (READERS[key] || Number)(node.value)));
  view.syncs.push(sync);
  sync();
  return node;
}

// A range input over `values` (by index when `indexed`), with its value beside it.
function slider(view, parent, key, label, { min, max, step, values, unit = "", shown: show }) {
  const id = `${view.id}-${key}`;
  const row = field(parent, label, id);
  const indexed = Boolean(values);
  const attrs = indexed ? { min: 0, max: values.length - 1, step: 1 } : { min, max, step };
  const node = html("input", { type: "range", id, ...attrs }, row);
  const output = html("output", { for: id }, row);
  const shown = show || ((v) => `${formatNumber(v, 4)}${unit}`);
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

// A checkbox for a setting that is on or off.
function toggle(view, parent, key, label) {
  const id = `${view.id}-${key}`;
  const row = html("div", { class: "playground__field playground__check" }, parent);
  const node = html("input", { type: "checkbox", id }, row);
  html("label", { for: id }, row, label);
  node.addEventListener("change", () => change(view, key, node.checked));
  view.syncs.push(() => (node.checked = view.state[key]));
  node.checked = view.state[key];
  return node;
}

const restart = (view) => {
  reset(view);
  refresh(view);
};

function buildParams(view) {
  const box = view.paramBox;
  box.replaceChildren();
  const fn = FUNCTIONS.find((f) => f.name === view.state.fn);
  paramControls(box, `${view.id}-param`, fn, view.state.params, (key, value) => {
    view.state.params = { ...view.state.params, [key]: value };
    restart(view);
  });
  if (!Object.keys(fn.params).length) {
    html("p", { class: "playground__note" }, box, `${fn.display} has no parameters.`);
  }
}

// An activation per hidden layer (playground-extras.js builds the form when the reader
// first opens it; a permalink's own layers apply without it).
function buildLayers(view) {
  if (!view.layerForm) return;
  const state = view.state;
  view.layerForm(view.layerBody, `${view.id}-layer`, state, (k, own, rebuild = true) => {
    if (own) state.layers[k] = own;
    else delete state.layers[k];
    if (rebuild) buildLayers(view);
    restart(view);
  });
}

// The inputs the network sees: any of the seven features, at least one.
function buildFeatures(view, parent) {
  const group = html("fieldset", { class: "playground__features" }, parent);
  html("legend", {}, group, "Input features");
  for (const [key, feature] of Object.entries(FEATURES)) {
    const id = `${view.id}-feature-${key}`;
    const row = html("div", { class: "playground__field playground__check" }, group);
    const box = html("input", { type: "checkbox", id, value: key }, row);
    html("label", { for: id }, row, feature.label);
    view.syncs.push(() => (box.checked = view.state.features.includes(key)));
    box.checked = view.state.features.includes(key);
    box.addEventListener("change", () => {
      const chosen = Object.keys(FEATURES).filter((k) => (k === key ? box.checked : view.state.features.includes(k)));
      if (!chosen.length) {
        box.checked = true; // the network takes at least one input
        return;
      }
      change(view, "features", chosen);
    });
  }
}

// A part of the controls built from playground-extras.js when the reader first opens it.
function onDemand(view, parent, title, className, build) {
  const box = html("details", { class: className }, parent);
  html("summary", {}, box, title);
  const body = html("div", {}, box);
  box.addEventListener("toggle", async () => {
    if (!box.open || body.dataset.built !== undefined) return;
    body.dataset.built = "";
    // On a slow connection the form takes a moment: say so, rather than show an empty box.
    const loading = html("p", { class: "playground__note" }, body, "Loading the form\u2026");
    try {
      const forms = await extras();
      loading.remove();
      build(forms, body);
    } catch (err) {
      loading.remove();
      delete body.dataset.built; // closed and opened again, it tries again
      html("p", { class: "playground__note", role: "alert" }, body, err.message);
    }
  });
  return box;
}

// The reader's own data: pasted or opened, checked before it is used. A bad line is named
// with its problem and nothing of the current setup changes.
function buildOwnData(view, parent) {
  onDemand(view, parent, "Your own data (CSV)", "playground__own", (x, body) =>
    x.ownDataForm(body, `${view.id}-own`, (rows, task) => {
      view.ownData = { rows, task };
      view.state.ownTask = task;
      view.ownOption.disabled = false;
      view.ownOption.textContent = `Your data (${rows.length} points)`;
      change(view, "data", OWN_DATA);
    }),
  );
}

// The trained network as JSON, or as Python that reproduces its outputs.
function buildExport(view, parent) {
  onDemand(view, parent, "Export the network", "playground__export", (x, body) =>
    x.exportForm(body, `${view.id}-export`, () => network(view)),
  );
}

/**
 * The settings, in three groups: Data (with the reader's own), Network (an activation for
 * every layer and one per layer), Training (optimiser, regularisation, batch size, the
 * activation's parameters), and the export of the trained network.
 * @param {object} view
 */
export function buildControls(view) {
  const controls = html("div", { class: "playground__controls" }, view.root);
  const data = html("fieldset", { class: "playground__group" }, controls);
  html("legend", {}, data, "Data");
  const datasets = select(view, data, "data", "Dataset", DATA_CHOICES.map((key) => [key, DATASETS[key].label]));
  view.ownOption = html("option", { value: OWN_DATA, disabled: "" }, datasets, "Your data (none yet)");
  select(view, data, "points", "Points", POINTS.map((p) => [p, String(p)]));
  select(view, data, "test", "Test share", TEST_SHARES.map((p) => [p, `${p}%`]));
  slider(view, data, "noise", "Label noise", { min: 0, max: 50, step: 5, unit: "%" });
  slider(view, data, "spread", "Position noise", { min: 0, max: 50, step: 5, unit: "%" });
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
  toggle(view, data, "showTest", "Show test data");
  toggle(view, data, "discretize", "Discretize output");
  buildOwnData(view, data);

  const net = html("fieldset", { class: "playground__group" }, controls);
  html("legend", {}, net, "Network");
  buildFeatures(view, net);
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
  onDemand(view, net, "An activation per layer", "playground__per-layer", (x, body) => {
    body.className = "playground__params";
    body.setAttribute("role", "group");
    body.setAttribute("aria-label", "Activation per layer");
    view.layerForm = x.layerForm;
    view.layerBody = body;
    buildLayers(view);
  });

  const training = html("fieldset", { class: "playground__group" }, controls);
  html("legend", {}, training, "Training");
  select(view, training, "optimiser", "Optimiser", Object.entries(OPTIMISERS));
  slider(view, training, "lr", "Learning rate", { values: RATES });
  const momentum = select(view, training, "beta", "Momentum \u03b2", BETAS.map((b) => [b, String(b)]));
  shownWhen(view, momentum.parentElement, (s) => s.optimiser === "momentum");
  const beta1 = select(view, training, "beta1", "Adam \u03b2\u2081", BETAS.map((b) => [b, String(b)]));
  shownWhen(view, beta1.parentElement, (s) => s.optimiser === "adam");
  const beta2 = select(view, training, "beta2", "Adam \u03b2\u2082", BETA2S.map((b) => [b, String(b)]));
  shownWhen(view, beta2.parentElement, (s) => s.optimiser === "adam");
  select(view, training, "reg", "Regularisation", Object.entries(REGULARISATIONS));
  const rate = slider(view, training, "regRate", "Regularisation rate", { values: REG_RATES });
  shownWhen(view, rate.parentElement, (s) => s.reg !== "none");
  slider(view, training, "batch", "Batch size", {
    min: 0,
    max: MAX_BATCH,
    step: 1,
    shown: (v) => (v ? String(v) : "full batch"),
  });
  select(view, training, "speed", "Steps per frame", SPEEDS.map((s) => [s, String(s)]));
  view.paramBox = html("div", { class: "playground__params", role: "group", "aria-label": "Activation parameters" }, training);
  buildParams(view);
  buildExport(view, training);
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
  panel("loss", "", lossKey);
  // The loss's name follows the task (reset() writes it).
  view.lossName = html("span", {}, null);
  view.canvases.loss.parentElement.querySelector("figcaption").prepend(view.lossName);
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
 * What the heat map shows at each cell of its grid, in [0, 1]: the predicted probability
 * of class 1, or a regression's prediction mapped from [-1, 1] (the targets' range); with
 * "discretize", rounded to 0 or 1 (the class predicted, or the sign of the prediction).
 * @param {object} view
 * @returns {Float64Array}
 */
export function gridProbabilities(view) {
  const s = forward(view.model, view.act, view.fx.grid, view.gridWs, false);
  const out = view.gridOut;
  const regression = view.task === "regression";
  const sigmoid = lossOf().sigmoid;
  for (let i = 0; i < out.length; i++) {
    const p = regression ? Math.min(1, Math.max(0, (s[i] + 1) / 2)) : sigmoid(s[i]);
    out[i] = view.state.discretize && Number.isFinite(p) ? (p >= 0.5 ? 1 : 0) : p;
  }
  return out;
}

/**
 * The trained network as export.js takes it: the model, each hidden layer's activation
 * with its full parameters, the features and the task.
 * @param {object} view
 */
export function network(view) {
  const activations = [];
  for (let k = 1; k <= view.state.depth; k++) {
    const { fn, params } = layerActivation(view.state, k);
    activations.push({ name: fn, params: { ...REGISTRY.defaults(fn), ...params } });
  }
  return { model: view.model, activations, features: view.state.features, task: view.task };
}

/**
 * Apply a whole setup (permalink, named case) and start over.
 * @param {object} view
 * @param {object} state
 */
export function applyState(view, state) {
  if (state.data === OWN_DATA && !view.ownData) state.data = "circle";
  view.state = state;
  view.syncs.forEach((sync) => sync());
  buildParams(view);
  buildLayers(view);
  reset(view);
  draw(view);
  describe(view, { announce: true });
  writeSetupLink(view, { initial: true });
}
