import { describe, expect, it } from 'vitest';
import {
  medianInterval,
  quantile,
  summarizeMetricRepetitions,
  summarizeRepetitions,
} from '../../../harness/metrics/repetitions.js';
import { mulberry32, noisy } from '../../support/seeded-noise.js';

const sorted = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('summarizeRepetitions', () => {
  it('gives median, mean, range, quartiles and relative spread of five runs', () => {
    const s = summarizeRepetitions([12, 10, 14, 11, 13])!;
    expect(s).toMatchObject({ values: [12, 10, 14, 11, 13], n: 5, median: 12, mean: 12, min: 10, max: 14 });
    expect([s.q1, s.q3, s.iqr]).toEqual([11, 13, 2]);
    expect(s.relativeSpread).toBeCloseTo(2 / 12, 12);
  });

  it('interpolates the median of an even count and drops non-finite values', () => {
    const s = summarizeRepetitions([4, Number.NaN, 1, 3, 2])!;
    expect(s.n).toBe(4);
    expect(s.median).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(summarizeRepetitions([Number.NaN])).toBeUndefined();
  });

  it('has no relative spread around a median of 0 and no interval for one value', () => {
    expect(summarizeRepetitions([-1, 0, 1])!.relativeSpread).toBeNull();
    expect(summarizeRepetitions([7])!.ci).toBeNull();
  });
});

describe('medianInterval (order statistics)', () => {
  it('is the min–max range with its actual coverage below 6 values', () => {
    for (const [n, coverage] of [
      [2, 0.5],
      [3, 0.75],
      [4, 0.875],
      [5, 0.9375],
    ] as const) {
      const ci = medianInterval(sorted(n))!;
      expect([ci.low, ci.high, ci.ranks]).toEqual([1, n, [1, n]]);
      expect(ci.coverage).toBeCloseTo(coverage, 12);
    }
  });

  it('takes the narrowest ranks reaching 95 % from 6 values (the binomial table)', () => {
    // Conover's table of ranks for the 95 % interval of the median.
    const expected: [number, [number, number], number][] = [
      [6, [1, 6], 1 - 2 / 64],
      [9, [2, 8], 1 - (2 * 10) / 512],
      [10, [2, 9], 1 - (2 * 11) / 1024],
      [20, [6, 15], 0.9586105346679688],
    ];
    for (const [n, ranks, coverage] of expected) {
      const ci = medianInterval(sorted(n))!;
      expect(ci.ranks).toEqual(ranks);
      expect([ci.low, ci.high]).toEqual(ranks);
      expect(ci.coverage).toBeCloseTo(coverage, 10);
      expect(ci.coverage).toBeGreaterThanOrEqual(0.95);
    }
    expect(medianInterval(sorted(2000))!.coverage).toBeGreaterThanOrEqual(0.95);
  });

  it('covers the true median as often as it says (seeded normal noise, 10 % relative)', () => {
    const random = mulberry32(14);
    for (const n of [5, 10]) {
      let hits = 0;
      const trials = 4000;
      for (let t = 0; t < trials; t++) {
        const ci = summarizeRepetitions(noisy(random, n, 100, 0.1))!.ci!;
        if (ci.low <= 100 && 100 <= ci.high) hits++;
      }
      const stated = medianInterval(sorted(n))!.coverage;
      expect(Math.abs(hits / trials - stated)).toBeLessThan(0.015);
    }
  });
});

describe('summarizeMetricRepetitions', () => {
  it('summarizes per metric and skips metrics some repetitions lack, counting who had them', () => {
    const rep = (rate: number, extra?: number) => ({
      'tasks.rate': { value: rate, unit: 'per_s', better: 'bigger' as const },
      ...(extra === undefined ? {} : { 'http.p99': { value: extra, unit: 'ms', better: 'smaller' as const } }),
    });
    const out = summarizeMetricRepetitions([rep(2), rep(1.5, 30), rep(1.8), rep(2.1, 31), rep(1.9)]);
    expect(out.repetitions).toBe(5);
    expect(Object.keys(out.metrics)).toEqual(['tasks.rate']);
    expect(out.metrics['tasks.rate']).toMatchObject({ n: 5, median: 1.9, unit: 'per_s', better: 'bigger' });
    expect(out.metrics['tasks.rate']!.ci!.coverage).toBe(0.9375);
    expect(out.skipped).toEqual({ 'http.p99': { present: 2, of: 5 } });
  });
});
