// `status`: what a performance engineer checks before and after a run: outer hosts, nodes
// Ready/Down/Unknown, managers and the leader, services with running/desired tasks, memory
// per node, and whether the neighbour-table tuning took inside the nodes.
import pLimit from 'p-limit';
import type { Engine } from '../docker/engine.js';
import { listContainers } from '../docker/containers.js';
import { findCgroup, oneShotStats, readCgroup } from '../docker/stats.js';
import { execIn } from '../docker/exec.js';
import { listSwarmNodes, serviceTallies, type ServiceTally } from '../docker/swarm-read.js';
import { Cluster } from './handle.js';
import { hollowStateDir } from './hollow.js';
import { hollowStats } from '../hollow/lifecycle.js';
import { clusterFilter } from './labels.js';
import { nodeRecords, type ClusterRuntime } from './runtime.js';

export interface ClusterStatus {
  name: string;
  subnet: string;
  nodeMode: string;
  ipvs: boolean;
  registry: string;
  hosts: { name: string; url: string; nodes: number }[];
  nodes: { containers: number; running: number; ready: number; down: number; unknown: number };
  /** Hollow workers (engine label hollow=true), counted apart from the dind nodes above. */
  hollow: { ready: number; down: number; unknown: number; processes: number };
  managers: { name: string; leader: boolean; reachability?: string; state: string }[];
  services: ServiceTally[];
  memory: { name: string; host: string; bytes?: number }[];
  registryRunning: boolean;
  /** What the node entrypoint wrote about raising gc_thresh1/2/3 (read from one node). */
  neighbourTable?: string;
  /** Why the inner swarm could not be read, when it could not. */
  managerError?: string;
}

export async function clusterStatus(rt: ClusterRuntime, opts: { memory?: boolean } = {}): Promise<ClusterStatus> {
  const records = await nodeRecords(rt);
  const status: ClusterStatus = {
    name: rt.info.name,
    subnet: rt.info.subnet,
    nodeMode: rt.info.nodeMode,
    ipvs: rt.info.ipvs,
    registry: rt.info.registry,
    hosts: [...rt.engines.values()].map((e) => ({
      name: e.name,
      url: e.spec.url,
      nodes: records.filter((r) => r.host === e.name).length,
    })),
    nodes: {
      containers: records.length,
      running: records.filter((r) => r.running).length,
      ready: 0,
      down: 0,
      unknown: 0,
    },
    hollow: { ready: 0, down: 0, unknown: 0, processes: 0 },
    managers: [],
    services: [],
    memory: [],
    registryRunning: (await listContainers(rt.local, clusterFilter(rt.info.name, 'registry'))).some(
      (c) => c.state === 'running',
    ),
  };
  const cluster = new Cluster(rt);
  let leader: Engine | undefined;
  try {
    leader = await cluster.manager();
  } catch (err) {
    status.managerError = err instanceof Error ? err.message : String(err);
  }
  if (leader) {
    const nodes = await listSwarmNodes(leader);
    for (const n of nodes) {
      const counts = n.hollow ? status.hollow : status.nodes;
      if (n.state === 'ready') counts.ready++;
      else if (n.state === 'down') counts.down++;
      else counts.unknown++;
      if (n.role === 'manager')
        status.managers.push({ name: n.hostname, leader: n.leader, reachability: n.reachability, state: n.state });
    }
    status.services = await serviceTallies(leader);
  }
  status.hollow.processes = (await hollowStats(hollowStateDir(rt.info.name)).catch(() => undefined))?.length ?? 0;
  if (opts.memory !== false) {
    const limit = pLimit(8);
    status.memory = await Promise.all(
      records.map((r) =>
        limit(async () => ({
          name: r.name,
          host: r.host,
          bytes: r.running ? await nodeMemory(rt.engines.get(r.host)!, r.containerId) : undefined,
        })),
      ),
    );
  }
  const probeNode = records.find((r) => r.running);
  if (probeNode) {
    const res = await execIn(
      rt.engines.get(probeNode.host)!,
      probeNode.containerId,
      ['cat', '/run/swarmbench/sysctl.status'],
      { timeoutMs: 10_000 },
    ).catch(() => undefined);
    status.neighbourTable =
      res && res.exitCode === 0 ? res.output.trim() : 'unknown (the node wrote no /run/swarmbench/sysctl.status)';
  }
  return status;
}

/** Memory of a node container: from its cgroup files when they are on this machine (the engine's
 * stats API reports nothing on some nested hosts), else from the engine. */
async function nodeMemory(engine: Engine, id: string): Promise<number | undefined> {
  const cgroup = await findCgroup(id);
  const sample = cgroup ? await readCgroup(cgroup) : await oneShotStats(engine, id).catch(() => undefined);
  return sample?.memBytes || undefined;
}
