import { describe, expect, it } from 'vitest';
import { detectChangePoints } from '../../../harness/history/change-points.js';
import { bestSplit, eDivisive } from '../../../harness/history/e-divisive.js';
import { mulberry32, noisy } from '../../support/seeded-noise.js';

/** 30 runs with 5 % noise, the runs from `at` on multiplied by `factor`. */
function step(seed: number, at = 20, factor = 1.25, n = 30): number[] {
  const random = mulberry32(seed);
  return [...noisy(random, at, 100, 0.05), ...noisy(random, n - at, 100 * factor, 0.05)];
}
const flat = (seed: number) => noisy(mulberry32(10_000 + seed), 30, 100, 0.05);
const seeds = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('bestSplit (the energy statistic Q̂)', () => {
  /** Q̂ of X = v[0, tau), Y = v[tau, kappa) straight from Matteson & James's definition. */
  function qHat(v: number[], tau: number, kappa: number): number {
    const x = v.slice(0, tau);
    const y = v.slice(tau, kappa);
    const [m, n] = [x.length, y.length];
    let cross = 0;
    for (const a of x) for (const b of y) cross += Math.abs(a - b);
    const within = (s: number[]) => {
      let t = 0;
      for (let i = 0; i < s.length; i++) for (let j = i + 1; j < s.length; j++) t += Math.abs(s[i]! - s[j]!);
      return t / ((s.length * (s.length - 1)) / 2);
    };
    return ((m * n) / (m + n)) * ((2 * cross) / (m * n) - within(x) - within(y));
  }

  it('agrees with the definition and respects the minimum segment', () => {
    const v = noisy(mulberry32(3), 17, 50, 0.2);
    for (const min of [2, 3, 5]) {
      const best = bestSplit(v, min)!;
      let expected = { tau: -1, kappa: -1, q: -Infinity };
      for (let tau = min; tau <= v.length - min; tau++)
        for (let kappa = tau + min; kappa <= v.length; kappa++)
          if (qHat(v, tau, kappa) > expected.q) expected = { tau, kappa, q: qHat(v, tau, kappa) };
      expect(best).toEqual({ tau: expected.tau, kappa: expected.kappa, qHat: expect.closeTo(expected.q, 9) });
    }
    expect(bestSplit([1, 2, 3, 4, 5], 3)).toBeUndefined();
    expect(bestSplit([1, 1, 9, 9, 9, 9], 2)).toMatchObject({ tau: 2 });
    // A block in the middle: Y ends where the block does.
    expect(bestSplit([1, 1.1, 0.9, 1, 9, 9.1, 8.9, 1, 1.1, 0.9, 1, 1.05], 2)).toMatchObject({ tau: 4, kappa: 7 });
  });

  it('finds nothing in a constant series and the same points for the same seed', () => {
    const o = { alpha: 0.01, permutations: 199, minSegment: 3, exponent: 1, seed: 1 };
    expect(eDivisive(new Array<number>(20).fill(5), o)).toEqual([]);
    const s = [...step(1), ...noisy(mulberry32(2), 15, 100, 0.05)];
    expect(eDivisive(s, o)).toEqual(eDivisive(s, o));
    expect(eDivisive(s, o).map((c) => c.index)).toEqual([20, 30]);
    expect(eDivisive(s, { ...o, maxChangePoints: 1 })).toHaveLength(1);
    expect(() => eDivisive(s, { ...o, minSegment: 1 })).toThrow(/minSegment/);
  });
});

