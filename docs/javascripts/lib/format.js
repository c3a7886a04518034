/*
 * Number formatting, shared by the explorer and the playground, with no DOM. The browser
 * tests format actlib's values the same way.
 */

/** U+2212, the minus sign the pages print. */
export const MINUS = "\u2212";
export const PRIME = "\u2032";
export const DOUBLE_PRIME = "\u2033";

/**
 * `digits` significant digits, trailing zeros dropped; fixed notation for
 * 1e-3 <= |v| < 1e5, else d.ddddde-n; U+2212 for minus.
 * @param {number} v
 * @param {number} [digits=6]
 * @returns {string}
 */
export function formatNumber(v, digits = 6) {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "\u221e" : MINUS + "\u221e";
  if (v === 0) return "0";
  const a = Math.abs(v);
  let text;
  if (a >= 1e-3 && a < 1e5) {
    // toPrecision writes 20000 to 3 digits as "2.00e+4"; a number prints in fixed notation
    // in this range, without trailing zeros.
    text = String(Number(v.toPrecision(digits)));
  } else {
    const [mantissa, exponent] = v.toExponential(digits - 1).split("e");
    text = `${stripZeros(mantissa)}e${Number(exponent)}`;
  }
  return text.replace(/-/g, MINUS);
}

function stripZeros(text) {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}
