// Hollow workers as part of a cluster's life, for cluster/ and cli/: `up --hollow H` starts (or
// grows) detached worker processes whose state lives in the cluster's state directory, later
// commands attach to them, and `down` stops them, removes their nodes from the manager and
// forgets their identities. Layout under <stateDir>/hollow/: p<i>.sock and p<i>.log per
// process, identities/<hostname>.json per worker (kept across restarts so nodes are re-used).
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../util/log.js';
import type { FleetStats, SpawnResult } from './fleet.js';
import { IdentityStore } from './identity-store.js';
import type { ManagerTarget } from './join.js';
import { HollowPool } from './pool.js';
import type { TaskBehaviour } from './task-machine.js';

export const hollowDir = (stateDir: string): string => join(stateDir, 'hollow');
const identityDir = (stateDir: string): string => join(hollowDir(stateDir), 'identities');
/** Hostnames of a cluster's hollow workers: `<cluster>-hollow-p<process>-<index>`. */
export const hollowHostnamePrefix = (cluster: string): string => `${cluster}-hollow`;

export interface HollowUpOptions {
  cluster: string;
  stateDir: string;
  manager: ManagerTarget;
  joinToken: string;
  /** The number of hollow workers wanted in total (existing ones count). */
  count: number;
  processes?: number;
  joinConcurrency?: number;
  behaviour?: Partial<TaskBehaviour>;
  engineLabels?: Record<string, string>;
  logger?: Logger;
  /** How often joins in progress are reported (info lines; default 10 s). */
  progressEveryMs?: number;
}

export interface HollowUpResult {
  spawn: SpawnResult;
  pool: HollowPool;
  /** Workers that were already running before this call. */
  existing: number;
}

/** One progress line from the processes' own counts: sessions up, still connecting, and the rate. */
async function reportJoins(
  pool: HollowPool,
  wanted: number,
  existing: number,
  t0: number,
  log?: Logger,
): Promise<void> {
  const stats = await pool.stats().catch(() => undefined);
  if (!stats || !log) return;
  const sum = (k: 'ready' | 'connecting' | 'reconnecting') => stats.reduce((n, s) => n + (s.workers[k] ?? 0), 0);
  const joined = Math.max(0, sum('ready') - existing);
  const seconds = (Date.now() - t0) / 1000;
  log.info(
    `hollow workers: ${joined}/${wanted} joined, ${sum('connecting')} connecting, ${sum('reconnecting')} reconnecting (${(joined / Math.max(1, seconds)).toFixed(1)}/s over ${seconds.toFixed(0)} s)`,
  );
}

/** Starts or grows the cluster's hollow workers; the caller detaches (or closes) the returned pool. */
export async function hollowUp(opts: HollowUpOptions): Promise<HollowUpResult> {
  let pool = await HollowPool.attach(hollowDir(opts.stateDir), { logger: opts.logger });
  if (!pool) {
    pool = await HollowPool.start({
      processes: opts.processes ?? Math.max(1, Math.min(4, availableParallelism())),
      hostnamePrefix: hollowHostnamePrefix(opts.cluster),
      controlDir: hollowDir(opts.stateDir),
      target: opts.manager,
      joinToken: opts.joinToken,
      identityDir: identityDir(opts.stateDir),
      joinConcurrency: opts.joinConcurrency,
      behaviour: opts.behaviour,
      description: opts.engineLabels ? { labels: opts.engineLabels } : undefined,
      maxOldSpaceMb: 4096,
      logger: opts.logger,
    });
  }
  const existing = (await pool.list()).filter((w) => w.state !== 'killed' && w.state !== 'removed').length;
  const wanted = Math.max(0, opts.count - existing);
  // Thousands of joins take minutes: say how far they got at least every 10 s, so a plain log
  // (CI) never goes quiet and a stalled join shows as a count that stops moving.
  const live = pool;
  const t0 = Date.now();
  const timer = setInterval(
    () => void reportJoins(live, wanted, existing, t0, opts.logger),
    opts.progressEveryMs ?? 10_000,
  );
  timer.unref();
  try {
    const spawn = await pool.spawn(wanted);
    return { spawn, pool, existing };
  } finally {
    clearInterval(timer);
  }
}

/** Stats of the cluster's running hollow worker processes, or undefined when none runs. */
export async function hollowStats(stateDir: string): Promise<FleetStats[] | undefined> {
  const pool = await HollowPool.attach(hollowDir(stateDir));
  if (!pool) return undefined;
  try {
    return await pool.stats();
  } finally {
    pool.detach();
  }
}

export interface HollowDownResult {
  processes: number;
  nodesRemoved: number;
}

/**
 * Stops the processes, then removes every node a saved identity names through removeNodes (the
 * caller's `node rm --force` on the manager; it may be skipped when the whole swarm goes), then
 * deletes the hollow state.
 */
export async function hollowDown(
  stateDir: string,
  removeNodes?: (nodeIds: string[]) => Promise<void>,
  logger?: Logger,
): Promise<HollowDownResult> {
  const pool = await HollowPool.attach(hollowDir(stateDir), { logger });
  const processes = pool?.processCount ?? 0;
  await pool?.close();
  const ids = [...(await new IdentityStore(identityDir(stateDir)).nodeIds()).values()];
  if (removeNodes && ids.length) await removeNodes(ids);
  await rm(hollowDir(stateDir), { recursive: true, force: true });
  return { processes, nodesRemoved: removeNodes ? ids.length : 0 };
}
