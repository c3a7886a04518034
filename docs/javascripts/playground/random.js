/*
 * Seeded random numbers for the playground: the same seed gives the same datasets, the
 * same initial weights and the same mini-batches in every browser and under Node.
 */

/**
 * mulberry32: a small, fast 32-bit generator.
 * @param {number} seed any number; only its low 32 bits are used
 * @returns {() => number} uniform numbers in [0, 1)
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal numbers by Box-Muller, two per pair of uniform numbers.
 * @param {() => number} uniform numbers in [0, 1)
 * @returns {() => number} standard normal numbers
 */
export function gaussian(uniform) {
  let spare = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = r * Math.sin(angle);
    return r * Math.cos(angle);
  };
}
