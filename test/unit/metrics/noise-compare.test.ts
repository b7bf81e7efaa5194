import { describe, expect, it } from 'vitest';
import { compareRepetitions, type NoiseVerdict } from '../../../harness/metrics/noise-compare.js';
import type { Better } from '../../../harness/metrics/units.js';
import { mulberry32, noisy } from '../../support/seeded-noise.js';

const opts = (better: Better, more: object = {}) => ({ better, threshold: 0.1, ...more });

describe('compareRepetitions', () => {
  it('regresses only when the medians moved beyond the threshold and the test is clear', () => {
    const a = [100, 104, 97, 101, 99];
    const slower = [131, 127, 135, 129, 133];
    const r = compareRepetitions(a, slower, opts('smaller'));
    expect(r).toMatchObject({ verdict: 'regressed', noise: 'measured', method: 'mann-whitney-u', nA: 5, nB: 5 });
    expect(r).toMatchObject({ medianA: 100, medianB: 131, difference: 31, change: 0.31 });
    expect(r.test).toEqual({ u: 25, pValue: expect.closeTo(2 / 252, 12), exact: true, ties: false });
    expect(r.interval!.low).toBeGreaterThan(0);
    expect(r.interval!.relative!.estimate).toBeCloseTo(0.31, 12);
    // The same move of a rate (bigger is better) is an improvement; down is a regression.
    expect(compareRepetitions(a, slower, opts('bigger')).verdict).toBe('improved');
    expect(compareRepetitions(slower, a, opts('bigger')).verdict).toBe('regressed');
  });

  it('calls a large move that the test cannot tell from noise within noise, with its interval', () => {
    const r = compareRepetitions([100, 80, 120, 95, 105], [115, 90, 140, 110, 125], opts('smaller'));
    expect(r.change).toBeCloseTo(0.15, 12);
    expect(r.verdict).toBe('within-noise');
    expect(r.test!.pValue).toBeGreaterThan(0.05);
    expect(r.interval!.low).toBeLessThan(0);
    expect(r.interval!.high).toBeGreaterThan(0);
  });

  it('calls a clear but small move unchanged, as it does a move within the noise floor', () => {
    expect(
      compareRepetitions([100, 101, 100.5, 99.5, 100.2], [105, 106, 105.5, 104.5, 105.2], opts('smaller')).verdict,
    ).toBe('unchanged');
    const floor = compareRepetitions(
      [10, 11, 10.5, 9.5, 10.2],
      [30, 31, 30.5, 29.5, 30.2],
      opts('smaller', { noiseFloor: 50 }),
    );
    expect(floor.verdict).toBe('unchanged');
  });

  it('falls back to the threshold with a single value on a side and says the noise is unknown', () => {
    const one = compareRepetitions([100], [130, 128, 126], opts('smaller'));
    expect(one).toMatchObject({
      verdict: 'regressed-noise-unknown',
      noise: 'unknown',
      method: 'threshold',
      test: null,
    });
    expect(one.interval).toBeNull();
    expect(compareRepetitions([100], [80], opts('smaller')).verdict).toBe('improved-noise-unknown');
    expect(compareRepetitions([100], [105], opts('smaller'))).toMatchObject({ verdict: 'unchanged', noise: 'unknown' });
    expect(compareRepetitions([0], [1], opts('smaller')).change).toBe(Number.POSITIVE_INFINITY);
  });

  it('drops non-finite values and refuses an empty side', () => {
    expect(compareRepetitions([100, Number.NaN, 101], [100, 102], opts('smaller')).nA).toBe(2);
    expect(() => compareRepetitions([Number.NaN], [1], opts('smaller'))).toThrow(/finite/);
  });
});

/** 20 metrics per seed, half better smaller, around means from 10 to 1010, 5 against 5
 *  repetitions with 10 % relative normal noise, B's values multiplied by `shift`. */
function verdicts(seeds: number, shift: number, firstSeed: number): Record<NoiseVerdict, number> & { total: number } {
  const count = { regressed: 0, improved: 0, 'within-noise': 0, unchanged: 0, total: 0 } as Record<
    NoiseVerdict,
    number
  > & {
    total: number;
  };
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    const random = mulberry32(seed);
    for (let m = 0; m < 20; m++) {
      const mean = 10 + 1000 * random();
      const better: Better = m % 2 ? 'smaller' : 'bigger';
      const a = noisy(random, 5, mean, 0.1);
      const b = noisy(random, 5, mean, 0.1).map((v) => (better === 'smaller' ? v * shift : v / shift));
      const v = compareRepetitions(a, b, opts(better)).verdict;
      count[v] = (count[v] ?? 0) + 1;
      count.total++;
    }
  }
  return count;
}

describe('compareRepetitions on seeded noise (issue 14: at most 1 in 20 metrics flagged)', () => {
  it('flags 113 of 10,000 unchanged metrics as regressed (1.13 %; 500 seeds × 20 metrics, 5 vs 5 runs, 10 % noise)', () => {
    const c = verdicts(500, 1, 1);
    expect(c.total).toBe(10_000);
    expect(c.regressed).toBe(113); // measured: 0.23 of 20 metrics per comparison on average
    expect(c.regressed / c.total).toBeLessThanOrEqual(1 / 20);
    expect(c.improved).toBe(109); // the other direction, at the same rate
    expect((c.regressed + c.improved) / c.total).toBeLessThanOrEqual(1 / 20);
  });

  it('flags a 30 % slowdown (latency × 1.3, rate ÷ 1.3) in 3,527 of 4,000 metrics (88 %) and never calls it an improvement', () => {
    const c = verdicts(200, 1.3, 1001);
    expect(c.total).toBe(4000);
    expect(c.regressed).toBe(3527);
    expect(c.regressed / c.total).toBeGreaterThan(0.8);
    expect(c.improved).toBe(0);
  });
});
