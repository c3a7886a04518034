/*
 * The playground's network, exactly as docs/playground.md prints it, with no DOM: hidden
 * layers h_l = f_l(h_{l-1} W_l + b_l), W_l of shape (fan_in, fan_out), one linear output
 * s = h_L W_out + b_out; for classification the mean binary cross-entropy with logits, for
 * regression the mean of (s - t)^2 / 2 (TensorFlow Playground's); an optional L1 or L2
 * penalty on the weights (not the biases); full batches or mini-batches; SGD, momentum or
 * Adam. Float64Array throughout, row-major. actlib.nn.train_step is the same step in NumPy,
 * and tests/modules/model.test.mjs holds the two to 1e-9.
 *
 * This module holds no activation math: f and f' (an {f, df} pair, or one per hidden
 * layer) and the loss's softplus and sigmoid are passed in. The page passes those of
 * lib/formulas.js's bind (the stable hand-written forms where they exist, else the formulas
 * compiled from the LaTeX the registry prints); tests/modules/ runs this module under Node
 * against actlib.nn.
 */
import { gaussian, mulberry32 } from "./random.js";

/**
 * f and f' of one activation, one number at a time.
 * @typedef {{f: (x: number) => number, df: (x: number) => number}} Pair
 */

/**
 * The loss's two functions: a softplus that never overflows, and the sigmoid.
 * @typedef {{softplus: (x: number) => number, sigmoid: (x: number) => number}} LossFunctions
 */

/**
 * bind(name, params) -> {f, df}, as lib/formulas.js gives it; throws on an unknown name or
 * bad parameters.
 * @typedef {(name: string, params: Record<string, any>) => Pair} Bind
 */

/**
 * The network: sizes (inputs first, output 1 last), W[l] of sizes[l] x sizes[l+1]
 * row-major, b[l] of sizes[l+1].
 * @typedef {{sizes: number[], W: Float64Array[], b: Float64Array[]}} Model
 */

/**
 * Standard deviations of the zero-mean normal initial weights; biases start at 0.
 * @type {Record<string, {label: string, std: (fanIn: number, fanOut: number) => number}>}
 */
export const INITS = {
  xavier: { label: "Xavier", std: (fanIn, fanOut) => Math.sqrt(2 / (fanIn + fanOut)) },
  he: { label: "He", std: (fanIn) => Math.sqrt(2 / fanIn) },
  lecun: { label: "LeCun", std: (fanIn) => Math.sqrt(1 / fanIn) },
  small: { label: "Small", std: () => 0.1 },
};

/**
 * A network of zeros.
 * @param {number[]} sizes widths, inputs first, output (1) last
 * @returns {Model}
 */
export function createModel(sizes) {
  const W = [];
  const b = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    W.push(new Float64Array(sizes[l] * sizes[l + 1]));
    b.push(new Float64Array(sizes[l + 1]));
  }
  return { sizes, W, b };
}

/**
 * Seeded normal initial weights (std from INITS[scheme]) and zero biases, in place.
 * @param {Model} model
 * @param {string} scheme a key of INITS
 * @param {number} seed
 * @returns {Model} the same model
 */
export function initialise(model, scheme, seed) {
  const normal = gaussian(mulberry32(seed ^ 0x5bd1e995));
  const { sizes, W, b } = model;
  for (let l = 0; l < W.length; l++) {
    const std = INITS[scheme].std(sizes[l], sizes[l + 1]);
    for (let i = 0; i < W[l].length; i++) W[l][i] = std * normal();
    b[l].fill(0);
  }
  return model;
}

/**
 * The buffers of passes over up to n points: pre-activations Z, activations A (A[l] is the
 * input of layer l; A[0] is the data), slopes D = f'(Z) of the hidden layers, deltas G, the
 * gradients gW and gb, a mini-batch's gathered rows (batchX, batchY), and what the last
 * step saw: per layer the gradient norm (norms) and per unit the mean |dL/dw| over the
 * weights into it (unitGrad); per hidden layer the share of dead units (dead) and which
 * units are dead (deadUnits, 1 when f'(z) = 0 at every point of the pass).
 * @param {number[]} sizes
 * @param {number} n the most points a pass will take
 */
