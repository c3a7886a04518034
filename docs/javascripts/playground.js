/*
 * The training playground: a small network learns a 2-D dataset live, and every layer's
 * gradient shows whether it flows, vanishes or dies. This entry mounts each
 * <div class="playground"> and wires the modules; the build bundles it with them into
 * one script (scripts/shared/bundle.py).
 *
 *   playground/random.js, datasets.js, model.js   seeded numbers, the data, the network
 *                                                 and its training step; no DOM
 *   playground/state.js      the setup, its permalink and the named cases
 *   playground/charts.js     the decision boundary and the charts, and their text
 *   playground/controls.js   the controls and the training loop
 *   playground/later.js      fetches playground-extras.js (the forms a reader opens
 *                            seldom, the classroom layout) when the reader first
 *                            reaches for the playground
 *   lib/                     shared with the explorer: the formulas, format, DOM, hash
 *
 * f and f' are lib/formulas.js's (the stable hand-written forms where they exist, else
 * the formulas compiled from the LaTeX the registry prints), and so are the loss's
 * softplus and sigmoid: the playground holds no activation math of its own.
 *
 * Tests and curious readers can call window.actlibPlayground.trace({activation, params,
 * X, y, weights, biases, lr, steps}) -> {loss, gradNorms, ...} (playground/model.js).
 */
import { html } from "./lib/dom.js";
import { DATA, REGISTRY } from "./lib/registry.js";
import { GRID, addDiagram, describe, draw, remeasure } from "./playground/charts.js";
import {
  applyState,
  buildButtons,
  buildControls,
  buildViews,
  current,
  gridProbabilities,
  pause,
  reset,
  writeSetupLink,
} from "./playground/controls.js";
import { EXTENT, makeDataset } from "./playground/datasets.js";
import { extras, fetchExtrasWhenReached } from "./playground/later.js";
import { trace } from "./playground/model.js";
import { DEFAULTS, defaultSetup, setupFromLocation, setupToHash } from "./playground/state.js";

// The classroom layout's toggle after `before` (the last of Play, Step, Reset); Escape
// leaves the layout too. What it does comes with the extras (playground/layout.js), which
// the reader's reaching for the button has fetched by the time it is pressed.
function addLayoutToggle(root, before) {
  const button = html(
    "button",
    { type: "button", class: "playground__button playground__wide-toggle", "aria-pressed": "false" },
    null,
    "Classroom layout",
  );
  before.after(button);
  const wide = () => button.getAttribute("aria-pressed") === "true";
  const set = (on) => extras().then((x) => x.setWide(root, button, on));
  button.addEventListener("click", () => set(!wide()));
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !event.defaultPrevented && wide()) set(false).then(() => button.focus());
  });
}

const mounted = new Set();
const STATES = new WeakMap();
let counter = 0;

function mount(root) {
  const cases = new Map();
  for (const span of root.querySelectorAll("[id][data-playground]")) cases.set(span.id, span.dataset.playground);
  const anchors = [...root.querySelectorAll("[id][data-playground]")];
  const view = {
    root,
    cases,
    id: `playground-${++counter}`,
    state: defaultSetup(),
    syncs: [],
    buttons: {},
    canvases: {},
  };
  view.state = setupFromLocation(cases) || view.state;
  root.replaceChildren(...anchors); // the named cases stay: links scroll to the playground
  buildControls(view);
  buildButtons(view);
  buildViews(view);
  addDiagram(view);
  addLayoutToggle(root, view.buttons.reset);
  fetchExtrasWhenReached(root);
  const footer = html("p", { class: "playground__footer" }, root);
  view.link = html("a", { class: "playground__permalink" }, footer, "Permalink to this setup");
  view.heat = { canvas: html("canvas", { width: GRID, height: GRID }) };
  view.heat.ctx = view.heat.canvas.getContext("2d");
  view.gridPoints = new Float64Array(GRID * GRID * 2);
  for (let r = 0; r < GRID; r++)
    for (let c = 0; c < GRID; c++) {
      const cell = r * GRID + c;
      view.gridPoints[2 * cell] = -EXTENT + ((c + 0.5) / GRID) * 2 * EXTENT;
      view.gridPoints[2 * cell + 1] = EXTENT - ((r + 0.5) / GRID) * 2 * EXTENT;
    }
  view.gridOut = new Float64Array(GRID * GRID);
  view.gridProbabilities = () => gridProbabilities(view);
  view.current = () => current(view);
  view.visible = true;
  view.stats = { steps: 0, trainMs: 0, frames: [] };
  reset(view);
  STATES.set(root, view);
  mounted.add(view);
  describe(view);
  writeSetupLink(view, { initial: true });
  // The first drawing (the decision boundary is a forward pass per pixel) waits for the
  // next frame, which it precedes: built and drawn in one task, the playground held the
  // page for 80 ms here, over 300 ms on a phone. Nothing is painted in between.
  requestAnimationFrame(() => {
    draw(view);
    root.classList.add("playground--mounted");
  });
  if ("ResizeObserver" in window) {
    let width = root.clientWidth;
    view.resize = new ResizeObserver(() => {
      if (root.clientWidth === width) return;
      width = root.clientWidth;
      remeasure(view);
      draw(view);
    });
    view.resize.observe(root);
  }
  return view;
}

