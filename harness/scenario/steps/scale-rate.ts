// The scheduling rate of one scale step, from the swarm's own timestamps: tasks that reached
// running during the step, divided by the time from the first of them being created (manager
// clock) to the last of them running (node clock; dind nodes share the host's clock).
import type { TaskInfo } from '../../docker/services.js';

export interface ScaleMeasurement {
  started: number;
  windowMs: number;
  tasksPerSecond: number;
  /** When the last of them reached running (its node's clock): the service converged then. */
  lastRunningMs: number;
  /** Per task: created -> running, ms. */
  latencies: number[];
}

export function measureScale(before: ReadonlySet<string>, tasks: readonly TaskInfo[]): ScaleMeasurement | undefined {
  const fresh = tasks.filter(
    (t) => t.state === 'running' && !before.has(t.id) && Number.isFinite(t.createdMs) && Number.isFinite(t.statusMs),
  );
  if (fresh.length === 0) return undefined;
  // A loop, not Math.min(...list): a Swarm3k-size step has tens of thousands of tasks.
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const t of fresh) {
    first = Math.min(first, t.createdMs);
    last = Math.max(last, t.statusMs);
  }
  const windowMs = Math.max(1, last - first);
  return {
    started: fresh.length,
    windowMs,
    tasksPerSecond: fresh.length / (windowMs / 1000),
    lastRunningMs: last,
    latencies: fresh.map((t) => Math.max(0, t.statusMs - t.createdMs)),
  };
}
