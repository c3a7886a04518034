// docs/javascripts/playground/model.js against actlib.nn (reference from test_model.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  batches,
  createModel,
  createOptimiser,
  findDead,
  forward,
  penalty,
  step,
  trace,
  unitOutputs,
  workspace,
} from "../../docs/javascripts/playground/model.js";
import { mulberry32 } from "../../docs/javascripts/playground/random.js";
import { assertClose, loadReference, loadRegistry } from "./reference.mjs";

const reference = loadReference();
// The page's own f and f' and the loss's softplus and sigmoid: lib/formulas.js's.
const { bind } = loadRegistry(reference.explorerData);
const LOSS = { softplus: bind("softplus", { beta: 1 }).f, sigmoid: bind("sigmoid", {}).f };

function modelOf(c) {
  const sizes = [c.weights[0].length, ...c.weights.map((w) => w[0].length)];
  const model = createModel(sizes);
  c.weights.forEach((w, l) => model.W[l].set(w.flat()));
  c.biases.forEach((b, l) => model.b[l].set(b));
  return model;
}

for (const c of reference.steps) {
  const label = `${c.activation} ${JSON.stringify(c.params)}`;
  test(`${label}: each step's outputs, loss, gradient norms, unit gradients and dead units`, () => {
    const model = modelOf(c);
    const X = Float64Array.from(c.X.flat());
    const y = Float64Array.from(c.y);
    const ws = workspace(model.sizes, c.y.length);
    const act = bind(c.activation, c.params);
    const optimiser = createOptimiser(model, { kind: "sgd", rate: c.lr });
    c.steps.forEach((want, k) => {
      const at = `${label} step ${k + 1}`;
      assertClose(`${at} outputs`, forward(model, act, X, ws, false), want.outputs);
      const loss = step(model, act, LOSS, X, y, ws, { optimiser });
      assertClose(`${at} loss`, [loss], [want.loss]);
      assertClose(`${at} gradient norms`, ws.norms, want.norms);
      assertClose(`${at} unit gradients`, ws.unitGrad, want.unitGradients);
      assertClose(`${at} dead units`, ws.deadUnits.map((d) => Array.from(d, Boolean)), want.deadUnits);
      assertClose(`${at} dead shares`, ws.dead, want.deadShares);
    });
  });

  test(`${label}: a bare learning rate is plain SGD on every point`, () => {
    const [a, b] = [modelOf(c), modelOf(c)];
    const X = Float64Array.from(c.X.flat());
    const y = Float64Array.from(c.y);
    const act = bind(c.activation, c.params);
    const [wsA, wsB] = [workspace(a.sizes, c.y.length), workspace(b.sizes, c.y.length)];
    const optimiser = createOptimiser(b, { rate: c.lr });
    for (let k = 0; k < 3; k++) {
      assert.equal(step(a, act, LOSS, X, y, wsA, c.lr), step(b, act, LOSS, X, y, wsB, { optimiser }));
    }
    assert.deepEqual(a.W, b.W);
  });
}

for (const [index, { args, want }] of reference.traces.entries()) {
  const { X, y, weights, biases, ...settings } = args;
  const label = `trace ${index + 1} ${JSON.stringify({ ...settings, batches: settings.batches && "..." })}`;
  test(label, () => {
    const got = trace(args, bind);
    assert.equal(got.loss.length, args.steps + 1);
    assertClose(`${label} loss`, got.loss, want.loss);
    assertClose(`${label} gradient norms`, got.gradNorms, want.gradNorms);
    assertClose(`${label} unit gradients`, got.unitGradients, want.unitGradients);
    assertClose(`${label} dead shares`, got.dead, want.dead);
  });
}

