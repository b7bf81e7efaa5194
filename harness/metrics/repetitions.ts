// One metric over N repetitions of a scenario (`run --repeat N`): its values, their median, spread
// and a 95 % confidence interval of the median, the figures a nightly job compares and charts.
//
// The median and quartiles here interpolate between order statistics (Hyndman & Fan type 7, R's
// and NumPy's default) rather than use the harness's nearest-rank percentiles (percentiles.ts):
// those describe thousands of latencies; with 3–10 repetitions nearest rank takes the lower of the
// two middle values as the median of an even count. For 5 values both rules give the same numbers.
//
// The interval is the distribution-free order-statistic interval of the median (Conover,
// Practical Nonparametric Statistics, 3rd ed., §3.2; Hahn & Meeker, Statistical Intervals): the
// number of values below the true median is Binomial(n, ½) whatever the distribution, so
// [x(k), x(n+1-k)] covers it with probability 1 - 2·P(B ≤ k-1), exactly (continuous data). It
// needs no seed, no resampling and no normality, which a handful of runs on a shared host cannot
// promise; a bootstrap of the median from 5 values can only return observed values and covers
// well below its nominal level. Below 6 values no pair of order statistics reaches 95 %: the
// interval is then the min–max range with its actual coverage (n = 2: 50 %, 3: 75 %, 4: 87.5 %,
// 5: 93.75 %), reported as such; one value has no interval.

import type { Better } from './units.js';

/** The target coverage of `ci`. */
export const CI_LEVEL = 0.95;

export interface MedianInterval {
  low: number;
  high: number;
  /** The probability that [low, high] holds the true median: >= CI_LEVEL from 6 values, below it
   *  for 2–5 (the min–max range), exact for continuous data and conservative with ties. */
  coverage: number;
  /** 1-based ranks of low and high among the sorted values. */
  ranks: [number, number];
  method: 'order-statistic';
}

export interface RepetitionSummary {
  /** In repetition order. */
  values: number[];
  n: number;
  median: number;
  mean: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
  /** q3 - q1. */
  iqr: number;
  /** iqr / |median|; null when the median is 0. */
  relativeSpread: number | null;
  /** Null for a single value. */
  ci: MedianInterval | null;
}

/** Type-7 quantile (linear between order statistics) of an ascending array, p in [0, 1]. */
export function quantile(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** P(Binomial(n, ½) <= k), summed in log space so that large n does not underflow. */
function binomialHalfCdf(n: number, k: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let logPmf = -n * Math.LN2;
  let logSum = logPmf;
  for (let i = 0; i < k; i++) {
    logPmf += Math.log((n - i) / (i + 1));
    const hi = Math.max(logSum, logPmf);
    logSum = hi + Math.log(Math.exp(logSum - hi) + Math.exp(logPmf - hi));
  }
  return Math.exp(logSum);
}

/** The narrowest symmetric order-statistic interval of the median with coverage >= level, or the
 *  min–max range with its (lower) coverage when n is too small for level. */
export function medianInterval(sorted: readonly number[], level = CI_LEVEL): MedianInterval | null {
  const n = sorted.length;
  if (n < 2) return null;
  let k = 1;
  while (k + 1 <= n + 1 - (k + 1) && 1 - 2 * binomialHalfCdf(n, k) >= level) k++;
  return {
    low: sorted[k - 1]!,
    high: sorted[n - k]!,
    coverage: 1 - 2 * binomialHalfCdf(n, k - 1),
    ranks: [k, n + 1 - k],
    method: 'order-statistic',
  };
}

/** Undefined when no value is finite; non-finite values are dropped. */
export function summarizeRepetitions(values: readonly number[]): RepetitionSummary | undefined {
  const kept = values.filter(Number.isFinite);
  if (kept.length === 0) return undefined;
  const sorted = [...kept].sort((a, b) => a - b);
  const med = quantile(sorted, 0.5);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  return {
    values: kept,
    n: kept.length,
    median: med,
    mean: kept.reduce((s, v) => s + v, 0) / kept.length,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    q1,
    q3,
    iqr: q3 - q1,
    relativeSpread: med === 0 ? null : (q3 - q1) / Math.abs(med),
    ci: medianInterval(sorted),
  };
}

/** A metric as run.json and summary.json carry it (MetricValue, SummaryMetric). */
export interface RepeatedMetric {
  value: number;
  unit: string;
  better: Better;
}

export interface MetricRepetitions extends RepetitionSummary {
  unit: string;
  better: Better;
}

export interface RepetitionsSummary {
  /** Metrics every repetition has (with a finite value). */
  metrics: Record<string, MetricRepetitions>;
  /** Metrics some repetitions lack, left out of `metrics`: how many of `of` had them. */
  skipped: Record<string, { present: number; of: number }>;
  repetitions: number;
}

/** Per metric, the summary over repetitions. A metric missing (or not finite) in some repetitions
 *  is skipped rather than summarized over fewer: its median would mix unlike subsets of runs. */
export function summarizeMetricRepetitions(
  repetitions: readonly Readonly<Record<string, RepeatedMetric>>[],
): RepetitionsSummary {
  const of = repetitions.length;
  const names = [...new Set(repetitions.flatMap((r) => Object.keys(r)))].sort();
  const metrics: Record<string, MetricRepetitions> = {};
  const skipped: Record<string, { present: number; of: number }> = {};
  for (const name of names) {
    const seen = repetitions.map((r) => r[name]).filter((m) => m !== undefined && Number.isFinite(m.value));
    if (seen.length < of) {
      skipped[name] = { present: seen.length, of };
      continue;
    }
    const summary = summarizeRepetitions(seen.map((m) => m!.value))!;
    metrics[name] = { ...summary, unit: seen[0]!.unit, better: seen[0]!.better };
  }
  return { metrics, skipped, repetitions: of };
}
