// docs/javascripts/playground/model.js against actlib.nn (reference from test_model.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createModel, forward, step, trace, workspace } from "../../docs/javascripts/playground/model.js";
import { assertClose, loadReference } from "./reference.mjs";

// Until lib/formulas.js exists, the few activations the cases use, written out here; the
// page passes lib/formulas.js's bind instead.
const sigmoid = (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const PAIRS = {
  tanh: () => ({ f: Math.tanh, df: (x) => 1 - Math.tanh(x) ** 2 }),
  relu: () => ({ f: (x) => Math.max(0, x), df: (x) => (x > 0 ? 1 : 0) }),
  leaky_relu: ({ negative_slope: a }) => ({ f: (x) => (x >= 0 ? x : a * x), df: (x) => (x > 0 ? 1 : a) }),
  softplus: () => ({ f: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))) }),
  sigmoid: () => ({ f: sigmoid }),
};
const bind = (name, params) => PAIRS[name](params);
const LOSS = { softplus: bind("softplus", {}).f, sigmoid };

const { cases } = loadReference();

function modelOf(c) {
  const sizes = [c.X[0].length, ...c.weights.map((w) => w[0].length)];
  const model = createModel(sizes);
  c.weights.forEach((w, l) => model.W[l].set(w.flat()));
  c.biases.forEach((b, l) => model.b[l].set(b));
  return model;
}

for (const c of cases) {
  const label = `${c.activation} ${JSON.stringify(c.params)}`;

  test(`${label}: every step's logits, loss, gradient norms and dead shares`, () => {
    const model = modelOf(c);
    const X = Float64Array.from(c.X.flat());
    const y = Float64Array.from(c.y);
    const ws = workspace(model.sizes, c.y.length);
    const act = bind(c.activation, c.params);
    c.steps.forEach((want, k) => {
      assertClose(`${label} step ${k + 1} logits`, forward(model, act, X, ws, false), want.logits);
      const loss = step(model, act, LOSS, X, y, ws, c.lr);
      assertClose(`${label} step ${k + 1} loss`, [loss], [want.loss]);
      assertClose(`${label} step ${k + 1} gradient norms`, ws.norms, want.norms);
      assertClose(`${label} step ${k + 1} dead shares`, ws.dead, want.deadShares);
    });
  });

  test(`${label}: trace() is the same model`, () => {
    const args = { activation: c.activation, params: c.params, X: c.X, y: c.y, weights: c.weights, biases: c.biases };
    const got = trace({ ...args, lr: c.lr, steps: c.steps.length }, bind);
    assertClose(`${label} trace loss`, got.loss, c.trace.loss);
    assertClose(`${label} trace gradient norms`, got.gradNorms, c.trace.gradNorms);
    assert.equal(got.loss.length, c.steps.length + 1);
  });
}

test("trace() names what is malformed", () => {
  const c = cases[0];
  const args = { activation: "tanh", X: c.X, y: c.y, biases: c.biases, lr: 0.1, steps: 1 };
  assert.throws(() => trace({ ...args, weights: [c.weights[0].slice(1), ...c.weights.slice(1)] }, bind), /weights\[0\] must have 2 rows/);
  assert.throws(() => trace({ ...args, weights: c.weights, steps: -1 }, bind), /steps must be an integer >= 0/);
});
