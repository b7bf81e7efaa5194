// The "done when": `swarmbench run alpine-top-scale --influx URL` fills InfluxDB with the
// documented measurements, and metrics.lp holds the same points. A small run (3 nodes, 10 tasks)
// on a cluster of its own, against an influxd of its own.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeLines } from '../../../harness/metrics/line-protocol.js';
import { Measurement } from '../../../harness/metrics/measurements.js';
import { influxClient } from '../../../harness/metrics/sinks/influx.js';
import { TestInfluxd } from './influxd.js';

const cluster = `t-mx-run-${process.pid}`;
let root: string;
let influxd: TestInfluxd;

function cli(args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const p = spawn('node', ['bin/swarmbench.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    p.stdout.on('data', (d) => (output += d));
    p.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => p.kill('SIGINT'), timeoutMs);
    p.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 't-mx-run-'));
  influxd = await TestInfluxd.create(join(root, 'influxd'));
  await influxd.start();
});

afterAll(async () => {
  await cli(['down', '--cluster', cluster, '--keep-outer-swarm', '--progress', 'none'], 300_000);
  await influxd?.stop('SIGKILL');
  if (root) await rm(root, { recursive: true, force: true });
}, 400_000);

describe.sequential('run alpine-top-scale --influx', () => {
  it('fills InfluxDB with the documented measurements, the same points as metrics.lp', async () => {
    const out = join(root, 'run');
    const r = await cli(
      [
        'run',
        'alpine-top-scale',
        '--set',
        'replicas=10',
        '--set',
        'steps=2',
        '--set',
        'settle=3s',
        '--nodes',
        '3',
        '--cluster',
        cluster,
        '--influx',
        `${influxd.url}/t_mx_run`,
        '--out',
        out,
        '--progress',
        'plain',
      ],
      900_000,
    );
    expect(r.code, r.output.slice(-3000)).toBe(0);

    const points = decodeLines(await readFile(join(out, 'metrics.lp'), 'utf8'));
    const inFile: Record<string, number> = {};
    for (const p of points) inFile[p.measurement] = (inFile[p.measurement] ?? 0) + 1;
    for (const m of [
      Measurement.service,
      Measurement.rate,
      Measurement.task,
      Measurement.nodes,
      Measurement.leader,
      Measurement.nodeResources,
      Measurement.hostResources,
      Measurement.harness,
      Measurement.step,
      Measurement.mark,
    ]) {
      expect(inFile[m], `${m} in metrics.lp`).toBeGreaterThan(0);
    }
    expect(inFile[Measurement.task]).toBe(10);

    const client = influxClient({ url: influxd.url, database: 't_mx_run' });
    const inInflux: Record<string, number> = {};
    for (const m of Object.keys(inFile)) inInflux[m] = (await client.query(`SELECT * FROM "${m}"`)).length;
    expect(inInflux).toEqual(inFile);

    const roles = new Set(points.filter((p) => p.measurement === Measurement.nodeResources).map((p) => p.tags.role));
    expect(roles).toEqual(new Set(['manager', 'worker']));
    const summary = JSON.parse(await readFile(join(out, 'run.json'), 'utf8')) as {
      metrics: Record<string, { value: number }>;
    };
    expect(summary.metrics['tasks.started']?.value).toBe(10);
    expect(summary.metrics['tasks.startup_latency.p99']?.value).toBeGreaterThan(0);
    expect(summary.metrics['manager.cpu_percent.mean']).toBeDefined();
  });
});
