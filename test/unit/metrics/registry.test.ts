// The measurement registry: one meaning per name, every figure a fold or a step produces is
// declared by a plug-in, and docs/metrics.md's generated tables match the plug-ins.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  headlineTable,
  measurementTable,
  METRICS_DOC,
  metricsDocText,
  summaryTable,
} from '../../../harness/metrics/docs.js';
import { decodeMetricsFile } from '../../../harness/report/load-run.js';
import { measurementPlugins, metricDef, metricNames, registerMeasurement } from '../../../harness/metrics/registry.js';
import { SummaryBuilder } from '../../../harness/metrics/summary.js';
import { blockOf } from '../../../harness/util/generated-block.js';
import { writeFixtureRun } from '../../fixtures/report/make-run.js';

const root = mkdtempSync(join(tmpdir(), 'swarmbench-registry-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('measurement registry', () => {
  it('docs/metrics.md holds the tables the plug-ins generate (`swarmbench scenarios metrics --write` updates it)', () => {
    const text = readFileSync(METRICS_DOC(), 'utf8');
    expect(blockOf(text, 'measurements')).toBe(measurementTable());
    expect(blockOf(text, 'summary-metrics')).toBe(summaryTable());
    expect(blockOf(text, 'headline-metrics')).toBe(headlineTable());
    expect(metricsDocText(text)).toBe(text);
  });

  it('every figure the folds make from real-looking runs is declared, with a unit', () => {
    for (const kind of ['scale', 'chaos'] as const) {
      const dir = join(root, kind);
      const record = writeFixtureRun(dir, { kind });
      const b = new SummaryBuilder();
      for (const p of decodeMetricsFile(readFileSync(join(dir, 'metrics.lp'), 'utf8')).points) b.observe(p);
      const summary = b.build(record.steps);
      expect(Object.keys(summary).length).toBeGreaterThan(20);
      for (const name of Object.keys(summary)) expect(metricDef(name), name).toBeDefined();
    }
  });

  it('every metric a step reports by name is declared (a typo is caught here, not in a nightly run)', () => {
    const dir = join(import.meta.dirname, '../../../harness/scenario/steps');
    const calls = /recorder\.(observe|add|set)\('([^']+)'/g;
    const named: string[] = [];
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(calls))
        named.push(m[1] === 'observe' ? `${m[2]}.p50` : m[2]!);
    }
    expect(named.length).toBeGreaterThan(10);
    for (const name of named) expect(metricDef(name), name).toBeDefined();
  });

  it('resolves per-step names by their longest known tail and gives gate and noise floor', () => {
    expect(metricDef('step.service.create.tasks.started')).toMatchObject({
      name: 'tasks.started',
      unit: 'count',
      gate: true,
    });
    expect(metricDef('step.ramp replicas=10.scale.tasks_per_second')).toMatchObject({
      unit: 'per_s',
      better: 'bigger',
    });
    expect(metricDef('manager.cpu_percent.p99')).toMatchObject({ unit: 'percent', gate: false, noiseFloor: 1 });
    expect(metricDef('tasks.startup_latency.p99')).toMatchObject({ noiseFloor: 50, gate: true });
    expect(metricDef('tasks.startup_latency')).toBeUndefined();
    expect(metricDef('step.x.nothing.p99')).toBeUndefined();
    // Sampled once per step: its p99 over a handful of values does not fail compare by default.
    expect(metricDef('scale.converge_time.p99')?.gate).toBe(false);
    expect(metricDef('scale.converge_time.p50')?.gate).toBe(true);
    expect(metricDef('tasks.startup_latency.p99')?.gate).toBe(true);
  });

  it('refuses a second meaning for a name, and a second plug-in of a name', () => {
    const clash = registerMeasurement({
      name: 'clash',
      description: '',
      producedBy: 'a test',
      points: [],
      metrics: [{ name: 'tasks.started', unit: 'ms', better: 'smaller', description: '' }],
    });
    try {
      expect(() => metricNames()).toThrow(/tasks.started is declared by both task_status and clash/);
    } finally {
      clash();
    }
    expect(() => registerMeasurement({ ...measurementPlugins()[0]! })).toThrow(/registered already/);
    expect(metricNames()).toContain('tasks.started');
  });
});
