// The hollow-worker simulator's own health: when it misses heartbeats, nodes may flap through the
// simulator's fault, not the swarm's (the report says so, from simulatorMissedHeartbeats).
import { hollowCollector } from '../collectors/index.js';
import { Measurement, type Point } from '../measurements.js';
import type { MeasurementPlugin } from '../plugin.js';

export const hollowSim: MeasurementPlugin = {
  name: 'hollow_sim',
  description: "the hollow-worker simulator's health, per worker process",
  producedBy: 'the hollow collector',
  collector: hollowCollector,
  points: [
    {
      measurement: Measurement.hollowSim,
      every: '5 s, when the cluster runs hollow workers',
      tags: '`process` (worker process index)',
      fields:
        '`workers`, `ready`, `reconnecting`, `paused`, `killed`, `tasks_running` (int); `heartbeats_sent`, `heartbeats_failed`, `heartbeats_missed` (int, since the previous sample); `heartbeat_rtt_p50_ms`, `heartbeat_rtt_p99_ms`, `event_loop_lag_p99_ms`, `event_loop_lag_max_ms`, `cpu_percent` (float); `rss_bytes`, `heap_used_bytes` (int)',
    },
  ],
  metrics: [],
};

/** Heartbeats the simulator missed in a run's points (0: any flapping was not the harness's fault). */
export function simulatorMissedHeartbeats(points: readonly Point[]): number {
  let missed = 0;
  for (const p of points)
    if (p.measurement === Measurement.hollowSim && typeof p.fields.heartbeats_missed === 'number')
      missed += p.fields.heartbeats_missed;
  return missed;
}
