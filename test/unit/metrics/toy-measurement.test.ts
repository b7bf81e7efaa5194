// A new measurement is one file: this test declares a toy one (points, collector, fold, metric,
// chart) in one object, registers it, and follows it to every place a measurement must reach:
// `scenarios metrics` and the docs, validate (an SLO may name it), the run summary a session
// computes, and the report (summary.json and a chart). CONTRIBUTING.md shows the same example.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collector } from '../../../harness/metrics/collectors/types.js';
import { summaryTable } from '../../../harness/metrics/docs.js';
import { fieldDistributions, numberField } from '../../../harness/metrics/fold-kit.js';
import { encodePoint } from '../../../harness/metrics/line-protocol.js';
import type { MeasurementPlugin } from '../../../harness/metrics/plugin.js';
import { metricDef, metricNames, registerMeasurement } from '../../../harness/metrics/registry.js';
import { MetricsSession } from '../../../harness/metrics/session.js';
import { buildReports } from '../../../harness/report/build.js';
import { loadScenario } from '../../../harness/scenario/load.js';
import { formatIssue } from '../../../harness/scenario/parse.js';
import { writeFixtureRun } from '../../fixtures/report/make-run.js';

// ---- the whole plug-in: what a contributor writes in harness/metrics/measurements/widgets.ts ----
const widgets: MeasurementPlugin = {
  name: 'widgets',
  description: 'how long the widget factory takes per widget',
  producedBy: 'the widgets collector',
  points: [{ measurement: 'toy_widgets', every: '1 s', tags: '`factory`', fields: '`build_ms` (float)' }],
  collector: {
    name: 'widgets',
    create: ({ emit }): Collector => {
      let n = 0;
      return {
        name: 'widgets',
        tick: async (nowMs) =>
          emit({ measurement: 'toy_widgets', tags: { factory: 'a' }, fields: { build_ms: 100 * ++n }, timeMs: nowMs }),
      };
    },
  },
  metrics: [
    {
      name: 'widgets.build_time',
      shape: 'distribution',
      unit: 'ms',
      better: 'smaller',
      gate: true,
      description: 'time to build one widget',
    },
  ],
  fold: () => fieldDistributions((p) => ({ name: 'widgets.build_time', value: numberField(p, 'build_ms') })),
  charts: [
    {
      id: 'widgets',
      title: 'Widget build time',
      caption: 'Each widget’s build time.',
      missing: 'no toy_widgets points were recorded',
      build: (a) => {
        const points = a.points('toy_widgets');
        if (points.length === 0) return undefined;
        const data = points.map((p) => ({ x: (p.timeMs - a.t0) / 1000, y: Number(p.fields.build_ms) }));
        return {
          type: 'line',
          data: { datasets: [{ label: 'build', data }] },
          options: { parsing: false, scales: { x: { type: 'linear' } } },
        };
      },
    },
  ],
};
// ---- end of the plug-in ----

const root = mkdtempSync(join(tmpdir(), 'swarmbench-toy-measurement-'));
let unregister: () => void;
beforeAll(() => {
  unregister = registerMeasurement(widgets);
});
afterAll(() => {
  unregister();
  rmSync(root, { recursive: true, force: true });
});

const scenarioWith = (slo: string) =>
  ['name: toy', 'steps:', '  - service.create: {name: top, image: alpine, replicas: 1}', 'slos:', `  - '${slo}'`].join(
    '\n',
  );

describe('a toy measurement, registered from one object', () => {
  it('is listed by `scenarios metrics` and in the generated docs table, with its unit and gate', () => {
    expect(metricNames()).toEqual(expect.arrayContaining(['widgets.build_time.p50', 'widgets.build_time.p99']));
    expect(metricDef('widgets.build_time.p99')).toMatchObject({
      unit: 'ms',
      better: 'smaller',
      gate: true,
      noiseFloor: 50,
    });
    expect(summaryTable()).toMatch(
      /\| `widgets\.build_time\.\{p50,p90,p99,max,mean,min\}` \| ms \| smaller \| yes \| 50 \| time to build one widget \| `widgets`/,
    );
  });

  it('may be named by an SLO (validate), and an unknown name may not', () => {
    expect(loadScenario('toy.yaml', scenarioWith('widgets.build_time.p99 < 2s')).ok).toBe(true);
    const bad = loadScenario('toy.yaml', scenarioWith('widgets.build_tme.p99 < 2s'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map(formatIssue).join('\n')).toMatch(/unknown metric 'widgets.build_tme.p99'/);
  });

  it('is collected by a session (its collector runs) and folded into the run summary', async () => {
    const dir = join(root, 'session');
    const session = await MetricsSession.start({
      runDir: dir,
      runId: 'toy-run',
      scenario: 'toy',
      tickMs: 20,
      collect: { harness: false },
    });
    await new Promise((r) => setTimeout(r, 150));
    const result = await session.stop();
    expect(result.points.toy_widgets).toBeGreaterThanOrEqual(3);
    expect(result.summary['widgets.build_time.min']).toBe(100);
    expect(result.summary['widgets.build_time.max']).toBe(100 * result.points.toy_widgets!);
    expect(readFileSync(join(dir, 'metrics.lp'), 'utf8')).toMatch(
      /^toy_widgets,factory=a,run=toy-run,scenario=toy,step=setup build_ms=100 /m,
    );
  });

  it('reaches the report: summary.json has its figures and the page its chart', async () => {
    const dir = join(root, 'report');
    const record = writeFixtureRun(dir, { kind: 'scale' });
    const lines = [1, 2, 3].map((i) =>
      encodePoint({
        measurement: 'toy_widgets',
        tags: { factory: 'a', run: record.id, scenario: record.scenario, step: 'setup' },
        fields: { build_ms: 200 * i },
        timeMs: record.startMs + i * 1000,
      }),
    );
    appendFileSync(join(dir, 'metrics.lp'), `${lines.join('\n')}\n`);
    const r = await buildReports(dir, { now: new Date('2026-12-03T00:00:00Z') });
    expect(r.summary.metrics['widgets.build_time.p50']).toEqual({
      value: 400,
      unit: 'ms',
      better: 'smaller',
      source: 'derived',
    });
    const chart = r.charts.find((c) => c.id === 'widgets');
    expect(chart?.png?.length).toBeGreaterThan(1000);
    expect(existsSync(join(dir, 'charts', 'widgets.png'))).toBe(true);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/Widget build time/);
  });
});
