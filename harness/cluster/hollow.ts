// Hollow workers as part of a cluster (issue 7): `up --hollow H` widens the inner networks, then
// starts detached hollow-worker processes joined to the managers at their docker_gwbridge
// address; `down` stops them first and removes their nodes; `status` and `nodes()` tell them
// apart by the engine label hollow=true. State (sockets, logs, identities) lives under the
// cluster's state directory, which `down` deletes.
import { existsSync } from 'node:fs';
import pLimit from 'p-limit';
import { InfrastructureError } from '../errors.js';
import type { Engine } from '../docker/engine.js';
import { listContainers } from '../docker/containers.js';
import { containerAddressOn, listNetworks } from '../docker/networks.js';
import { joinTokens, removeSwarmNode } from '../docker/swarm.js';
import { listSwarmNodes } from '../docker/swarm-read.js';
import { HollowPool } from '../hollow/pool.js';
import { hollowDir, hollowDown, hollowUp } from '../hollow/lifecycle.js';
import type { WorkerSelector } from '../hollow/fleet.js';
import { retryUntil } from '../util/retry.js';
import type { Logger } from '../util/log.js';
import { ensureWideIngress, INNER_INGRESS_SUBNET } from './bootstrap.js';
import { clusterFilter } from './labels.js';
import { findLeader } from './manager.js';
import { clusterSocketDir } from './names.js';
import { SWARM_PORT } from './node-container.js';
import { engineOf, nodeRecords, type ClusterRuntime } from './runtime.js';

/** The `host` of a hollow worker's NodeInfo: it runs in a simulator process on this machine. */
export const HOLLOW_HOST = 'hollow';
/** Where a cluster's hollow state lives: beside its manager sockets, removed by `down`. */
export const hollowStateDir = (cluster: string): string => clusterSocketDir(cluster);

export interface HollowUpReport {
  /** Hollow workers Ready as the manager sees them. */
  ready: number;
  started: number;
  reused: number;
  failed: number;
  elapsedMs: number;
  joinsPerSecond: number;
}

/** Prefix length of a CIDR ("10.0.0.0/24" -> 24). */
const prefixOf = (cidr: string): number => Number(cidr.split('/')[1] ?? 32);

/**
 * Every node gets an address on the inner ingress and on each overlay with a task on it: a /24
 * runs out near 250 nodes. Re-create a narrow ingress as a /16 (only possible while no service
 * uses it); a narrow user overlay cannot be changed under its services, so it is named.
 */
export async function widenInnerNetworks(leader: Engine, log?: Logger): Promise<void> {
  for (const n of await listNetworks(leader)) {
    if (n.driver !== 'overlay' || n.subnets.every((s) => prefixOf(s) <= 16)) continue;
    if (n.name === 'ingress') {
      log?.info(
        `inner ingress is ${n.subnets.join(',')}: re-creating it as ${INNER_INGRESS_SUBNET} before hollow workers join`,
      );
      await ensureWideIngress(leader);
    } else {
      log?.warn(
        `inner overlay ${n.name} is ${n.subnets.join(',')}: past ~250 nodes with its tasks it runs out of addresses (create it as a /16)`,
      );
    }
  }
}

/** The bridge Docker gives every container on an overlay for its outside traffic; routable from this host. */
export const GATEWAY_BRIDGE = 'docker_gwbridge';

/**
 * host:port where hollow workers (which run on this host) dial each running manager's swarm
 * port: the manager container's own address on docker_gwbridge. Not a published port: Docker's
 * userland proxy behind one died at about 3,300 concurrent connections (bench/hollow/README.md),
 * and every hollow worker keeps a connection open. Managers on other outer hosts are not
 * reachable that way and are left out.
 */
export async function managerSwarmAddresses(rt: ClusterRuntime): Promise<string[]> {
  const out: string[] = [];
  const managers = (await nodeRecords(rt)).filter((r) => r.role === 'manager' && r.running);
  const here = managers.filter((r) => engineOf(rt, r.host) === rt.local);
  for (const m of here) {
    const ip = await containerAddressOn(rt.local, GATEWAY_BRIDGE, m.containerId);
    if (ip) out.push(`${ip}:${SWARM_PORT}`);
  }
  if (out.length === 0) {
    throw new InfrastructureError(
      `no running manager of cluster "${rt.info.name}" has an address on ${GATEWAY_BRIDGE} of this host (${here.length} here, ${managers.length - here.length} on other hosts)`,
      {
        fix: 'hollow workers run on this host: put at least one manager here (the first host of `--hosts` gets the first manager)',
      },
    );
  }
  return out;
}

export interface StartHollowOptions {
  processes?: number;
  joinConcurrency?: number;
  /** How long the manager may take to see every hollow worker Ready. */
  readyTimeoutMs?: number;
  /** How often a long join or wait says how far it got (default 10 s). */
  progressEveryMs?: number;
  log?: Logger;
  signal?: AbortSignal;
}

