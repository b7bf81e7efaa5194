// Seeded normal noise for statistics tests: Box–Muller over the harness's mulberry32, so every
// run of a test draws the same values.
import { mulberry32, type Random } from '../../harness/util/random.js';

/** A standard normal deviate from two uniform ones (Box & Muller 1958). */
export function normal(random: Random): number {
  const u = 1 - random(); // (0, 1]: log(0) is -Infinity
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** n draws of mean·(1 + relSd·Z): a metric around `mean` with relative noise `relSd`. */
export function noisy(random: Random, n: number, mean: number, relSd: number): number[] {
  return Array.from({ length: n }, () => mean * (1 + relSd * normal(random)));
}

export { mulberry32 };
