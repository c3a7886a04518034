// docs/javascripts/playground/datasets.js (reference from test_datasets.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DATASETS,
  EXTENT,
  FEATURES,
  MAX_CSV_ROWS,
  MIN_CSV_ROWS,
  featureMatrix,
  makeDataset,
  parseCsv,
  split,
} from "../../docs/javascripts/playground/datasets.js";
import { mulberry32 } from "../../docs/javascripts/playground/random.js";
import { assertClose, loadReference } from "./reference.mjs";

const reference = loadReference();
const points = Float64Array.from(reference.points.flat());
const n = reference.points.length;

test("the plane is the one the reference describes", () => {
  assert.equal(EXTENT, reference.extent);
});

for (const name of ["plane", "bumps"]) {
  test(`${name}: targets as TensorFlow Playground defines them, and every point labelled by them`, () => {
    const got = reference.points.map(([x1, x2]) => DATASETS[name].target(x1, x2));
    // Near a cone's rim 1 - d/r cancels: an absolute part for the rounding of d.
    assertClose(`${name} targets`, got, reference[name], 1e-12, 1e-15);
    assert.equal(DATASETS[name].task, "regression");
    const { train, test: held } = makeDataset({ data: name, points: 300, test: 30, noise: 0, seed: 5 });
    assert.equal(train.n + held.n, 300);
    for (const part of [train, held])
      for (let i = 0; i < part.n; i++) {
        const [x1, x2] = [part.X[2 * i], part.X[2 * i + 1]];
        assert.ok(Math.abs(x1) <= EXTENT && Math.abs(x2) <= EXTENT, `point ${x1}, ${x2} is off the plane`);
        assert.equal(part.y[i], DATASETS[name].target(x1, x2));
      }
  });
}

test("the seven input features, in TensorFlow Playground's order", () => {
  assert.deepEqual(Object.keys(FEATURES), reference.featureNames);
  assertClose("features", featureMatrix(points, reference.featureNames), reference.features, 1e-15);
  const chosen = ["sinX2", "x1"];
  const two = featureMatrix(points, chosen);
  assert.equal(two.length, 2 * n);
  const want = reference.features.map((row) => [row[6], row[0]]);
  assertClose("sin x2 and x1", two, want, 1e-15);
  assert.throws(() => featureMatrix(points, ["x3"]), /no input feature x3/);
});

test("noise on the positions moves every point by at most its share of the extent, and labels stay", () => {
  for (const data of ["circle", "plane"]) {
    const settings = { data, points: 400, test: 0, noise: 0, seed: 9 };
    const still = makeDataset(settings).train;
    const moved = makeDataset({ ...settings, spread: 20 }).train;
    assert.deepEqual(moved.y, still.y, `${data}: the labels changed`);
    let largest = 0;
    for (let e = 0; e < still.X.length; e++) largest = Math.max(largest, Math.abs(moved.X[e] - still.X[e]));
    assert.ok(largest <= 0.2 * EXTENT, `${data}: a point moved ${largest}, more than ${0.2 * EXTENT}`);
    assert.ok(largest > 0.19 * EXTENT, `${data}: the largest move, ${largest}, is far short of the share`);
    assert.deepEqual(makeDataset({ ...settings, spread: 0 }).train.X, still.X);
  }
});

test("datasets are seeded; label noise flips classes only", () => {
  const settings = { data: "xor", points: 200, test: 25, noise: 0, seed: 3 };
  assert.deepEqual(makeDataset(settings), makeDataset(settings));
  assert.notDeepEqual(makeDataset(settings).train.X, makeDataset({ ...settings, seed: 4 }).train.X);
  const clean = makeDataset(settings);
  const noisy = makeDataset({ ...settings, noise: 30 });
  assert.deepEqual(noisy.train.X, clean.train.X);
  assert.notDeepEqual(noisy.train.y, clean.train.y);
  const plane = { data: "plane", points: 50, test: 20, noise: 0, seed: 3 };
  assert.deepEqual(makeDataset({ ...plane, noise: 30 }), makeDataset(plane), "noise flipped a regression target");
  assert.throws(() => makeDataset({ ...settings, data: "moons" }), /no dataset moons/);
});

test("the reader's rows split into test and train: every row once, the share rounded", () => {
  const rows = Array.from({ length: 11 }, (_, i) => [i, -i, i % 2]);
  const { test: held, train } = split(rows.map((r) => [...r]), 30, mulberry32(2));
  assert.deepEqual([held.n, train.n], [3, 8]);
  const seen = [...held.X.filter((_, e) => e % 2 === 0), ...train.X.filter((_, e) => e % 2 === 0)];
  assert.deepEqual(seen.sort((a, b) => a - b), rows.map((r) => r[0]));
  for (const part of [held, train])
    for (let i = 0; i < part.n; i++) {
      assert.equal(part.X[2 * i + 1], -part.X[2 * i]);
      assert.equal(part.y[i], part.X[2 * i] % 2);
    }
});

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

