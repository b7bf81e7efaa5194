// Small pieces the measurement plug-ins' folds are made of: a distribution put under the family's
// statistic names, a fold of one numeric field into a distribution, per-second counts.
import type { Point } from './measurements.js';
import type { Fold, MetricsSummary, StepWindow } from './plugin.js';
import { summarize, type LatencySummary } from './percentiles.js';
import { STATS } from './units.js';

/** Writes name.p50 … name.min of a distribution (nothing when there were no samples). */
export function putStats(out: MetricsSummary, name: string, s: LatencySummary | undefined): void {
  if (!s) return;
  for (const k of STATS) out[`${name}.${k}`] = s[k];
}

export { numberField } from './measurements.js';

export interface Sample {
  name: string;
  value: number | undefined;
}

/**
 * A fold that files fields of its points under distribution names chosen per point (by role,
 * say): each sample the chooser returns is one value of its distribution; undefined and
 * non-finite values are not samples.
 */
export function fieldDistributions(pick: (p: Point) => Sample | readonly Sample[]): Fold {
  const samples = new Map<string, number[]>();
  return {
    observe(p) {
      const picked = pick(p);
      for (const s of Array.isArray(picked) ? picked : [picked as Sample]) {
        if (s.value === undefined || !Number.isFinite(s.value)) continue;
        const list = samples.get(s.name);
        if (list) list.push(s.value);
        else samples.set(s.name, [s.value]);
      }
    },
    build() {
      const out: MetricsSummary = {};
      for (const [name, values] of samples) putStats(out, name, summarize(values));
      return out;
    },
  };
}

/** Per second, how many of these times fall in it, from the first second to the last. */
export function perSecondCounts(times: readonly number[]): number[] {
  if (times.length === 0) return [];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  // A bogus time must not allocate an array of years of seconds.
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi - lo > 7 * 86_400_000) return [];
  const first = Math.floor(lo / 1000);
  const counts = new Array<number>(Math.floor(hi / 1000) - first + 1).fill(0);
  for (const t of times) if (Number.isFinite(t)) counts[Math.floor(t / 1000) - first]!++;
  return counts;
}

/**
 * What a fold keeps for the whole run and, beside it, for each step (by the point's step tag):
 * one observation updates both, and the summary names the announced steps' as `step.<name>.…`.
 */
export class RunAndSteps<T> {
  readonly run: T;
  private readonly byStep = new Map<string, T>();

  constructor(private readonly make: () => T) {
    this.run = make();
  }

  add(p: Point, update: (t: T) => void): void {
    update(this.run);
    const name = p.tags.step ?? '';
    let t = this.byStep.get(name);
    if (!t) this.byStep.set(name, (t = this.make()));
    update(t);
  }

  /** Every step seen, announced by the runner or not. */
  steps(): IterableIterator<[string, T]> {
    return this.byStep.entries();
  }

  /** The announced steps that saw something, each with the prefix of its summary names. */
  inWindows(windows: readonly StepWindow[]): { prefix: string; value: T }[] {
    return windows.flatMap((w) => {
      const value = this.byStep.get(w.name);
      return value ? [{ prefix: `step.${w.name}.`, value }] : [];
    });
  }
}
