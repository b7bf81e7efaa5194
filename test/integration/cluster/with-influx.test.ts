// `up --with-influx` starts InfluxDB for the cluster and `down` removes it only when it was
// started for that cluster: a second cluster that found it running merely uses it.
import { afterAll, describe, expect, it } from 'vitest';
import { down } from '../../../harness/cluster/index.js';
import { clusterInfluxUrl } from '../../../harness/cluster/influx.js';
import { listContainers, removeContainer } from '../../../harness/docker/containers.js';
import { connect } from '../../../harness/docker/engine.js';
import { INFLUX_LABELS } from '../../../harness/docker/influx-container.js';
import { removeVolume } from '../../../harness/docker/volumes.js';
import { freePort } from '../metrics/influxd.js';
import { runCli } from '../scenario/support.js';

const A = `t-wi-${process.pid}-a`;
const B = `t-wi-${process.pid}-b`;
const local = connect();
let port = 0;
const containerName = () => `swarmbench-influxdb-${port}`;

async function influxContainers() {
  return (await listContainers(local, INFLUX_LABELS)).filter((c) => c.name === containerName());
}

async function up(cluster: string, nodes: number) {
  const r = await runCli([
    'up',
    '--cluster',
    cluster,
    '--nodes',
    String(nodes),
    '--with-influx',
    '--influx-port',
    String(port),
  ]);
  if (r.code !== 0) process.stderr.write(`--- up ${cluster} stderr ---\n${r.stderr}\n`);
  expect(r.code).toBe(0);
  return r.stdout;
}

describe.sequential('up --with-influx', () => {
  afterAll(async () => {
    for (const c of [A, B]) await down(c, { keepOuterSwarm: true }).catch(() => undefined);
    for (const c of await influxContainers().catch(() => [])) await removeContainer(local, c.id).catch(() => undefined);
    await removeVolume(local, containerName()).catch(() => undefined);
  }, 300_000);

  it('starts InfluxDB for the cluster and run finds its URL', { timeout: 400_000 }, async () => {
    port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    expect(await up(A, 2)).toContain(`influxdb: ${url} (started for cluster ${A}`);
    expect((await fetch(`${url}/ping`)).status).toBe(204);
    const [c] = await influxContainers();
    expect(c?.labels['swarmbench.cluster']).toBe(A);
    expect(await clusterInfluxUrl(local, A)).toBe(url);
  });

  it('a second cluster uses the running InfluxDB and its down leaves it', { timeout: 400_000 }, async () => {
    expect(await up(B, 1)).toContain('already running, not started for this cluster');
    expect(await clusterInfluxUrl(local, B)).toBeUndefined();
    await down(B, { keepOuterSwarm: true });
    expect(await influxContainers()).toHaveLength(1);
  });

  it('down of the cluster it was started for removes it', { timeout: 300_000 }, async () => {
    await down(A, { keepOuterSwarm: true });
    expect(await influxContainers()).toHaveLength(0);
  });
});