function mountAll() {
  for (const view of mounted) {
    if (!view.root.isConnected) {
      pause(view);
      if (view.resize) view.resize.disconnect();
      mounted.delete(view);
    }
  }
  if (!DATA) return;
  for (const root of document.querySelectorAll("div.playground:not([data-playground-mounted])")) {
    root.dataset.playgroundMounted = "";
    try {
      mount(root);
    } catch (err) {
      root.textContent = `The playground could not start: ${err.message}`;
      throw err;
    }
  }
}

// A link to a named case, or a permalink pasted into the address bar, on this page.
addEventListener("hashchange", () => {
  for (const view of mounted) {
    if (!view.root.isConnected) continue;
    const setup = setupFromLocation(view.cases);
    if (setup && setupToHash(setup) !== setupToHash(view.state)) applyState(view, setup);
  }
});

// Material's palette toggle: redraw in the other scheme's colours.
new MutationObserver(() => {
  for (const view of mounted) {
    if (!view.root.isConnected) continue;
    draw(view);
    describe(view);
  }
}).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

function inspect(root) {
  const view = STATES.get(root);
  if (!view) return null;
  const nested = (flat, rows, cols) =>
    Array.from({ length: rows }, (_, i) => Array.from(flat.subarray(i * cols, (i + 1) * cols)));
  const part = (p) => ({ X: nested(p.X, p.n, 2), y: Array.from(p.y) });
  const { sizes } = view.model;
  return {
    state: structuredClone(view.state),
    step: view.step,
    running: Boolean(view.running),
    problem: view.problem,
    history: { steps: [...view.history.steps], train: [...view.history.train], test: [...view.history.test] },
    now: { ...current(view) },
    gradNorms: Array.from(view.lastNorms),
    dead: Array.from(view.ws.dead),
    stats: structuredClone(view.stats),
    weights: view.model.W.map((w, l) => nested(w, sizes[l], sizes[l + 1])),
    biases: view.model.b.map((b) => Array.from(b)),
    train: part(view.dataset.train),
    test: part(view.dataset.test),
    // the indices of the training points of each mini-batch used since the last reset
    batches: view.batchLog.map((batch) => [...batch]),
  };
}

window.actlibPlayground = {
  trace: (args) => trace(args, REGISTRY.bind),
  dataset: (settings) => {
    const { train, test } = makeDataset({ ...DEFAULTS, ...settings });
    const rows = (p) => Array.from({ length: p.n }, (_, i) => [p.X[2 * i], p.X[2 * i + 1]]);
    return { train: { X: rows(train), y: Array.from(train.y) }, test: { X: rows(test), y: Array.from(test.y) } };
  },
  inspect,
  stateOf: (root) => (STATES.has(root) ? structuredClone(STATES.get(root).state) : null),
  mountAll,
};

if (typeof document$ !== "undefined") {
  document$.subscribe(mountAll);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mountAll);
} else {
  mountAll();
}
