import { describe, expect, it } from 'vitest';
import { percentile, RunningStat, summarize } from '../../../harness/metrics/percentiles.js';

describe('percentiles', () => {
  it('uses nearest rank: always an observed value', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 90)).toBe(90);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes unsorted values and ignores non-finite ones', () => {
    const s = summarize([300, 100, Number.NaN, 200, 400]);
    expect(s).toEqual({ count: 4, min: 100, mean: 250, p50: 200, p90: 400, p95: 400, p99: 400, max: 400 });
    expect(summarize([])).toBeUndefined();
  });

  it('keeps a running mean and max', () => {
    const r = new RunningStat();
    for (const v of [1, 5, 3]) r.add(v);
    expect(r.mean).toBe(3);
    expect(r.max).toBe(5);
    expect(r.min).toBe(1);
  });
});
