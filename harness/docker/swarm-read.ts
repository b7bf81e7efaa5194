// Read-only views of a swarm, for every module that looks at one (cluster/, metrics/, scenario
// steps): services with their task counts, tasks of chosen services, and nodes. One engine call
// each, with the narrowest filters the API offers, so the collectors cost the manager as little
// as possible. Returns plain objects so no other module sees dockerode types.
import type { Engine } from './engine.js';

export interface ServiceView {
  id: string;
  name: string;
  mode: 'replicated' | 'global';
  /** Spec replicas (replicated services only). */
  replicas?: number;
  /**
   * ServiceStatus (API >= 1.41 with ?status=true): tasks running / desired. Running counts tasks
   * on Down nodes too until they are orphaned (HOST-NOTES), so it can only prove non-convergence.
   */
  running: number;
  desired: number;
  /** False when the engine sent no ServiceStatus (API < 1.41): running and desired are guesses. */
  statusKnown: boolean;
  /** UpdateStatus.State when an update is in progress or finished ("updating", "completed", …). */
  updateState?: string;
}

export type TaskState =
  | 'new'
  | 'allocated'
  | 'pending'
  | 'assigned'
  | 'accepted'
  | 'preparing'
  | 'ready'
  | 'starting'
  | 'running'
  | 'complete'
  | 'shutdown'
  | 'failed'
  | 'rejected'
  | 'remove'
  | 'orphaned';

export interface TaskView {
  id: string;
  serviceId: string;
  nodeId?: string;
  slot?: number;
  desiredState: string;
  state: TaskState;
  /** Task CreatedAt, set by the manager (ms since the epoch, sub-ms kept). */
  createdMs: number;
  /** Status.Timestamp: when the task entered its current state, as reported by its node. */
  statusMs: number;
  error?: string;
}

export interface SwarmNode {
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  availability: 'active' | 'pause' | 'drain';
  /** Status.State: ready, down, unknown, disconnected. */
  state: 'unknown' | 'down' | 'ready' | 'disconnected';
  leader: boolean;
  /** ManagerStatus.Reachability of a manager: reachable, unreachable, unknown. */
  reachability?: string;
  /** Status.Addr: the address the node reports to the manager. */
  addr: string;
  /** Node labels (Spec.Labels), set through the manager. */
  labels: Record<string, string>;
  /** The engine's own labels as the node reported them (hollow workers carry hollow=true). */
  engineLabels: Record<string, string>;
  /** A hollow worker (engine label hollow=true): simulated, no containers. */
  hollow: boolean;
  /** Version.Index: what an update must quote. */
  version: number;
  /** UpdatedAt: the manager's time of the last change to the node (a state change among them). */
  updatedMs: number;
}

/** Docker timestamps carry nanoseconds; Date.parse keeps only ms, so the fraction is added back. */
export function parseDockerTime(s: string | undefined): number {
  if (!s) return Number.NaN;
  const m = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(s);
  if (!m) return Date.parse(s);
  const base = Date.parse(`${m[1]}${m[3]}`);
  if (s.startsWith('0001-01-01')) return Number.NaN;
  return base + (m[2] ? Number(m[2]) * 1000 : 0);
}

interface RawService {
  ID: string;
  Spec?: { Name?: string; Mode?: { Replicated?: { Replicas?: number }; Global?: object } };
  ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number };
  UpdateStatus?: { State?: string };
}

interface RawTask {
  ID: string;
  ServiceID: string;
  NodeID?: string;
  Slot?: number;
  DesiredState?: string;
  CreatedAt?: string;
  Status?: { State?: string; Timestamp?: string; Err?: string };
}

interface RawNode {
  ID: string;
  Version?: { Index?: number };
  UpdatedAt?: string;
  Description?: { Hostname?: string; Engine?: { Labels?: Record<string, string> } };
  Spec?: { Role?: string; Availability?: SwarmNode['availability']; Labels?: Record<string, string> };
  Status?: { State?: SwarmNode['state']; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string };
}

