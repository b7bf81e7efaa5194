// InfluxDB stopped in the middle of a run and started again: afterwards InfluxDB holds, per
// measurement, exactly as many points as metrics.lp.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeLines } from '../../../harness/metrics/line-protocol.js';
import { Measurement } from '../../../harness/metrics/measurements.js';
import { MetricsSession, SPOOL_FILE } from '../../../harness/metrics/session.js';
import { influxClient } from '../../../harness/metrics/sinks/influx.js';
import type { InfluxTarget } from '../../../harness/metrics/influx-config.js';
import { TestInfluxd } from './influxd.js';

let root: string;
let influxd: TestInfluxd;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 't-mx-influx-'));
  influxd = await TestInfluxd.create(join(root, 'influxd'));
  await influxd.start();
});

afterAll(async () => {
  await influxd?.stop('SIGKILL');
  if (root) await rm(root, { recursive: true, force: true });
});

async function until(what: string, cond: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not reached within ${timeoutMs} ms`);
}

async function countInInflux(target: InfluxTarget, measurement: string): Promise<number> {
  const rows = await influxClient(target).query(`SELECT * FROM "${measurement}"`);
  return rows.length;
}

/** A run-like load: every second a few services, nodes and tasks, two tasks per ms collision. */
function recordSecond(s: MetricsSession, second: number): void {
  const t = Date.now();
  for (const service of ['web', 'top']) {
    s.record({
      measurement: Measurement.service,
      tags: { service, mode: 'replicated' },
      fields: { desired: 10, running: second, pending: 1 },
      intFields: ['desired', 'running', 'pending'],
      timeMs: t,
    });
    for (let i = 0; i < 3; i++) {
      // same running time for all three: only unique point times keep them apart in InfluxDB
      s.record({
        measurement: Measurement.task,
        tags: { service },
        fields: {
          task: `${service}-${second}-${i}`,
          node: 'n1',
          latency_ms: 1234.5,
          created_ms: t - 1234.5,
          running_ms: t,
        },
        timeMs: t,
      });
    }
  }
  s.record({
    measurement: Measurement.nodes,
    tags: {},
    fields: { ready: 3, down: 0, unknown: 0, managers: 1, workers: 2, hollow: 0, leader: 'abc' },
    intFields: ['ready', 'down', 'unknown', 'managers', 'workers', 'hollow'],
    timeMs: t,
  });
}

describe.sequential('InfluxDB down and back during a run', () => {
  it('ends with the same points per measurement in InfluxDB as in metrics.lp', async () => {
    const runDir = join(root, 'run');
    const target: InfluxTarget = { url: influxd.url, database: 't_mx_down_and_back' };
    const session = await MetricsSession.start({
      runDir,
      runId: 't-mx-run',
      scenario: 'influx-down',
      influx: target,
      tickMs: 250,
    });
    let second = 0;
    const load = setInterval(() => recordSecond(session, second++), 100);
    try {
      session.setStep('before', 0);
      await until(
        'points in InfluxDB',
        async () => (await countInInflux(target, Measurement.task).catch(() => 0)) > 10,
      );

      await influxd.stop('SIGKILL');
      session.setStep('influx-down', 1);
      session.mark('influxdb killed');
      const spool = join(runDir, SPOOL_FILE);
      await until(
        'points waiting in the spool',
        async () => (await stat(spool).catch(() => ({ size: 0 }))).size > 10_000,
      );

      await influxd.start();
      session.setStep('after', 2);
      session.mark('influxdb back');
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      clearInterval(load);
    }
    const result = await session.stop();

    expect(result.influx?.outages).toBeGreaterThanOrEqual(1);
    expect(result.influx?.unsent).toBe(0);
    expect(result.influx?.rejected).toBe(0);

    const points = decodeLines(await readFile(result.files.lineProtocol, 'utf8'));
    const inFile = new Map<string, number>();
    for (const p of points) inFile.set(p.measurement, (inFile.get(p.measurement) ?? 0) + 1);
    expect(inFile.get(Measurement.task)).toBeGreaterThan(30);
    expect(inFile.get(Measurement.step)).toBe(6);
    expect(Object.fromEntries(inFile)).toEqual(result.points);

    const inInflux: Record<string, number> = {};
    for (const m of inFile.keys()) inInflux[m] = await countInInflux(target, m);
    expect(inInflux).toEqual(Object.fromEntries(inFile));

    // every point carries run, scenario and step
    expect(points.every((p) => p.tags.run === 't-mx-run' && p.tags.scenario === 'influx-down' && p.tags.step)).toBe(
      true,
    );
    expect(new Set(points.filter((p) => p.measurement === Measurement.task).map((p) => p.tags.step))).toEqual(
      new Set(['before', 'influx-down', 'after']),
    );
  });

  it('spools from the start when InfluxDB is not up yet, and sends everything once it is', async () => {
    await influxd.stop('SIGKILL');
    const runDir = join(root, 'run-late');
    const target: InfluxTarget = { url: influxd.url, database: 't_mx_late' };
    const session = await MetricsSession.start({
      runDir,
      runId: 't-mx-late',
      scenario: 'influx-late',
      influx: target,
      tickMs: 250,
    });
    session.setStep('only', 0);
    for (let i = 0; i < 5; i++) recordSecond(session, i);
    await until(
      'points waiting in the spool',
      async () => (await stat(join(runDir, SPOOL_FILE)).catch(() => ({ size: 0 }))).size > 1000,
    );
    await influxd.start();
    for (let i = 5; i < 10; i++) recordSecond(session, i);
    const result = await session.stop();
    expect(result.influx?.unsent).toBe(0);
    const inFile = decodeLines(await readFile(result.files.lineProtocol, 'utf8'));
    const counts: Record<string, number> = {};
    for (const p of inFile) counts[p.measurement] = (counts[p.measurement] ?? 0) + 1;
    const inInflux: Record<string, number> = {};
    for (const m of Object.keys(counts)) inInflux[m] = await countInInflux(target, m);
    expect(inInflux).toEqual(counts);
    expect(counts[Measurement.task]).toBe(60);
  });

  it('counts lines InfluxDB refuses (a field type conflict) instead of retrying them forever', async () => {
    const runDir = join(root, 'run-conflict');
    const target: InfluxTarget = { url: influxd.url, database: 't_mx_conflict' };
    const session = await MetricsSession.start({
      runDir,
      runId: 't-mx-conflict',
      scenario: 'conflict',
      influx: target,
      tickMs: 250,
      // Only the test's own points: no harness or host collector.
      collect: { harness: false, host: false },
    });
    const t = Date.now();
    session.record({ measurement: 'x', tags: {}, fields: { v: 1 }, intFields: ['v'], timeMs: t });
    await new Promise((r) => setTimeout(r, 600));
    session.record({ measurement: 'x', tags: {}, fields: { v: 'text' }, timeMs: t + 1 });
    session.record({ measurement: 'x', tags: {}, fields: { v: 2 }, intFields: ['v'], timeMs: t + 2 });
    const result = await session.stop();
    expect(result.influx).toMatchObject({ sent: 2, rejected: 1, unsent: 0 });
    expect(await countInInflux(target, 'x')).toBe(2);
  });
});
