// up / status / nodes add / nodes remove / down against the real engine, with a 3-node cluster.
import { afterAll, describe, expect, it } from 'vitest';
import { inspectContainer } from '../../../harness/docker/containers.js';
import { connect } from '../../../harness/docker/engine.js';
import { createService } from '../../../harness/docker/services.js';
import { listSwarmNodes, serviceTallies } from '../../../harness/docker/swarm-read.js';
import { down, open, status, up, type StartedCluster } from '../../../harness/cluster/index.js';
import { retryUntil } from '../../../harness/util/retry.js';
import { createLogger } from '../../../harness/util/log.js';
import { InfrastructureError } from '../../../harness/errors.js';
import { labelledObjects } from './support.js';

const NAME = 't-cl-life';
const local = connect();

describe.sequential('cluster lifecycle', () => {
  let cluster: StartedCluster | undefined;

  afterAll(async () => {
    await cluster?.close();
    await down(NAME, { keepOuterSwarm: true });
  }, 300_000);

  it('up brings 3 nodes Ready, one drained manager', async () => {
    cluster = await up({
      cluster: NAME,
      nodes: 3,
      managers: 1,
      nodeMode: process.env.SWARMBENCH_NODE_MODE === 'privileged' ? 'privileged' : 'capabilities',
    });
    expect(cluster.report.ready).toBe(3);
    expect(cluster.report.failed).toEqual([]);
    const nodes = await listSwarmNodes(await cluster.manager());
    expect(nodes.filter((n) => n.state === 'ready')).toHaveLength(3);
    const managers = nodes.filter((n) => n.role === 'manager');
    expect(managers).toHaveLength(1);
    expect(managers[0]!.availability).toBe('drain');
    expect(nodes.map((n) => n.hostname).sort()).toEqual([`${NAME}-node-0`, `${NAME}-node-1`, `${NAME}-node-2`]);
  }, 300_000);

  it('inner nodes pull workload images from the cluster registry', async () => {
    const mgr = await cluster!.manager();
    await createService(mgr, {
      name: 't-cl-life-top',
      image: cluster!.imageRef('alpine'),
      mode: 'replicated',
      replicas: 2,
    });
    const tallies = await retryUntil(
      () => serviceTallies(mgr),
      (t) => t[0]?.running === 2,
      {
        timeoutMs: 180_000,
        intervalMs: 1000,
        onTimeout: (t) => new Error(`service not converged: ${JSON.stringify(t)}`),
      },
    );
    expect(tallies[0]!.running).toBe(2);
  }, 240_000);

  it('status reports nodes, leader, services and neighbour-table tuning', async () => {
    const s = await status(NAME);
    expect(s.nodes).toMatchObject({ containers: 3, running: 3, ready: 3, down: 0 });
    expect(s.managers.filter((m) => m.leader)).toHaveLength(1);
    expect(s.services[0]).toMatchObject({ name: 't-cl-life-top', running: 2, desired: 2 });
    expect(s.memory.every((m) => (m.bytes ?? 0) > 0)).toBe(true);
    expect(s.neighbourTable).toBeTruthy();
    expect(s.registryRunning).toBe(true);
    expect(JSON.stringify(s)).not.toMatch(/SWMTKN/);
  }, 120_000);

  it('up again with the same N changes nothing', async () => {
    const again = await up({ cluster: NAME, nodes: 3 });
    expect(again.report.added).toBe(0);
    expect(again.report.ready).toBe(3);
    const fewer = await up({ cluster: NAME, nodes: 2 });
    expect(fewer.report.added).toBe(0);
    expect(fewer.report.note).toMatch(/has 3 nodes, more than 2; nothing changed/);
    expect((await fewer.nodes()).length).toBe(3);
  }, 120_000);

  it('nodes add grows the swarm', async () => {
    const handle = await open(NAME);
    const added = await handle.addNodes(1);
    expect(added.map((n) => n.name)).toEqual([`${NAME}-node-3`]);
    const nodes = await listSwarmNodes(await handle.manager());
    expect(nodes.filter((n) => n.state === 'ready')).toHaveLength(4);
  }, 300_000);

  it('nodes remove --drain shrinks it and deletes the node', async () => {
    const handle = await open(NAME);
    const removed = await handle.removeNodes(1, { drain: true });
    expect(removed.map((n) => n.name)).toEqual([`${NAME}-node-3`]);
    const nodes = await listSwarmNodes(await handle.manager());
    expect(nodes.map((n) => n.hostname)).not.toContain(`${NAME}-node-3`);
    expect((await handle.nodes()).map((n) => n.name)).not.toContain(`${NAME}-node-3`);
    expect((await labelledObjects(local, NAME)).volumes).toBe(3);
  }, 300_000);

  it('chaos: a restarted worker comes back Ready; a timed pause is undone by close()', async () => {
    const handle = await open(NAME);
    const worker = (await handle.nodes()).find((n) => n.role === 'worker')!;
    await handle.chaos('restart', [worker]);
    const mgr = await handle.manager();
    await retryUntil(
      () => listSwarmNodes(mgr),
      (nodes) => nodes.filter((n) => n.state === 'ready').length === 3,
      {
        timeoutMs: 120_000,
        intervalMs: 1000,
        onTimeout: (nodes) =>
          new Error(`not all Ready after restart: ${JSON.stringify(nodes?.map((n) => [n.hostname, n.state]))}`),
      },
    );
    await handle.chaos('pause', [worker], { durationMs: 600_000 });
    expect((await inspectContainer(local, worker.containerId))?.paused).toBe(true);
    await handle.close();
    expect((await inspectContainer(local, worker.containerId))?.paused).toBe(false);
  }, 300_000);

  it('a node that cannot come up is named with its last log lines and removed; the cluster is untouched', async () => {
    const warnings: string[] = [];
    const log = createLogger({ mode: 'plain', stream: { write: (t: string) => (warnings.push(t), true) } });
    // A deadline already past: the node starts, then is given up on before it may join.
    const handle = await open(NAME, { log, settings: { nodeTimeoutMs: 1 } });
    const err = await handle.grow(1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfrastructureError);
    const text = warnings.join('');
    expect(text).toMatch(new RegExp(`node ${NAME}-node-\\d+ on local gave up: did not join before its deadline`));
    expect(text).toContain('last log lines');
    expect((await handle.nodes()).map((n) => n.role)).toEqual(['manager', 'worker', 'worker']);
    const nodes = await listSwarmNodes(await handle.manager());
    expect(nodes.filter((n) => n.state === 'ready')).toHaveLength(3);
    expect(nodes).toHaveLength(3);
  }, 300_000);

  it('down leaves nothing labelled for the cluster', async () => {
    const report = await down(NAME, { keepOuterSwarm: true });
    expect(report.containers).toBe(4); // 3 nodes + registry
    // The nodes run on this machine's engine, so all three were stopped together through the kernel.
    expect(report.nodesKilled).toEqual({ kernel: 3, engine: 0 });
    expect(await labelledObjects(local, NAME)).toEqual({ containers: 0, volumes: 0, networks: 0 });
    cluster = undefined;
  }, 300_000);
});
