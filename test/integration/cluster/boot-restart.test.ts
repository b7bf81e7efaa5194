// A node's inner engine dies while it boots (as dockerd does on a starved CPU: "timeout waiting
// for containerd to start"): `up` boots it again and still ends with every node Ready, and says
// how many boots it repeated. The engines are killed through the kernel (SIGKILL to each new
// node's dockerd, PID 1 of its container) the moment its container runs.
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../../harness/docker/engine.js';
import { inspectContainer, listContainers } from '../../../harness/docker/containers.js';
import { listSwarmNodes } from '../../../harness/docker/swarm-read.js';
import { clusterFilter } from '../../../harness/cluster/labels.js';
import { down, up } from '../../../harness/cluster/index.js';

const NAME = 't-cl-reboot';
const local = connect();
const nodeMode = process.env.SWARMBENCH_NODE_MODE === 'privileged' ? 'privileged' : 'capabilities';

/**
 * Kills the engines named in `plan` (node → how many of its boots to kill) each time one of their
 * boots runs, through the kernel; resolves to what it killed ("node-1 pid 123").
 */
function killEnginesAsTheyBoot(plan: Record<string, number>): { stop(): void; killed: string[] } {
  const killed: string[] = [];
  const pids = new Set<number>();
  const left = new Map(Object.entries(plan).map(([n, k]) => [`${NAME}-${n}`, k]));
  let stopped = false;
  const loop = async () => {
    while (!stopped && [...left.values()].some((k) => k > 0)) {
      const nodes = await listContainers(local, clusterFilter(NAME)).catch(() => []);
      for (const c of nodes.filter((n) => (left.get(n.name) ?? 0) > 0 && n.state === 'running')) {
        const d = await inspectContainer(local, c.id);
        if (!d?.running || !d.pid || pids.has(d.pid)) continue;
        process.kill(d.pid, 'SIGKILL');
        pids.add(d.pid);
        left.set(c.name, left.get(c.name)! - 1);
        killed.push(`${c.name} pid ${d.pid}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  void loop();
  return { stop: () => void (stopped = true), killed };
}

describe.sequential('a node whose engine dies while booting', () => {
  afterAll(async () => {
    await down(NAME, { keepOuterSwarm: true });
  }, 300_000);

  it('is booted again (restarted, then recreated), and up ends with every node Ready and says how many boots it repeated', async () => {
    await down(NAME, { keepOuterSwarm: true });
    // node-1 dies in its first two boots (restart, then a clean volume), node-2 in its first.
    const killer = killEnginesAsTheyBoot({ 'node-1': 2, 'node-2': 1 });
    let cluster;
    try {
      cluster = await up({ cluster: NAME, nodes: 4, managers: 1, nodeMode });
    } finally {
      killer.stop();
    }
    try {
      expect(killer.killed).toHaveLength(3);
      expect(cluster.report.failed).toEqual([]);
      expect(cluster.report.restarted).toBe(3);
      const nodes = await listSwarmNodes(await cluster.manager());
      expect(
        nodes
          .filter((n) => n.state === 'ready')
          .map((n) => n.hostname)
          .sort(),
      ).toEqual([0, 1, 2, 3].map((i) => `${NAME}-node-${i}`));
      // The pace saw the failures: each narrowed the boots of this host (or it was already at its floor).
      const boots = cluster.report.pace!.boots[0]!;
      expect(boots.failed).toBe(3);
    } finally {
      await cluster.close();
    }
  }, 300_000);
});
