// Services and tasks on an inner manager, for the scenario steps: create, scale, update, remove,
// inspect; the task and node lists that steps measure with come from swarm-read.ts.
// Plain objects out, so scenario/ never sees dockerode types.
import { isTransient, statusOf, tolerate, type Engine } from './engine.js';
import { withBackoff } from '../util/retry.js';
import {
  listServicesWithStatus,
  listSwarmNodes,
  listTasks,
  parseDockerTime,
  type SwarmNode,
  type TaskView,
} from './swarm-read.js';

export interface PublishedPort {
  target: number;
  published: number;
  /** 'ingress' needs the routing mesh (IPVS); 'host' publishes on the node that runs the task. */
  mode: 'ingress' | 'host';
}

export interface ServiceCreateSpec {
  name: string;
  image: string;
  command?: string[];
  mode: 'replicated' | 'global';
  replicas?: number;
  env?: Record<string, string>;
  labels?: Record<string, string>;
  publish?: PublishedPort[];
  /** 'dnsrr' avoids the IPVS virtual IP. */
  endpointMode?: 'vip' | 'dnsrr';
  maxPerNode?: number;
  /** Swarm placement constraints, e.g. "engine.labels.hollow==true". */
  constraints?: string[];
  update?: UpdateConfig;
}

export interface UpdateConfig {
  parallelism: number;
  delayMs: number;
}

export interface ServiceDetails {
  id: string;
  name: string;
  version: number;
  mode: 'replicated' | 'global';
  replicas?: number;
  image: string;
  env: Record<string, string>;
  /** "updating", "paused", "completed", "rollback_*"; undefined when never updated. */
  updateState?: string;
  updateMessage?: string;
  /** UpdateStatus.CompletedAt, ms since the epoch (NaN while updating). */
  updateCompletedMs?: number;
  publishMode?: 'ingress' | 'host';
  endpointMode?: string;
  labels: Record<string, string>;
}

/** A task as steps see it (the same view the metrics collectors read). */
export type TaskInfo = TaskView;

type RawSpec = Record<string, unknown> & {
  Name?: string;
  Labels?: Record<string, string>;
  Mode?: { Replicated?: { Replicas?: number }; Global?: object };
  TaskTemplate?: {
    ContainerSpec?: { Image?: string; Env?: string[] };
    ForceUpdate?: number;
  } & Record<string, unknown>;
  UpdateConfig?: Record<string, unknown>;
  EndpointSpec?: { Mode?: string; Ports?: { PublishMode?: string }[] };
};

interface RawService {
  ID: string;
  Version?: { Index?: number };
  Spec?: RawSpec;
  UpdateStatus?: { State?: string; Message?: string; CompletedAt?: string };
}

const envList = (env: Record<string, string> | undefined) => Object.entries(env ?? {}).map(([k, v]) => `${k}=${v}`);
const envMap = (list: string[] | undefined) =>
  Object.fromEntries(
    (list ?? []).map((e) => [
      e.slice(0, e.indexOf('=') < 0 ? e.length : e.indexOf('=')),
      e.includes('=') ? e.slice(e.indexOf('=') + 1) : '',
    ]),
  );

function updateConfig(u: UpdateConfig | undefined): Record<string, unknown> | undefined {
  if (!u) return undefined;
  return {
    Parallelism: u.parallelism,
    Delay: Math.round(u.delayMs * 1e6),
    FailureAction: 'pause',
    Order: 'stop-first',
  };
}

/** Transient engine trouble and "update out of sequence" (someone else bumped the version) are retried. */
const retryable = (err: unknown) => isTransient(err) || /out of sequence/i.test(String((err as Error)?.message ?? err));
const retry = <T>(fn: () => Promise<T>) => withBackoff(fn, { attempts: 5, initialMs: 300, retryable });

export async function createService(engine: Engine, spec: ServiceCreateSpec): Promise<string> {
  const body = {
    Name: spec.name,
    Labels: spec.labels ?? {},
    TaskTemplate: {
      ContainerSpec: { Image: spec.image, Args: spec.command, Env: envList(spec.env), Labels: spec.labels ?? {} },
      RestartPolicy: { Condition: 'any', Delay: 1e9 },
      Placement:
        spec.maxPerNode || spec.constraints?.length
          ? { MaxReplicas: spec.maxPerNode, Constraints: spec.constraints }
          : undefined,
    },
    Mode: spec.mode === 'global' ? { Global: {} } : { Replicated: { Replicas: spec.replicas ?? 1 } },
    UpdateConfig: updateConfig(spec.update),
    EndpointSpec: {
      Mode: spec.endpointMode ?? 'vip',
      Ports: (spec.publish ?? []).map((p) => ({
        Protocol: 'tcp',
        TargetPort: p.target,
        PublishedPort: p.published,
        PublishMode: p.mode,
      })),
    },
  };
  // Not retried: a create that reached the manager but lost its answer would fail as a duplicate.
  const created = (await engine.api.createService(body as never)) as unknown as { id?: string; ID?: string };
  return created.id ?? created.ID ?? '';
}