describe('detectChangePoints (E-divisive, 199 permutations, alpha 0.01)', () => {
  it('finds a +25 % step after run 20 of 30 (5 % noise) within one run, in each of 20 seeds', () => {
    for (const seed of seeds(1, 20)) {
      const a = detectChangePoints(step(seed), { better: 'smaller' });
      const cp = a.changePoints.find((c) => Math.abs(c.index - 20) <= 1);
      expect(cp, `seed ${seed}`).toBeDefined();
      expect(cp!.kind).toBe('regression');
      expect(cp!.change).toBeGreaterThan(0.15);
      expect(cp!.pValue).toBe(1 / 200);
      expect(cp!.before.end).toBe(cp!.index);
      expect(cp!.after).toMatchObject({ start: cp!.index, end: 30 });
      // Ten runs ago: history, not the newest runs.
      expect(a.regression).toBeNull();
    }
  });

  it('finds the step within one run in 100 of 100 seeds, 3 of them with an extra change point', () => {
    const runs = seeds(1, 100).map((seed) => detectChangePoints(step(seed), { better: 'smaller' }).changePoints);
    expect(runs.filter((cps) => cps.some((c) => Math.abs(c.index - 20) <= 1))).toHaveLength(100);
    expect(runs.filter((cps) => cps.length !== 1)).toHaveLength(3);
  });

  it('finds none in a flat noisy series (30 runs, 5 % noise), in each of 10 seeds', () => {
    for (const seed of seeds(1, 10))
      expect(detectChangePoints(flat(seed), { better: 'smaller' }).changePoints).toEqual([]);
  });

  it('finds a change point in 7 of 1,000 flat series (0.7 %, alpha 0.01) and a regression of the newest runs in none', () => {
    const runs = seeds(1, 1000).map((seed) => detectChangePoints(flat(seed), { better: 'smaller' }));
    expect(runs.filter((a) => a.changePoints.length > 0)).toHaveLength(7);
    expect(runs.filter((a) => a.regression)).toHaveLength(0);
  });

  it('says the newest runs start a regression when +25 % are the last 3 runs, in 92 of 100 seeds', () => {
    const found = seeds(1, 100).map((seed) => detectChangePoints(step(seed, 27), { better: 'smaller' }).regression);
    expect(found.filter((cp) => cp !== null && Math.abs(cp.index - 27) <= 1)).toHaveLength(92);
    expect(found.filter((cp) => cp !== null && Math.abs(cp.index - 27) > 1)).toHaveLength(0);
  });

  it('does not call a change the good way a regression', () => {
    for (const seed of seeds(1, 10)) {
      // Faster (latency down 20 %) and more throughput (rate up 25 %), recent enough to count.
      const faster = detectChangePoints(step(seed, 20, 0.8), { better: 'smaller', recent: 15 });
      const moreRate = detectChangePoints(step(seed, 20, 1.25), { better: 'bigger', recent: 15 });
      const slower = detectChangePoints(step(seed, 20, 1.25), { better: 'smaller', recent: 15 });
      for (const a of [faster, moreRate]) {
        expect(a.changePoints.find((c) => Math.abs(c.index - 20) <= 1)?.kind, `seed ${seed}`).toBe('improvement');
        expect(a.regression).toBeNull();
      }
      expect(slower.regression?.kind).toBe('regression');
    }
  });

  it('calls a change within minChange neutral, takes points with intervals and records its options', () => {
    const points = step(1).map((value) => ({ value, interval: { low: value * 0.95, high: value * 1.05 } }));
    const a = detectChangePoints(points, { better: 'smaller', minChange: 0.3 });
    expect(a.changePoints.map((c) => c.kind)).toEqual(['neutral']);
    expect(a).toMatchObject({ method: 'e-divisive', n: 30 });
    expect(a.options).toEqual({
      alpha: 0.01,
      permutations: 199,
      minSegment: 3,
      exponent: 1,
      seed: 1,
      minChange: 0.3,
      recent: 5,
    });
    expect(() => detectChangePoints([1, Number.NaN], { better: 'smaller' })).toThrow(/finite/);
  });

  it('takes an option passed as undefined for its default (buildHistory without --min-change)', () => {
    const a = detectChangePoints(step(1, 27), { better: 'smaller', minChange: undefined, recent: undefined });
    expect(a.options).toMatchObject({ minChange: 0, recent: 5 });
    expect(a.regression?.kind).toBe('regression');
  });
});
