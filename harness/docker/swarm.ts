// Swarm-mode calls that change a swarm, used for the inner swarm (through a manager's unix
// socket) and the outer swarm (through the outer engine): init, join, leave, join tokens, node
// updates and removal. What reads a swarm is in swarm-read.ts. Join tokens leave this module
// only to be passed to a join, never printed.
import { statusOf, tolerate, type Engine } from './engine.js';
import type { SwarmNode } from './swarm-read.js';

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

export async function joinSwarm(
  engine: Engine,
  opts: { remoteAddr: string; token: string; advertiseAddr?: string },
): Promise<void> {
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
  Version: { Index: number };
  Spec: { Labels?: Record<string, string> } & Record<string, unknown>;
}

export async function joinTokens(engine: Engine): Promise<JoinTokens> {
  const s = (await engine.api.swarmInspect()) as SwarmInspect;
  return { worker: s.JoinTokens.Worker, manager: s.JoinTokens.Manager };
}

export async function swarmLabels(engine: Engine): Promise<Record<string, string>> {
  const s = (await engine.api.swarmInspect()) as SwarmInspect;
  return s.Spec.Labels ?? {};
}

/** The settings of a swarm's spec that change the managers' load. */
export interface SwarmSettings {
  dispatcherHeartbeatMs: number;
  snapshotInterval: number;
  taskHistoryLimit: number;
}

interface SettingsSpec {
  Dispatcher?: { HeartbeatPeriod?: number };
  Raft?: { SnapshotInterval?: number };
  Orchestration?: { TaskHistoryRetentionLimit?: number };
}

export async function swarmSettings(engine: Engine): Promise<SwarmSettings> {
  const spec = ((await engine.api.swarmInspect()) as SwarmInspect).Spec as SettingsSpec;
  return {
    // The spec holds nanoseconds.
    dispatcherHeartbeatMs: (spec.Dispatcher?.HeartbeatPeriod ?? 5e9) / 1e6,
    snapshotInterval: spec.Raft?.SnapshotInterval ?? 10_000,
    taskHistoryLimit: spec.Orchestration?.TaskHistoryRetentionLimit ?? 5,
  };
}

/** Changes those settings (as `docker swarm update --dispatcher-heartbeat … --snapshot-interval …
 *  --task-history-limit …`), the rest of the spec sent back as it was. */
export async function updateSwarmSettings(engine: Engine, change: Partial<SwarmSettings>): Promise<void> {
  await updateSwarmSpec(engine, (spec) => {
    const s = spec as SettingsSpec & Record<string, unknown>;
    if (change.dispatcherHeartbeatMs !== undefined)
      s.Dispatcher = { ...s.Dispatcher, HeartbeatPeriod: Math.round(change.dispatcherHeartbeatMs * 1e6) };
    if (change.snapshotInterval !== undefined) s.Raft = { ...s.Raft, SnapshotInterval: change.snapshotInterval };
    if (change.taskHistoryLimit !== undefined)
      s.Orchestration = { ...s.Orchestration, TaskHistoryRetentionLimit: change.taskHistoryLimit };
    return s;
  });
}

/** Adds labels to the swarm's own spec (as `docker swarm update --label-add`), the rest of the
 *  spec sent back as it was; retries on a stale version ("update out of sequence"). */
export async function updateSwarmLabels(engine: Engine, labels: Record<string, string>): Promise<void> {
  await updateSwarmSpec(engine, (spec) => ({ ...spec, Labels: { ...(spec.Labels ?? {}), ...labels } }));
}

/** Sends the swarm's spec back changed; retries on a stale version ("update out of sequence"). */
async function updateSwarmSpec(
  engine: Engine,
  change: (spec: SwarmInspect['Spec']) => SwarmInspect['Spec'],
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const s = (await engine.api.swarmInspect()) as SwarmInspect;
    try {
      await engine.api.swarmUpdate({ version: s.Version.Index, ...change(structuredClone(s.Spec)) });
      return;
    } catch (err) {
      const msg = err instanceof Error ? err.message : '';
      if (attempt < 3 && msg.includes('out of sequence')) continue;
      throw err;
    }
  }
}

interface RawNode {
  Version: { Index: number };
  Spec: { Role: SwarmNode['role']; Availability: SwarmNode['availability']; Labels?: Record<string, string> };
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

/** Removes a swarm network (e.g. the inner `ingress` right after init); gone counts as done. */
export async function removeSwarmNetwork(engine: Engine, name: string): Promise<void> {
  try {
    await engine.api.getNetwork(name).remove();
  } catch (err) {
    if (statusOf(err) !== 404) throw err;
  }
}