const good = (text, task = "classification") => {
  const result = parseCsv(text, task);
  assert.deepEqual(result.errors, [], `${JSON.stringify(text)}: ${JSON.stringify(result.errors)}`);
  return result;
};
const errorsOf = (text, task = "classification") => {
  const result = parseCsv(text, task);
  assert.equal(result.rows, null);
  return result.errors.map((e) => `${e.line}: ${e.message}`);
};
const FIVE = "0,0,0\n1,1,1\n0.5,-0.5,0\n-1e-1,.25,1\n+2,3.5E0,0";

test("CSV: rows with or without a header, blank lines, CRLF, spaces and a byte-order mark", () => {
  const plain = good(FIVE);
  assert.deepEqual(plain.rows, [[0, 0, 0], [1, 1, 1], [0.5, -0.5, 0], [-0.1, 0.25, 1], [2, 3.5, 0]]);
  assert.equal(plain.header, null);
  const dressed = good(`\ufeffx1, x2, label\r\n\r\n${FIVE.replaceAll("\n", "\r\n")}\r\n`);
  assert.deepEqual(dressed.rows, plain.rows);
  assert.deepEqual(dressed.header, ["x1", "x2", "label"]);
  const regression = good("a,b,t\n0,0,0.5\n1,1,-3\n2,2,7e2\n3,3,0\n4,4,1", "regression");
  assert.deepEqual(regression.rows.map((r) => r[2]), [0.5, -3, 700, 0, 1]);
});

test("CSV: each bad row is named by its line, with its problem", () => {
  assert.deepEqual(errorsOf(`x1,x2,label\n${FIVE}\n1,2\n1,2,3,4\n1,abc,0\n,1,0\n0x10,1,1\n1,2,2\n1,2,-1\n1e400,0,0`), [
    "7: 2 columns, not 3 (x1, x2, label)",
    "8: 4 columns, not 3 (x1, x2, label)",
    '9: x2 is "abc", not a number',
    "10: x1 is an empty cell, not a number",
    '11: x1 is "0x10", not a number',
    "12: the class is 2; it must be 0 or 1",
    "13: the class is -1; it must be 0 or 1",
    "14: x1 is too large for a number",
  ]);
  assert.deepEqual(errorsOf("x1,x2\n" + FIVE), ["1: the header has 2 columns, not 3 (x1, x2, label)"]);
  assert.deepEqual(good("1,2,1.5\n" + FIVE, "regression").rows[0], [1, 2, 1.5]);
  assert.deepEqual(errorsOf("x,y,t\n1,2,NaN\n" + FIVE, "regression"), ['2: target is "NaN", not a number']);
});

test(`CSV: at least ${MIN_CSV_ROWS} and at most ${MAX_CSV_ROWS} rows`, () => {
  assert.deepEqual(errorsOf("x,y,c\n0,0,0\n1,1,1\n"), [`4: 2 rows of data; the playground needs at least ${MIN_CSV_ROWS}`]);
  assert.deepEqual(errorsOf(""), [`1: 0 rows of data; the playground needs at least ${MIN_CSV_ROWS}`]);
  const rows = Array.from({ length: MAX_CSV_ROWS }, (_, i) => `${i},0,${i % 2}`);
  assert.equal(good(rows.join("\n")).rows.length, MAX_CSV_ROWS);
  assert.deepEqual(errorsOf(["x,y,c", ...rows, "1,1,1", "2,2,0"].join("\n")), [
    `${MAX_CSV_ROWS + 2}: more than ${MAX_CSV_ROWS} rows of data; the playground takes at most ${MAX_CSV_ROWS}`,
  ]);
});

test("CSV: many bad rows are listed up to twenty, then counted", () => {
  const errors = errorsOf(Array.from({ length: 30 }, () => "a,b,c,d").join("\n"));
  assert.equal(errors.length, 21);
  assert.equal(errors[0], "1: the header has 4 columns, not 3 (x1, x2, label)");
  assert.match(errors[20], /and 10 more rows with problems/);
});

test("CSV: never throws on what a reader can paste", () => {
  for (const text of [null, undefined, 42, "\u0000,\u0000,\u0000", ",,", "\n\n\n", "1,2,3".repeat(10000), "é,ü,ß\n1,1,1"]) {
    const result = parseCsv(text, "classification");
    assert.ok(Array.isArray(result.errors) && result.errors.length > 0, `${String(text).slice(0, 20)} was accepted`);
  }
  assert.equal(parseCsv(FIVE, "ranking").errors[0].message, "unknown task ranking");
});
