/*
 * The training playground: a small network learns a 2-D dataset live, and every
 * layer's gradient shows whether it flows, vanishes or dies.
 *
 * Architecture, top to bottom:
 *   1. Seeded random numbers and the datasets (XOR, circle, two spirals, two Gaussians).
 *   2. The model, exactly as docs/playground.md prints it: hidden layers
 *      h_l = f(h_{l-1} W_l + b_l), W_l of shape (fan_in, fan_out), one output logit
 *      s = h_L W_out + b_out, the mean binary cross-entropy with logits, and full-batch
 *      gradient descent. Float64Array throughout, row-major. f and f' are the
 *      explorer's (window.actlibExplorer.bind: the stable hand-written forms where they
 *      exist, else the formulas compiled from the LaTeX the registry prints), and so are
 *      the loss's softplus and sigmoid: this file holds no activation math of its own.
 *      trace() runs the model from given weights without touching the page; the tests
 *      (tests/browser/test_playground.py) pin it to a NumPy implementation built on actlib.
 *   3. State <-> URL hash (the permalink), and the named cases that the story pages
 *      link to (spans inside the playground's <div>, each with the state it sets up).
 *   4. Drawing on canvases: the decision boundary as a heat map under the points, the
 *      train and test loss, each layer's gradient norm on a log scale, the share of
 *      dead units per layer; and their text alternatives.
 *   5. Controls and the training loop: a few steps per animation frame, within a time
 *      budget, so that drawing never blocks input. Nothing starts by itself.
 *   6. Mounting: Material's document$ emits once per page, instant navigation included;
 *      each <div class="playground"> is mounted exactly once.
 *
 * Tests and curious readers can call window.actlibPlayground.trace({activation, params,
 * X, y, weights, biases, lr, steps}) -> {loss, gradNorms}.
 */
