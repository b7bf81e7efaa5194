// compare with repetitions: a metric regresses only when its medians moved beyond the threshold
// and the test finds the difference clear; a noisy one is within noise; a single run on one side
// falls back to the threshold and says the noise is unknown.
import { describe, expect, it } from 'vitest';
import { compareSets, type RunSet } from '../../../harness/report/compare-sets.js';
import { comparisonText } from '../../../harness/report/compare-format.js';
import type { RunSummary } from '../../../harness/report/summary-schema.js';

const summary = (id: string) =>
  ({
    run: { id, scenario: 's', start: '2026-12-03T00:00:00Z', verdict: 'pass', complete: true, params: {} },
    cluster: { nodes: 4 },
    slos: [],
    metrics: {},
  }) as unknown as RunSummary;

const set = (id: string, rate: number[], p99: number[]): RunSet => ({
  summary: summary(id),
  metrics: {
    'scale.tasks_per_second': { values: rate, unit: 'per_s', better: 'bigger' },
    'tasks.startup_latency.p99': { values: p99, unit: 'ms', better: 'smaller' },
  },
  repetitions: rate.length,
});

describe('comparing repeated runs', () => {
  const a = set('a', [5.0, 5.1, 4.9, 5.2, 5.0], [9000, 12_000, 8000, 15_000, 10_000]);

  it('flags a clear slowdown and leaves a noisy move within noise', () => {
    const b = set('b', [3.4, 3.5, 3.3, 3.6, 3.5], [12_000, 9000, 16_000, 8500, 13_000]);
    const c = compareSets(a, b, { threshold: 0.1 });
    expect(c.regressions).toEqual(['scale.tasks_per_second']);
    const rate = c.metrics.find((m) => m.name === 'scale.tasks_per_second')!;
    expect(rate).toMatchObject({ baseline: 5.0, now: 3.5, verdict: 'regressed' });
    expect(rate.noise).toMatchObject({ method: 'mann-whitney-u', nA: 5, nB: 5 });
    expect(rate.noise!.test!.pValue).toBeLessThan(0.05);
    const p99 = c.metrics.find((m) => m.name === 'tasks.startup_latency.p99')!;
    expect(p99.verdict).toBe('unchanged');
    expect(p99.noise!.verdict).toBe('within-noise');
    expect(comparisonText(c)).toMatch(
      /tasks\.startup_latency\.p99 .*ok \(smaller is better\); within noise, Mann-Whitney p \d\.\d\d over 5 and 5 runs/,
    );
    expect(c.warnings).toEqual([]);
  });

  it('with a single run on one side, uses the threshold and says the noise is unknown', () => {
    const one = set('one', [3.5], [10_000]);
    const c = compareSets(a, one, { threshold: 0.1 });
    expect(c.regressions).toEqual(['scale.tasks_per_second']);
    expect(c.metrics[0]!.noise).toMatchObject({ noise: 'unknown', method: 'threshold' });
    expect(c.warnings.at(-1)).toMatch(/the noise is unknown: this run is a single run/);
  });
});
