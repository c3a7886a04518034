// What the Node tests share: the reference values the pytest wrapper computed with actlib
// (tests/modules/node_runner.py), and a comparison that names the first value that differs.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";
import { createFormulas } from "../../docs/javascripts/lib/formulas.js";

/**
 * The JSON the pytest wrapper wrote, from the file named by ACTLIB_REFERENCE.
 * @returns {any}
 */
export function loadReference() {
  const path = process.env.ACTLIB_REFERENCE;
  assert.ok(path, "ACTLIB_REFERENCE is not set: run this file through its pytest wrapper (tests/modules/test_*.py)");
  return JSON.parse(readFileSync(path, "utf8"));
}

/**
 * The formulas the page has (lib/formulas.js's createFormulas), built from the registry data
 * the build writes (explorer-data.js, run here as the page runs it, on a `window` of its own).
 * @param {string} path the script's path (conftest.py's explorer_data_script)
 */
export function loadRegistry(path) {
  const context = { window: {} };
  vm.runInNewContext(readFileSync(path, "utf8"), context, { filename: path });
  return createFormulas(context.window.actlibExplorerData);
}

function flatten(value, out = []) {
  if (Array.isArray(value) || ArrayBuffer.isView(value)) for (const v of value) flatten(v, out);
  else out.push(value);
  return out;
}

/**
 * Every number of `got` within `relative` of `want` plus `absolute` (relative to |want|; with
 * no absolute part an exact 0 must be exactly 0), nested lists and typed arrays alike;
 * booleans must be equal.
 * @param {string} label names the quantity in the failure message
 * @param {any} got
 * @param {any} want
 * @param {number} relative
 * @param {number} absolute
 */
export function assertClose(label, got, want, relative = 1e-9, absolute = 0) {
  const a = flatten(got);
  const b = flatten(want);
  assert.equal(a.length, b.length, `${label}: ${a.length} values in JavaScript, ${b.length} in actlib`);
  let bad = 0;
  let first = -1;
  for (let i = 0; i < a.length; i++) {
    const ok = typeof b[i] === "boolean" ? a[i] === b[i] : Math.abs(a[i] - b[i]) <= relative * Math.abs(b[i]) + absolute;
    if (!ok) {
      bad += 1;
      if (first < 0) first = i;
    }
  }
  if (bad)
    assert.fail(
      `${label}: ${bad} of ${a.length} values differ by more than ${relative} relative${absolute ? ` + ${absolute}` : ""}; ` +
        `first at flat index ${first}: JavaScript ${a[first]}, actlib ${b[first]}`,
    );
}
