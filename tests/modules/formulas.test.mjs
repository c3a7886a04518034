// docs/javascripts/lib/formulas.js against actlib (reference from test_formulas.py): the
// formulas as the page builds them, from the registry data the build writes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";
import { FORMULAS, createFormulas, erf, erfc, withDerivatives } from "../../docs/javascripts/lib/formulas.js";
import { loadReference } from "./reference.mjs";

const reference = loadReference();
// The registry data, then f'' and d f / d theta (explorer-higher.js), run as the explorer's
// page runs them, on one `window`; the formulas as the explorer builds them from it.
const page = { window: {} };
for (const path of [reference.explorerData, reference.explorerHigher])
  vm.runInNewContext(readFileSync(path, "utf8"), page, { filename: path });
const data = page.window.actlibExplorerData;
const registry = withDerivatives(createFormulas(data), data);

// Every value within its tolerance, or a failure naming the case, the first x where it is
// not, both values and their relative difference.
function assertWithin(label, xs, got, { want, tol }) {
  assert.equal(got.length, want.length, `${label}: ${got.length} values, actlib ${want.length}`);
  let bad = 0;
  let first = -1;
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= tol[i])) {
      bad += 1;
      if (first < 0) first = i;
    }
  }
  if (!bad) return;
  const [x, js, np] = [xs[first], got[first], want[first]];
  const relative = np ? Math.abs(js - np) / Math.abs(np) : Infinity;
  assert.fail(
    `${label}: ${bad} of ${xs.length} points disagree; first at x = ${x}: ` +
      `JavaScript ${js}, actlib ${np} (relative difference ${relative.toExponential(2)})`,
  );
}

function evaluate(name, params, xs, options) {
  try {
    return registry.evaluate(name, params, xs, options);
  } catch (error) {
    return { error: error.message };
  }
}

test("the registry data lists actlib's activations, each with compiled printed formulas", () => {
  assert.deepEqual(
    registry.all.filter((fn) => !fn.gate).map((fn) => fn.name),
    reference.elementwise,
    "the generated explorer data is not actlib's registry",
  );
  assert.deepEqual(
    Object.keys(registry.printed),
    reference.printedNames,
    "the build compiled a printed formula for each activation, and each gated unit drawn by its own",
  );
  const stale = Object.keys(FORMULAS).filter((name) => !reference.elementwise.includes(name));
  assert.deepEqual(stale, [], "FORMULAS has entries that are not in actlib's registry");
});

test("every activation, at each parameter case actlib accepts, has a formula", () => {
  const missing = reference.cases
    .filter((c) => "error" in evaluate(c.name, c.params, [0]))
    .map((c) => c.label);
  assert.deepEqual(
    missing,
    [],
    "no formula for these: the registry prints f and f' for a categorical parameter's " +
      "default only, so add a stable {f, df} for the others to FORMULAS in lib/formulas.js",
  );
});

for (const c of reference.stable) {
  test(`${c.label}: the stable f and f' match actlib to 1e-9 relative, tails included`, () => {
    const result = evaluate(c.name, c.params, c.xs);
    if (c.rejected) {
      assert.ok("error" in result, `${c.label}: actlib rejects it, lib/formulas.js does not`);
      return;
    }
    assert.ok(!("error" in result), `${c.label}: ${result.error}`);
    assertWithin(`${c.label} f`, c.xs, result.f, c.f);
    assertWithin(`${c.label} df`, c.xs, result.df, c.df);
  });
}

for (const c of reference.unstable) {
  test(`${c.name}: without a stable form, drawn by its printed f and f'`, () => {
    const params = registry.defaults(c.name);
    assert.deepEqual(
      evaluate(c.name, params, c.xs),
      evaluate(c.name, params, c.xs, { printed: true }),
    );
  });
}

for (const c of reference.printed) {
  test(`${c.label}: the printed formulas match actlib over a card's range`, () => {
    const drawn = evaluate(c.name, c.params, c.xs);
    assert.ok(!("error" in drawn), `${c.label}: ${drawn.error}`);
    const printed = evaluate(c.name, c.params, c.xs, { printed: true });
    if (!c.holds) {
      assert.ok("error" in printed, `${c.label}: drawn by the formula printed for another choice`);
      assert.ok(!("d2f" in drawn), `${c.label}: an f'' curve, with no printed f'' for it`);
      assert.ok(!("dp" in drawn), `${c.label}: a d f / d theta curve, none printed for it`);
      return;
    }
    assert.ok(!("error" in printed), `${c.label}, printed: ${printed.error}`);
    assertWithin(`${c.label} f, printed`, c.xs, printed.f, c.f);
    assertWithin(`${c.label} df, printed`, c.xs, printed.df, c.df);
    if (c.d2f === null) assert.ok(!("d2f" in drawn), `${c.label}: an f'' curve, none printed`);
    else assertWithin(`${c.label} f''`, c.xs, drawn.d2f, c.d2f);
    for (const [key, want] of Object.entries(c.dp)) {
      const result = evaluate(c.name, c.params, c.xs, { wrt: key });
      if (want === null) assert.ok(!("dp" in result), `${c.label}: a d f / d ${key} curve, none printed`);
      else assertWithin(`${c.label} d f / d ${key}`, c.xs, result.dp, want);
    }
  });
}

test("erf and erfc match SciPy across their whole range", () => {
  const { xs } = reference.erf;
  assertWithin("erf", xs, xs.map(erf), reference.erf.erf);
  assertWithin("erfc", xs, xs.map(erfc), reference.erf.erfc);
});