(function () {
  "use strict";

  const EXPLORER = window.actlibExplorer;
  const DATA = window.actlibExplorerData;
  const MINUS = "\u2212";

  // -------------------------------------------------------------------------
  // 1. Random numbers and datasets
  // -------------------------------------------------------------------------

  // mulberry32: a small, fast 32-bit generator; the same seed gives the same numbers in
  // every browser.
  function random(seed) {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // Standard normal numbers by Box-Muller, from a uniform generator.
  function gaussian(uniform) {
    let spare = null;
    return () => {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      const r = Math.sqrt(-2 * Math.log(1 - uniform()));
      const angle = 2 * Math.PI * uniform();
      spare = r * Math.sin(angle);
      return r * Math.cos(angle);
    };
  }

  // Each generator returns [x, y, label] for point i of n; the plane shown is [-1.2, 1.2]^2.
  const DATASETS = {
    xor: {
      label: "XOR",
      point(i, n, u) {
        const side = () => (u() < 0.5 ? -1 : 1) * (0.05 + 0.95 * u());
        const x = side();
        const y = side();
        return [x, y, x * y > 0 ? 1 : 0];
      },
    },
    circle: {
      label: "Circle",
      point(i, n, u) {
        const inner = i % 2 === 0;
        const r = inner ? 0.5 * Math.sqrt(u()) : 0.7 + 0.3 * u();
        const angle = 2 * Math.PI * u();
        return [r * Math.cos(angle), r * Math.sin(angle), inner ? 1 : 0];
      },
    },
    spirals: {
      label: "Spirals",
      point(i, n, u, normal) {
        const arm = i % 2;
        const t = Math.floor(i / 2) / Math.ceil(n / 2);
        const r = 0.08 + 0.92 * t;
        const angle = 3.5 * Math.PI * t + arm * Math.PI;
        const x = r * Math.cos(angle) + 0.02 * normal();
        const y = r * Math.sin(angle) + 0.02 * normal();
        return [x, y, arm === 0 ? 1 : 0];
      },
    },
    gaussians: {
      label: "Gaussians",
      point(i, n, u, normal) {
        const positive = i % 2 === 0;
        const centre = positive ? 0.45 : -0.45;
        return [centre + 0.25 * normal(), centre + 0.25 * normal(), positive ? 1 : 0];
      },
    },
  };
  const EXTENT = 1.2;

  // A dataset from its settings: shuffled, labels flipped with probability noise/100,
  // split into test (the first testShare percent) and train. Points are Float64Arrays
  // of (x, y) pairs; labels 0 and 1.
  function makeDataset({ data, points, test, noise, seed }) {
    const u = random(seed);
    const normal = gaussian(u);
    const rows = [];
    for (let i = 0; i < points; i++) rows.push(DATASETS[data].point(i, points, u, normal));
    for (const row of rows) if (u() < noise / 100) row[2] = 1 - row[2];
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(u() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    const nTest = Math.round((points * test) / 100);
    const pack = (part) => {
      const X = new Float64Array(part.length * 2);
      const y = new Float64Array(part.length);
      part.forEach(([a, b, label], i) => {
        X[2 * i] = a;
        X[2 * i + 1] = b;
        y[i] = label;
      });
      return { X, y, n: part.length };
    };
    return { test: pack(rows.slice(0, nTest)), train: pack(rows.slice(nTest)) };
  }

  // -------------------------------------------------------------------------
  // 2. The model
  // -------------------------------------------------------------------------

  // Standard deviations of the zero-mean normal initial weights; biases start at 0.
  const INITS = {
    xavier: { label: "Xavier", std: (fanIn, fanOut) => Math.sqrt(2 / (fanIn + fanOut)) },
    he: { label: "He", std: (fanIn) => Math.sqrt(2 / fanIn) },
    lecun: { label: "LeCun", std: (fanIn) => Math.sqrt(1 / fanIn) },
    small: { label: "Small", std: () => 0.1 },
  };

  // sizes: widths, inputs first, output (1) last. W[l] is sizes[l] x sizes[l+1], row-major.
  function createModel(sizes) {
    const W = [];
    const b = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      W.push(new Float64Array(sizes[l] * sizes[l + 1]));
      b.push(new Float64Array(sizes[l + 1]));
    }
    return { sizes, W, b };
  }

  function initialise(model, scheme, seed) {
    const normal = gaussian(random(seed ^ 0x5bd1e995));
    const { sizes, W, b } = model;
    for (let l = 0; l < W.length; l++) {
      const std = INITS[scheme].std(sizes[l], sizes[l + 1]);
      for (let i = 0; i < W[l].length; i++) W[l][i] = std * normal();
      b[l].fill(0);
    }
    return model;
  }

  // The buffers of one pass over n points: pre-activations Z, activations A (A[l] is the
  // input of layer l; A[0] is the data), slopes D = f'(Z) of the hidden layers, deltas G,
  // the gradients, and per layer the gradient norm and the share of dead units.
  function workspace(sizes, n) {
    const L = sizes.length - 1;
    const ws = { n, Z: [], A: [null], D: [], G: [], gW: [], gb: [] };
    for (let l = 0; l < L; l++) {
      const size = n * sizes[l + 1];
      ws.Z.push(new Float64Array(size));
      ws.G.push(new Float64Array(size));
      if (l + 1 < L) {
        ws.A.push(new Float64Array(size));
        ws.D.push(new Float64Array(size));
      }
      ws.gW.push(new Float64Array(sizes[l] * sizes[l + 1]));
      ws.gb.push(new Float64Array(sizes[l + 1]));
    }
    ws.norms = new Float64Array(L);
    ws.dead = new Float64Array(L - 1);
    return ws;
  }

  // The forward pass over ws.n points of X; returns the logits (ws.Z[L-1]). With
  // `slopes`, also f'(z) of every hidden unit, for the backward pass.
  function forward(model, act, X, ws, slopes) {
    const { sizes, W, b } = model;
    const { f, df } = act;
    const n = ws.n;
    const L = W.length;
    let input = X;
    for (let l = 0; l < L; l++) {
      const fanIn = sizes[l];
      const fanOut = sizes[l + 1];
      const w = W[l];
      const bias = b[l];
      const z = ws.Z[l];
      for (let i = 0; i < n; i++) {
        const row = i * fanOut;
        const inRow = i * fanIn;
        for (let j = 0; j < fanOut; j++) z[row + j] = 0;
        for (let k = 0; k < fanIn; k++) {
          const a = input[inRow + k];
          const wRow = k * fanOut;
          for (let j = 0; j < fanOut; j++) z[row + j] += a * w[wRow + j];
        }
        for (let j = 0; j < fanOut; j++) z[row + j] += bias[j];
      }
      if (l + 1 === L) break;
      const out = ws.A[l + 1];
      const size = n * fanOut;
      for (let e = 0; e < size; e++) out[e] = f(z[e]);
      if (slopes) {
        const d = ws.D[l];
        for (let e = 0; e < size; e++) d[e] = df(z[e]);
      }
      input = out;
    }
    return ws.Z[L - 1];
  }

  // Mean binary cross-entropy with logits: softplus(s) - y s = max(s, 0) - y s +
  // ln(1 + e^-|s|), with the explorer's stable softplus; no overflow for any s.
  function meanLoss(loss, s, y, n) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += loss.softplus(s[i]) - y[i] * s[i];
    return sum / n;
  }

  // One step of full-batch gradient descent on (X, y): the loss before it, and in ws the
  // Frobenius norm of dL/dW of every layer (of the gradient used), and the dead share.
  function step(model, act, loss, X, y, ws, lr) {
    const { sizes, W, b } = model;
    const n = ws.n;
    const L = W.length;
    const s = forward(model, act, X, ws, true);
    const value = meanLoss(loss, s, y, n);
    // dL/ds = (sigma(s) - y) / n
    const top = ws.G[L - 1];
    for (let i = 0; i < n; i++) top[i] = (loss.sigmoid(s[i]) - y[i]) / n;
    for (let l = L - 1; l >= 0; l--) {
      const fanIn = sizes[l];
      const fanOut = sizes[l + 1];
      const input = l === 0 ? X : ws.A[l];
      const delta = ws.G[l];
      const gW = ws.gW[l];
      const gb = ws.gb[l];
      const w = W[l];
      gW.fill(0);
      gb.fill(0);
      for (let i = 0; i < n; i++) {
        const row = i * fanOut;
        const inRow = i * fanIn;
        for (let j = 0; j < fanOut; j++) gb[j] += delta[row + j];
        for (let k = 0; k < fanIn; k++) {
          const a = input[inRow + k];
          const gRow = k * fanOut;
          for (let j = 0; j < fanOut; j++) gW[gRow + j] += a * delta[row + j];
        }
      }
      if (l > 0) {
        // delta_{l-1} = (delta_l W_l^T) * f'(z_{l-1})
        const below = ws.G[l - 1];
        const d = ws.D[l - 1];
        for (let i = 0; i < n; i++) {
          const row = i * fanOut;
          const inRow = i * fanIn;
          for (let k = 0; k < fanIn; k++) {
            const wRow = k * fanOut;
            let sum = 0;
            for (let j = 0; j < fanOut; j++) sum += delta[row + j] * w[wRow + j];
            below[inRow + k] = sum * d[inRow + k];
          }
        }
      }
      let squares = 0;
      for (let e = 0; e < gW.length; e++) squares += gW[e] * gW[e];
      ws.norms[l] = Math.sqrt(squares);
    }
    // A hidden unit is dead when f'(z) = 0 at every training point.
    for (let l = 0; l + 1 < L; l++) {
      const fanOut = sizes[l + 1];
      const d = ws.D[l];
      let dead = 0;
      for (let j = 0; j < fanOut; j++) {
        let i = 0;
        while (i < n && d[i * fanOut + j] === 0) i++;
        if (i === n) dead++;
      }
      ws.dead[l] = dead / fanOut;
    }
    for (let l = 0; l < L; l++) {
      const w = W[l];
      const gW = ws.gW[l];
      for (let e = 0; e < w.length; e++) w[e] -= lr * gW[e];
      const bias = b[l];
      const gb = ws.gb[l];
      for (let j = 0; j < bias.length; j++) bias[j] -= lr * gb[j];
    }
    return value;
  }

  let lossFunctions = null;
  function lossOf() {
    lossFunctions ||= {
      softplus: EXPLORER.bind("softplus", { beta: 1 }).f,
      sigmoid: EXPLORER.bind("sigmoid", {}).f,
    };
    return lossFunctions;
  }

  function fail(message) {
    throw new Error(`playground.trace: ${message}`);
  }

  function matrix(rows, name, nRows, nCols) {
    if (!Array.isArray(rows) || rows.length !== nRows) fail(`${name} must have ${nRows} rows`);
    const out = new Float64Array(nRows * nCols);
    rows.forEach((row, i) => {
      if (!row || row.length !== nCols) fail(`${name}[${i}] must have ${nCols} entries`);
      for (let j = 0; j < nCols; j++) out[i * nCols + j] = Number(row[j]);
    });
    return out;
  }

  // The model from the given weights (inputs first, output last) and biases, trained for
  // `steps` steps: the loss after 0, 1, ..., steps steps, and gradNorms[k], the norms of
  // dL/dW of every layer (inputs first) used by step k + 1. Touches nothing on the page.
  function trace({ activation, params, X, y, weights, biases, lr, steps }) {
    const act = EXPLORER.bind(activation, params || {});
    if (!Array.isArray(weights) || !weights.length) fail("weights must be a non-empty list");
    if (!Array.isArray(biases) || biases.length !== weights.length)
      fail("biases must have one vector per weight matrix");
    if (!Number.isInteger(steps) || steps < 0) fail("steps must be an integer >= 0");
    if (!Number.isFinite(lr)) fail("lr must be a finite number");
    if (!Array.isArray(X) || !X.length || !X[0]) fail("X must be a non-empty list of rows");
    const columns = (w, l) => (Array.isArray(w) && w[0] ? w[0].length : fail(`weights[${l}] is empty`));
    const sizes = [X[0].length, ...weights.map(columns)];
    if (sizes[sizes.length - 1] !== 1) fail("the last weight matrix must have one column (the logit)");
    const model = createModel(sizes);
    weights.forEach((w, l) => model.W[l].set(matrix(w, `weights[${l}]`, sizes[l], sizes[l + 1])));
    biases.forEach((v, l) => model.b[l].set(matrix([v], `biases[${l}]`, 1, sizes[l + 1])));
    const n = X.length;
    const inputs = matrix(X, "X", n, sizes[0]);
    const labels = matrix([y], "y", 1, n);
    const ws = workspace(sizes, n);
    const loss = [];
    const gradNorms = [];
    for (let k = 0; k < steps; k++) {
      loss.push(step(model, act, lossOf(), inputs, labels, ws, lr));
      gradNorms.push(Array.from(ws.norms));
    }
    loss.push(meanLoss(lossOf(), forward(model, act, inputs, ws, false), labels, n));
    return { loss, gradNorms };
  }

  // -------------------------------------------------------------------------
  // 3. State and the permalink
  // -------------------------------------------------------------------------

  const POINTS = [64, 128, 256, 512, 1024];
  const TEST_SHARES = [20, 30, 40, 50];
  const RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
  const SPEEDS = [1, 5, 20, 100];
  const MAX_DEPTH = 8;
  const MAX_WIDTH = 16;
  const MAX_SEED = 99999;

  const DEFAULTS = {
    data: "circle",
    points: 512,
    test: 50,
    noise: 0,
    seed: 1,
    depth: 3,
    width: 8,
    fn: "tanh",
    init: "xavier",
    lr: 0.3,
    speed: 5,
  };

  const FUNCTIONS = DATA ? DATA.functions.filter((fn) => usable(fn.name, {})) : [];

  function usable(name, params) {
    try {
      EXPLORER.bind(name, params);
      return true;
    } catch {
      return false;
    }
  }

  function defaultParams(name) {
    const fn = DATA.functions.find((f) => f.name === name);
    return Object.fromEntries(Object.entries(fn.params).map(([k, p]) => [k, p.default]));
  }

  function initialState() {
    return { ...DEFAULTS, params: defaultParams(DEFAULTS.fn) };
  }

  // data=circle&points=512&test=50&noise=0&seed=1&depth=3&width=8&fn=tanh&init=xavier&lr=0.3
  // &speed=5, then the activation's parameters that differ from their defaults
  // (leaky_relu.negative_slope=0.1), as the explorer writes them.
  function stateToHash(state) {
    const q = new URLSearchParams();
    for (const key of Object.keys(DEFAULTS)) q.set(key, String(state[key]));
    const base = defaultParams(state.fn);
    for (const [key, value] of Object.entries(state.params)) {
      if (value !== base[key]) q.set(`${state.fn}.${key}`, String(value));
    }
    return q.toString();
  }

  const isInt = (v, lo, hi) => Number.isInteger(v) && v >= lo && v <= hi;
  const CHECKS = {
    data: (v) => v in DATASETS,
    points: (v) => POINTS.includes(v),
    test: (v) => TEST_SHARES.includes(v),
    noise: (v) => isInt(v, 0, 50),
    seed: (v) => isInt(v, 1, MAX_SEED),
    depth: (v) => isInt(v, 1, MAX_DEPTH),
    width: (v) => isInt(v, 1, MAX_WIDTH),
    fn: (v) => FUNCTIONS.some((f) => f.name === v),
    init: (v) => v in INITS,
    lr: (v) => RATES.includes(v),
    speed: (v) => SPEEDS.includes(v),
  };
  const TEXT_KEYS = new Set(["data", "fn", "init"]);

  // The state a hash describes, on top of the defaults; anything malformed is left out.
  // Returns null for a hash that is not a playground state (a heading's anchor).
  function stateFromHash(hash) {
    const q = new URLSearchParams(hash.replace(/^#/, ""));
    if (![...q.keys()].some((key) => key in DEFAULTS)) return null;
    const state = initialState();
    for (const [key, check] of Object.entries(CHECKS)) {
      if (!q.has(key)) continue;
      const value = TEXT_KEYS.has(key) ? q.get(key) : Number(q.get(key));
      if (check(value)) state[key] = value;
    }
    state.params = defaultParams(state.fn);
    const fn = FUNCTIONS.find((f) => f.name === state.fn);
    for (const [key, param] of Object.entries(fn.params)) {
      const raw = q.get(`${state.fn}.${key}`);
      if (raw === null) continue;
      const value = param.choices ? raw : Number(raw);
      if (param.slider && !(value >= param.slider[0] && value <= param.slider[1])) continue;
      if (param.choices && !param.choices.includes(value)) continue;
      const candidate = { ...state.params, [key]: value };
      if (usable(state.fn, candidate)) state.params = candidate;
    }
    return state;
  }

  // A named case (#vanishing-sigmoid): a span inside the playground with that id, whose
  // data-playground attribute holds the state it sets up. Else the hash itself.
  function stateFromLocation(view) {
    const name = decodeURIComponent(location.hash.replace(/^#/, ""));
    const named = name && view.cases.get(name);
    return named ? stateFromHash(named) : stateFromHash(location.hash);
  }

  // -------------------------------------------------------------------------
  // 4. Drawing
  // -------------------------------------------------------------------------

  function html(tag, attrs, parent, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  const format = (v, digits = 3) => EXPLORER.formatNumber(v, digits);
  const percent = (share) => `${Math.round(share * 100)}%`;

  // The figures' colours in the current scheme, and Material's background; read once per
  // scheme (reading a computed style each frame would force a style recalculation).
  const themes = new Map();
  function theme() {
    const scheme = document.body.getAttribute("data-md-color-scheme") || "default";
    if (!themes.has(scheme)) {
      const dark = scheme === "slate";
      const colours = dark ? DATA.themes.dark : DATA.themes.light;
      const background = getComputedStyle(document.body).getPropertyValue("--md-default-bg-color");
      const bg = background.trim() || (dark ? "#1e2129" : "#ffffff");
      themes.set(scheme, { ...colours, background: bg, rgb: { f: rgb(colours.f), df: rgb(colours.df), bg: rgb(bg) } });
    }
    return themes.get(scheme);
  }

  let probe = null;
  function rgb(colour) {
    probe ||= document.createElement("canvas").getContext("2d");
    probe.fillStyle = colour;
    const hex = probe.fillStyle; // #rrggbb, or rgba(...) for colours with alpha
    if (hex.startsWith("#")) return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    return hex.match(/[\d.]+/g).slice(0, 3).map(Number);
  }

  // The layers' colours: the site's cycle, then the foreground for the output layer.
  function layerColour(colours, l, L) {
    return l === L - 1 ? colours.foreground : colours.cycle[l % colours.cycle.length];
  }
  const layerDash = (l, L) => (l === L - 1 || l < 6 ? [] : [5, 3]);
  const layerName = (l, L) => (l === L - 1 ? "output" : `layer ${l + 1}`);

  // A canvas sized to its box, in device pixels; returns its context in CSS pixels. The
  // box is measured once, then again after a resize (measuring each frame would force a
  // layout after every change of the text around it).
  const boxes = new WeakMap();
  function prepare(canvas) {
    const ratio = window.devicePixelRatio || 1;
    if (!boxes.has(canvas)) boxes.set(canvas, [canvas.clientWidth, canvas.clientHeight]);
    const [width, height] = boxes.get(canvas).map((v) => Math.max(1, Math.round(v)));
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    return { ctx, width, height };
  }

  const GRID = 40; // heat-map resolution, cells per side, smoothed when drawn

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
    // One path per class and part: training points filled, test points as rings.
    for (const [part, filled] of [
      [view.dataset.train, true],
      [view.dataset.test, false],
    ]) {
      for (const label of [0, 1]) {
        ctx.beginPath();
        for (let i = 0; i < part.n; i++) {
          if (part.y[i] !== label) continue;
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

  const PAD = { left: 44, right: 8, top: 8, bottom: 22 };

  function niceStep(raw) {
    const power = 10 ** Math.floor(Math.log10(raw));
    const m = raw / power;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * power;
  }

  function axes(ctx, colours, box, xTicks, yTicks) {
    ctx.font = "11px system-ui, sans-serif";
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
      ticks.push([box.left + (s / span) * (box.right - box.left), format(s, 4)]);
    }
    return { ticks, px: (s) => box.left + (s / span) * (box.right - box.left) };
  }

  function chartBox(width, height) {
    return { left: PAD.left, right: width - PAD.right, top: PAD.top, bottom: height - PAD.bottom };
  }

  // A line through (xs[i], ys[i]), then `end` ([x, y]) if given; a lone point is a dot.
  function polyline(ctx, xs, ys, px, py, colour, dash, end) {
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.setLineDash(dash);
    ctx.lineWidth = 1.6;
    ctx.beginPath();
    let pen = false;
    const n = xs.length + (end ? 1 : 0);
    for (let i = 0; i < n; i++) {
      const [x, v] = i < xs.length ? [xs[i], ys[i]] : end;
      const y = py(v);
      if (Number.isNaN(v)) continue; // not measured at this step: bridge the gap
      if (!Number.isFinite(y)) {
        pen = false;
        continue;
      }
      if (pen) ctx.lineTo(px(x), y);
      else ctx.moveTo(px(x), y);
      pen = true;
    }
    ctx.stroke();
    if (n === 1 && end && Number.isFinite(py(end[1]))) {
      ctx.beginPath();
      ctx.arc(px(end[0]), py(end[1]), 2.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.setLineDash([]);
  }

  function drawLoss(view, colours) {
    const { ctx, width, height } = prepare(view.canvases.loss);
    const box = chartBox(width, height);
    const h = view.history;
    const now = current(view);
    let top = Math.max(now.train, now.test);
    if (!Number.isFinite(top)) top = 0;
    for (const list of [h.train, h.test])
      for (const v of list) if (Number.isFinite(v) && v > top) top = v;
    top = top > 0 ? top * 1.05 : 1;
    const dy = niceStep(top / 4);
    const py = (v) => box.bottom - (Math.min(v, top) / top) * (box.bottom - box.top);
    const yTicks = [];
    for (let v = 0; v <= top + 1e-12; v += dy) yTicks.push([py(v), format(v, 3)]);
    const { ticks, px } = stepTicks(box, view.step);
    axes(ctx, colours, box, ticks, yTicks);
    polyline(ctx, h.steps, h.test, px, py, colours.df, [5, 3], [view.step, now.test]);
    polyline(ctx, h.steps, h.train, px, py, colours.f, [], [view.step, now.train]);
  }

  function drawNorms(view, colours) {
    const { ctx, width, height } = prepare(view.canvases.norms);
    const box = chartBox(width, height);
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
    axes(ctx, colours, box, ticks, yTicks);
    for (let l = 0; l < L; l++) {
      polyline(ctx, h.steps, h.norms[l], px, py, layerColour(colours, l, L), layerDash(l, L));
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
    axes(ctx, colours, box, [], yTicks);
    ctx.fillStyle = colours.muted;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const [x, label] of xTicks) ctx.fillText(label, x, box.bottom + 4);
    for (let l = 0; l < hidden; l++) {
      const barWidth = Math.min(40, slot * 0.7);
      ctx.fillStyle = layerColour(colours, l, hidden + 1);
      const top = py(dead[l]);
      ctx.fillRect(box.left + slot * (l + 0.5) - barWidth / 2, top, barWidth, box.bottom - top);
    }
  }

  function draw(view, { heat = true } = {}) {
    if (!view.visible) return;
    const colours = theme();
    view.root.style.setProperty("--playground-pos", colours.f);
    view.root.style.setProperty("--playground-neg", colours.df);
    if (heat || !view.heatDrawn) drawBoundary(view, colours);
    view.heatDrawn = true;
    drawLoss(view, colours);
    drawNorms(view, colours);
    drawDead(view, colours);
  }

  // Text: the readout line, the per-layer table, the canvases' descriptions. `announce`
  // also fills the live region (after pause, step, reset), never while training runs.
  function describe(view, { announce } = {}) {
    const h = view.history;
    const { train, test, accuracy } = current(view);
    const summary =
      `Step ${view.step}: train loss ${format(train, 4)}, test loss ${format(test, 4)}, ` +
      `test accuracy ${percent(accuracy)}.`;
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
        view.step ? format(lastNorms[l], 3) : "\u2013",
        dead === null ? "\u2013" : view.step ? `${Math.round(dead * view.state.width)} of ${view.state.width}` : "\u2013",
      ]);
    }
    if (rows.rows.length !== L) {
      rows.replaceChildren();
      for (let l = 0; l < L; l++) {
        const tr = html("tr", {}, rows);
        const th = html("th", { scope: "row" }, tr);
        const swatch = html("span", { class: "playground__swatch", "aria-hidden": "true" }, th);
        swatch.dataset.layer = String(l);
        th.append(cells[l][0]);
        html("td", {}, tr);
        html("td", {}, tr);
      }
    }
    const colours = theme();
    cells.forEach((row, l) => {
      const tr = rows.rows[l];
      tr.cells[0].firstChild.style.background = layerColour(colours, l, L);
      tr.cells[1].textContent = row[1];
      tr.cells[2].textContent = row[2];
    });
    const dataName = DATASETS[view.state.data].label;
    view.canvases.boundary.setAttribute(
      "aria-label",
      `Decision boundary after ${view.step} steps on the ${dataName} data: the shading is ` +
        `the predicted class over the plane; ${view.dataset.train.n} training points ` +
        `(filled) and ${view.dataset.test.n} test points (rings). Test accuracy ${percent(accuracy)}.`,
    );
    view.canvases.loss.setAttribute(
      "aria-label",
      view.step
        ? `Loss against steps, 0 to ${view.step}: train (solid) from ${format(h.train[0], 3)} ` +
            `to ${format(train, 3)}, test (dashed) from ${format(h.test[0], 3)} to ${format(test, 3)}.`
        : `Loss against steps: no step taken yet; train ${format(train, 3)}, test ${format(test, 3)}.`,
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
  }

  // -------------------------------------------------------------------------
  // 5. Controls and training
  // -------------------------------------------------------------------------

  let counter = 0;
  const MAX_HISTORY = 1200; // points per curve; older ones are thinned by half

  // Build the model and data of the current state, back at step 0.
  function reset(view) {
    pause(view);
    const state = view.state;
    view.problem = null;
    try {
      view.act = EXPLORER.bind(state.fn, state.params);
    } catch (err) {
      view.problem = err.message;
      view.act = EXPLORER.bind(state.fn, defaultParams(state.fn));
    }
    view.dataset = makeDataset(state);
    const sizes = [2, ...Array(state.depth).fill(state.width), 1];
    view.model = initialise(createModel(sizes), state.init, state.seed);
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

  // The losses and the test accuracy of the weights as they are now (after view.step
  // steps), computed when they are shown, once per step at most.
  function current(view) {
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
    const trainLoss = step(view.model, view.act, lossOf(), train.X, train.y, view.ws, view.state.lr);
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

  function pause(view) {
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
    writeHash(view);
  }

  // The address bar follows once the reader has changed something, at most every 200 ms.
  function writeHash(view, { initial } = {}) {
    const hash = stateToHash(view.state);
    view.link.href = `#${hash}`;
    if (initial) return;
    clearTimeout(view.hashTimer);
    view.hashTimer = setTimeout(() => {
      if (view.root.isConnected) history.replaceState(history.state, "", `#${hash}`);
    }, 200);
  }

  // Set one setting; those of the data and the network start training over.
  function change(view, key, value) {
    view.state[key] = value;
    if (key === "fn") {
      view.state.params = defaultParams(value);
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
    const shown = (v) => `${format(v, 4)}${unit}`;
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
      const shownDefault = param.choices ? param.default : format(param.default, 6);
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
      const output = html("output", { for: id }, row, format(value, 6));
      node.setAttribute("aria-valuetext", format(value, 6));
      node.addEventListener("input", () => {
        const v = Number(node.value);
        output.textContent = format(v, 6);
        node.setAttribute("aria-valuetext", format(v, 6));
        set(v);
      });
    }
    if (!Object.keys(fn.params).length) {
      html("p", { class: "playground__note" }, box, `${fn.display} has no parameters.`);
    }
  }

  function buildControls(view) {
    const controls = html("div", { class: "playground__controls" }, view.root);
    const data = html("fieldset", { class: "playground__group" }, controls);
    html("legend", {}, data, "Data");
    select(view, data, "data", "Dataset", Object.entries(DATASETS).map(([k, d]) => [k, d.label]));
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

  function buildButtons(view) {
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

  function buildViews(view) {
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

  function gridProbabilities(view) {
    const points = view.gridPoints;
    const s = forward(view.model, view.act, points, view.gridWs, false);
    const out = view.gridOut;
    const sigmoid = lossOf().sigmoid;
    for (let i = 0; i < out.length; i++) out[i] = sigmoid(s[i]);
    return out;
  }

  // Apply a whole state (permalink, named case) and start over.
  function applyState(view, state) {
    view.state = state;
    for (const [key, node] of Object.entries(view.inputs)) node.value = String(state[key]);
    view.syncs.forEach((sync) => sync());
    buildParams(view);
    reset(view);
    draw(view);
    describe(view, { announce: true });
    writeHash(view, { initial: true });
  }

  // -------------------------------------------------------------------------
  // 6. Mounting
  // -------------------------------------------------------------------------

  const mounted = new Set();
  const STATES = new WeakMap();

  function mount(root) {
    const cases = new Map();
    for (const span of root.querySelectorAll("[id][data-playground]")) cases.set(span.id, span.dataset.playground);
    const anchors = [...root.querySelectorAll("[id][data-playground]")];
    const view = {
      root,
      cases,
      id: `playground-${++counter}`,
      state: initialState(),
      inputs: {},
      syncs: [],
      buttons: {},
      canvases: {},
    };
    view.state = stateFromLocation(view) || view.state;
    root.replaceChildren(...anchors); // the named cases stay: links scroll to the playground
    buildControls(view);
    buildButtons(view);
    buildViews(view);
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
    view.visible = true;
    view.stats = { steps: 0, trainMs: 0, frames: [] };
    reset(view);
    STATES.set(root, view);
    mounted.add(view);
    describe(view);
    writeHash(view, { initial: true });
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
        for (const canvas of Object.values(view.canvases)) boxes.delete(canvas);
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
    if (!DATA || !EXPLORER) return;
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
      const state = stateFromLocation(view);
      if (state && stateToHash(state) !== stateToHash(view.state)) applyState(view, state);
    }
  });

  // Material's palette toggle: redraw in the other scheme's colours.
  new MutationObserver(() => {
    for (const view of mounted) if (view.root.isConnected) refreshColours(view);
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  function refreshColours(view) {
    draw(view);
    describe(view);
  }

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
    };
  }

  window.actlibPlayground = {
    trace,
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
})();