/** Brings the cluster's hollow workers to `count` (all Ready as the leader sees them). */
export async function startHollow(
  rt: ClusterRuntime,
  leader: Engine,
  count: number,
  opts: StartHollowOptions = {},
): Promise<HollowUpReport> {
  const t0 = Date.now();
  await widenInnerNetworks(leader, opts.log);
  const address = await managerSwarmAddresses(rt);
  const { worker: joinToken } = await joinTokens(leader);
  opts.log?.info(`hollow workers: ${count} wanted, joining ${address.join(', ')}`);
  const { spawn, pool } = await hollowUp({
    cluster: rt.info.name,
    stateDir: hollowStateDir(rt.info.name),
    manager: { address },
    joinToken,
    count,
    processes: opts.processes,
    joinConcurrency: opts.joinConcurrency,
    logger: opts.log,
    progressEveryMs: opts.progressEveryMs,
  });
  pool.detach();
  for (const f of spawn.failed.slice(0, 5)) opts.log?.warn(`hollow worker ${f.hostname} failed to join: ${f.error}`);
  // Nodes failed joins left in the swarm (no agent ever came): removed, or they stay Unknown.
  if (spawn.orphans.length > 0) {
    const gone = await Promise.all(
      spawn.orphans.map((id) =>
        removeSwarmNode(leader, id).then(
          () => true,
          () => false,
        ),
      ),
    );
    opts.log?.info(
      `removed ${gone.filter(Boolean).length}/${spawn.orphans.length} nodes left in the swarm by joins that were tried again`,
    );
  }
  // A worker that failed every join is reported, not waited for: the rest must be Ready.
  const wanted = count - spawn.failed.length;
  // The manager may take minutes to see thousands of sessions as Ready: a line every 10 s.
  let saidAt = Date.now();
  const readyHollow = async () => {
    const ready = (await listSwarmNodes(leader)).filter((n) => n.hollow && n.state === 'ready').length;
    if (Date.now() - saidAt >= (opts.progressEveryMs ?? 10_000)) {
      saidAt = Date.now();
      opts.log?.info(
        `hollow workers: ${ready}/${wanted} Ready as the manager sees them (${Math.round((Date.now() - t0) / 1000)} s)`,
      );
    }
    return ready;
  };
  const ready = await retryUntil(readyHollow, (r) => r >= wanted, {
    timeoutMs: opts.readyTimeoutMs ?? 300_000,
    intervalMs: 1000,
    signal: opts.signal,
    onTimeout: (last, ms) =>
      new InfrastructureError(`hollow workers not all Ready after ${Math.round(ms / 1000)} s (${last ?? 0}/${wanted})`),
  });
  const elapsedMs = Date.now() - t0;
  return {
    ready,
    started: spawn.started.length,
    reused: spawn.reused,
    failed: spawn.failed.length,
    elapsedMs,
    joinsPerSecond: spawn.started.length / Math.max(0.001, spawn.durationMs / 1000),
  };
}

/**
 * Stops the hollow processes and removes their nodes from the manager (when one answers), so
 * neither processes nor Down nodes stay behind. Nothing to do when the cluster has no hollow state.
 */
export async function stopHollow(
  cluster: string,
  leader: Engine | undefined,
  log?: Logger,
): Promise<{ processes: number; nodesRemoved: number }> {
  const limit = pLimit(16);
  const remove = leader
    ? async (ids: string[]) => {
        await Promise.all(
          ids.map((id) =>
            limit(() => removeSwarmNode(leader, id).catch((err: Error) => log?.debug(`node rm ${id}: ${err.message}`))),
          ),
        );
      }
    : undefined;
  return hollowDown(hollowStateDir(cluster), remove, log);
}

/** For `down`: stop the cluster's hollow workers (if it has any) before its containers go. */
export async function downHollow(local: Engine, cluster: string, log?: Logger): Promise<void> {
  if (!existsSync(hollowDir(hollowStateDir(cluster)))) return;
  const managers = (await listContainers(local, clusterFilter(cluster, 'manager')).catch(() => [])).filter(
    (c) => c.state === 'running',
  );
  const leader = managers.length
    ? await findLeader(
        cluster,
        managers.map((c) => c.name),
      ).catch(() => undefined)
    : undefined;
  const r = await stopHollow(cluster, leader, log);
  log?.info(
    `down ${cluster}: stopped ${r.processes} hollow-worker processes, removed ${r.nodesRemoved} hollow nodes from the manager`,
  );
}

/** Chaos on hollow workers by hostname: stop heartbeats (the manager marks them Down), resume, or kill. */
export async function hollowChaos(
  cluster: string,
  op: 'pause' | 'resume' | 'kill',
  selector: WorkerSelector,
  log?: Logger,
): Promise<string[]> {
  const pool = await HollowPool.attach(hollowDir(hollowStateDir(cluster)), { logger: log });
  if (!pool) throw new InfrastructureError(`cluster "${cluster}" runs no hollow workers`);
  try {
    if (op === 'pause') return await pool.pauseHeartbeats(selector);
    if (op === 'resume') return await pool.resumeHeartbeats(selector);
    return await pool.kill(selector);
  } finally {
    pool.detach();
  }
}
