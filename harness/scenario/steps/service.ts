// service.create / scale / update / remove: the service calls, then (unless `wait: false`) the
// wait for convergence and the measurement of what the step caused: tasks started per second,
// start-up latency of each new task, time to converge, time a rolling update took.
import { parseDuration } from '../../util/duration.js';
import { retryUntil } from '../../util/retry.js';
import { ScenarioFailure } from '../failure.js';
import {
  createService,
  inspectService,
  listServiceTasks,
  removeService,
  scaleService,
  updateService,
  type PublishedPort,
} from '../../docker/services.js';
import type { StepContext } from './context.js';
import { waitConverged } from './converge.js';
import { measureScale } from './scale-rate.js';

export interface PublishSpec {
  target: number;
  published: number;
}

export interface ServiceCreateStep {
  name: string;
  /** Logical catalog image ('alpine' | 'nginx') or a full reference. */
  image: string;
  command?: string[];
  replicas?: number;
  mode?: 'replicated' | 'global';
  env?: Record<string, string>;
  /** Service labels beside the harness's own (swarmbench.hollow.* shape hollow workers' tasks). */
  labels?: Record<string, string | number | boolean>;
  publish?: PublishSpec[];
  /** Wait until the service converged before the next step, and measure the rate. */
  wait?: boolean;
  timeout?: string | number;
  /** Per-node task limit (swarm MaxReplicas). */
  maxPerNode?: number;
  /** Which nodes may run the tasks: hollow workers only, real (dind) nodes only, or any (default). */
  on?: 'any' | 'hollow' | 'real';
}

export interface ServiceScaleStep {
  service: string;
  replicas: number;
  wait?: boolean;
  timeout?: string | number;
}

export interface ServiceUpdateStep {
  service: string;
  image?: string;
  env?: Record<string, string>;
  parallelism?: number;
  delay?: string | number;
  wait?: boolean;
  timeout?: string | number;
}

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
export const timeoutOf = (t: string | number | undefined, fallback = DEFAULT_TIMEOUT_MS) =>
  t === undefined ? fallback : (parseDuration(t) ?? fallback);

const stringValues = (m: Record<string, string | number | boolean> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, String(v)]));

/** 'alpine' and 'nginx' are the cluster's catalog images, pulled from its registry. */
export function imageFor(ctx: StepContext, image: string): string {
  return image === 'alpine' || image === 'nginx' ? ctx.cluster.imageRef(image) : image;
}

async function runningIds(ctx: StepContext, service: string): Promise<Set<string>> {
  const tasks = await listServiceTasks(await ctx.manager(), { service, desiredRunning: true });
  return new Set(tasks.filter((t) => t.state === 'running').map((t) => t.id));
}

/** Measures a pending scale window once its service converged. */
export async function settleScale(ctx: StepContext, service: string): Promise<void> {
  const pending = ctx.pending.get(service);
  if (!pending) return;
  ctx.pending.delete(service);
  const tasks = await listServiceTasks(await ctx.manager(), { service, desiredRunning: true });
  const m = measureScale(pending.before, tasks);
  if (!m) {
    // No task started (a scale down): only the harness's poll saw it converge.
    const polledMs = Date.now() - pending.startMs;
    ctx.result.converge_ms = polledMs;
    ctx.log.info(`${service}: converged in ${(polledMs / 1000).toFixed(1)} s (no new tasks)`);
    return;
  }
  // Converged when the last new task reached running, by the swarm's clock, not at the harness's
  // next look (which adds up to a poll interval; the manager shares this host's clock).
  const convergeMs = Math.max(0, m.lastRunningMs - pending.startMs);
  ctx.result.converge_ms = convergeMs;
  // When the request was sent (ms since the epoch, this host's clock): where converge_ms starts,
  // so an observer of the swarm can time the same interval (bench/observer).
  ctx.result.requested_ms = pending.startMs;
  ctx.recorder.observe('scale.converge_time', convergeMs);
  ctx.recorder.observe('scale.step_rate', m.tasksPerSecond);
  for (const l of m.latencies) ctx.recorder.observe('tasks.startup_latency', l);
  // The overall rate over every scale step: all tasks started / all time spent starting them.
  ctx.recorder.add('tasks.started', m.started);
  const started = ctx.recorder.tally('scale.started', m.started);
  const windowMs = ctx.recorder.tally('scale.window_ms', m.windowMs);
  ctx.recorder.set('scale.tasks_per_second', started / (windowMs / 1000));
  Object.assign(ctx.result, {
    tasks_started: m.started,
    tasks_per_s: Number(m.tasksPerSecond.toFixed(3)),
    window_ms: Math.round(m.windowMs),
  });
  ctx.log.info(
    `${pending.step}: ${m.started} tasks running in ${(m.windowMs / 1000).toFixed(1)} s = ${m.tasksPerSecond.toFixed(2)} tasks/s (converged after ${(convergeMs / 1000).toFixed(1)} s)`,
  );
}

async function startWindow(ctx: StepContext, service: string, step: string, index: number): Promise<void> {
  // The window starts at the request, after the look at what already runs (which takes a while
  // on a busy manager and is no part of the swarm's work).
  const before = await runningIds(ctx, service);
  ctx.pending.set(service, { step, index, startMs: Date.now(), before });
}

async function finish(
  ctx: StepContext,
  service: string,
  wait: boolean | undefined,
  timeout: string | number | undefined,
): Promise<void> {
  if (wait === false) return;
  await waitConverged(ctx, service, timeoutOf(timeout));
  await settleScale(ctx, service);
}

