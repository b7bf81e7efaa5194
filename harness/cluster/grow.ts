// Adding worker nodes to a running cluster (`up` with a larger N, `nodes add`, scenario churn):
// next free ordinals, placed by free memory, started and joined with bounded concurrency,
// then awaited until Ready. Nodes that never become Ready are named and removed.
import { listContainers } from '../docker/containers.js';
import { memTotal } from '../docker/host-info.js';
import { joinTokens, removeSwarmNode, swarmState } from '../docker/swarm.js';
import { listSwarmNodes } from '../docker/swarm-read.js';
import type { Engine } from '../docker/engine.js';
import { failNode, startAndJoin, waitReady, type BootedNode, type BootInput, type NodeFailure } from './boot.js';
import { clusterFilter } from './labels.js';
import { nodeName } from './names.js';
import { placeNodes, type HostCapacity } from './placement.js';
import type { BootProgress } from './progress.js';
import type { ClusterRuntime, NodeRecord } from './runtime.js';

export interface GrowResult {
  ready: BootedNode[];
  failed: NodeFailure[];
  /** Nodes never started because too many others failed (stoppedEarly says why). */
  notStarted: number;
  stoppedEarly?: string;
}

export async function hostCapacities(rt: ClusterRuntime): Promise<HostCapacity[]> {
  return Promise.all(
    [...rt.engines.entries()].map(async ([name, engine]) => {
      // Nodes of every cluster count: they all share the host's memory.
      const nodes = (await listContainers(engine, clusterFilter())).filter((c) => c.state === 'running').length;
      return { name, memTotal: await memTotal(engine), nodes };
    }),
  );
}

/**
 * Adds `count` workers from ordinal `firstIndex` on. The leader may still be coming up (a
 * promise): containers start at once and each join waits for it, so a fresh cluster's workers
 * boot while its managers form the swarm.
 */
export async function addWorkers(
  input: BootInput,
  leaderReady: Engine | Promise<Engine>,
  firstIndex: number,
  count: number,
  /** Resolves when the outer engine may take worker starts (after the managers' containers started). */
  gate: Promise<unknown> = Promise.resolve(),
): Promise<GrowResult> {
  const { settings } = input;
  const target = Promise.resolve(leaderReady).then(async (leader) => {
    const [state, tokens] = await Promise.all([swarmState(leader), joinTokens(leader)]);
    return { managerAddr: `${state.nodeAddr}:2377`, token: tokens.worker };
  });
  target.catch(() => undefined); // awaited per node; a failure there is reported by whoever made the leader
  const wanted = Array.from({ length: count }, (_, i) => ({ index: firstIndex + i, role: 'worker' as const }));
  const placements = placeNodes(await hostCapacities(input.rt), wanted);
  const watch = watchReady(
    leaderReady,
    placements.map((p) => nodeName(input.rt.info.name, p.index)),
    input.progress,
  );
  let started: Awaited<ReturnType<typeof startAndJoin>>;
  try {
    await gate;
    started = await startAndJoin(input, placements, target);
  } finally {
    watch.stop();
  }
  const { joined, failed, notStarted, stoppedEarly } = started;
  const leader = await leaderReady;
  // After an early stop the host is past its limit: waiting the full node timeout helps nobody.
  const waitMs = stoppedEarly ? Math.min(60_000, settings.nodeTimeoutMs) : settings.nodeTimeoutMs;
  const notReady = await waitReady(
    leader,
    joined.map((n) => n.name),
    Date.now() + waitMs,
    input.progress,
    settings.signal,
  );
  const ready = joined.filter((n) => !notReady.includes(n.name));
  if (stoppedEarly) {
    // The host is past its limit and its manager may not even answer: removing nodes one by one
    // through a starved engine took minutes each at 200 nodes. Say which were not seen Ready and
    // leave them to `down` (or `nodes remove`), which stops them all at once.
    for (const n of joined.filter((j) => notReady.includes(j.name))) {
      input.progress.failed++;
      failed.push({
        name: n.name,
        host: n.host,
        reason: `not seen Ready when booting stopped (${stoppedEarly})`,
        logs: '',
      });
    }
    return { ready, failed, notStarted, stoppedEarly };
  }
  for (const n of joined.filter((j) => notReady.includes(j.name))) {
    failed.push(await failNode(input, n, new Error('joined but never became Ready')));
  }
  // A node given up on may have half-joined: drop its entries so the manager's counts stay exact.
  const gone = new Set(failed.map((f) => f.name));
  if (gone.size > 0) {
    for (const s of (await listSwarmNodes(leader)).filter((s) => gone.has(s.hostname)))
      await removeSwarmNode(leader, s.id);
  }
  return { ready, failed, notStarted, stoppedEarly };
}

/**
 * Keeps the progress display's Ready count current while joins are still running (one node
 * list every 2 s, a small cost next to the joins themselves).
 */
function watchReady(leaderReady: Engine | Promise<Engine>, names: string[], progress: BootProgress): { stop(): void } {
  const wanted = new Set(names);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    const leader = await Promise.resolve(leaderReady).catch(() => undefined);
    if (!leader || stopped) return;
    const nodes = await listSwarmNodes(leader).catch(() => []);
    if (!stopped)
      progress.ready = progress.readyBase + nodes.filter((n) => wanted.has(n.hostname) && n.state === 'ready').length;
    if (!stopped) timer = setTimeout(() => void tick(), 2000).unref();
  };
  timer = setTimeout(() => void tick(), 2000).unref();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** The ordinal after the highest one in use. */
export function nextIndex(existing: NodeRecord[]): number {
  return existing.reduce((m, r) => Math.max(m, r.index), -1) + 1;
}
