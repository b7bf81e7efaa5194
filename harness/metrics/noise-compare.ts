// Did metric B regress against A, when both sides were repeated? A fixed percentage threshold on
// two single runs cries wolf on a shared host (issue 14: 33 of 58 metrics "regressed" between
// runs of one build), so with repetitions a change counts only when it is both
// - large: the medians moved by more than the threshold (and the noise floor) the worse way, and
// - clear: the Mann–Whitney U test (mann-whitney.ts, two-sided, alpha 0.05) rejects "same
//   distribution", with U on the same side as the medians.
// Large but not clear is "within noise", reported with the Hodges–Lehmann interval of the shift;
// clear but small is "unchanged" (real, too small to matter). The test is two-sided so that
// `improved` needs the same evidence as `regressed`; each direction's false alarms are then at
// most alpha/2 per metric (with 5 against 5 repetitions, at most 1.6 %: U <= 2 of 25), before the
// threshold removes more.
// With a single value on either side there is no noise to measure: the threshold rule of
// report/compare.ts decides as today, and the verdict says the noise is unknown.

import { mannWhitney } from './mann-whitney.js';
import { median } from './repetitions.js';
import type { Better } from './units.js';

/** regressed / improved: large and clear; within-noise: large, not clear; unchanged: small.
 *  The *-noise-unknown verdicts come from single values and the threshold alone. */
export type NoiseVerdict =
  'regressed' | 'improved' | 'within-noise' | 'unchanged' | 'regressed-noise-unknown' | 'improved-noise-unknown';

export interface NoiseCompareOptions {
  better: Better;
  /** Fraction, e.g. 0.1 for 10 %. */
  threshold: number;
  /** Significance level of the two-sided test; 0.05. */
  alpha?: number;
  /** Absolute change of the medians at or below which the metric is unchanged (report/compare.ts's
   *  noiseFloorOf: the plug-in's or the unit's). */
  noiseFloor?: number;
}

export interface NoiseComparison {
  verdict: NoiseVerdict;
  /** 'unknown' when a side has a single value. */
  noise: 'measured' | 'unknown';
  method: 'mann-whitney-u' | 'threshold';
  alpha: number;
  threshold: number;
  nA: number;
  nB: number;
  medianA: number;
  medianB: number;
  /** medianB - medianA. */
  difference: number;
  /** difference / |medianA|; ±Infinity when medianA is 0 and medianB is not. */
  change: number;
  /** The test; null with single values. */
  test: { u: number; pValue: number; exact: boolean; ties: boolean } | null;
  /** Hodges–Lehmann shift of B against A (in the metric's unit, and relative to medianA: null when
   *  that is 0) with its interval; null with single values. */
  interval: {
    estimate: number;
    low: number;
    high: number;
    coverage: number;
    relative: { estimate: number; low: number; high: number } | null;
  } | null;
}

/** (now - baseline) / |baseline|, as report/compare.ts computes it. */
export function relativeChange(baseline: number, now: number): number {
  if (baseline === now) return 0;
  if (baseline === 0) return now > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return (now - baseline) / Math.abs(baseline);
}

/** Today's rule, as report/compare.ts's judge(): which way the metric moved beyond the threshold
 *  (strictly) and the noise floor, if it did. */
export function thresholdDirection(
  better: Better,
  change: number,
  threshold: number,
  absDelta: number,
  noiseFloor = 0,
): 'worse' | 'better' | 'unchanged' {
  if (absDelta <= noiseFloor) return 'unchanged';
  const worse = better === 'smaller' ? change : -change;
  if (worse > threshold) return 'worse';
  if (-worse > threshold) return 'better';
  return 'unchanged';
}

/** Compares B's repetitions of one metric with A's (non-finite values are dropped). */
export function compareRepetitions(
  a: readonly number[],
  b: readonly number[],
  opts: NoiseCompareOptions,
): NoiseComparison {
  const xs = a.filter(Number.isFinite);
  const ys = b.filter(Number.isFinite);
  if (xs.length === 0 || ys.length === 0) throw new Error('compareRepetitions needs a finite value on each side');
  const alpha = opts.alpha ?? 0.05;
  const medianA = median(xs);
  const medianB = median(ys);
  const difference = medianB - medianA;
  const change = relativeChange(medianA, medianB);
  const direction = thresholdDirection(opts.better, change, opts.threshold, Math.abs(difference), opts.noiseFloor);
  const base = { alpha, threshold: opts.threshold, nA: xs.length, nB: ys.length, medianA, medianB, difference, change };

  if (xs.length < 2 || ys.length < 2) {
    const verdict: NoiseVerdict =
      direction === 'worse'
        ? 'regressed-noise-unknown'
        : direction === 'better'
          ? 'improved-noise-unknown'
          : 'unchanged';
    return { ...base, verdict, noise: 'unknown', method: 'threshold', test: null, interval: null };
  }

  const mw = mannWhitney(xs, ys, alpha);
  // U above its null mean says B tends higher; that must be the way the medians moved.
  const bHigher = mw.u > (mw.nA * mw.nB) / 2;
  const movedUp = difference > 0;
  const clear = mw.pValue <= alpha && bHigher === movedUp && mw.u !== (mw.nA * mw.nB) / 2;
  const verdict: NoiseVerdict =
    direction === 'unchanged'
      ? 'unchanged'
      : !clear
        ? 'within-noise'
        : direction === 'worse'
          ? 'regressed'
          : 'improved';
  const rel = (x: number) => x / Math.abs(medianA);
  const { estimate, low, high, coverage } = mw.shift;
  return {
    ...base,
    verdict,
    noise: 'measured',
    method: 'mann-whitney-u',
    test: { u: mw.u, pValue: mw.pValue, exact: mw.method === 'exact', ties: mw.ties },
    interval: {
      estimate,
      low,
      high,
      coverage,
      relative: medianA === 0 ? null : { estimate: rel(estimate), low: rel(low), high: rel(high) },
    },
  };
}
