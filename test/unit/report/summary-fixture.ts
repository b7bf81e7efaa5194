// A small hand-written RunSummary for unit tests of the pure formatters (junit, bench, compare).
import type { RunSummary, SummaryMetric } from '../../../harness/report/summary-schema.js';

export interface SummaryOverrides {
  run?: Partial<RunSummary['run']>;
  metrics?: Record<string, Partial<SummaryMetric> & { value: number }>;
  nodes?: number;
}

export function summaryFixture(o: SummaryOverrides = {}): RunSummary {
  const metrics: Record<string, SummaryMetric> = {
    'tasks.startup_latency.p99': { value: 31_200, unit: 'ms', better: 'smaller', source: 'run' },
    'scale.tasks_per_second': { value: 4.2, unit: 'per_s', better: 'bigger', source: 'run' },
    'manager.cpu_percent.mean': { value: 40, unit: 'percent', better: 'smaller', source: 'derived' },
  };
  const defaults: SummaryMetric = { value: 0, unit: 'ms', better: 'smaller', source: 'derived' };
  for (const [k, v] of Object.entries(o.metrics ?? {})) metrics[k] = { ...defaults, ...metrics[k], ...v };
  return {
    schema: 'swarmbench/summary',
    schemaVersion: 1,
    generatedAt: '2026-11-22T00:00:00.000Z',
    run: {
      id: 'r1',
      scenario: 'alpine-top-scale',
      scenarioFile: 'scenarios/alpine-top-scale.yaml',
      status: 'failed',
      verdict: 'fail',
      complete: true,
      start: '2026-11-21T02:00:00.000Z',
      end: '2026-11-21T02:02:00.000Z',
      durationMs: 120_000,
      seed: 42,
      params: { replicas: 300 },
      ...o.run,
    },
    cluster: {
      name: 'bench',
      nodes: o.nodes ?? 13,
      managers: 3,
      workers: 10,
      hollow: 0,
      hosts: ['local'],
      nodeMode: 'capabilities',
      publishMode: 'host',
    },
    environment: {
      harnessVersion: '0.1.0',
      engineVersion: '20.10.24',
      kernel: '6.18',
      cpus: 2,
      memBytes: 1,
      images: {},
    },
    steps: [],
    marks: [],
    slos: [
      {
        expr: 'tasks.startup_latency.p99 < 30s',
        metric: 'tasks.startup_latency.p99',
        op: '<',
        bound: 30_000,
        value: 31_200,
        unit: 'ms',
        verdict: 'fail',
      },
      {
        expr: 'scale.tasks_per_second > 2',
        metric: 'scale.tasks_per_second',
        op: '>',
        bound: 2,
        value: 4.2,
        unit: 'per_s',
        verdict: 'pass',
      },
      {
        expr: 'http.success_ratio >= 0.999',
        metric: 'http.success_ratio',
        op: '>=',
        bound: 0.999,
        value: null,
        unit: 'ratio',
        verdict: 'no-data',
      },
    ],
    metrics,
    measurements: [],
    chaos: [],
    data: { source: 'metrics.lp', pointsByMeasurement: {}, problems: [] },
  };
}
