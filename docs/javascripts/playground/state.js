/*
 * The playground's setup and its permalink: the data, the network and the training
 * settings as a URL hash, and the named cases that the story pages link to (spans inside
 * the playground's <div>, each with the setup it opens on).
 */
import { readParams, writeParams } from "../lib/hash.js";
import { DATA, REGISTRY } from "../lib/registry.js";
import { DATASETS, FEATURES } from "./datasets.js";
import { INITS } from "./model.js";

export const POINTS = [64, 128, 256, 512, 1024];
export const TEST_SHARES = [20, 30, 40, 50];
export const RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
/** The regularisation rates TensorFlow Playground offers, 0 first. */
export const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const SPEEDS = [1, 5, 20, 100];
export const OPTIMISERS = { sgd: "SGD", momentum: "Momentum", adam: "Adam" };
export const REGULARISATIONS = { none: "None", l1: "L1", l2: "L2" };
/** Momentum's beta, and Adam's beta1 and beta2: the usual values and a few either side. */
export const BETAS = [0.5, 0.8, 0.9, 0.95, 0.99];
export const BETA2S = [0.9, 0.99, 0.999, 0.9999];
/** 0 is the full batch: every step uses every training point. */
export const MAX_BATCH = 30;
export const MAX_DEPTH = 8;
export const MAX_WIDTH = 16;
export const MAX_SEED = 99999;
/** The reader's own data (a CSV pasted or opened on the page), in place of a dataset. */
export const OWN_DATA = "csv";

/** The setup the page opens on, and the order the permalink writes its keys in. */
export const DEFAULTS = {
  data: "circle",
  points: 512,
  test: 50,
  noise: 0,
  spread: 0,
  seed: 1,
  features: ["x1", "x2"],
  depth: 3,
  width: 8,
  fn: "tanh",
  init: "xavier",
  optimiser: "sgd",
  lr: 0.3,
  beta: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  reg: "none",
  regRate: 0,
  batch: 0,
  speed: 5,
  discretize: false,
  showTest: true,
};

// The keys a link writes only where they matter: an optimiser's settings with it, the
// regularisation rate with a regularisation.
const WRITTEN_WHEN = {
  beta: (s) => s.optimiser === "momentum",
  beta1: (s) => s.optimiser === "adam",
  beta2: (s) => s.optimiser === "adam",
  regRate: (s) => s.reg !== "none",
};

/**
 * Whether the playground can train with `name` at these parameters.
 * @param {string} name
 * @param {Record<string, number | string>} params
 */
export function usable(name, params) {
  try {
    REGISTRY.bind(name, params);
    return true;
  } catch {
    return false;
  }
}

/** The element-wise activations the playground can train with, in the registry's order. */
export const FUNCTIONS = DATA ? DATA.functions.filter((fn) => usable(fn.name, {})) : [];

/** The datasets the menu offers, by key: classification first, then regression. */
export const DATA_CHOICES = [
  ...Object.keys(DATASETS).filter((key) => DATASETS[key].task === "classification"),
  ...Object.keys(DATASETS).filter((key) => DATASETS[key].task === "regression"),
];

/**
 * The task of a setup: its dataset's, or for the reader's own data the task they chose.
 * @param {{data: string, ownTask?: string}} setup
 * @returns {"classification" | "regression"}
 */
export function taskOf(setup) {
  return setup.data === OWN_DATA ? setup.ownTask || "classification" : DATASETS[setup.data].task;
}

/** The default setup, the activation at its default parameters, no layer of its own. */
export function defaultSetup() {
  return { ...DEFAULTS, features: [...DEFAULTS.features], params: REGISTRY.defaults(DEFAULTS.fn), layers: {} };
}

/**
 * The activation of hidden layer `k` (1 for the first): its own if the reader chose one,
 * else the network's.
 * @param {object} setup
 * @param {number} k
 * @returns {{fn: string, params: Record<string, number | string>}}
 */
export function layerActivation(setup, k) {
  return setup.layers[k] || { fn: setup.fn, params: setup.params };
}

const isInt = (v, lo, hi) => Number.isInteger(v) && v >= lo && v <= hi;
const isFunction = (v) => FUNCTIONS.some((f) => f.name === v);

