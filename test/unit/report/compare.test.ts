// The regression verdict: direction-aware, threshold strictly exceeded, missing metrics, warnings.
import { describe, expect, test } from 'vitest';
import { compareSummaries, judge, noiseFloorOf } from '../../../harness/report/compare.js';
import { parseGate, parseThreshold } from '../../../harness/report/compare-options.js';
import { comparisonText, comparisonVerdictLine } from '../../../harness/report/compare-format.js';
import { summaryFixture } from './summary-fixture.js';

describe('judge', () => {
  test('smaller is better: up beyond the threshold regresses, down beyond it improves', () => {
    expect(judge('smaller', 0.15, 0.1)).toBe('regressed');
    expect(judge('smaller', -0.15, 0.1)).toBe('improved');
    expect(judge('smaller', 0.1, 0.1)).toBe('unchanged');
  });
  test('a change inside the unit’s noise floor is never a regression', () => {
    expect(judge('smaller', 1.0, 0.1, 0.2, noiseFloorOf('tasks.startup_latency.p99', 'ms'))).toBe('unchanged');
    expect(judge('smaller', 1.0, 0.1, 51, noiseFloorOf('tasks.startup_latency.p99', 'ms'))).toBe('regressed');
    expect(judge('smaller', Number.POSITIVE_INFINITY, 0.1, 1, noiseFloorOf('chaos.tasks_lost', 'count'))).toBe(
      'regressed',
    );
  });
  test('bigger is better: down beyond the threshold regresses', () => {
    expect(judge('bigger', -0.2, 0.1)).toBe('regressed');
    expect(judge('bigger', 0.2, 0.1)).toBe('improved');
    expect(judge('bigger', -0.05, 0.1)).toBe('unchanged');
  });
});

describe('compareSummaries', () => {
  test('names the metrics that moved the wrong way', () => {
    const base = summaryFixture();
    const now = summaryFixture({
      run: { id: 'r2' },
      metrics: {
        'tasks.startup_latency.p99': { value: 40_000 },
        'scale.tasks_per_second': { value: 3.0 },
        'manager.cpu_percent.mean': { value: 41 },
      },
    });
    const c = compareSummaries(base, now, 0.1);
    expect(c.regressions).toEqual(['scale.tasks_per_second', 'tasks.startup_latency.p99']);
    expect(c.metrics.find((m) => m.name === 'manager.cpu_percent.mean')?.verdict).toBe('unchanged');
    expect(c.metrics.find((m) => m.name === 'tasks.startup_latency.p99')?.change).toBeCloseTo(8800 / 31200);
    expect(comparisonVerdictLine(c)).toBe(
      'REGRESSION beyond 10.0 %: tasks.startup_latency.p99 31.2 s -> 40 s (+28.2 %, smaller is better); scale.tasks_per_second 4.2 /s -> 3 /s (-28.6 %, bigger is better)',
    );
  });

  test('a faster run is not a regression', () => {
    const c = compareSummaries(
      summaryFixture(),
      summaryFixture({ metrics: { 'tasks.startup_latency.p99': { value: 10_000 } } }),
      0.1,
    );
    expect(c.regressions).toEqual([]);
    expect(c.metrics.find((m) => m.name === 'tasks.startup_latency.p99')?.verdict).toBe('improved');
    expect(comparisonVerdictLine(c)).toMatch(/^no regression beyond 10.0 %/);
  });

  test('a metric on one side only is reported, never a regression', () => {
    const now = summaryFixture({ metrics: { 'chaos.tasks_lost': { value: 0, unit: 'count' } } });
    const c = compareSummaries(summaryFixture(), now, 0.1);
    expect(c.metrics.find((m) => m.name === 'chaos.tasks_lost')).toMatchObject({
      verdict: 'added',
      baseline: null,
      change: null,
    });
    expect(
      compareSummaries(now, summaryFixture(), 0.1).metrics.find((m) => m.name === 'chaos.tasks_lost')?.verdict,
    ).toBe('removed');
  });

  test('from zero: any increase of a smaller-is-better metric regresses', () => {
    const base = summaryFixture({ metrics: { 'chaos.tasks_lost': { value: 0, unit: 'count' } } });
    const now = summaryFixture({ metrics: { 'chaos.tasks_lost': { value: 2, unit: 'count' } } });
    const c = compareSummaries(base, now, 0.1);
    expect(c.regressions).toEqual(['chaos.tasks_lost']);
    expect(comparisonText(c)).toContain('+∞');
  });

  test('warns when the runs differ in size, scenario or completeness', () => {
    const c = compareSummaries(
      summaryFixture(),
      summaryFixture({ nodes: 5, run: { complete: false, scenario: 'chaos-restarts' } }),
      0.1,
    );
    expect(c.warnings.join('\n')).toMatch(/different scenarios/);
    expect(c.warnings.join('\n')).toMatch(/different cluster sizes: baseline 13 nodes, this run 5/);
    expect(c.warnings.join('\n')).toMatch(/did not finish/);
  });

  test('the text table has a row per metric with baseline, now, change and verdict', () => {
    const c = compareSummaries(
      summaryFixture(),
      summaryFixture({ metrics: { 'tasks.startup_latency.p99': { value: 40_000 } } }),
      0.1,
    );
    const text = comparisonText(c);
    expect(text).toMatch(/^metric\s+baseline\s+now\s+change\s+verdict$/m);
    expect(text).toMatch(/^tasks.startup_latency.p99\s+31.2 s\s+40 s\s+\+28.2 %\s+REGRESSED \(smaller is better\)$/m);
  });
});