test("every unit's output over a grid, and the dead units over it", () => {
  const g = reference.grid;
  const model = modelOf(g);
  const act = g.activations.map((a) => bind(a.name, a.params));
  const grid = Float64Array.from(g.grid.flat());
  const ws = workspace(model.sizes, g.grid.length);
  const units = unitOutputs(model, act, grid, ws);
  assert.equal(units.length, model.W.length);
  units.forEach((u, l) => assertClose(`layer ${l + 1} outputs`, u, g.units[l]));
  findDead(model, act, grid, ws);
  assertClose("dead units over the grid", ws.deadUnits.map((d) => Array.from(d, Boolean)), g.deadUnits);
  for (const [kind, want] of Object.entries(g.penalties)) assertClose(`${kind} penalty`, [penalty(model, kind, 0.3)], [want]);
});

test("mini-batches: each epoch a seeded permutation cut into batches; full batches in order", () => {
  const draw = batches(10, 4, mulberry32(3));
  for (let epoch = 0; epoch < 3; epoch++) {
    const parts = [draw(), draw(), draw()];
    assert.deepEqual(parts.map((p) => p.length), [4, 4, 2]);
    const seen = parts.flatMap((p) => Array.from(p)).sort((a, b) => a - b);
    assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], `epoch ${epoch + 1} is not a permutation`);
  }
  const again = batches(10, 4, mulberry32(3));
  const other = batches(10, 4, mulberry32(4));
  const first = Array.from(again());
  assert.deepEqual(first, Array.from(batches(10, 4, mulberry32(3))()), "the same seed gives the same batches");
  assert.notDeepEqual(first, Array.from(other()), "another seed gives other batches");
  for (const size of [0, 10, 30]) assert.deepEqual(Array.from(batches(10, size, mulberry32(1))()), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.throws(() => batches(10, 1.5, mulberry32(1)), /integer >= 0/);
});

test("trace() and step() name what is malformed", () => {
  const { args } = reference.traces[0];
  const short = [args.weights[0].slice(1), ...args.weights.slice(1)];
  assert.throws(() => trace({ ...args, weights: short }, bind), /weights\[0\] must have 2 rows/);
  assert.throws(() => trace({ ...args, steps: -1 }, bind), /steps must be an integer >= 0/);
  assert.throws(() => trace({ ...args, batches: [[0]] }, bind), /one list of indices per step/);
  assert.throws(() => trace({ ...args, steps: 1, batches: [[0, 99]] }, bind), /batches\[0\] must list indices/);
  assert.throws(() => trace({ ...args, activations: [{ name: "tanh" }] }, bind), /one activation per hidden layer \(3\)/);
  assert.throws(() => trace({ ...args, regularisation: "l3" }, bind), /regularisation must be/);
  assert.throws(() => trace({ ...args, task: "ranking" }, bind), /task must be/);
  assert.throws(() => trace({ ...args, optimiser: { kind: "rmsprop" } }, bind), /optimiser must be/);
  const model = createModel([2, 1]);
  const ws = workspace(model.sizes, 1);
  const one = [new Float64Array(2), new Float64Array(1)];
  assert.throws(() => step(model, [], LOSS, ...one, ws, {}), /a step needs an optimiser/);
  const optimiser = createOptimiser(model, { rate: 0.1 });
  assert.throws(() => step(model, [], LOSS, ...one, ws, { optimiser, batch: [0, 0] }), /a batch takes 1 to 1 points; got 2/);
});

for (const { args, want } of reference.registry) {
  const label = `${args.activation} ${JSON.stringify(args.params)}, as the page trains it`;
  test(label, () => {
    const got = trace(args, bind);
    assert.equal(got.loss.length, args.steps + 1);
    assertClose(`${label}: loss`, got.loss, want.loss);
    assertClose(`${label}: gradient norms`, got.gradNorms, want.gradNorms);
    assertClose(`${label}: unit gradients`, got.unitGradients, want.unitGradients);
    assertClose(`${label}: dead shares`, got.dead, want.dead);
    if (args.activation === "binary_step") {
      // f' = 0: no gradient reaches any hidden layer, and every hidden unit is dead.
      for (const row of got.gradNorms) assert.ok(row.slice(0, -1).every((v) => v === 0) && row.at(-1) > 0);
      for (const row of got.dead) assert.deepEqual(row, [1, 1, 1]);
    }
  });
}