/** Per key of the setup, whether a value read from a link is one it can take. */
export const CHECKS = {
  data: (v) => DATA_CHOICES.includes(v),
  points: (v) => POINTS.includes(v),
  test: (v) => TEST_SHARES.includes(v),
  noise: (v) => isInt(v, 0, 50),
  spread: (v) => isInt(v, 0, 50),
  seed: (v) => isInt(v, 1, MAX_SEED),
  features: (v) => v.length > 0 && v.every((f) => f in FEATURES) && new Set(v).size === v.length,
  depth: (v) => isInt(v, 1, MAX_DEPTH),
  width: (v) => isInt(v, 1, MAX_WIDTH),
  fn: isFunction,
  init: (v) => v in INITS,
  optimiser: (v) => v in OPTIMISERS,
  lr: (v) => RATES.includes(v),
  beta: (v) => BETAS.includes(v),
  beta1: (v) => BETAS.includes(v),
  beta2: (v) => BETA2S.includes(v),
  reg: (v) => v in REGULARISATIONS,
  regRate: (v) => REG_RATES.includes(v),
  batch: (v) => isInt(v, 0, MAX_BATCH),
  speed: (v) => SPEEDS.includes(v),
  discretize: (v) => typeof v === "boolean",
  showTest: (v) => typeof v === "boolean",
};

/** How a value is read from its text in a link, by key (numbers unless named here). */
export const READERS = {
  data: String,
  fn: String,
  init: String,
  optimiser: String,
  reg: String,
  features: (text) => text.split(",").filter(Boolean),
  discretize: (text) => (text === "1" ? true : text === "0" ? false : null),
  showTest: (text) => (text === "1" ? true : text === "0" ? false : null),
};
const read = (key, text) => (READERS[key] || Number)(text);
const written = (value) => (typeof value === "boolean" ? (value ? "1" : "0") : String(value));

/**
 * data=circle&points=512&test=50&noise=0&spread=0&seed=1&features=x1,x2&depth=3&width=8
 * &fn=tanh&init=xavier&optimiser=sgd&lr=0.3&reg=none&batch=0&speed=5&discretize=0&showTest=1,
 * an optimiser's settings with it (beta; beta1, beta2) and the regularisation rate with a
 * regularisation; then the activation's parameters that differ from their defaults
 * (leaky_relu.negative_slope=0.1), as the explorer writes them; and for a hidden layer k
 * with an activation of its own, layerK=name and its parameters as layerK.name.key=value.
 * @param {object} setup
 * @returns {string}
 */
export function setupToHash(setup) {
  const q = new URLSearchParams();
  for (const key of Object.keys(DEFAULTS)) {
    if (!WRITTEN_WHEN[key] || WRITTEN_WHEN[key](setup)) q.set(key, written(setup[key]));
  }
  writeParams(q, setup.fn, setup.params, REGISTRY.defaults(setup.fn));
  for (let k = 1; k <= setup.depth; k++) {
    const own = setup.layers[k];
    if (!own) continue;
    q.set(`layer${k}`, own.fn);
    writeParams(q, `layer${k}.${own.fn}`, own.params, REGISTRY.defaults(own.fn));
  }
  return q.toString();
}

function activationFrom(q, prefix, fn) {
  const specs = REGISTRY.meta(fn).params;
  return readParams(q, prefix, specs, REGISTRY.defaults(fn), (candidate) => usable(fn, candidate));
}

/**
 * The setup a hash describes, on top of the defaults; anything malformed is left out.
 * Null for a hash that is not a playground setup (a heading's anchor).
 * @param {string} hash
 * @returns {object | null}
 */
export function setupFromHash(hash) {
  const q = new URLSearchParams(hash.replace(/^#/, ""));
  if (![...q.keys()].some((key) => key in DEFAULTS)) return null;
  const setup = defaultSetup();
  for (const [key, check] of Object.entries(CHECKS)) {
    if (!q.has(key)) continue;
    const value = read(key, q.get(key));
    if (value !== null && check(value)) setup[key] = value;
  }
  setup.params = activationFrom(q, setup.fn, setup.fn);
  for (let k = 1; k <= setup.depth; k++) {
    const fn = q.get(`layer${k}`);
    if (fn !== null && isFunction(fn)) setup.layers[k] = { fn, params: activationFrom(q, `layer${k}.${fn}`, fn) };
  }
  return setup;
}

/**
 * The setup the address bar names: a named case (#vanishing-sigmoid, a span inside the
 * playground with that id, whose data-playground attribute holds its setup), else the
 * hash itself; null if it names neither.
 * @param {Map<string, string>} cases
 */
export function setupFromLocation(cases) {
  const name = decodeURIComponent(location.hash.replace(/^#/, ""));
  const named = name && cases.get(name);
  return named ? setupFromHash(named) : setupFromHash(location.hash);
}