describe('the verdict line', () => {
  test('one statistic per quantity, p99 first, the rest counted, per-step figures counted', () => {
    const stats = (v: number) =>
      Object.fromEntries(['p50', 'p90', 'p99', 'max'].map((k) => [`tasks.startup_latency.${k}`, { value: v }]));
    const base = summaryFixture({
      metrics: { ...stats(1000), 'step.ramp.tasks.startup_latency.p99': { value: 1000 } },
    });
    const now = summaryFixture({ metrics: { ...stats(3000), 'step.ramp.tasks.startup_latency.p99': { value: 3000 } } });
    expect(comparisonVerdictLine(compareSummaries(base, now, 0.1))).toBe(
      'REGRESSION beyond 10.0 %: tasks.startup_latency.p99 1 s -> 3 s (+200.0 %, smaller is better; 3 more of its statistics); and 1 per-step figure(s)',
    );
  });
});

describe('gating', () => {
  test('resource figures are shown as worse but do not fail; --gate makes them', () => {
    const now = summaryFixture({ metrics: { 'manager.cpu_percent.mean': { value: 80 } } });
    const c = compareSummaries(summaryFixture(), now, 0.1);
    expect(c.metrics.find((m) => m.name === 'manager.cpu_percent.mean')).toMatchObject({
      verdict: 'worse',
      gates: false,
    });
    expect(c.regressions).toEqual([]);
    const gated = compareSummaries(summaryFixture(), now, {
      threshold: 0.1,
      gate: parseGate(['manager.cpu_percent.*,other'])!,
    });
    expect(gated.regressions).toEqual(['manager.cpu_percent.mean']);
  });

  test('a metric named by an SLO always gates; per-step figures gate like their metric', () => {
    const base = summaryFixture({
      metrics: {
        'harness.cpu_percent.mean': { value: 2, unit: 'percent' },
        'step.ramp 1.5.tasks.startup_latency.p99': { value: 1000 },
      },
    });
    base.slos.push({
      expr: 'harness.cpu_percent.mean < 50',
      metric: 'harness.cpu_percent.mean',
      op: '<',
      bound: 50,
      value: 2,
      unit: 'percent',
      verdict: 'pass',
    });
    const now = summaryFixture({
      metrics: {
        'harness.cpu_percent.mean': { value: 9, unit: 'percent' },
        'step.ramp 1.5.tasks.startup_latency.p99': { value: 5000 },
      },
    });
    expect(compareSummaries(base, now, 0.1).regressions).toEqual([
      'harness.cpu_percent.mean',
      'step.ramp 1.5.tasks.startup_latency.p99',
    ]);
  });
});

describe('parseThreshold', () => {
  test.each([
    ['10%', 0.1],
    ['10', 0.1],
    ['0.1', 0.1],
    ['2.5%', 0.025],
    ['0%', 0],
  ])('%s -> %s', (input, want) => expect(parseThreshold(input)).toBeCloseTo(want));
  test('rejects what is not a number', () => expect(parseThreshold('ten')).toBeUndefined());
});
