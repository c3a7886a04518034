/*
 * The playground's setup and its permalink: the data, the network and the training
 * settings as a URL hash, and the named cases that the story pages link to (spans inside
 * the playground's <div>, each with the setup it opens on).
 */
import { readParams, writeParams } from "../lib/hash.js";
import { DATA, REGISTRY } from "../lib/registry.js";
import { DATASETS } from "./datasets.js";
import { INITS } from "./model.js";

export const POINTS = [64, 128, 256, 512, 1024];
export const TEST_SHARES = [20, 30, 40, 50];
export const RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const SPEEDS = [1, 5, 20, 100];
export const MAX_DEPTH = 8;
export const MAX_WIDTH = 16;
export const MAX_SEED = 99999;

/** The setup the page opens on, and the order the permalink writes its keys in. */
export const DEFAULTS = {
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

/** The datasets the menu offers, by key. */
export const DATA_CHOICES = Object.keys(DATASETS).filter((key) => DATASETS[key].task === "classification");

/** The default setup, the activation at its default parameters. */
export function defaultSetup() {
  return { ...DEFAULTS, params: REGISTRY.defaults(DEFAULTS.fn) };
}

const isInt = (v, lo, hi) => Number.isInteger(v) && v >= lo && v <= hi;

/** Per key of the setup, whether a value read from a link is one it can take. */
export const CHECKS = {
  data: (v) => DATA_CHOICES.includes(v),
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

/** The keys whose values are words, not numbers. */
export const TEXT_KEYS = new Set(["data", "fn", "init"]);

/**
 * data=circle&points=512&test=50&noise=0&seed=1&depth=3&width=8&fn=tanh&init=xavier&lr=0.3
 * &speed=5, then the activation's parameters that differ from their defaults
 * (leaky_relu.negative_slope=0.1), as the explorer writes them.
 * @param {object} setup
 * @returns {string}
 */
export function setupToHash(setup) {
  const q = new URLSearchParams();
  for (const key of Object.keys(DEFAULTS)) q.set(key, String(setup[key]));
  writeParams(q, setup.fn, setup.params, REGISTRY.defaults(setup.fn));
  return q.toString();
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
    const value = TEXT_KEYS.has(key) ? q.get(key) : Number(q.get(key));
    if (check(value)) setup[key] = value;
  }
  const specs = REGISTRY.meta(setup.fn).params;
  const accept = (candidate) => usable(setup.fn, candidate);
  setup.params = readParams(q, setup.fn, specs, REGISTRY.defaults(setup.fn), accept);
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
