// A cluster as recovered from labels alone: its settings (on the overlay network), its outer
// hosts (on the outer swarm's nodes) and its node containers (on each host). Nothing else is
// persisted, so this works the same after a crash or a `kill -9` of the harness.
import { connect, type Engine } from '../docker/engine.js';
import { listContainers } from '../docker/containers.js';
import { listNetworks } from '../docker/networks.js';
import { outerHostSpecs } from '../docker/outer-swarm.js';
import { clusterFilter, LABEL } from './labels.js';
import { networkName, registryName } from './names.js';
import type { ClusterInfo, NodeInfo, NodeMode, NodeRole } from './types.js';

export interface ClusterRuntime {
  info: ClusterInfo;
  network: string;
  local: Engine;
  /** Outer engines by host name, the local one first. */
  engines: Map<string, Engine>;
}

export interface NodeRecord extends NodeInfo {
  index: number;
  running: boolean;
  /** The container's state: created (never started), running, exited, paused, … */
  state: string;
}

export const IPVS_LABEL = 'swarmbench.ipvs';
/** On the overlay: whether the inner ingress was kept (as a /16) for the routing mesh. */
export const ROUTING_MESH_LABEL = 'swarmbench.routing-mesh';

export function clusterInfoFrom(name: string, labels: Record<string, string>): ClusterInfo {
  return {
    name,
    subnet: labels[LABEL.subnet] ?? '',
    nodeMode: (labels[LABEL.nodeMode] ?? 'capabilities') as NodeMode,
    ipvs: labels[IPVS_LABEL] === 'true',
    registry: `${registryName(name)}:5000`,
  };
}

/** Every outer engine swarmbench knows from the outer swarm's node labels, the local one first. */
export async function outerEngines(local: Engine): Promise<Map<string, Engine>> {
  const engines = new Map<string, Engine>([[local.name, local]]);
  for (const spec of await outerHostSpecs(local).catch(() => [])) {
    if (!engines.has(spec.name)) engines.set(spec.name, connect(spec));
  }
  return engines;
}

/** The cluster named `name`, or undefined when no overlay network labelled for it exists. */
export async function discover(local: Engine, name: string): Promise<ClusterRuntime | undefined> {
  const nets = await listNetworks(local, clusterFilter(name, 'network'));
  const net = nets.find((n) => n.name === networkName(name)) ?? nets[0];
  if (!net) return undefined;
  return { info: clusterInfoFrom(name, net.labels), network: net.name, local, engines: await outerEngines(local) };
}

/** Names of every cluster with an object on any known engine. */
export async function clusterNames(local: Engine): Promise<string[]> {
  const names = new Set<string>();
  for (const engine of (await outerEngines(local)).values()) {
    const [nets, containers] = await Promise.all([
      listNetworks(engine, clusterFilter()).catch(() => []),
      listContainers(engine, clusterFilter()).catch(() => []),
    ]);
    for (const o of [...nets, ...containers]) {
      const c = o.labels[LABEL.cluster];
      if (c) names.add(c);
    }
  }
  return [...names].sort();
}

/** Node containers of the cluster on every outer host, in ordinal order. */
export async function nodeRecords(rt: ClusterRuntime): Promise<NodeRecord[]> {
  const all: NodeRecord[] = [];
  for (const [host, engine] of rt.engines) {
    const containers = await listContainers(engine, clusterFilter(rt.info.name));
    for (const c of containers) {
      const role = c.labels[LABEL.role];
      if (role !== 'manager' && role !== 'worker') continue;
      all.push({
        name: c.name,
        role: role as NodeRole,
        host: c.labels[LABEL.host] ?? host,
        containerId: c.id,
        hollow: false,
        index: Number(c.labels[LABEL.index] ?? -1),
        running: c.state === 'running',
        state: c.state,
      });
    }
  }
  return all.sort((a, b) => a.index - b.index);
}

export function engineOf(rt: ClusterRuntime, host: string): Engine {
  const engine = rt.engines.get(host);
  if (!engine) throw new Error(`no engine known for outer host "${host}"`);
  return engine;
}
