// Incremental tracking of tasks from the swarm's own clocks: which tasks reached running since the
// last look (each counted once), their start-up latency (task CreatedAt, set by the manager, to
// the Status.Timestamp of its running state, set by the node), and which services still need
// their task list fetched. A service whose running count equals its desired count and whose
// running tasks were all seen costs no task call at all.
import type { ServiceView, TaskView } from '../docker/swarm-read.js';

export interface StartupSample {
  taskId: string;
  serviceId: string;
  nodeId?: string;
  createdMs: number;
  runningMs: number;
  latencyMs: number;
}

/** Task counts by state bucket, as swarm_service reports them. */
export interface StateCounts {
  pending: number;
  assigned: number;
  preparing: number;
  starting: number;
  running: number;
  failed: number;
  shutdown: number;
}

export const emptyCounts = (): StateCounts => ({
  pending: 0,
  assigned: 0,
  preparing: 0,
  starting: 0,
  running: 0,
  failed: 0,
  shutdown: 0,
});

export function bucketOf(state: string): keyof StateCounts {
  switch (state) {
    case 'new':
    case 'allocated':
    case 'pending':
      return 'pending';
    case 'assigned':
    case 'accepted':
      return 'assigned';
    case 'preparing':
    case 'ready':
      return 'preparing';
    case 'starting':
      return 'starting';
    case 'running':
      return 'running';
    case 'failed':
    case 'rejected':
      return 'failed';
    default:
      return 'shutdown';
  }
}

export function countStates(tasks: readonly TaskView[]): Map<string, StateCounts> {
  const out = new Map<string, StateCounts>();
  for (const t of tasks) {
    let c = out.get(t.serviceId);
    if (!c) out.set(t.serviceId, (c = emptyCounts()));
    c[bucketOf(t.state)]++;
  }
  return out;
}

export class TaskTracker {
  private readonly seen = new Set<string>();
  /** Running tasks seen in the last task fetch of each service. */
  private readonly runningAtLastFetch = new Map<string, number>();

  /** @param sinceMs tasks that were running before this (before the run) are not samples. */
  constructor(private readonly sinceMs: number) {}

  get tasksSeen(): number {
    return this.seen.size;
  }

  /**
   * The services whose task list is worth fetching now: not yet converged, or more tasks running
   * than the last fetch saw (tasks reached running after it).
   */
  servicesToFetch(services: readonly ServiceView[]): string[] {
    return services
      .filter((s) => s.running < s.desired || s.running !== (this.runningAtLastFetch.get(s.id) ?? 0))
      .map((s) => s.id);
  }

  /**
   * Takes a fetch of desired-running tasks for `serviceIds` and returns the tasks that reached
   * running since the last look, each once.
   */
  observe(serviceIds: readonly string[], tasks: readonly TaskView[]): StartupSample[] {
    const out: StartupSample[] = [];
    const running = new Map<string, number>(serviceIds.map((id) => [id, 0]));
    for (const t of tasks) {
      if (t.state !== 'running') continue;
      running.set(t.serviceId, (running.get(t.serviceId) ?? 0) + 1);
      if (this.seen.has(t.id)) continue;
      this.seen.add(t.id);
      if (!(t.statusMs >= this.sinceMs) || !Number.isFinite(t.createdMs)) continue;
      out.push({
        taskId: t.id,
        serviceId: t.serviceId,
        nodeId: t.nodeId,
        createdMs: t.createdMs,
        runningMs: t.statusMs,
        latencyMs: Math.max(0, t.statusMs - t.createdMs),
      });
    }
    for (const [id, n] of running) this.runningAtLastFetch.set(id, n);
    return out;
  }
}
