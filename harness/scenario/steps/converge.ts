// Convergence, counted the way the swarm's own `service ls` does not: a task counts as running
// only when its desired and current state are running AND its node is Ready (tasks on a Down
// node stay "running" in the API until they are orphaned, 24 h later).
import { listNodes, listServiceTasks, serviceCounts, type TaskInfo } from '../../docker/services.js';
import type { SwarmNode } from '../../docker/swarm-read.js';
import { ScenarioFailure } from '../failure.js';
import { retryUntil } from '../../util/retry.js';
import type { KnownService, StepContext } from './context.js';

export interface Convergence {
  service: string;
  desired: number;
  running: number;
  converged: boolean;
}

/** Whether the service's placement (`on: hollow | real`, a constraint on the engine label) lets
 *  its tasks run on the node. */
const placedOn = (svc: KnownService, n: SwarmNode) =>
  svc.on === 'hollow' ? n.hollow : svc.on === 'real' ? !n.hollow : true;

/** Pure: how far one service is, from its tasks and the node list. */
export function convergenceOf(svc: KnownService, tasks: readonly TaskInfo[], nodes: readonly SwarmNode[]): Convergence {
  const ready = new Set(nodes.filter((n) => n.state === 'ready').map((n) => n.id));
  const wanted = tasks.filter((t) => t.desiredState === 'running');
  const running = wanted.filter((t) => t.state === 'running' && t.nodeId !== undefined && ready.has(t.nodeId)).length;
  // A global service placed on hollow workers runs no task on the manager or the real workers:
  // counting them would leave it forever short of converged.
  const eligible = nodes.filter((n) => n.state === 'ready' && n.availability === 'active' && placedOn(svc, n)).length;
  const desired = svc.mode === 'global' ? eligible : svc.replicas;
  // Converged: every desired task runs, and nothing else is still starting or being replaced.
  const converged = running === desired && wanted.length === running;
  return { service: svc.name, desired, running, converged };
}

export interface Snapshot {
  at: number;
  nodes: SwarmNode[];
  tasks: Map<string, TaskInfo[]>;
  states: Convergence[];
}

/** One look at the swarm: nodes plus the desired-running tasks of the given services. */
export async function snapshot(ctx: StepContext, services: KnownService[]): Promise<Snapshot> {
  const engine = await ctx.manager();
  const nodes = await listNodes(engine);
  const tasks = new Map<string, TaskInfo[]>();
  const states: Convergence[] = [];
  for (const svc of services) {
    const t = await listServiceTasks(engine, { service: svc.name, desiredRunning: true });
    tasks.set(svc.name, t);
    states.push(convergenceOf(svc, t, nodes));
  }
  return { at: Date.now(), nodes, tasks, states };
}

export function describeStates(states: Convergence[]): string {
  return states.map((s) => `${s.service} ${s.running}/${s.desired} running`).join(', ');
}

export function servicesFor(ctx: StepContext, name: string): KnownService[] {
  if (name === 'all') return [...ctx.services.values()];
  const svc = ctx.services.get(name);
  return svc ? [svc] : [];
}

/**
 * A not-converged snapshot from service counts alone, or undefined when only the task list can
 * tell. The swarm's running count also holds tasks left RUNNING on nodes that went Down (until
 * they are orphaned), so it over-counts: it can prove that too few tasks run, never that enough do.
 */
export async function cheapLook(ctx: StepContext, services: KnownService[]): Promise<Snapshot | undefined> {
  const counts = await serviceCounts(await ctx.manager()).catch(() => undefined);
  if (!counts || services.some((svc) => !counts.has(svc.name))) return undefined;
  const states: Convergence[] = services.map((svc) => {
    const c = counts.get(svc.name)!;
    const desired = svc.mode === 'global' ? c.desired : svc.replicas;
    return { service: svc.name, desired, running: c.running, converged: c.running >= desired };
  });
  if (states.every((s) => s.converged)) return undefined;
  return { at: Date.now(), nodes: [], tasks: new Map(), states };
}

/** Polls until every named service converged; the timeout message says how far each got. */
export async function waitConverged(ctx: StepContext, name: string, timeoutMs: number): Promise<Snapshot> {
  const services = servicesFor(ctx, name);
  const desired = services.reduce((a, s) => a + s.replicas, 0);
  // Big services make big task lists: ask less often so the measurement does not load the manager.
  const intervalMs = desired > 5000 ? 5000 : desired > 1000 ? 2000 : 1000;
  return retryUntil(
    async () => {
      // The task list of a big service is megabytes: ask for it only when the cheap counts say
      // every task runs, and let the task list (with node states) have the last word.
      const hint = await cheapLook(ctx, services);
      const s = hint ?? (await snapshot(ctx, services));
      ctx.log.progress(describeStates(s.states));
      return s;
    },
    (s) => s.states.every((c) => c.converged),
    {
      timeoutMs,
      intervalMs,
      signal: ctx.signal,
      onTimeout: (last, elapsed) =>
        new ScenarioFailure(
          `${name === 'all' ? 'services' : `service ${name}`} not converged after ${Math.round(elapsed / 1000)} s (${last ? describeStates(last.states) : 'no answer from the manager'})`,
          { fix: 'a bigger timeout, fewer replicas, or more nodes; `swarmbench status` shows the nodes' },
        ),
    },
  );
}
