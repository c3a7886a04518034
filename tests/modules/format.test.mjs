// lib/format.js's formatNumber, against the strings tests/modules/test_format.py writes
// for the same numbers with Python's decimal module.
import assert from "node:assert/strict";
import { test } from "node:test";

import { formatNumber } from "../../docs/javascripts/lib/format.js";
import { loadReference } from "./reference.mjs";

const reference = loadReference();

test("numbers print as the pages print them, at every magnitude", () => {
  for (const { value, digits, text } of reference.cases) {
    assert.equal(formatNumber(value, digits), text, `formatNumber(${value}, ${digits})`);
  }
});

test("NaN, infinities and zero", () => {
  assert.equal(formatNumber(NaN), "NaN");
  assert.equal(formatNumber(Infinity), "\u221e");
  assert.equal(formatNumber(-Infinity), "\u2212\u221e");
  assert.equal(formatNumber(0), "0");
  assert.equal(formatNumber(-0), "0");
});