export function workspace(sizes, n) {
  const L = sizes.length - 1;
  const ws = { n, Z: [], A: [null], D: [], G: [], gW: [], gb: [], unitGrad: [], deadUnits: [] };
  for (let l = 0; l < L; l++) {
    const size = n * sizes[l + 1];
    ws.Z.push(new Float64Array(size));
    ws.G.push(new Float64Array(size));
    if (l + 1 < L) {
      ws.A.push(new Float64Array(size));
      ws.D.push(new Float64Array(size));
      ws.deadUnits.push(new Uint8Array(sizes[l + 1]));
    }
    ws.gW.push(new Float64Array(sizes[l] * sizes[l + 1]));
    ws.gb.push(new Float64Array(sizes[l + 1]));
    ws.unitGrad.push(new Float64Array(sizes[l + 1]));
  }
  ws.norms = new Float64Array(L);
  ws.dead = new Float64Array(L - 1);
  ws.batchX = new Float64Array(n * sizes[0]);
  ws.batchY = new Float64Array(n);
  return ws;
}

/**
 * One {f, df} pair per hidden layer, from one pair for all or a list.
 * @param {Pair | Pair[]} act
 * @param {number} hidden the number of hidden layers
 * @returns {Pair[]}
 */
export function layerActivations(act, hidden) {
  if (!Array.isArray(act)) return Array(hidden).fill(act);
  if (act.length !== hidden) throw new Error(`${hidden} hidden layers need ${hidden} activations; got ${act.length}`);
  return act;
}

/**
 * The forward pass over the first n points of X; returns the outputs (ws.Z[L-1], one per
 * point). With `slopes`, also f'(z) of every hidden unit, for the backward pass.
 * @param {Model} model
 * @param {Pair | Pair[]} act one pair for every hidden layer, or one per hidden layer
 * @param {Float64Array} X rows of sizes[0] inputs
 * @param {ReturnType<typeof workspace>} ws
 * @param {boolean} slopes
 * @param {number} [n] the number of points, at most ws.n (all of ws.n by default)
 * @returns {Float64Array}
 */
