// up --hollow end to end (issue 7): 3 real nodes + 50 hollow workers Ready, a service placed on
// hollow workers converges and the run's metrics count exactly its running tasks, killing 10% of
// the hollow workers makes the manager reschedule, and down leaves no node, process or object.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../../harness/docker/engine.js';
import { createService } from '../../../harness/docker/services.js';
import { listSwarmNodes } from '../../../harness/docker/swarm-read.js';
import { listTasks } from '../../../harness/docker/swarm-read.js';
import { down, status, up, type StartedCluster } from '../../../harness/cluster/index.js';
import { hollowStateDir } from '../../../harness/cluster/hollow.js';
import { MetricsSession } from '../../../harness/metrics/session.js';
import { retryUntil } from '../../../harness/util/retry.js';
import { labelledObjects } from './support.js';

const NAME = 't-hwire-a';
const HOLLOW = 50;
const REPLICAS = 100;
const local = connect();

/** Tasks meant to run that run on a Ready node (what "converged" means when nodes die). */
async function runningOnReady(
  cluster: StartedCluster,
  serviceId: string,
): Promise<{ running: number; wanted: number }> {
  const mgr = await cluster.manager();
  const ready = new Set((await listSwarmNodes(mgr)).filter((n) => n.state === 'ready').map((n) => n.id));
  const wanted = (await listTasks(mgr, { serviceIds: [serviceId], desiredState: 'running' })).filter(
    (t) => t.nodeId && ready.has(t.nodeId),
  );
  return { running: wanted.filter((t) => t.state === 'running').length, wanted: wanted.length };
}

describe.sequential('up --hollow', () => {
  let cluster: StartedCluster | undefined;
  let serviceId = '';

  afterAll(async () => {
    await cluster?.close();
    await down(NAME, { keepOuterSwarm: true });
  }, 300_000);

  it('brings 3 real nodes and 50 hollow workers Ready, counted apart', async () => {
    await down(NAME, { keepOuterSwarm: true }); // a leftover of an interrupted run
    cluster = await up({ cluster: NAME, nodes: 3, managers: 1, hollow: HOLLOW, nodeMode: 'capabilities' });
    expect(cluster.report.ready).toBe(3 + HOLLOW);
    expect(cluster.report.hollow?.ready).toBe(HOLLOW);
    const s = await status(NAME, { memory: false });
    expect(s.nodes.ready).toBe(3);
    expect(s.hollow.ready).toBe(HOLLOW);
    expect(s.hollow.processes).toBeGreaterThan(0);
    expect((await cluster.nodes()).filter((n) => n.hollow)).toHaveLength(HOLLOW);
  }, 300_000);

  it('a service on hollow workers converges and the metrics count exactly its running tasks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hwire-'));
    const metrics = await MetricsSession.start({
      runDir: dir,
      runId: 'hwire',
      scenario: 'hwire',
      cluster,
      collect: { resources: false },
    });
    const mgr = await cluster!.manager();
    serviceId = await createService(mgr, {
      name: 'hwire-top',
      image: cluster!.imageRef('alpine'),
      command: ['top'],
      constraints: ['engine.labels.hollow==true'],
      mode: 'replicated',
      replicas: REPLICAS,
    });
    await retryUntil(
      () => runningOnReady(cluster!, serviceId),
      (c) => c.running === REPLICAS && c.wanted === REPLICAS,
      {
        timeoutMs: 180_000,
        intervalMs: 1000,
        onTimeout: (c) => new Error(`not converged: ${JSON.stringify(c)}`),
      },
    );
    await new Promise((r) => setTimeout(r, 6000)); // at least one hollow_sim sample and a service point after convergence
    await metrics.stop();
    const lp = readFileSync(join(dir, 'metrics.lp'), 'utf8').split('\n');
    const last = lp.filter((l) => l.startsWith('swarm_service,')).at(-1) ?? '';
    expect(last).toMatch(new RegExp(`[ ,]running=${REPLICAS}i`));
    expect(lp.some((l) => l.startsWith('hollow_sim,'))).toBe(true);
  }, 300_000);

  it('killing 10% of the hollow workers: the manager marks them Down and the service converges again', async () => {
    const victims = (await cluster!.nodes()).filter((n) => n.hollow).slice(0, HOLLOW / 10);
    await cluster!.chaos('kill', victims);
    const ids = new Set(victims.map((v) => v.nodeId));
    await retryUntil(
      async () =>
        (await listSwarmNodes(await cluster!.manager())).filter((n) => ids.has(n.id) && n.state === 'down').length,
      (d) => d === victims.length,
      {
        timeoutMs: 120_000,
        intervalMs: 1000,
        onTimeout: (d) => new Error(`${d}/${victims.length} killed hollow workers marked Down`),
      },
    );
    await retryUntil(
      () => runningOnReady(cluster!, serviceId),
      (c) => c.running === REPLICAS && c.wanted === REPLICAS,
      {
        timeoutMs: 180_000,
        intervalMs: 1000,
        onTimeout: (c) => new Error(`not converged again: ${JSON.stringify(c)}`),
      },
    );
  }, 300_000);

  it('down leaves no hollow process, state, container, volume or network', async () => {
    await cluster!.close();
    cluster = undefined;
    await down(NAME, { keepOuterSwarm: true });
    expect(await labelledObjects(local, NAME)).toEqual({ containers: 0, volumes: 0, networks: 0 });
    expect(existsSync(hollowStateDir(NAME))).toBe(false);
    const { execFileSync } = await import('node:child_process');
    const procs = execFileSync('ps', ['-eo', 'args'])
      .toString()
      .split('\n')
      .filter((l) => l.includes(`${hollowStateDir(NAME)}/hollow/`));
    expect(procs).toEqual([]);
  }, 300_000);
});
