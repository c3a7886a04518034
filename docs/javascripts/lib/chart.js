/*
 * What the explorer's SVG plot and the playground's canvas charts share: round tick
 * steps, tick values and labels, clamping, and a polyline on a canvas.
 */
import { MINUS } from "./format.js";

/**
 * `v` held to [lo, hi].
 * @param {number} v
 * @param {number} lo
 * @param {number} hi
 */
export function clamp(v, lo, hi) {
  return Math.min(Math.max(v, lo), hi);
}

/**
 * The tick step nearest `raw` at 1, 2 or 5 times a power of ten.
 * @param {number} raw
 * @returns {number}
 */
export function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * power;
}

/**
 * About `count` ticks over [lo, hi], at multiples of a nice step.
 * @param {number} lo
 * @param {number} hi
 * @param {number} count
 * @returns {{values: number[], step: number}}
 */
export function ticks(lo, hi, count) {
  const step = niceStep((hi - lo) / count);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    out.push(Number(v.toPrecision(12)));
  }
  return { values: out, step };
}

/**
 * A tick's label: as many decimals as the step needs, U+2212 for minus.
 * @param {number} v
 * @param {number} step
 * @returns {string}
 */
export function formatTick(v, step) {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return (Math.abs(v) < step / 2 ? 0 : v).toFixed(decimals).replace("-", MINUS);
}

/**
 * A line on a canvas through (xs[i], ys[i]), then `end` ([x, y]) if given; a lone point
 * is a dot. NaN (not measured) is bridged; an infinite value lifts the pen.
 * @param {CanvasRenderingContext2D} ctx
 * @param {ArrayLike<number>} xs
 * @param {ArrayLike<number>} ys
 * @param {(x: number) => number} px
 * @param {(y: number) => number} py
 * @param {string} colour
 * @param {number[]} dash
 * @param {[number, number]} [end]
 */
export function polyline(ctx, xs, ys, px, py, colour, dash, end) {
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.setLineDash(dash);
  ctx.lineWidth = 1.6;
  ctx.beginPath();
  let pen = false;
  const n = xs.length + (end ? 1 : 0);
  for (let i = 0; i < n; i++) {
    const [x, v] = i < xs.length ? [xs[i], ys[i]] : end;
    const y = py(v);
    if (Number.isNaN(v)) continue; // not measured at this step: bridge the gap
    if (!Number.isFinite(y)) {
      pen = false;
      continue;
    }
    if (pen) ctx.lineTo(px(x), y);
    else ctx.moveTo(px(x), y);
    pen = true;
  }
  ctx.stroke();
  if (n === 1 && end && Number.isFinite(py(end[1]))) {
    ctx.beginPath();
    ctx.arc(px(end[0]), py(end[1]), 2.5, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.setLineDash([]);
}