export function forward(model, act, X, ws, slopes, n = ws.n) {
  const { sizes, W, b } = model;
  const L = W.length;
  if (n > ws.n) throw new Error(`the workspace holds ${ws.n} points, not ${n}`);
  const acts = layerActivations(act, L - 1);
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
    const { f, df } = acts[l];
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

/**
 * Every unit's output over the first n points of X (a grid, for the diagram's small heat
 * maps): one Float64Array per layer, hidden layers first and the linear output last, point
 * i's unit j at [i * width + j]. Views into ws, overwritten by the next pass.
 * @param {Model} model
 * @param {Pair | Pair[]} act
 * @param {Float64Array} X
 * @param {ReturnType<typeof workspace>} ws
 * @param {number} [n]
 * @returns {Float64Array[]}
 */
export function unitOutputs(model, act, X, ws, n = ws.n) {
  forward(model, act, X, ws, false, n);
  const L = model.W.length;
  const views = [];
  for (let l = 1; l < L; l++) views.push(ws.A[l].subarray(0, n * model.sizes[l]));
  views.push(ws.Z[L - 1].subarray(0, n));
  return views;
}

/** The tasks: their data loss, and its gradient with respect to the outputs. */
const TASKS = {
  // softplus(s) - y s: the binary cross-entropy with logits, finite for every s.
  classification: {
    value: (loss, s, y) => loss.softplus(s) - y * s,
    slope: (loss, s, y) => loss.sigmoid(s) - y,
  },
  // (s - t)^2 / 2, TensorFlow Playground's square error, whose slope is s - t.
  regression: {
    value: (loss, s, y) => 0.5 * (s - y) * (s - y),
    slope: (loss, s, y) => s - y,
  },
};

function lossOfTask(task) {
  if (!(task in TASKS)) throw new Error(`task must be "classification" or "regression"; got ${task}`);
  return TASKS[task];
}

/**
 * The mean data loss of outputs s against targets y over n points: the binary cross-entropy
 * with logits (softplus(s) - y s, with a stable softplus) or, for regression, (s - y)^2 / 2.
 * @param {LossFunctions} loss
 * @param {Float64Array} s outputs
 * @param {Float64Array} y labels 0 or 1, or targets
 * @param {number} n
 * @param {"classification" | "regression"} [task]
 * @returns {number}
 */
export function meanLoss(loss, s, y, n, task = "classification") {
  const { value } = lossOfTask(task);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += value(loss, s[i], y[i]);
  return sum / n;
}

/**
 * The penalty on the weights (never the biases): rate * sum |w| (L1) or rate * sum w^2 / 2
 * (L2), TensorFlow Playground's. Not part of the loss the step returns.
 * @param {Model} model
 * @param {"none" | "l1" | "l2"} kind
 * @param {number} rate
 * @returns {number}
 */
export function penalty(model, kind, rate) {
  checkRegularisation(kind);
  if (kind === "none") return 0;
  let sum = 0;
  for (const w of model.W) for (let e = 0; e < w.length; e++) sum += kind === "l1" ? Math.abs(w[e]) : 0.5 * w[e] * w[e];
  return rate * sum;
}

function checkRegularisation(kind) {
  if (kind !== "none" && kind !== "l1" && kind !== "l2")
    throw new Error(`regularisation must be "none", "l1" or "l2"; got ${kind}`);
}

/**
 * An optimiser and its state. The rules are those PyTorch's documentation prints for
 * torch.optim.SGD (2.0; momentum: b_1 = g_1, b_t = beta b_{t-1} + g_t, p -= rate b_t, no
 * dampening) and torch.optim.Adam (1.13, the same in 2.0; no amsgrad), with no weight decay.
 * @param {Model} model
 * @param {{kind?: "sgd" | "momentum" | "adam", rate: number, beta?: number, beta1?: number,
 *   beta2?: number, epsilon?: number}} settings
 */
export function createOptimiser(model, { kind = "sgd", rate, beta = 0.9, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 }) {
  if (!["sgd", "momentum", "adam"].includes(kind)) throw new Error(`optimiser must be "sgd", "momentum" or "adam"; got ${kind}`);
  if (!Number.isFinite(rate)) throw new Error(`the learning rate must be a finite number; got ${rate}`);
  const zeros = () => [...model.W, ...model.b].map((p) => new Float64Array(p.length));
  return {
    kind,
    rate,
    beta,
    beta1,
    beta2,
    epsilon,
    steps: 0,
    first: kind === "sgd" ? null : zeros(),
    second: kind === "adam" ? zeros() : null,
  };
}

// Moves every parameter (W[0..L-1], then b[0..L-1]) against ws's gradients, in place.
function applyOptimiser(opt, model, ws) {
  const params = [...model.W, ...model.b];
  const grads = [...ws.gW, ...ws.gb];
  opt.steps += 1;
  const { rate } = opt;
  if (opt.kind === "sgd") {
    params.forEach((p, q) => {
      const g = grads[q];
      for (let e = 0; e < p.length; e++) p[e] -= rate * g[e];
    });
  } else if (opt.kind === "momentum") {
    const { beta } = opt;
    const first = opt.steps === 1;
    params.forEach((p, q) => {
      const g = grads[q];
      const v = opt.first[q];
      for (let e = 0; e < p.length; e++) {
        v[e] = first ? g[e] : beta * v[e] + g[e];
        p[e] -= rate * v[e];
      }
    });
  } else {
    const { beta1, beta2, epsilon } = opt;
    const correction1 = 1 - beta1 ** opt.steps;
    const correction2 = 1 - beta2 ** opt.steps;
    params.forEach((p, q) => {
      const g = grads[q];
      const m = opt.first[q];
      const v = opt.second[q];
      for (let e = 0; e < p.length; e++) {
        m[e] = m[e] * beta1 + (1 - beta1) * g[e];
        v[e] = v[e] * beta2 + (1 - beta2) * g[e] * g[e];
        p[e] -= (rate * (m[e] / correction1)) / (Math.sqrt(v[e] / correction2) + epsilon);
      }
    });
  }
}

// Which hidden units had f'(z) = 0 at every one of the n points of the last pass with slopes.
function markDead(model, ws, n) {
  const { sizes } = model;
  for (let l = 0; l + 1 < model.W.length; l++) {
    const fanOut = sizes[l + 1];
    const d = ws.D[l];
    const flags = ws.deadUnits[l];
    let dead = 0;
    for (let j = 0; j < fanOut; j++) {
      let i = 0;
      while (i < n && d[i * fanOut + j] === 0) i++;
      flags[j] = i === n ? 1 : 0;
      dead += flags[j];
    }
    ws.dead[l] = dead / fanOut;
  }
}

/**
 * Which hidden units are dead (f'(z) = 0 at every one of the n points of X: all the
 * training points, say), into ws.deadUnits and ws.dead, without training.
 * @param {Model} model
 * @param {Pair | Pair[]} act
 * @param {Float64Array} X
 * @param {ReturnType<typeof workspace>} ws
 * @param {number} [n]
 */
export function findDead(model, act, X, ws, n = ws.n) {
  forward(model, act, X, ws, true, n);
  markDead(model, ws, n);
}

/**
 * The settings of a step beyond plain full-batch gradient descent on classification.
 * @typedef {{optimiser: ReturnType<typeof createOptimiser>, task?: "classification" | "regression",
 *   regularisation?: "none" | "l1" | "l2", regularisationRate?: number,
 *   batch?: ArrayLike<number> | null}} StepOptions
 */

/**
 * One training step, in place: returns the mean data loss on the batch before it (without
 * the penalty), and leaves in ws what it saw: the Frobenius norm of each layer's dL/dW
 * (of the objective, penalty included: the gradient the optimiser used), each unit's mean
 * |dL/dw| over the weights into it, and the dead units of the batch's points.
 * @param {Model} model
 * @param {Pair | Pair[]} act
 * @param {LossFunctions} loss
 * @param {Float64Array} X every point's inputs
 * @param {Float64Array} y every point's label or target
 * @param {ReturnType<typeof workspace>} ws
 * @param {number | StepOptions} options a learning rate (plain SGD on every point of X,
 *   classification), or the step's settings; `batch` lists the indices of the points of a
 *   mini-batch (at most ws.n), else the step takes the first ws.n points
 * @returns {number}
 */
export function step(model, act, loss, X, y, ws, options) {
  /** @type {StepOptions} */
  const settings = typeof options === "number" ? { optimiser: createOptimiser(model, { kind: "sgd", rate: options }) } : options;
  const { optimiser, task = "classification", regularisation = "none", regularisationRate = 0, batch = null } = settings;
  if (!optimiser || !optimiser.kind) throw new Error("a step needs an optimiser (createOptimiser)");
  checkRegularisation(regularisation);
  const { slope } = lossOfTask(task);
  const { sizes, W } = model;
  const L = W.length;
  let inputs = X;
  let targets = y;
  let n = ws.n;
  if (batch) {
    n = batch.length;
    if (n < 1 || n > ws.n) throw new Error(`a batch takes 1 to ${ws.n} points; got ${n}`);
    const width = sizes[0];
    for (let i = 0; i < n; i++) {
      const source = batch[i];
      for (let k = 0; k < width; k++) ws.batchX[i * width + k] = X[source * width + k];
      ws.batchY[i] = y[source];
    }
    inputs = ws.batchX;
    targets = ws.batchY;
  }
  const s = forward(model, act, inputs, ws, true, n);
  const value = meanLoss(loss, s, targets, n, task);
  const top = ws.G[L - 1];
  for (let i = 0; i < n; i++) top[i] = slope(loss, s[i], targets[i]) / n;
  for (let l = L - 1; l >= 0; l--) {
    const fanIn = sizes[l];
    const fanOut = sizes[l + 1];
    const input = l === 0 ? inputs : ws.A[l];
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
    if (regularisation === "l1") {
      for (let e = 0; e < gW.length; e++) gW[e] += regularisationRate * Math.sign(w[e]);
    } else if (regularisation === "l2") {
      for (let e = 0; e < gW.length; e++) gW[e] += regularisationRate * w[e];
    }
    let squares = 0;
    for (let e = 0; e < gW.length; e++) squares += gW[e] * gW[e];
    ws.norms[l] = Math.sqrt(squares);
    const unit = ws.unitGrad[l];
    unit.fill(0);
    for (let k = 0; k < fanIn; k++) for (let j = 0; j < fanOut; j++) unit[j] += Math.abs(gW[k * fanOut + j]);
    for (let j = 0; j < fanOut; j++) unit[j] /= fanIn;
  }
  markDead(model, ws, n);
  applyOptimiser(optimiser, model, ws);
  return value;
}

/**
 * Mini-batches of the n training points: each epoch a fresh shuffle of 0..n-1 drawn from
 * the seeded generator, cut into batches of batchSize (the last one of an epoch smaller
 * when batchSize does not divide n). A batchSize of 0, or n or more, gives the full batch
 * 0..n-1 every time, drawing nothing.
 * @param {number} n
 * @param {number} batchSize
 * @param {() => number} uniform numbers in [0, 1), mulberry32(seed) say
 * @returns {() => Int32Array} the next batch's indices
 */
export function batches(n, batchSize, uniform) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`batches need at least one point; got ${n}`);
  if (!Number.isInteger(batchSize) || batchSize < 0) throw new Error(`the batch size must be an integer >= 0; got ${batchSize}`);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (batchSize === 0 || batchSize >= n) return () => order;
  let next = n;
  return () => {
    if (next >= n) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(uniform() * (i + 1));
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      next = 0;
    }
    const batch = order.slice(next, Math.min(n, next + batchSize));
    next += batch.length;
    return batch;
  };
}