function toDetails(s: RawService): ServiceDetails {
  const spec = s.Spec ?? {};
  return {
    id: s.ID,
    name: spec.Name ?? s.ID,
    version: s.Version?.Index ?? 0,
    mode: spec.Mode?.Global ? 'global' : 'replicated',
    replicas: spec.Mode?.Replicated?.Replicas,
    image: spec.TaskTemplate?.ContainerSpec?.Image ?? '',
    env: envMap(spec.TaskTemplate?.ContainerSpec?.Env),
    updateState: s.UpdateStatus?.State,
    updateMessage: s.UpdateStatus?.Message,
    updateCompletedMs: s.UpdateStatus ? parseDockerTime(s.UpdateStatus.CompletedAt) : undefined,
    publishMode: spec.EndpointSpec?.Ports?.[0]?.PublishMode as ServiceDetails['publishMode'],
    endpointMode: spec.EndpointSpec?.Mode,
    labels: spec.Labels ?? {},
  };
}

async function inspectRaw(engine: Engine, name: string): Promise<RawService | undefined> {
  return (await retry(() => tolerate(engine.api.getService(name).inspect(), 404))) as RawService | undefined;
}

export async function inspectService(engine: Engine, name: string): Promise<ServiceDetails | undefined> {
  const raw = await inspectRaw(engine, name);
  return raw ? toDetails(raw) : undefined;
}

export async function listServices(engine: Engine): Promise<ServiceDetails[]> {
  const raw = (await retry(() => engine.api.listServices())) as unknown as RawService[];
  return raw.map(toDetails);
}

/** Reads the current spec, changes it, and writes it at the version read (retried when raced). */
async function modify(engine: Engine, name: string, change: (spec: RawSpec) => void): Promise<ServiceDetails> {
  return retry(async () => {
    const raw = await inspectRaw(engine, name);
    if (!raw?.Spec) throw Object.assign(new Error(`service ${name} does not exist`), { statusCode: 404 });
    const spec = structuredClone(raw.Spec);
    change(spec);
    await engine.api.getService(raw.ID).update({ ...spec, version: raw.Version?.Index ?? 0 } as never);
    return toDetails({ ...raw, Spec: spec });
  });
}

export async function scaleService(engine: Engine, name: string, replicas: number): Promise<ServiceDetails> {
  return modify(engine, name, (spec) => {
    spec.Mode = { Replicated: { Replicas: replicas } };
  });
}

export interface ServiceUpdate {
  image?: string;
  env?: Record<string, string>;
  update?: UpdateConfig;
}

/** A rolling update of image and/or environment (env entries are merged into the current ones). */
export async function updateService(engine: Engine, name: string, change: ServiceUpdate): Promise<ServiceDetails> {
  return modify(engine, name, (spec) => {
    const template = (spec.TaskTemplate ??= {});
    const container = (template.ContainerSpec ??= {});
    if (change.image) container.Image = change.image;
    if (change.env) container.Env = envList({ ...envMap(container.Env), ...change.env });
    if (change.update) spec.UpdateConfig = { ...(spec.UpdateConfig ?? {}), ...updateConfig(change.update) };
  });
}

export async function removeService(engine: Engine, name: string): Promise<void> {
  await retry(() => tolerate(engine.api.getService(name).remove(), 404));
}

/** Tasks of one service (or all), optionally only those the orchestrator wants running. */
export async function listServiceTasks(
  engine: Engine,
  q: { service?: string; desiredRunning?: boolean } = {},
): Promise<TaskInfo[]> {
  return retry(() =>
    listTasks(engine, {
      serviceIds: q.service ? [q.service] : undefined,
      desiredState: q.desiredRunning ? 'running' : undefined,
    }),
  );
}

export async function listNodes(engine: Engine): Promise<SwarmNode[]> {
  return retry(() => listSwarmNodes(engine));
}

/** True when the engine answered 404 for a missing service (the caller decides whether that is fine). */
export function isNotFound(err: unknown): boolean {
  return statusOf(err) === 404;
}

/** Whether the inner swarm has an ingress network (the routing mesh needs it, besides IPVS). */
export async function hasIngressNetwork(engine: Engine): Promise<boolean> {
  const nets = (await retry(() => engine.api.listNetworks({ filters: { name: ['ingress'] } }))) as {
    Name?: string;
    Ingress?: boolean;
  }[];
  return nets.some((n) => n.Name === 'ingress' || n.Ingress === true);
}

export interface ServiceCounts {
  /** ServiceStatus.RunningTasks: counts tasks on Down nodes too (until orphaned), so only a hint. */
  running: number;
  desired: number;
}

/** One cheap call for every service's counts by name; engines before API 1.41 send none (no entry). */
export async function serviceCounts(engine: Engine): Promise<Map<string, ServiceCounts>> {
  const services = await retry(() => listServicesWithStatus(engine));
  return new Map(
    services.filter((s) => s.statusKnown).map((s) => [s.name, { running: s.running, desired: s.desired }]),
  );
}
