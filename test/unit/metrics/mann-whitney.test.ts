import { describe, expect, it } from 'vitest';
import { exactUDistribution, mannWhitney, normalCdf } from '../../../harness/metrics/mann-whitney.js';
import { mulberry32, noisy } from '../../support/seeded-noise.js';

describe('mannWhitney', () => {
  it('has the exact null distribution of U (C(10,5) = 252 orderings for 5 against 5)', () => {
    const d = exactUDistribution(5, 5);
    expect(d).toHaveLength(26);
    expect(d.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    expect(d[0]! * 252).toBeCloseTo(1, 9);
    expect((d[0]! + d[1]! + d[2]!) * 252).toBeCloseTo(4, 9);
    expect(d[3]).toBeCloseTo(d[22]!, 12); // symmetric
    expect(exactUDistribution(3, 7)).toEqual(exactUDistribution(7, 3).map((p) => expect.closeTo(p, 12)));
  });

  // p-values of SciPy 1.17 mannwhitneyu(b, a, alternative='two-sided', method='exact'|'asymptotic').
  it('matches SciPy, exact without ties', () => {
    const r = mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect([r.u, r.method, r.ties]).toEqual([25, 'exact', false]);
    expect(r.pValue).toBeCloseTo(0.007936507936507936, 12);
    expect(mannWhitney([10.1, 9.7, 10.4, 9.9, 10.2], [10.8, 10.3, 11.2, 10.9, 10.0]).pValue).toBeCloseTo(
      0.09523809523809523,
      12,
    );
    const uneven = mannWhitney([3.1, 2.2, 5.7, 4.4, 1.9, 6.0, 3.3], [4.1, 5.5, 7.2, 6.8, 3.9, 8.1]);
    expect(uneven.u).toBe(34);
    expect(uneven.pValue).toBeCloseTo(0.07342657342657342, 12);
  });

  it('matches SciPy, normal approximation with tie and continuity corrections', () => {
    const r = mannWhitney([1, 2, 2, 3, 5], [2, 3, 4, 5, 6, 7]);
    expect([r.u, r.method, r.ties]).toEqual([24, 'normal', true]);
    expect(r.pValue).toBeCloseTo(0.11560643738731947, 6);
    expect(mannWhitney([3, 3, 3], [3, 3]).pValue).toBe(1);
  });

  it('gives the Hodges–Lehmann shift with the interval the test implies', () => {
    // Differences b - a of 1…5 and 6…10: 1×1, 2×2, … 5×5, … 9×1; d(3) = 2, d(13) = 5, d(23) = 8.
    const r = mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(r.shift).toEqual({ estimate: 5, low: 2, high: 8, coverage: expect.closeTo(1 - 8 / 252, 12) });
  });

  it('has a normal CDF good to 1e-7', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 7);
  });

  it('holds its level and its interval covers the true shift (seeded, 5 against 5)', () => {
    const random = mulberry32(5);
    let rejections = 0;
    let covered = 0;
    const trials = 4000;
    for (let t = 0; t < trials; t++) {
      const r = mannWhitney(noisy(random, 5, 100, 0.1), noisy(random, 5, 100, 0.1));
      if (r.pValue <= 0.05) rejections++;
      if (r.shift.low <= 0 && 0 <= r.shift.high) covered++;
      // Without ties the interval leaves out 0 exactly when the test rejects.
      expect(r.shift.low > 0 || r.shift.high < 0).toBe(r.pValue <= 0.05);
    }
    // Exact level 8/252 = 3.2 %, coverage 96.8 %.
    expect(rejections / trials).toBeLessThan(0.05);
    expect(covered / trials).toBeGreaterThan(0.95);
  });
});
