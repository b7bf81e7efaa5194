// The scheduling rate of one scale step, from the swarm's own timestamps: tasks that reached
// running during the step, divided by the time from the first of them being created (manager
// clock) to the last of them running (node clock; dind nodes share the host's clock). The same
// definition as the summary's (metrics/rate.ts windowRate).
import type { TaskInfo } from '../../docker/services.js';
import { windowRate } from '../../metrics/rate.js';

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
  const w = windowRate(
    fresh.map((t) => t.createdMs),
    fresh.map((t) => t.statusMs),
  )!;
  let last = Number.NEGATIVE_INFINITY;
  for (const t of fresh) if (t.statusMs > last) last = t.statusMs;
  const windowMs = w.windowMs;
  return {
    started: fresh.length,
    windowMs,
    tasksPerSecond: w.rate,
    lastRunningMs: last,
    latencies: fresh.map((t) => Math.max(0, t.statusMs - t.createdMs)),
  };
}
