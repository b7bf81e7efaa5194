// Seeded randomness for the choices a scenario makes (which workers chaos hits), so that a run
// can be replayed exactly with `--seed`.
import { randomInt } from 'node:crypto';

import type { Random } from '../util/random.js';

export { mulberry32, type Random } from '../util/random.js';

/** A fresh seed for a run that was not given one (printed and stored so it can be replayed). */
export function newSeed(): number {
  return randomInt(1, 2 ** 31);
}

/** Picks `count` distinct items, in a seeded order; the input order must be stable (sorted by name). */
export function pick<T>(items: readonly T[], count: number, random: Random): T[] {
  const pool = [...items];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

/** How many of `total` a chaos step hits: `count`, or `fraction` rounded up, at least 1. */
export function chaosCount(total: number, opts: { count?: number; fraction?: number }): number {
  if (total === 0) return 0;
  if (opts.count !== undefined) return Math.min(total, opts.count);
  return Math.min(total, Math.max(1, Math.ceil(total * (opts.fraction ?? 0.1))));
}
