// Read-only views of the inner swarm, for the metrics collectors and the scenario steps: services
// with their task counts, tasks of chosen services, and nodes. One engine call each, with the narrowest filters
// the API offers, so the collectors cost the manager as little as possible. Returns plain
// objects so metrics/ never sees dockerode types.
import type { Engine } from './engine.js';

export interface ServiceView {
  id: string;
  name: string;
  mode: 'replicated' | 'global';
  /** Spec replicas (replicated services only). */
  replicas?: number;
  /** ServiceStatus (API >= 1.41 with ?status=true): tasks running / desired. */
  running: number;
  desired: number;
  /** UpdateStatus.State when an update is in progress or finished ("updating", "completed", …). */
  updateState?: string;
}

export type TaskState =
  | 'new' | 'allocated' | 'pending' | 'assigned' | 'accepted' | 'preparing' | 'ready' | 'starting'
  | 'running' | 'complete' | 'shutdown' | 'failed' | 'rejected' | 'remove' | 'orphaned';

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

export interface SwarmNodeView {
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  availability: string;
  /** Status.State: ready, down, unknown, disconnected. */
  state: string;
  leader: boolean;
  /** A hollow worker (engine label hollow=true): simulated, no containers. */
  hollow: boolean;
  /** Status.Addr: the address the node reports to the manager. */
  addr: string;
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
  UpdatedAt?: string;
  Description?: { Hostname?: string; Engine?: { Labels?: Record<string, string> } };
  Spec?: { Role?: string; Availability?: string };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean };
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

/** GET /nodes: every node's role, availability, state and the leader flag. */
export async function listSwarmNodes(engine: Engine): Promise<SwarmNodeView[]> {
  const raw = (await engine.api.listNodes()) as RawNode[];
  return raw.map((n) => ({
    id: n.ID,
    hostname: n.Description?.Hostname ?? n.ID,
    role: n.Spec?.Role === 'manager' ? 'manager' : 'worker',
    availability: n.Spec?.Availability ?? 'active',
    state: n.Status?.State ?? 'unknown',
    leader: n.ManagerStatus?.Leader === true,
    hollow: n.Description?.Engine?.Labels?.hollow === 'true',
    addr: n.Status?.Addr ?? '',
    updatedMs: parseDockerTime(n.UpdatedAt),
  }));
}