export async function serviceCreate(
  ctx: StepContext,
  b: ServiceCreateStep,
  step: string,
  index: number,
): Promise<void> {
  const mode = b.mode ?? 'replicated';
  const replicas = b.replicas ?? 1;
  const host = ctx.publishMode === 'host';
  const publish: PublishedPort[] = (b.publish ?? []).map((p) => ({ ...p, mode: host ? 'host' : 'ingress' }));
  if (host && publish.length > 0) {
    const workers = (await ctx.cluster.nodes()).filter((n) => n.role === 'worker' && !n.hollow).length;
    ctx.log.warn(
      `service ${b.name}: publishing in HOST mode with DNS round-robin (no IPVS, so no routing mesh): each task answers on its own node's port, so at most one task per node`,
    );
    if (mode === 'replicated' && replicas > workers) {
      ctx.log.warn(
        `service ${b.name}: ${replicas} replicas but ${workers} workers: host-mode ports allow one task per node, so ${replicas - workers} will stay pending`,
      );
    }
  }
  ctx.pending.set(b.name, { step, index, startMs: Date.now(), before: new Set() });
  await createService(await ctx.manager(), {
    name: b.name,
    image: imageFor(ctx, b.image),
    command: b.command,
    mode,
    replicas,
    env: b.env ? stringValues(b.env) : undefined,
    labels: { ...stringValues(b.labels), ...ctx.labels },
    publish,
    endpointMode: host && publish.length > 0 ? 'dnsrr' : 'vip',
    maxPerNode: b.maxPerNode,
    // Hollow workers carry the engine label hollow=true (harness/hollow); real nodes do not.
    constraints:
      b.on === 'hollow' ? ['engine.labels.hollow==true'] : b.on === 'real' ? ['engine.labels.hollow!=true'] : undefined,
  });
  ctx.services.set(b.name, {
    name: b.name,
    mode,
    replicas,
    ports: publish.map((p) => p.published),
    ...(b.on ? { on: b.on } : {}),
  });
  ctx.log.info(
    `service ${b.name} created (${mode === 'global' ? 'global' : `${replicas} replicas`}, image ${imageFor(ctx, b.image)})`,
  );
  await finish(ctx, b.name, b.wait, b.timeout);
}

export async function serviceScale(ctx: StepContext, b: ServiceScaleStep, step: string, index: number): Promise<void> {
  const svc = ctx.services.get(b.service)!;
  await startWindow(ctx, b.service, step, index);
  await scaleService(await ctx.manager(), b.service, b.replicas);
  ctx.log.info(`service ${b.service}: ${svc.replicas} -> ${b.replicas} replicas`);
  svc.replicas = b.replicas;
  await finish(ctx, b.service, b.wait, b.timeout);
}

export async function serviceUpdate(ctx: StepContext, b: ServiceUpdateStep): Promise<void> {
  const started = Date.now();
  const env = b.env ? Object.fromEntries(Object.entries(b.env).map(([k, v]) => [k, String(v)])) : undefined;
  await updateService(await ctx.manager(), b.service, {
    image: b.image ? imageFor(ctx, b.image) : undefined,
    env,
    update: { parallelism: b.parallelism ?? 1, delayMs: b.delay === undefined ? 0 : (parseDuration(b.delay) ?? 0) },
  });
  ctx.log.info(`service ${b.service}: rolling update (parallelism ${b.parallelism ?? 1}, delay ${b.delay ?? '0s'})`);
  if (b.wait === false) return;
  await waitUpdated(ctx, b.service, started, timeoutOf(b.timeout));
  await waitConverged(ctx, b.service, timeoutOf(b.timeout));
  const ms = Date.now() - started;
  ctx.recorder.observe('update.duration', ms);
  ctx.result.update_ms = ms;
  ctx.log.info(`service ${b.service}: update done in ${(ms / 1000).toFixed(1)} s`);
}

/** The update is done when the swarm says so (UpdateStatus completed), not when tasks merely run. */
async function waitUpdated(ctx: StepContext, service: string, startedMs: number, timeoutMs: number): Promise<void> {
  // A completed status from an earlier update is not this one's: its CompletedAt is older. An
  // update that changed nothing starts no rollout and never gets a status: give it 15 s.
  const d = await retryUntil(
    async () => inspectService(await ctx.manager(), service),
    (s) =>
      !s ||
      (s.updateState === undefined && Date.now() - startedMs > 15_000) ||
      (s.updateState === 'completed' && (s.updateCompletedMs ?? 0) >= startedMs - 1000) ||
      s.updateState === 'paused' ||
      (s.updateState?.startsWith('rollback') ?? false),
    {
      timeoutMs,
      intervalMs: 1000,
      signal: ctx.signal,
      onTimeout: (last) =>
        new ScenarioFailure(
          `service ${service}: rolling update not finished after ${Math.round(timeoutMs / 1000)} s (state ${last?.updateState ?? 'unknown'})`,
        ),
    },
  );
  if (d?.updateState === undefined)
    ctx.log.warn(`service ${service}: the update started no rollout (nothing changed?)`);
  else if (d.updateState !== 'completed') {
    throw new ScenarioFailure(
      `service ${service}: rolling update ended ${d.updateState}${d.updateMessage ? ` (${d.updateMessage})` : ''}`,
    );
  }
}

export async function serviceRemove(ctx: StepContext, service: string): Promise<void> {
  await removeService(await ctx.manager(), service);
  ctx.services.delete(service);
  ctx.pending.delete(service);
  ctx.log.info(`service ${service} removed`);
}
