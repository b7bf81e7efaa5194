// InfluxDB from the image catalog as a container (what `up --with-influx` starts): it answers,
// and a metrics session fills it with the same points as metrics.lp.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../../harness/docker/engine.js';
import { removeContainer } from '../../../harness/docker/containers.js';
import { ensureInfluxContainer } from '../../../harness/docker/influx-container.js';
import { removeVolume } from '../../../harness/docker/volumes.js';
import { decodeLines } from '../../../harness/metrics/line-protocol.js';
import { MetricsSession } from '../../../harness/metrics/session.js';
import { influxClient } from '../../../harness/metrics/sinks/influx.js';
import { freePort } from './influxd.js';

const engine = connect();
const name = `t-mx-influxdb-${process.pid}`;
const volume = `t-mx-influx-${process.pid}`;
let id: string | undefined;
let dir: string | undefined;

afterAll(async () => {
  if (id) await removeContainer(engine, id).catch(() => undefined);
  await removeVolume(engine, volume).catch(() => undefined);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.sequential('InfluxDB container', () => {
  it("starts from the catalog image and takes a session's points", async () => {
    const port = await freePort();
    const c = await ensureInfluxContainer(engine, { name, volume, port });
    id = c.id;
    expect(c.created).toBe(true);
    expect((await ensureInfluxContainer(engine, { name, volume, port })).created).toBe(false);

    dir = await mkdtemp(join(tmpdir(), 't-mx-influxc-'));
    const target = { url: c.url, database: 't_mx_container' };
    const s = await MetricsSession.start({
      runDir: dir,
      runId: 't-mx-c',
      scenario: 'container',
      influx: target,
      tickMs: 200,
    });
    s.setStep('only', 0);
    for (let i = 0; i < 50; i++)
      s.record({
        measurement: 'swarm_task_status',
        tags: { service: 'x' },
        fields: { task: `t${i}`, latency_ms: i, created_ms: 1_700_000_000_000 - i, running_ms: 1_700_000_000_000 },
        timeMs: 1_700_000_000_000,
      });
    await new Promise((r) => setTimeout(r, 600));
    const r = await s.stop();
    expect(r.influx?.unsent).toBe(0);
    const inFile = decodeLines(await readFile(r.files.lineProtocol, 'utf8')).filter(
      (p) => p.measurement === 'swarm_task_status',
    ).length;
    const rows = await influxClient(target).query('SELECT * FROM "swarm_task_status"');
    expect(inFile).toBe(50);
    expect(rows.length).toBe(50);
  });
});
