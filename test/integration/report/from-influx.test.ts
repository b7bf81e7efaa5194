// `report --from-influx`: the points of a run read back from a real (private) influxd give the
// same summary as metrics.lp, tags and integer fields included.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildReports, pointsFromInflux } from '../../../harness/report/index.js';
import { TestInfluxd } from '../metrics/influxd.js';
import { writeFixtureRun } from '../../fixtures/report/make-run.js';

const root = mkdtempSync(join(tmpdir(), 'swarmbench-from-influx-'));

describe.sequential('report --from-influx', () => {
  let influx: TestInfluxd;
  let runId: string;

  beforeAll(async () => {
    influx = await TestInfluxd.create(join(root, 'influxd'));
    await influx.start();
    runId = writeFixtureRun(join(root, 'run'), { kind: 'chaos', seed: 11 }).id;
    const q = await fetch(`${influx.url}/query`, {
      method: 'POST',
      body: new URLSearchParams({ q: 'CREATE DATABASE swarmbench' }),
    });
    expect(q.ok).toBe(true);
    const lp = readFileSync(join(root, 'run', 'metrics.lp'), 'utf8');
    const w = await fetch(`${influx.url}/write?db=swarmbench&precision=ms`, { method: 'POST', body: lp });
    expect(w.status).toBe(204);
  });

  afterAll(async () => {
    await influx?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('the same points and the same summary as from metrics.lp', async () => {
    const fromFile = await buildReports(join(root, 'run'), { now: new Date(0) });
    const points = await pointsFromInflux({ url: `${influx.url}/swarmbench`, runId, env: {} });
    const lines = readFileSync(join(root, 'run', 'metrics.lp'), 'utf8')
      .trim()
      .split('\n');
    expect(points).toHaveLength(lines.length);
    const fromDb = await buildReports(join(root, 'run'), { points, pointsSource: 'influxdb', now: new Date(0) });
    expect(fromDb.summary.data.source).toBe('influxdb');
    expect(fromDb.summary.metrics).toEqual(fromFile.summary.metrics);
    expect(fromDb.summary.chaos).toEqual(fromFile.summary.chaos);
    expect(fromDb.summary.data.pointsByMeasurement).toEqual(fromFile.summary.data.pointsByMeasurement);
  });

  test('an unknown database is an infrastructure error that names the target, not a crash', async () => {
    await expect(pointsFromInflux({ url: `${influx.url}/nosuchdb`, runId, env: {} })).rejects.toThrow(
      /database nosuchdb|database not found/,
    );
  });
});