/**
 * The loss's softplus (beta 1) and sigmoid, from the formulas' bind.
 * @param {Bind} bind
 * @returns {LossFunctions}
 */
export function lossFunctions(bind) {
  return { softplus: bind("softplus", { beta: 1 }).f, sigmoid: bind("sigmoid", {}).f };
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

/**
 * The model from the given weights (inputs first, output last) and biases, trained for
 * `steps` steps: loss[k], the mean data loss on every point of X of the weights after k
 * steps (k = 0..steps), and for the step k + 1: gradNorms[k], the norms of dL/dW of every
 * layer (inputs first) it used, unitGradients[k], each unit's mean |dL/dw|, and dead[k],
 * each hidden layer's share of dead units on its batch. Throws "playground.trace: ..." on
 * malformed input.
 *
 * Beyond the page's first model (one activation, classification, full batches, SGD at lr):
 * `activations` ([{name, params}], one per hidden layer), `task`, `regularisation` and
 * `regularisationRate`, `optimiser` ({kind, beta, beta1, beta2, epsilon}; its rate is lr),
 * and `batches` (one list of point indices per step).
 * @param {{activation?: string, params?: Record<string, any>,
 *   activations?: {name: string, params?: Record<string, any>}[], X: number[][], y: number[],
 *   weights: number[][][], biases: number[][], lr: number, steps: number,
 *   task?: "classification" | "regression", regularisation?: "none" | "l1" | "l2",
 *   regularisationRate?: number, optimiser?: Record<string, any>, batches?: number[][]}} args
 * @param {Bind} bind the formulas' bind, which gives f and f' and the loss's functions
 * @returns {{loss: number[], gradNorms: number[][], unitGradients: number[][][], dead: number[][]}}
 */
export function trace(args, bind) {
  const { activation, params, activations, X, y, weights, biases, lr, steps } = args;
  const { task = "classification", regularisation = "none", regularisationRate = 0 } = args;
  if (!Array.isArray(weights) || !weights.length) fail("weights must be a non-empty list");
  if (!Array.isArray(biases) || biases.length !== weights.length)
    fail("biases must have one vector per weight matrix");
  if (!Number.isInteger(steps) || steps < 0) fail("steps must be an integer >= 0");
  if (!Number.isFinite(lr)) fail("lr must be a finite number");
  if (!Array.isArray(X) || !X.length || !X[0]) fail("X must be a non-empty list of rows");
  if (args.batches && (!Array.isArray(args.batches) || args.batches.length !== steps))
    fail(`batches must hold one list of indices per step (${steps})`);
  const hidden = weights.length - 1;
  let act;
  if (activations) {
    if (!Array.isArray(activations) || activations.length !== hidden)
      fail(`activations must name one activation per hidden layer (${hidden})`);
    act = activations.map((a) => bind(a.name, a.params || {}));
  } else {
    act = bind(activation, params || {});
  }
  const lossFns = lossFunctions(bind);
  const columns = (w, l) => (Array.isArray(w) && w[0] ? w[0].length : fail(`weights[${l}] is empty`));
  const sizes = [X[0].length, ...weights.map(columns)];
  if (sizes[sizes.length - 1] !== 1) fail("the last weight matrix must have one column (the output)");
  const model = createModel(sizes);
  weights.forEach((w, l) => model.W[l].set(matrix(w, `weights[${l}]`, sizes[l], sizes[l + 1])));
  biases.forEach((v, l) => model.b[l].set(matrix([v], `biases[${l}]`, 1, sizes[l + 1])));
  const n = X.length;
  const inputs = matrix(X, "X", n, sizes[0]);
  const labels = matrix([y], "y", 1, n);
  const ws = workspace(sizes, n);
  const options = {
    optimiser: createOptimiser(model, { ...(args.optimiser || {}), rate: lr }),
    task,
    regularisation,
    regularisationRate,
    batch: null,
  };
  const fullLoss = () => meanLoss(lossFns, forward(model, act, inputs, ws, false), labels, n, task);
  const out = { loss: [], gradNorms: [], unitGradients: [], dead: [] };
  for (let k = 0; k < steps; k++) {
    if (args.batches) {
      const batch = args.batches[k];
      if (!Array.isArray(batch) || !batch.length || batch.some((i) => !Number.isInteger(i) || i < 0 || i >= n))
        fail(`batches[${k}] must list indices of X's rows`);
      options.batch = batch;
      out.loss.push(fullLoss());
      step(model, act, lossFns, inputs, labels, ws, options);
    } else {
      out.loss.push(step(model, act, lossFns, inputs, labels, ws, options));
    }
    out.gradNorms.push(Array.from(ws.norms));
    out.unitGradients.push(ws.unitGrad.map((u) => Array.from(u)));
    out.dead.push(Array.from(ws.dead));
  }
  out.loss.push(fullLoss());
  return out;
}
