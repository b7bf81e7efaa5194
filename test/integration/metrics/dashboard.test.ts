// Every query of the Grafana dashboard runs against a real InfluxDB filled by a metrics session
// (and, for the panels across runs, run_summary points as `run --influx` writes them) and returns
// data, so the dashboard and the documented measurements cannot drift apart.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runSummaryPoint, sendRunSummaries } from '../../../harness/history/influx.js';
import type { HistoryRun } from '../../../harness/history/runs.js';
import { Measurement } from '../../../harness/metrics/measurements.js';
import { headlineMetricNames, metricDef } from '../../../harness/metrics/registry.js';
import { silentLogger } from '../../../harness/util/log.js';
import { MetricsSession } from '../../../harness/metrics/session.js';
import { influxClient } from '../../../harness/metrics/sinks/influx.js';
import { TestInfluxd } from './influxd.js';

let root: string;
let influxd: TestInfluxd;
const target = () => ({ url: influxd.url, database: 't_mx_dashboard' });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 't-mx-dash-'));
  influxd = await TestInfluxd.create(join(root, 'influxd'));
  await influxd.start();
  const s = await MetricsSession.start({
    runDir: join(root, 'run'),
    runId: 't-mx-dash',
    scenario: 'dash',
    influx: target(),
    tickMs: 200,
  });
  s.setStep('scale', 0);
  const t0 = Date.now() - 20_000;
  for (let i = 0; i < 20; i++) {
    const t = t0 + i * 1000;
    const tags = { service: 'top', mode: 'replicated' };
    s.record({
      measurement: Measurement.service,
      tags,
      fields: {
        desired: 20,
        running: i,
        pending: 20 - i,
        assigned: 0,
        preparing: 0,
        starting: 0,
        failed: 0,
        shutdown: 0,
      },
      intFields: ['desired', 'running', 'pending', 'assigned', 'preparing', 'starting', 'failed', 'shutdown'],
      timeMs: t,
    });
    s.record({
      measurement: Measurement.rate,
      tags: { service: 'top' },
      fields: { running_per_s: 1, running: i },
      intFields: ['running'],
      timeMs: t,
    });
    s.record({
      measurement: Measurement.task,
      tags: { service: 'top' },
      fields: { task: `t${i}`, node: 'n', latency_ms: 500 + i, created_ms: t - 500 - i, running_ms: t },
      timeMs: t,
    });
    for (const role of ['manager', 'worker'])
      s.record({
        measurement: Measurement.nodeResources,
        tags: { node: `n-${role}`, role, host: 'local' },
        fields: { cpu_percent: 3, mem_bytes: 50e6 },
        intFields: ['mem_bytes'],
        timeMs: t,
      });
    s.record({
      measurement: Measurement.hostResources,
      tags: { host: 'local' },
      fields: { cpu_percent: 6, mem_bytes: 100e6, nodes: 2, engine_cpu_percent: 9, engine_mem_bytes: 200e6 },
      intFields: ['mem_bytes', 'nodes', 'engine_mem_bytes'],
      timeMs: t,
    });
    s.record({
      measurement: Measurement.nodes,
      tags: {},
      fields: { ready: 2, down: 0, unknown: 0, managers: 1, workers: 1, hollow: 0, drained: 1, leader: 'abc' },
      intFields: ['ready', 'down', 'unknown', 'managers', 'workers', 'hollow', 'drained'],
      timeMs: t,
    });
  }
  s.record({
    measurement: Measurement.leader,
    tags: {},
    fields: { leader: 'abc', previous: '', hostname: 'n' },
    timeMs: t0,
  });
  s.mark('half');
  await new Promise((r) => setTimeout(r, 1500)); // the harness collector ticks a few times
  await s.stop();
  // Two runs of the scenario across runs: one alone, one repeated (medians with intervals), with
  // every headline metric.
  const run = (id: string, startMs: number, repetitions: number): HistoryRun => ({
    id,
    dir: '',
    startMs,
    repetitions,
    verdict: 'pass',
    nodes: 2,
    params: '{}',
    fresh: true,
    metrics: Object.fromEntries(
      headlineMetricNames().map((name, i) => {
        const d = metricDef(name)!;
        const value = 10 + i;
        const interval = repetitions > 1 ? { interval: { low: value - 1, high: value + 1, coverage: 0.75 } } : {};
        return [name, { value, unit: d.unit, better: d.better, ...interval }];
      }),
    ),
  });
  const points = [
    runSummaryPoint(run('t-mx-dash', t0, 1), { scenario: 'dash', cluster: 'c', kind: 'single' }),
    runSummaryPoint(run('t-mx-dash-x3', t0 + 5000, 3), { scenario: 'dash', cluster: 'c', kind: 'repetitions' }),
  ];
  expect(await sendRunSummaries(target(), points, silentLogger)).toBe(2);
});

afterAll(async () => {
  await influxd?.stop('SIGKILL');
  if (root) await rm(root, { recursive: true, force: true });
});

interface Target {
  query: string;
}
interface Panel {
  title: string;
  targets?: Target[];
  /** A collapsed row's panels. */
  panels?: Panel[];
}

describe.sequential('Grafana dashboard', () => {
  it('has queries that all return data from a run', async () => {
    const dash = JSON.parse(await readFile('grafana/dashboards/swarmbench.json', 'utf8')) as {
      panels: Panel[];
      annotations: { list: Target[] };
      templating: { list: (Target & { name: string })[] };
    };
    const client = influxClient(target());
    const fill = (q: string) =>
      q
        .replaceAll('$run', 't-mx-dash')
        .replaceAll('$scenario', 'dash')
        .replaceAll('$timeFilter', 'time > now() - 1h')
        .replaceAll('$__interval', '1s');
    const variable = async (name: string) =>
      (await client.query(fill(dash.templating.list.find((v) => v.name === name)!.query))).map(
        (r) => (r as { value?: string }).value,
      );
    expect(await variable('run')).toContain('t-mx-dash');
    expect(await variable('scenario')).toContain('dash');
    const empty: string[] = [];
    const panels = dash.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
    expect(panels.filter((p) => p.targets?.some((t) => t.query.includes('"run_summary"')))).toHaveLength(
      headlineMetricNames().length,
    );
    for (const p of panels) {
      for (const t of p.targets ?? []) {
        const rows = await client.query(fill(t.query));
        if (rows.length === 0) empty.push(`${p.title}: ${t.query}`);
      }
    }
    for (const a of dash.annotations.list)
      if ((await client.query(fill(a.query))).length === 0) empty.push(`annotation: ${a.query}`);
    expect(empty).toEqual([]);
  });

  it('is provisioned by the compose file with its data source', async () => {
    const compose = parse(await readFile('docker-compose.yml', 'utf8')) as {
      services: Record<string, { image: string; profiles?: string[]; volumes?: string[] }>;
    };
    expect(compose.services.influxdb?.image).toBe('swarmbench/influxdb:latest');
    expect(compose.services.grafana?.profiles).toEqual(['grafana']);
    expect(compose.services.grafana?.volumes).toContain('./grafana/dashboards:/var/lib/grafana/dashboards:ro');
    const ds = parse(await readFile('grafana/provisioning/datasources/influxdb.yaml', 'utf8')) as {
      datasources: { uid: string; url: string }[];
    };
    expect(ds.datasources[0]).toMatchObject({ uid: 'swarmbench-influxdb', url: 'http://influxdb:8086' });
  });
});
