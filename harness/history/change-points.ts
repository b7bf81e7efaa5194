// Change points in one metric's history (its value per run, oldest first) and whether the newest
// runs start a regression: what `history` exits 1 on. Detection is E-divisive means
// (e-divisive.ts); this file sets its defaults, describes the segments on either side of each
// change point and judges the direction with the metric's `better`.
//
// Defaults, and why:
// - alpha 0.01 with 199 permutations (the smallest p is 0.005): `history` fails a nightly job, so
//   a flat history should almost never show a change point. Hunter's first version used p 0.01;
//   the authors' R package ecp defaults to 0.05 (199 permutations), too eager for an exit code.
// - minSegment 3 (ecp's 30 is for long series): a change needs 3 runs after it to be found (2
//   cannot be told from an outlier pair), so a regression is reported from the third run on.
// - recent 5: the newest change point is "the newest runs starting a regression" while it lies
//   within the last 5 runs; older ones are history, shown but not failing.
// A run's interval (from its repetitions) may come with its value, as the charts have it, but it is
// not used here: the permutation test needs exchangeable values and has no place for weights.

import { relativeChange } from '../metrics/noise-compare.js';
import { median } from '../metrics/repetitions.js';
import type { Better } from '../metrics/units.js';
import { eDivisive, type EDivisiveOptions } from './e-divisive.js';

/** A run's value of the metric, optionally with its confidence interval. */
export type SeriesPoint = number | { value: number; interval?: { low: number; high: number } };

export interface ChangePointOptions extends Partial<EDivisiveOptions> {
  better: Better;
  /** A change point whose medians differ by at most this fraction is 'neutral' (a change of
   *  spread, or too small to matter); 0 by default. */
  minChange?: number;
  /** How many of the newest runs a change point must lie within to fail `history`. */
  recent?: number;
}

export const CHANGE_POINT_DEFAULTS: Required<Omit<ChangePointOptions, 'better' | 'maxChangePoints'>> = {
  alpha: 0.01,
  permutations: 199,
  minSegment: 3,
  exponent: 1,
  seed: 1,
  minChange: 0,
  recent: 5,
};

export interface SegmentStats {
  /** Indices [start, end) into the series. */
  start: number;
  end: number;
  n: number;
  mean: number;
  median: number;
}

export interface ChangePoint {
  /** The first run after the change. */
  index: number;
  /** The runs since the previous change point (or the first run) up to this one. */
  before: SegmentStats;
  /** The runs from this change point up to the next one (or the newest run). */
  after: SegmentStats;
  /** after.median relative to before.median. */
  change: number;
  /** Of the permutation test that accepted it. */
  pValue: number;
  qHat: number;
  kind: 'regression' | 'improvement' | 'neutral';
}

export interface ChangePointAnalysis {
  method: 'e-divisive';
  /** What the analysis ran with (defaults filled in), for history.json. */
  options: Omit<ChangePointOptions, 'better'> & typeof CHANGE_POINT_DEFAULTS;
  n: number;
  changePoints: ChangePoint[];
  /** The newest change point when it is a regression within the last `recent` runs. */
  regression: ChangePoint | null;
}

function segment(values: readonly number[], start: number, end: number): SegmentStats {
  const part = values.slice(start, end);
  return { start, end, n: part.length, mean: part.reduce((s, v) => s + v, 0) / part.length, median: median(part) };
}

function kindOf(better: Better, change: number, minChange: number): ChangePoint['kind'] {
  const worse = better === 'smaller' ? change : -change;
  if (worse > minChange) return 'regression';
  if (-worse > minChange) return 'improvement';
  return 'neutral';
}

export function detectChangePoints(series: readonly SeriesPoint[], opts: ChangePointOptions): ChangePointAnalysis {
  const { better, ...rest } = opts;
  // An option passed as undefined (a caller handing on its own optional, as buildHistory does with
  // minChange) means the default: spread as it is, it would replace the default with undefined,
  // and `worse > undefined` would make every change point neutral.
  const given = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as typeof rest;
  const options = { ...CHANGE_POINT_DEFAULTS, ...given };
  const values = series.map((p) => (typeof p === 'number' ? p : p.value));
  if (!values.every(Number.isFinite)) throw new Error('detectChangePoints needs a finite value for every run');
  const found = eDivisive(values, options);
  const bounds = [0, ...found.map((c) => c.index), values.length];
  const changePoints = found.map((c, i): ChangePoint => {
    const before = segment(values, bounds[i]!, c.index);
    const after = segment(values, c.index, bounds[i + 2]!);
    const change = relativeChange(before.median, after.median);
    return {
      index: c.index,
      before,
      after,
      change,
      pValue: c.pValue,
      qHat: c.qHat,
      kind: kindOf(better, change, options.minChange),
    };
  });
  const newest = changePoints[changePoints.length - 1];
  const regression =
    newest && newest.kind === 'regression' && newest.index >= values.length - options.recent ? newest : null;
  return { method: 'e-divisive', options, n: values.length, changePoints, regression };
}
