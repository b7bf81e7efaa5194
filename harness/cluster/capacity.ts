// How many real nodes an outer host holds, estimated from what one node was measured to cost
// there (docker/probe.ts measureNodeCost) — hosts of the same kind differ several-fold in speed,
// so the estimate is never taken from another machine. Two bounds, the lower one wins:
// - memory: the host's available memory, less a fifth of headroom, over one node's memory;
// - CPU at rest: nodes idling in a swarm may use at most half the cores, the other half being
//   what joins, scenarios and the harness need (past that, joins time out: HOST-NOTES).
// Joins cost more as the swarm grows, which a one-node measurement cannot see: the estimate is
// an upper bound on a calm host, and says so. `doctor` measures and caches it; `up` reads the
// cache to warn before it starts far beyond it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NodeCost } from '../docker/probe.js';
import { defaultCacheDir } from '../images/build.js';

/** Where doctor keeps the capacity it measured, per engine, image and node mode. */
export const capacityFile = (): string => join(defaultCacheDir(), 'capacity.json');

/** Memory kept free for the harness, the outer engine and the page cache. */
export const MEMORY_HEADROOM = 0.8;
/** Share of the cores that nodes at rest may use. */
export const CPU_AT_REST_SHARE = 0.5;
/** A cached estimate older than this is measured again. */
export const CAPACITY_MAX_AGE_MS = 7 * 24 * 3600_000;

export interface CapacityEstimate {
  nodes: number;
  limit: 'memory' | 'cpu at rest';
  memoryBound: number;
  cpuBound: number;
  cores: number;
  memAvailableBytes: number;
  cost: NodeCost;
  /** Booting that many nodes needs at least this long, all cores busy with nothing else. */
  bootSecondsAtBest: number;
  /** One sentence for people. */
  explain: string;
}

export function estimateCapacity(cost: NodeCost, host: { cores: number; memAvailableBytes: number }): CapacityEstimate {
  const memoryBound = cost.memBytes > 0 ? Math.floor((host.memAvailableBytes * MEMORY_HEADROOM) / cost.memBytes) : 0;
  // A node measured at 0 CPU (a coarse counter) must not make the bound infinite.
  const idle = Math.max(cost.idleCores, 0.0005);
  const cpuBound = Math.floor((host.cores * CPU_AT_REST_SHARE) / idle);
  const nodes = Math.min(memoryBound, cpuBound);
  const limit = cpuBound <= memoryBound ? 'cpu at rest' : 'memory';
  const bootSecondsAtBest = Math.round((nodes * cost.bootCoreSeconds) / host.cores);
  const why =
    limit === 'cpu at rest'
      ? `CPU at rest: one worker in a swarm idles at ${(idle * 100).toFixed(2)} % of a core and half of ${host.cores} cores is kept for joins and the workload`
      : `memory: one worker uses ${(cost.memBytes / 1024 ** 2).toFixed(0)} MiB of ${(host.memAvailableBytes / 1024 ** 3).toFixed(1)} GiB available`;
  const other = limit === 'memory' ? `CPU at rest would allow ${cpuBound}` : `memory would hold ${memoryBound}`;
  const explain =
    `about ${nodes} real nodes (limit: ${why}; ${other}); one node boots in ${(cost.bootMs / 1000).toFixed(1)} s using ${cost.bootCoreSeconds.toFixed(1)} core-s, ` +
    `so ${nodes} take at least ${bootSecondsAtBest} s to boot; joins get dearer as the swarm grows, so treat this as an upper bound on a calm host`;
  return {
    nodes,
    limit,
    memoryBound,
    cpuBound,
    cores: host.cores,
    memAvailableBytes: host.memAvailableBytes,
    cost,
    bootSecondsAtBest,
    explain,
  };
}

interface CachedCapacity {
  /** The engine's ID, image ID and node mode the measurement belongs to. */
  key: string;
  measuredAt: string;
  estimate: CapacityEstimate;
}

export function capacityKey(engineId: string, imageId: string, mode: string): string {
  return `${engineId}|${imageId}|${mode}`;
}

/** The cached estimate for this engine, image and mode, unless older than maxAgeMs. */
export function readCapacity(
  file: string,
  key: string,
  now = Date.now(),
  maxAgeMs = CAPACITY_MAX_AGE_MS,
): (CapacityEstimate & { measuredAt: string }) | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, CachedCapacity>;
    const c = all[key];
    if (!c || now - Date.parse(c.measuredAt) > maxAgeMs) return undefined;
    return { ...c.estimate, measuredAt: c.measuredAt };
  } catch {
    return undefined;
  }
}

export function writeCapacity(file: string, key: string, estimate: CapacityEstimate, now = new Date()): void {
  let all: Record<string, CachedCapacity> = {};
  try {
    if (existsSync(file)) all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, CachedCapacity>;
  } catch {
    // A damaged cache is replaced.
  }
  all[key] = { key, measuredAt: now.toISOString(), estimate };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}

/** What `up` says before starting `nodes` on a host with this estimate (undefined: nothing to say). */
export function capacityWarning(
  nodes: number,
  estimate: CapacityEstimate | undefined,
  host: string,
): string | undefined {
  if (!estimate || nodes <= estimate.nodes) return undefined;
  const far = nodes > 1.5 * estimate.nodes ? 'far ' : '';
  return `${nodes} nodes is ${far}beyond what ${host} holds by doctor's estimate, ${estimate.explain}; up goes on at the host's pace and stops early if nodes keep failing (--min-ready decides whether a shortfall fails it)`;
}
