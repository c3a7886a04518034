/*
 * The playground's datasets, with no DOM: seeded points on the plane [-EXTENT, EXTENT]^2,
 * label noise and the split into test and train points.
 */
import { gaussian, mulberry32 } from "./random.js";

/** Half the side of the square plane the points lie in and the decision boundary shows. */
export const EXTENT = 1.2;

/**
 * The classification datasets by key: a label for the menu, and point(i, n, uniform,
 * normal) -> [x1, x2, label] for point i of n.
 * @type {Record<string, {label: string, point: (i: number, n: number, u: () => number, normal: () => number) => number[]}>}
 */
export const DATASETS = {
  xor: {
    label: "XOR",
    point(i, n, u) {
      const side = () => (u() < 0.5 ? -1 : 1) * (0.05 + 0.95 * u());
      const x = side();
      const y = side();
      return [x, y, x * y > 0 ? 1 : 0];
    },
  },
  circle: {
    label: "Circle",
    point(i, n, u) {
      const inner = i % 2 === 0;
      const r = inner ? 0.5 * Math.sqrt(u()) : 0.7 + 0.3 * u();
      const angle = 2 * Math.PI * u();
      return [r * Math.cos(angle), r * Math.sin(angle), inner ? 1 : 0];
    },
  },
  spirals: {
    label: "Spirals",
    point(i, n, u, normal) {
      const arm = i % 2;
      const t = Math.floor(i / 2) / Math.ceil(n / 2);
      const r = 0.08 + 0.92 * t;
      const angle = 3.5 * Math.PI * t + arm * Math.PI;
      const x = r * Math.cos(angle) + 0.02 * normal();
      const y = r * Math.sin(angle) + 0.02 * normal();
      return [x, y, arm === 0 ? 1 : 0];
    },
  },
  gaussians: {
    label: "Gaussians",
    point(i, n, u, normal) {
      const positive = i % 2 === 0;
      const centre = positive ? 0.45 : -0.45;
      return [centre + 0.25 * normal(), centre + 0.25 * normal(), positive ? 1 : 0];
    },
  },
};

/**
 * Points and labels packed for the model: X holds (x1, x2) pairs row-major.
 * @typedef {{X: Float64Array, y: Float64Array, n: number}} Part
 */

/**
 * Rows [x1, x2, label] packed into a Part.
 * @param {number[][]} rows
 * @returns {Part}
 */
export function pack(rows) {
  const X = new Float64Array(rows.length * 2);
  const y = new Float64Array(rows.length);
  rows.forEach(([a, b, label], i) => {
    X[2 * i] = a;
    X[2 * i + 1] = b;
    y[i] = label;
  });
  return { X, y, n: rows.length };
}

/**
 * A dataset from its settings: shuffled, labels flipped with probability noise/100, split
 * into test (the first `test` percent) and train.
 * @param {{data: string, points: number, test: number, noise: number, seed: number}} settings
 * @returns {{test: Part, train: Part}}
 */
export function makeDataset({ data, points, test, noise, seed }) {
  const u = mulberry32(seed);
  const normal = gaussian(u);
  const rows = [];
  for (let i = 0; i < points; i++) rows.push(DATASETS[data].point(i, points, u, normal));
  for (const row of rows) if (u() < noise / 100) row[2] = 1 - row[2];
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  const nTest = Math.round((points * test) / 100);
  return { test: pack(rows.slice(0, nTest)), train: pack(rows.slice(nTest)) };
}
