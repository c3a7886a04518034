/*
 * The trained network, exported with no DOM: as JSON (everything needed to run it again),
 * and as a short Python snippet that reproduces its predictions with NumPy and actlib, the
 * library this site is built from (tests/modules/test_export.py runs the snippet and holds
 * its predictions to the page's).
 */
import { FEATURES } from "./datasets.js";

/** What the JSON says it is, so that a reader (or a later page) can recognise it. */
export const FORMAT = "actlib-playground-network";
export const FORMAT_VERSION = 1;

/**
 * A network to export: the model, each hidden layer's activation with its full parameters,
 * the input features in the order the network takes them, and the task.
 * @typedef {{model: {sizes: number[], W: Float64Array[], b: Float64Array[]},
 *   activations: {name: string, params: Record<string, number | string | boolean>}[],
 *   features: string[], task: "classification" | "regression"}} Network
 */

function check({ model, activations, features, task }) {
  if (activations.length !== model.W.length - 1)
    throw new Error(`${model.W.length - 1} hidden layers need ${model.W.length - 1} activations; got ${activations.length}`);
  if (features.length !== model.sizes[0])
    throw new Error(`the network takes ${model.sizes[0]} inputs; got ${features.length} features`);
  for (const name of features) if (!(name in FEATURES)) throw new Error(`no input feature ${name}`);
  if (task !== "classification" && task !== "regression") throw new Error(`unknown task ${task}`);
}

const rows = (flat, nRows, nCols) => Array.from({ length: nRows }, (_, i) => Array.from(flat.subarray(i * nCols, (i + 1) * nCols)));

/**
 * The network as a plain object for JSON.stringify: format and version, task, features,
 * sizes (inputs first), activations ({name, params} per hidden layer; the output is
 * linear), weights (one fan_in x fan_out matrix per layer, as nested lists) and biases.
 * JSON.stringify writes each number so that it reads back exactly.
 * @param {Network} network
 * @returns {object}
 */
export function networkJson(network) {
  check(network);
  const { model, activations, features, task } = network;
  return {
    format: FORMAT,
    version: FORMAT_VERSION,
    task,
    features: [...features],
    sizes: [...model.sizes],
    activations: activations.map(({ name, params }) => ({ name, params: { ...params } })),
    output: task === "classification" ? "logit: the probability of class 1 is sigmoid(output)" : "linear",
    weights: model.W.map((w, l) => rows(w, model.sizes[l], model.sizes[l + 1])),
    biases: model.b.map((b) => Array.from(b)),
  };
}

// A JavaScript value as a Python literal: numbers in their shortest exact form.
function python(value) {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot export ${value}: the network has diverged`);
    // A decimal point keeps NumPy's arrays floating-point even when every entry is whole.
    const text = String(value);
    return /[.e]/.test(text) ? text : `${text}.0`;
  }
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(python).join(", ")}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}: ${python(v)}`)
    .join(", ")}}`;
}

/**
 * A Python snippet that reproduces the network's outputs: it defines predict(points), which
 * takes (x1, x2) rows and returns one output per row (the logit for classification, with
 * probability(points) beside it; the prediction for regression), and prints an example.
 * Needs NumPy and actlib; each activation is actlib.get(name)(x, **params).
 * @param {Network} network
 * @returns {string}
 */
export function pythonSnippet(network) {
  const json = networkJson(network);
  // One row of a matrix per line, so that the snippet reads like the diagram.
  const matrix = (w) => ["    np.array([", ...w.map((row) => `        ${python(row)},`), "    ]),"];
  const lines = [
    `# A ${json.sizes.join("-")} network trained in the activation playground`,
    `# (https://actlib.github.io/activations/playground/), for ${json.task}.`,
    "# Needs NumPy and actlib, the library the site is built from",
    "# (https://github.com/actlib/activations: pip install it from a clone).",
    "import numpy as np",
    "",
    "import actlib",
    "",
    `# Hidden layers, first to last: (activation, its parameters); the output is linear.`,
    "ACTIVATIONS = [",
    ...json.activations.map(({ name, params }) => `    (${python(name)}, ${python(params)}),`),
    "]",
    "# W[l] has one row per input of layer l and one column per unit: h = f(h W + b).",
    "WEIGHTS = [",
    ...json.weights.flatMap(matrix),
    "]",
    "BIASES = [",
    ...json.biases.map((b) => `    np.array(${python(b)}),`),
    "]",
    "",
    "",
    "def features(points):",
    `    """The network's inputs, ${json.features.map((name) => FEATURES[name].numpy).join(", ")}, of (x1, x2) rows."""`,
    "    points = np.asarray(points, dtype=np.float64)",
    "    x1, x2 = points[:, 0], points[:, 1]",
    `    return np.stack([${json.features.map((name) => FEATURES[name].numpy).join(", ")}], axis=1)`,
    "",
    "",
    "def predict(points):",
    `    """One output per (x1, x2) row: ${json.task === "classification" ? "the logit (class 1 when it is > 0)" : "the predicted target"}."""`,
    "    h = features(points)",
    "    for (name, params), W, b in zip(ACTIVATIONS, WEIGHTS, BIASES):",
    "        h = actlib.get(name)(h @ W + b, **params)",
    "    return (h @ WEIGHTS[-1] + BIASES[-1])[:, 0]",
    "",
  ];
  if (json.task === "classification") {
    lines.push(
      "",
      "def probability(points):",
      '    """The probability of class 1 at each (x1, x2) row."""',
      '    return actlib.get("sigmoid")(predict(points))',
      "",
    );
  }
  lines.push("", 'if __name__ == "__main__":', "    print(predict([[0.5, -0.25], [-1.0, 1.0]]))", "");
  return lines.join("\n");
}
