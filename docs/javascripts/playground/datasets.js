/*
 * The playground's datasets, with no DOM: seeded points on the plane [-EXTENT, EXTENT]^2
 * for classification (labels 0 and 1) and regression (targets in [-1, 1]), label noise and
 * noise on the points' positions, the split into test and train points, the input
 * features the network sees, and the reader's own data parsed from CSV text.
 */
import { gaussian, mulberry32 } from "./random.js";

/** Half the side of the square plane the points lie in and the decision boundary shows. */
export const EXTENT = 1.2;

// The six bumps of the "multiple Gaussians" regression: centres on a 3 x 2 grid, signs
// alternating, each a cone of height 1 falling to 0 at a sixth of the plane's width (after
// TensorFlow Playground's regressGaussian, scaled from its plane of half-width 6 to ours).
const BUMPS = [
  [-2 / 3, 5 / 12, 1],
  [0, 5 / 12, -1],
  [2 / 3, 5 / 12, 1],
  [-2 / 3, -5 / 12, -1],
  [0, -5 / 12, 1],
  [2 / 3, -5 / 12, -1],
].map(([x, y, sign]) => [x * EXTENT, y * EXTENT, sign]);
const BUMP_RADIUS = EXTENT / 3;

/**
 * The datasets by key: a label for the menu, the task, and point(i, n, uniform, normal) ->
 * [x1, x2, label or target] for point i of n. The regression ones also have target(x1, x2).
 * @type {Record<string, {label: string, task: "classification" | "regression",
 *   point: (i: number, n: number, u: () => number, normal: () => number) => number[],
 *   target?: (x1: number, x2: number) => number}>}
 */
export const DATASETS = {
  xor: {
    label: "XOR",
    task: "classification",
    point(i, n, u) {
      const side = () => (u() < 0.5 ? -1 : 1) * (0.05 + 0.95 * u());
      const x = side();
      const y = side();
      return [x, y, x * y > 0 ? 1 : 0];
    },
  },
  circle: {
    label: "Circle",
    task: "classification",
    point(i, n, u) {
      const inner = i % 2 === 0;
      const r = inner ? 0.5 * Math.sqrt(u()) : 0.7 + 0.3 * u();
      const angle = 2 * Math.PI * u();
      return [r * Math.cos(angle), r * Math.sin(angle), inner ? 1 : 0];
    },
  },
  spirals: {
    label: "Spirals",
    task: "classification",
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
    task: "classification",
    point(i, n, u, normal) {
      const positive = i % 2 === 0;
      const centre = positive ? 0.45 : -0.45;
      return [centre + 0.25 * normal(), centre + 0.25 * normal(), positive ? 1 : 0];
    },
  },
  plane: {
    label: "Plane (regression)",
    task: "regression",
    // A tilted plane, TensorFlow Playground's: x1 + x2 mapped linearly from
    // [-5/3, 5/3] EXTENT to [-1, 1], so that it reaches -1.2 and 1.2 at two corners.
    target: (x1, x2) => (0.6 * (x1 + x2)) / EXTENT,
    point(i, n, u) {
      const x1 = EXTENT * (2 * u() - 1);
      const x2 = EXTENT * (2 * u() - 1);
      return [x1, x2, this.target(x1, x2)];
    },
  },
  bumps: {
    label: "Multiple Gaussians (regression)",
    task: "regression",
    // The bump whose value is largest in size wins.
    target(x1, x2) {
      let value = 0;
      for (const [cx, cy, sign] of BUMPS) {
        const height = sign * Math.max(0, 1 - Math.hypot(x1 - cx, x2 - cy) / BUMP_RADIUS);
        if (Math.abs(height) > Math.abs(value)) value = height;
      }
      return value;
    },
    point(i, n, u) {
      const x1 = EXTENT * (2 * u() - 1);
      const x2 = EXTENT * (2 * u() - 1);
      return [x1, x2, this.target(x1, x2)];
    },
  },
};

/**
 * Points and labels packed for the model: X holds (x1, x2) pairs row-major.
 * @typedef {{X: Float64Array, y: Float64Array, n: number}} Part
 */

/**
 * Rows [x1, x2, label] packed into a Part.
 * @param {number[][]} rows
 * @returns {Part}
 */