/** GET /services?status=true: every service with running/desired counts in one call. */
export async function listServicesWithStatus(engine: Engine): Promise<ServiceView[]> {
  const raw = (await engine.api.listServices({ status: true } as never)) as unknown as RawService[];
  return raw.map((s) => ({
    id: s.ID,
    name: s.Spec?.Name ?? s.ID,
    mode: s.Spec?.Mode?.Global ? 'global' : 'replicated',
    replicas: s.Spec?.Mode?.Replicated?.Replicas,
    running: s.ServiceStatus?.RunningTasks ?? 0,
    desired: s.ServiceStatus?.DesiredTasks ?? s.Spec?.Mode?.Replicated?.Replicas ?? 0,
    statusKnown: s.ServiceStatus?.RunningTasks !== undefined,
    updateState: s.UpdateStatus?.State,
  }));
}

export interface TaskQuery {
  serviceIds?: string[];
  desiredState?: 'running' | 'shutdown' | 'accepted';
}

/** GET /tasks with service and desired-state filters (the API cannot filter on current state). */
export async function listTasks(engine: Engine, q: TaskQuery = {}): Promise<TaskView[]> {
  const filters: Record<string, string[]> = {};
  if (q.serviceIds && q.serviceIds.length > 0) filters.service = q.serviceIds;
  if (q.desiredState) filters['desired-state'] = [q.desiredState];
  const raw = (await engine.api.listTasks({ filters: JSON.stringify(filters) })) as RawTask[];
  return raw.map(toTaskView);
}

export function toTaskView(t: RawTask): TaskView {
  return {
    id: t.ID,
    serviceId: t.ServiceID,
    nodeId: t.NodeID || undefined,
    slot: t.Slot,
    desiredState: t.DesiredState ?? '',
    state: (t.Status?.State ?? 'new') as TaskState,
    createdMs: parseDockerTime(t.CreatedAt),
    statusMs: parseDockerTime(t.Status?.Timestamp),
    error: t.Status?.Err || undefined,
  };
}

/** GET /nodes: every node's role, availability, state, labels and the leader flag. */
export async function listSwarmNodes(engine: Engine): Promise<SwarmNode[]> {
  const raw = (await engine.api.listNodes()) as RawNode[];
  return raw.map((n) => {
    const engineLabels = n.Description?.Engine?.Labels ?? {};
    return {
      id: n.ID,
      hostname: n.Description?.Hostname ?? n.ID,
      role: n.Spec?.Role === 'manager' ? 'manager' : 'worker',
      availability: n.Spec?.Availability ?? 'active',
      state: n.Status?.State ?? 'unknown',
      leader: n.ManagerStatus?.Leader === true,
      reachability: n.ManagerStatus?.Reachability,
      addr: n.Status?.Addr ?? '',
      labels: n.Spec?.Labels ?? {},
      engineLabels,
      hollow: engineLabels.hollow === 'true',
      version: n.Version?.Index ?? 0,
      updatedMs: parseDockerTime(n.UpdatedAt),
    };
  });
}

export interface ServiceTally {
  id: string;
  name: string;
  desired: number;
  running: number;
}

/**
 * Services with running/desired tasks, counted from the task list (desired running, status
 * running, node Ready) because the swarm's own count keeps tasks on Down nodes as running
 * (HOST-NOTES). Three calls: for `status` and tests, not for a per-second collector.
 */
export async function serviceTallies(engine: Engine): Promise<ServiceTally[]> {
  const [services, tasks, nodes] = await Promise.all([
    listServicesWithStatus(engine),
    listTasks(engine, { desiredState: 'running' }),
    listSwarmNodes(engine),
  ]);
  const ready = new Set(nodes.filter((n) => n.state === 'ready').map((n) => n.id));
  return services.map((s) => {
    const mine = tasks.filter((t) => t.serviceId === s.id);
    const running = mine.filter((t) => t.state === 'running' && t.nodeId && ready.has(t.nodeId)).length;
    const desired = s.mode === 'replicated' ? (s.replicas ?? 0) : mine.length;
    return { id: s.id, name: s.name, desired, running };
  });
}
