// Percentiles, distributions and histograms of recorded values, computed the same way for the
// summary, the charts and the comparison so that every figure in a report agrees with the others.

import { summarize, type LatencySummary } from './percentiles.js';

// One definition of percentiles for the whole harness (nearest rank: never a value that was not observed).
export { percentile } from './percentiles.js';
export type Distribution = LatencySummary;
export const distribution = summarize;

export interface Histogram {
  /** Lower edge of each bin; the last bin also holds values at the upper edge. */
  edges: number[];
  width: number;
  counts: number[];
}

/** A 1-2-5 step no smaller than raw, so bin edges are round numbers a reader can take in. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

export function histogram(values: readonly number[], targetBins = 30): Histogram {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { edges: [], width: 0, counts: [] };
  let lo = finite[0]!;
  let hi = finite[0]!;
  for (const v of finite) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const width = niceStep((hi - lo) / targetBins || Math.max(1, Math.abs(hi) / 10));
  const start = Math.floor(lo / width) * width;
  const bins = Math.max(1, Math.floor((hi - start) / width) + 1);
  const counts = new Array<number>(bins).fill(0);
  for (const v of finite) counts[Math.min(bins - 1, Math.floor((v - start) / width))]!++;
  return { edges: counts.map((_, i) => start + i * width), width, counts };
}

/** Empirical CDF as (value, % of samples <= value), thinned to at most maxPoints. */
export function cdf(values: readonly number[], maxPoints = 400): { x: number; y: number }[] {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return [];
  const stride = Math.max(1, Math.ceil(n / maxPoints));
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < n; i += stride) out.push({ x: sorted[i]!, y: ((i + 1) / n) * 100 });
  if (out[out.length - 1]!.x !== sorted[n - 1] || out[out.length - 1]!.y !== 100)
    out.push({ x: sorted[n - 1]!, y: 100 });
  return out;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
}