export function pack(rows) {
  const X = new Float64Array(rows.length * 2);
  const y = new Float64Array(rows.length);
  rows.forEach(([a, b, label], i) => {
    X[2 * i] = a;
    X[2 * i + 1] = b;
    y[i] = label;
  });
  return { X, y, n: rows.length };
}

/**
 * Rows shuffled by the seeded generator and split: the first `test` percent (rounded) are
 * the test points, the rest the training points.
 * @param {number[][]} rows [x1, x2, label or target], shuffled in place
 * @param {number} test percent
 * @param {() => number} uniform
 * @returns {{test: Part, train: Part}}
 */
export function split(rows, test, uniform) {
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  const nTest = Math.round((rows.length * test) / 100);
  return { test: pack(rows.slice(0, nTest)), train: pack(rows.slice(nTest)) };
}

/**
 * A dataset from its settings: for classification, labels flipped with probability
 * noise/100; then, with `spread`, every point moved by up to spread/100 of the extent in
 * each coordinate (uniformly, from a generator of its own, so that the points before it
 * are the same as without it; labels and targets stay those of the unmoved point, as in
 * TensorFlow Playground, which labels each point by a position moved as much); then
 * shuffled and split into test (the first `test` percent) and train.
 * @param {{data: string, points: number, test: number, noise: number, seed: number,
 *   spread?: number}} settings
 * @returns {{test: Part, train: Part}}
 */
export function makeDataset({ data, points, test, noise, seed, spread = 0 }) {
  const dataset = DATASETS[data];
  if (!dataset) throw new Error(`no dataset ${data}`);
  const u = mulberry32(seed);
  const normal = gaussian(u);
  const rows = [];
  for (let i = 0; i < points; i++) rows.push(dataset.point(i, points, u, normal));
  if (dataset.task === "classification") for (const row of rows) if (u() < noise / 100) row[2] = 1 - row[2];
  if (spread > 0) {
    const shift = mulberry32(seed ^ 0x2545f491);
    const size = (spread / 100) * EXTENT;
    for (const row of rows) {
      row[0] += size * (2 * shift() - 1);
      row[1] += size * (2 * shift() - 1);
    }
  }
  return split(rows, test, u);
}

// ---------------------------------------------------------------------------
// Input features
// ---------------------------------------------------------------------------

const SINE_SCALE = 6 / EXTENT; // TensorFlow Playground's half-width over this plane's: 5

/**
 * The input features the network can be given, TensorFlow Playground's seven, in its
 * order: a label to show, f(x1, x2), and the same in NumPy (for export.js's snippet).
 * Its sine features are sin x on its plane, of half-width 6, where they go through about two
 * periods; on this plane, of half-width 1.2, the same features are sin 5x (sin x would be
 * almost x here).
 * @type {Record<string, {label: string, f: (x1: number, x2: number) => number, numpy: string}>}
 */
export const FEATURES = {
  x1: { label: "x\u2081", f: (x1) => x1, numpy: "x1" },
  x2: { label: "x\u2082", f: (x1, x2) => x2, numpy: "x2" },
  x1Squared: { label: "x\u2081\u00b2", f: (x1) => x1 * x1, numpy: "x1 * x1" },
  x2Squared: { label: "x\u2082\u00b2", f: (x1, x2) => x2 * x2, numpy: "x2 * x2" },
  x1TimesX2: { label: "x\u2081x\u2082", f: (x1, x2) => x1 * x2, numpy: "x1 * x2" },
  sinX1: { label: `sin ${SINE_SCALE}x\u2081`, f: (x1) => Math.sin(SINE_SCALE * x1), numpy: `np.sin(${SINE_SCALE} * x1)` },
  sinX2: { label: `sin ${SINE_SCALE}x\u2082`, f: (x1, x2) => Math.sin(SINE_SCALE * x2), numpy: `np.sin(${SINE_SCALE} * x2)` },
};

/**
 * The chosen features of n raw points: an n x names.length Float64Array, row-major, the
 * network's input.
 * @param {Float64Array} X n (x1, x2) pairs
 * @param {string[]} names keys of FEATURES, in the order the network takes them
 * @returns {Float64Array}
 */
