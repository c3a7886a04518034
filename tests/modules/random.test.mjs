// docs/javascripts/playground/random.js (reference from test_random.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { gaussian, mulberry32 } from "../../docs/javascripts/playground/random.js";
import { assertClose, loadReference } from "./reference.mjs";

const reference = loadReference();

test("mulberry32: the same numbers as the definition, bit for bit, for every seed", () => {
  for (const [seed, want] of Object.entries(reference.uniform)) {
    const u = mulberry32(Number(seed));
    const got = want.map(() => u());
    assert.deepEqual(got, want, `seed ${seed}`);
    assert.ok(got.every((v) => v >= 0 && v < 1));
  }
});

test("gaussian: Box-Muller on the uniform stream, two normals per pair", () => {
  const normal = gaussian(mulberry32(reference.normalSeed));
  const got = reference.normal.map(() => normal());
  // Math.log, cos and sin may differ from C's in the last bit.
  assertClose("normals", got, reference.normal, 1e-13, 1e-15);
});
