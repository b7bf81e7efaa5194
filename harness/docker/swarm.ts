// Swarm-mode calls on one engine, used for the inner swarm (through a manager's unix socket)
// and the outer swarm (through the outer engine): init, join tokens, node list and updates,
// services and tasks. Join tokens leave this module only to be passed to a join, never printed.
import { statusOf, tolerate, type Engine } from './engine.js';

export type LocalNodeState = 'inactive' | 'pending' | 'active' | 'error' | 'locked';

export interface SwarmState {
  localNodeState: LocalNodeState;
  nodeId: string;
  nodeAddr: string;
  controlAvailable: boolean;
  error: string;
  /** Manager addresses this engine knows, "ip:2377". */
  remoteManagers: string[];
}

export interface SwarmNode {
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  availability: 'active' | 'pause' | 'drain';
  state: 'unknown' | 'down' | 'ready' | 'disconnected';
  addr: string;
  leader: boolean;
  reachability?: string;
  labels: Record<string, string>;
  /** The engine's own labels as the node reported them (hollow workers carry hollow=true). */
  engineLabels: Record<string, string>;
  version: number;
}

export interface JoinTokens {
  worker: string;
  manager: string;
}

export async function swarmState(engine: Engine): Promise<SwarmState> {
  const info = await engine.api.info();
  const s = info.Swarm ?? {};
  return {
    localNodeState: (s.LocalNodeState ?? 'inactive') as LocalNodeState,
    nodeId: s.NodeID ?? '',
    nodeAddr: s.NodeAddr ?? '',
    controlAvailable: !!s.ControlAvailable,
    error: s.Error ?? '',
    remoteManagers: ((s.RemoteManagers ?? []) as { Addr: string }[]).map((m) => m.Addr),
  };
}

export async function initSwarm(
  engine: Engine,
  opts: { advertiseAddr: string; labels?: Record<string, string>; heartbeatSeconds?: number },
): Promise<void> {
  await engine.api.swarmInit({
    ListenAddr: '0.0.0.0:2377',
    AdvertiseAddr: opts.advertiseAddr,
    Spec: {
      Labels: opts.labels ?? {},
      Dispatcher: opts.heartbeatSeconds ? { HeartbeatPeriod: opts.heartbeatSeconds * 1e9 } : undefined,
    },
  });
}

export async function joinSwarm(engine: Engine, opts: { remoteAddr: string; token: string; advertiseAddr?: string }): Promise<void> {
  await engine.api.swarmJoin({
    ListenAddr: '0.0.0.0:2377',
    AdvertiseAddr: opts.advertiseAddr,
    RemoteAddrs: [opts.remoteAddr],
    JoinToken: opts.token,
  });
}

export async function leaveSwarm(engine: Engine): Promise<void> {
  await tolerate(engine.api.swarmLeave({ force: true }), 503);
}

interface SwarmInspect {
  JoinTokens: { Worker: string; Manager: string };
  Spec: { Labels?: Record<string, string> };
}

export async function joinTokens(engine: Engine): Promise<JoinTokens> {
  const s = (await engine.api.swarmInspect()) as SwarmInspect;
  return { worker: s.JoinTokens.Worker, manager: s.JoinTokens.Manager };
}

export async function swarmLabels(engine: Engine): Promise<Record<string, string>> {
  const s = (await engine.api.swarmInspect()) as SwarmInspect;
  return s.Spec.Labels ?? {};
}

interface RawNode {
  ID: string;
  Version: { Index: number };
  Spec: { Role: 'manager' | 'worker'; Availability: SwarmNode['availability']; Labels?: Record<string, string> };
  Description?: { Hostname?: string; Engine?: { Labels?: Record<string, string> } };
  Status: { State: SwarmNode['state']; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string };
}

export async function listSwarmNodes(engine: Engine): Promise<SwarmNode[]> {
  const raw = (await engine.api.listNodes()) as RawNode[];
  return raw.map((n) => ({
    id: n.ID,
    hostname: n.Description?.Hostname ?? '',
    role: n.Spec.Role,
    availability: n.Spec.Availability,
    state: n.Status.State,
    addr: n.Status.Addr ?? '',
    leader: !!n.ManagerStatus?.Leader,
    reachability: n.ManagerStatus?.Reachability,
    labels: n.Spec.Labels ?? {},
    engineLabels: n.Description?.Engine?.Labels ?? {},
    version: n.Version.Index,
  }));
}

/** Updates a node's availability, role or labels; retries once on a stale version (409/500 "update out of sequence"). */
export async function updateSwarmNode(
  engine: Engine,
  nodeId: string,
  change: { availability?: SwarmNode['availability']; role?: SwarmNode['role']; labels?: Record<string, string> },
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const node = engine.api.getNode(nodeId);
    const cur = (await node.inspect()) as RawNode;
    const spec = {
      ...cur.Spec,
      Availability: change.availability ?? cur.Spec.Availability,
      Role: change.role ?? cur.Spec.Role,
      Labels: { ...(cur.Spec.Labels ?? {}), ...(change.labels ?? {}) },
    };
    try {
      await node.update({ version: cur.Version.Index, ...spec });
      return;
    } catch (err) {
      const msg = err instanceof Error ? err.message : '';
      if (attempt < 3 && msg.includes('out of sequence')) continue;
      throw err;
    }
  }
}

/** Tasks meant to run (desired state running) on the given nodes. */
export async function tasksDesiredRunning(engine: Engine, nodeIds: string[]): Promise<number> {
  if (nodeIds.length === 0) return 0;
  const tasks = (await engine.api.listTasks({ filters: { 'desired-state': ['running'], node: nodeIds } })) as unknown[];
  return tasks.length;
}

export async function removeSwarmNode(engine: Engine, nodeId: string): Promise<void> {
  await tolerate(engine.api.getNode(nodeId).remove({ force: true }), 404);
}

export interface ServiceTally {
  id: string;
  name: string;
  desired: number;
  running: number;
}

interface RawService {
  ID: string;
  Spec: { Name: string; Mode?: { Replicated?: { Replicas?: number }; Global?: object } };
}
interface RawTask {
  ServiceID: string;
  NodeID?: string;
  DesiredState: string;
  Status: { State: string };
}

/**
 * Services with running/desired tasks, counted from the task list (desired running, status
 * running, node ready) because `service ls` counts tasks on Down nodes as running (HOST-NOTES).
 */
export async function serviceTallies(engine: Engine): Promise<ServiceTally[]> {
  const [services, tasks, nodes] = await Promise.all([
    engine.api.listServices() as Promise<RawService[]>,
    engine.api.listTasks({ filters: { 'desired-state': ['running'] } }) as Promise<RawTask[]>,
    listSwarmNodes(engine),
  ]);
  const ready = new Set(nodes.filter((n) => n.state === 'ready').map((n) => n.id));
  return services.map((s) => {
    const mine = tasks.filter((t) => t.ServiceID === s.ID);
    const running = mine.filter((t) => t.Status.State === 'running' && t.NodeID && ready.has(t.NodeID)).length;
    const desired = s.Spec.Mode?.Replicated ? (s.Spec.Mode.Replicated.Replicas ?? 0) : mine.length;
    return { id: s.ID, name: s.Spec.Name, desired, running };
  });
}

/** Removes a swarm network (e.g. the inner `ingress` right after init); gone counts as done. */
export async function removeSwarmNetwork(engine: Engine, name: string): Promise<void> {
  try {
    await engine.api.getNetwork(name).remove();
  } catch (err) {
    if (statusOf(err) !== 404) throw err;
  }
}
