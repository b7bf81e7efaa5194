// The latency histogram behind heartbeat round-trip figures.
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../harness/hollow/histogram.js';

describe('LatencyHistogram', () => {
  it('gives percentiles within its bucket precision, and the exact max', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) h.record(i);
    const s = h.summary();
    expect(s.count).toBe(1000);
    expect(s.max).toBe(1000);
    expect(s.p50).toBeGreaterThanOrEqual(500);
    expect(s.p50).toBeLessThanOrEqual(550);
    expect(s.p99).toBeGreaterThanOrEqual(990);
    expect(s.p99).toBeLessThanOrEqual(1000);
    expect(s.mean).toBeCloseTo(500.5, 1);
  });

  it('is empty after reset', () => {
    const h = new LatencyHistogram();
    h.record(3);
    h.reset();
    expect(h.summary()).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 });
  });
});
