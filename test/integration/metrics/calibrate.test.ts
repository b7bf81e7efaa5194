// `calibrate` against the real engine: containers start, a rate comes out, nothing is left behind.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../../harness/docker/engine.js';
import { listContainers } from '../../../harness/docker/containers.js';
import { listImages } from '../../../harness/docker/images.js';
import { removeLabelled } from '../../../harness/docker/start-rate.js';
import { calibrate, readCalibration, writeCalibration } from '../../../harness/metrics/calibrate.js';

const engine = connect();
const runId = `t-mx-cal-${process.pid}`;
const labels = { 'swarmbench.role': 'calibrate', 'swarmbench.run': runId };

afterAll(async () => {
  await removeLabelled(engine, labels).catch(() => undefined);
});

describe.sequential('calibrate', () => {
  it('measures the start rate of the local engine and removes its containers', async () => {
    const images = await listImages(engine, 'swarmbench/alpine:latest');
    if (images.length === 0)
      throw new Error('swarmbench/alpine:latest is missing: run `swarmbench images build` (npm run setup) first');
    const result = await calibrate([engine], { image: 'swarmbench/alpine:latest', count: 8, concurrency: 4, runId });
    const h = result.hosts.local!;
    expect(h.started).toBe(8);
    expect(h.failed).toBe(0);
    expect(h.containersPerSecond).toBeGreaterThan(0);
    expect(h.startLatencyMs?.count).toBe(8);
    expect(await listContainers(engine, labels)).toEqual([]);

    const dir = await mkdtemp(join(tmpdir(), 't-mx-cal-'));
    try {
      await writeCalibration(join(dir, 'c.json'), result);
      expect((await readCalibration(join(dir, 'c.json')))?.hosts.local?.started).toBe(8);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
