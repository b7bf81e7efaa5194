// The simulator's health as metric points, one per worker process and sample, so a run records
// it with the other metrics and a report can say when node flapping was the harness's fault
// (missed heartbeats, event-loop lag) rather than the swarm's.
// Measurement "hollow_sim" — tags: process (index); fields: workers, ready, reconnecting,
// paused, killed, tasks_running (integers), heartbeats_sent, heartbeats_failed,
// heartbeats_missed (integers, since the previous sample), heartbeat_rtt_p50_ms,
// heartbeat_rtt_p99_ms, event_loop_lag_p99_ms, event_loop_lag_max_ms, cpu_percent (floats),
// rss_bytes, heap_used_bytes (integers).
import type { Point } from '../metrics/measurements.js';
import type { FleetStats } from './fleet.js';

export const HOLLOW_MEASUREMENT = 'hollow_sim';

const INT_FIELDS = [
  'workers', 'ready', 'reconnecting', 'paused', 'killed', 'tasks_running',
  'heartbeats_sent', 'heartbeats_failed', 'heartbeats_missed', 'rss_bytes', 'heap_used_bytes',
] as const;

export function healthPoints(stats: FleetStats[], timeMs: number, tags: Record<string, string> = {}): Point[] {
  return stats.map((s, index) => ({
    measurement: HOLLOW_MEASUREMENT,
    tags: { ...tags, process: String(index) },
    fields: {
      workers: s.workers.total,
      ready: s.workers.ready,
      reconnecting: s.workers.reconnecting,
      paused: s.workers.paused,
      killed: s.workers.killed,
      tasks_running: s.tasks.running ?? 0,
      heartbeats_sent: s.health.heartbeatsSent,
      heartbeats_failed: s.health.heartbeatsFailed,
      heartbeats_missed: s.health.heartbeatsMissed,
      heartbeat_rtt_p50_ms: s.health.heartbeatRttMs.p50,
      heartbeat_rtt_p99_ms: s.health.heartbeatRttMs.p99,
      event_loop_lag_p99_ms: s.health.eventLoopLagMs.p99,
      event_loop_lag_max_ms: s.health.eventLoopLagMs.max,
      cpu_percent: s.health.cpuPercent,
      rss_bytes: s.memory.rssBytes,
      heap_used_bytes: s.memory.heapUsedBytes,
    },
    timeMs,
    intFields: INT_FIELDS,
  }));
}

/** True when the simulator itself missed heartbeats in these samples: flapping is then the harness's fault. */
export function simulatorMissedHeartbeats(points: Point[]): number {
  return points
    .filter((p) => p.measurement === HOLLOW_MEASUREMENT)
    .reduce((n, p) => n + (typeof p.fields.heartbeats_missed === 'number' ? p.fields.heartbeats_missed : 0), 0);
}
