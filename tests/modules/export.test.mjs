// docs/javascripts/playground/export.js: writes what test_export.py runs and compares.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { featureMatrix } from "../../docs/javascripts/playground/datasets.js";
import { FORMAT, networkJson, pythonSnippet } from "../../docs/javascripts/playground/export.js";
import {
  createModel,
  createOptimiser,
  forward,
  initialise,
  lossFunctions,
  step,
  workspace,
} from "../../docs/javascripts/playground/model.js";
import { loadReference, loadRegistry } from "./reference.mjs";

const reference = loadReference();
const { bind } = loadRegistry(reference.explorerData);
const LOSS = lossFunctions(bind);
const raw = (rows) => Float64Array.from(rows.flat());

reference.cases.forEach((c, index) => {
  test(`network ${index}: ${c.activations.map((a) => a.name).join(", ")} for ${c.task}`, () => {
    const sizes = [c.features.length, ...c.activations.map((_, l) => 5 - (l % 3)), 1];
    const model = initialise(createModel(sizes), "xavier", 100 + index);
    const act = c.activations.map((a) => bind(a.name, a.params));
    // Trained a little, so that the biases are not all 0 and the weights not the initial ones.
    const X = featureMatrix(raw(reference.train), c.features);
    const y = Float64Array.from(reference.train, ([x1, x2]) => (c.task === "classification" ? (x1 * x2 > 0 ? 1 : 0) : x1 - x2));
    const ws = workspace(sizes, reference.train.length);
    const optimiser = createOptimiser(model, { kind: "adam", rate: 0.01 });
    for (let k = 0; k < 5; k++) step(model, act, LOSS, X, y, ws, { optimiser, task: c.task });
    assert.ok(model.b.some((b) => b.some((v) => v !== 0)));

    const net = { model, activations: c.activations, features: c.features, task: c.task };
    const json = networkJson(net);
    assert.equal(json.format, FORMAT);
    assert.deepEqual(JSON.parse(JSON.stringify(json)), json, "the JSON does not read back the same");
    const points = raw(reference.points);
    const inputs = featureMatrix(points, c.features);
    const outputs = forward(model, act, inputs, workspace(sizes, reference.points.length), false);
    writeFileSync(join(reference.outDir, `${index}.json`), JSON.stringify(json));
    writeFileSync(join(reference.outDir, `${index}.py`), pythonSnippet(net));
    writeFileSync(join(reference.outDir, `${index}.outputs.json`), JSON.stringify({ points: reference.points, outputs: Array.from(outputs) }));
  });
});

test("export refuses a network it cannot describe", () => {
  const model = createModel([2, 3, 1]);
  const net = { model, activations: [{ name: "tanh", params: {} }], features: ["x1", "x2"], task: "classification" };
  assert.throws(() => networkJson({ ...net, activations: [] }), /1 hidden layers need 1 activations; got 0/);
  assert.throws(() => networkJson({ ...net, features: ["x1"] }), /takes 2 inputs; got 1 features/);
  assert.throws(() => networkJson({ ...net, features: ["x1", "cos"] }), /no input feature cos/);
  assert.throws(() => networkJson({ ...net, task: "ranking" }), /unknown task ranking/);
  model.W[0][0] = NaN;
  assert.throws(() => pythonSnippet(net), /cannot export NaN: the network has diverged/);
});