export function featureMatrix(X, names) {
  const fs = names.map((name) => {
    if (!(name in FEATURES)) throw new Error(`no input feature ${name}`);
    return FEATURES[name].f;
  });
  const n = X.length / 2;
  const width = fs.length;
  const out = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    const x1 = X[2 * i];
    const x2 = X[2 * i + 1];
    for (let k = 0; k < width; k++) out[i * width + k] = fs[k](x1, x2);
  }
  return out;
}

// ---------------------------------------------------------------------------
// The reader's own data
// ---------------------------------------------------------------------------

/** The most data rows a CSV may hold: training on more would slow every step below 30 fps. */
export const MAX_CSV_ROWS = 2000;
/** The fewest: with fewer, a test split of even 20% would hold no point. */
export const MIN_CSV_ROWS = 5;
/** Errors listed one by one; past these, one line counts the rest. */
const MAX_LISTED_ERRORS = 20;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The reader's data, from CSV text: one point a line, "x1,x2,label" (classification: the
 * class, 0 or 1) or "x1,x2,target" (regression: any number), an optional header line of
 * three names first, blank lines ignored. Never throws: returns either the rows, or
 * the errors, each naming its line (1 for the first line of the text) and the problem.
 * @param {string} text
 * @param {"classification" | "regression"} task
 * @returns {{rows: number[][], header: string[] | null, errors: []} |
 *   {rows: null, header: null, errors: {line: number, message: string}[]}}
 */
export function parseCsv(text, task) {
  const errors = [];
  const fail = (line, message) => ({ rows: null, header: null, errors: [{ line, message }] });
  if (typeof text !== "string") return fail(0, "the data is not text");
  if (task !== "classification" && task !== "regression") return fail(0, `unknown task ${task}`);
  const lines = text.replace(/^\ufeff/, "").split(/\r\n|\r|\n/);
  const rows = [];
  let header = null;
  let counted = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const raw = lines[index].trim();
    if (raw === "") continue;
    const cells = raw.split(",").map((cell) => cell.trim());
    const first = rows.length === 0 && header === null && errors.length === 0;
    if (first && cells.every((cell) => cell !== "" && !NUMBER.test(cell))) {
      if (cells.length !== 3) errors.push({ line, message: `the header has ${cells.length} columns, not 3 (x1, x2, ${task === "classification" ? "label" : "target"})` });
      else header = cells;
      continue;
    }
    counted += 1;
    if (counted > MAX_CSV_ROWS) {
      errors.push({ line, message: `more than ${MAX_CSV_ROWS} rows of data; the playground takes at most ${MAX_CSV_ROWS}` });
      break;
    }
    if (cells.length !== 3) {
      errors.push({ line, message: `${cells.length} columns, not 3 (x1, x2, ${task === "classification" ? "label" : "target"})` });
      continue;
    }
    const names = ["x1", "x2", task === "classification" ? "label" : "target"];
    const bad = cells.findIndex((cell) => !NUMBER.test(cell));
    if (bad >= 0) {
      const shown = cells[bad] === "" ? "an empty cell" : `"${cells[bad].slice(0, 20)}"`;
      errors.push({ line, message: `${names[bad]} is ${shown}, not a number` });
      continue;
    }
    const values = cells.map(Number);
    const tooLarge = values.findIndex((v) => !Number.isFinite(v));
    if (tooLarge >= 0) {
      errors.push({ line, message: `${names[tooLarge]} is too large for a number` });
      continue;
    }
    if (task === "classification" && values[2] !== 0 && values[2] !== 1) {
      errors.push({ line, message: `the class is ${cells[2]}; it must be 0 or 1` });
      continue;
    }
    rows.push(values);
  }
  if (!errors.length && rows.length < MIN_CSV_ROWS)
    errors.push({ line: lines.length, message: `${rows.length} rows of data; the playground needs at least ${MIN_CSV_ROWS}` });
  if (errors.length > MAX_LISTED_ERRORS) {
    const more = errors.length - MAX_LISTED_ERRORS;
    errors.length = MAX_LISTED_ERRORS;
    errors.push({ line: errors[MAX_LISTED_ERRORS - 1].line, message: `and ${more} more rows with problems` });
  }
  if (errors.length) return { rows: null, header: null, errors };
  return { rows, header, errors: [] };
}
