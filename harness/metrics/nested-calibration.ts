// The host's nested start rate, taken on the run's own cluster before its first step: every real
// worker node starts a few containers of the workload image at once through its own engine, the
// path a task takes without the swarm. A scale step's rate divided by this is its efficiency:
// 1 means the swarm started tasks as fast as these nodes can start containers at all, so the
// figure measured the host; well below 1, the swarm's own work (scheduling, dispatch) was the limit.
import { realWorkers } from '../cluster/real-nodes.js';
import type { ClusterHandle } from '../cluster/types.js';
import { startInNode } from '../docker/nested-start.js';
import type { Logger } from '../util/log.js';
import { startRate } from './rate.js';

export interface NestedCalibration {
  measuredAt: string;
  /** The run that measured it: a later repetition of `run --repeat` on the same cluster reuses
   *  its set's first measurement, and then this names another run than its own. */
  measuredBy?: string;
  image: string;
  /** Real worker nodes that started containers, all at once. */
  nodes: number;
  /** Containers each of them started at once. */
  perNode: number;
  /** The scenario's largest burst (tasks one step asks for at once) that perNode spreads over the
   *  nodes; absent when the scenario has none and the default was used. */
  burst?: number;
  started: number;
  /** Containers per second over all nodes: started ÷ (last StartedAt − first Created). */
  containersPerSecond: number;
  errors: string[];
}

export const NESTED_CALIBRATION_FILE = 'nested-calibration.json';

/** Containers per node without a burst to follow, and the most ever started at once on one node
 *  (past it the measurement takes long and says little more). */
const DEFAULT_PER_NODE = 4;
const MAX_PER_NODE = 16;

/** A step's burst spread over the workers, as the scheduler spreads it: the concurrency each node sees. */
export function perNodeFor(burst: number | undefined, workers: number): number {
  if (!burst || burst <= 0 || workers <= 0) return DEFAULT_PER_NODE;
  return Math.min(MAX_PER_NODE, Math.max(1, Math.ceil(burst / workers)));
}

/** Undefined when the cluster has hollow workers, or no worker to start containers on. */
export async function measureNestedRate(
  cluster: ClusterHandle,
  opts: { burst?: number; perNode?: number; log?: Logger; runId?: string } = {},
): Promise<NestedCalibration | undefined> {
  const nodes = await cluster.nodes();
  // Tasks on hollow workers start no container: a rate of real containers says nothing of them.
  if (nodes.some((n) => n.hollow)) {
    opts.log?.info(
      'nested start rate: not measured (the cluster has hollow workers; scale.efficiency is for real nodes)',
    );
    return undefined;
  }
  const targets = (await realWorkers(cluster)).filter((w) => w.engine);
  if (targets.length === 0) return undefined;
  const perNode = opts.perNode ?? perNodeFor(opts.burst, targets.length);
  const image = cluster.imageRef('alpine');
  const batches = await Promise.all(
    targets.map(({ node, engine }) =>
      startInNode(engine!, node.containerId, image, perNode).catch((err: Error) => ({
        times: [],
        errors: [err.message],
      })),
    ),
  );
  const times = batches.flatMap((b) => b.times);
  const errors = batches.flatMap((b) => b.errors).slice(0, 10);
  const out: NestedCalibration = {
    measuredAt: new Date().toISOString(),
    ...(opts.runId ? { measuredBy: opts.runId } : {}),
    image,
    nodes: targets.length,
    perNode,
    ...(opts.burst ? { burst: opts.burst } : {}),
    started: times.length,
    containersPerSecond: startRate(times),
    errors,
  };
  opts.log?.info(
    `nested start rate: ${out.started} containers on ${out.nodes} nodes (${perNode} each, at once${opts.burst ? `: the largest step's ${opts.burst} tasks over ${out.nodes} nodes` : ''}) at ${out.containersPerSecond.toFixed(2)}/s${errors.length ? `; ${errors.length} failed: ${errors[0]}` : ''}`,
  );
  return out.started > 0 ? out : undefined;
}
