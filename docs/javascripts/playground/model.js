/*
 * The playground's network, exactly as docs/playground.md prints it, with no DOM: hidden
 * layers h_l = f(h_{l-1} W_l + b_l), W_l of shape (fan_in, fan_out), one output logit
 * s = h_L W_out + b_out, the mean binary cross-entropy with logits, and full-batch gradient
 * descent. Float64Array throughout, row-major.
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
 * The buffers of one pass over n points: pre-activations Z, activations A (A[l] is the
 * input of layer l; A[0] is the data), slopes D = f'(Z) of the hidden layers, deltas G, the
 * gradients, and per layer the gradient norm and the share of dead units.
 * @param {number[]} sizes
 * @param {number} n
 */
export function workspace(sizes, n) {
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
 * The forward pass over ws.n points of X; returns the logits (ws.Z[L-1]). With `slopes`,
 * also f'(z) of every hidden unit, for the backward pass.
 * @param {Model} model
 * @param {Pair | Pair[]} act one pair for every hidden layer, or one per hidden layer
 * @param {Float64Array} X ws.n rows of sizes[0] inputs
 * @param {ReturnType<typeof workspace>} ws
 * @param {boolean} slopes
 * @returns {Float64Array}
 */
export function forward(model, act, X, ws, slopes) {
  const { sizes, W, b } = model;
  const n = ws.n;
  const L = W.length;
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
 * Mean binary cross-entropy with logits: softplus(s) - y s, with a stable softplus; no
 * overflow for any s.
 * @param {LossFunctions} loss
 * @param {Float64Array} s logits
 * @param {Float64Array} y labels 0 or 1
 * @param {number} n
 * @returns {number}
 */
export function meanLoss(loss, s, y, n) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += loss.softplus(s[i]) - y[i] * s[i];
  return sum / n;
}

/**
 * One step of full-batch gradient descent on (X, y), in place: returns the loss before
 * it, and leaves in ws the Frobenius norm of dL/dW of every layer (of the gradient used)
 * and each hidden layer's share of dead units (f'(z) = 0 at every point).
 * @param {Model} model
 * @param {Pair | Pair[]} act
 * @param {LossFunctions} loss
 * @param {Float64Array} X
 * @param {Float64Array} y
 * @param {ReturnType<typeof workspace>} ws
 * @param {number} lr
 * @returns {number}
 */
export function step(model, act, loss, X, y, ws, lr) {
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
 * `steps` steps: the loss after 0, 1, ..., steps steps, and gradNorms[k], the norms of
 * dL/dW of every layer (inputs first) used by step k + 1. Throws "playground.trace: ..."
 * on malformed input.
 * @param {{activation: string, params?: Record<string, any>, X: number[][], y: number[],
 *   weights: number[][][], biases: number[][], lr: number, steps: number}} args
 * @param {Bind} bind the formulas' bind, which gives f and f' and the loss's functions
 * @returns {{loss: number[], gradNorms: number[][]}}
 */
export function trace({ activation, params, X, y, weights, biases, lr, steps }, bind) {
  const act = bind(activation, params || {});
  const lossFns = lossFunctions(bind);
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
    loss.push(step(model, act, lossFns, inputs, labels, ws, lr));
    gradNorms.push(Array.from(ws.norms));
  }
  loss.push(meanLoss(lossFns, forward(model, act, inputs, ws, false), labels, n));
  return { loss, gradNorms };
}
