// The measurements swarmbench records: names, tags and fields. This is the contract between
// collectors (metrics/), sinks (line protocol, InfluxDB) and reports (report/); docs/metrics.md
// documents the same. Every point also carries the tags run, scenario and step.
// Modelled on the Telegraf swarm input used in Swarm2k (swarm, swarm_node, swarm_task_status).

export const COMMON_TAGS = ['run', 'scenario', 'step'] as const;

export const Measurement = {
  /** Per service, every second. tags: service, mode; fields: desired, running, pending, assigned,
   *  preparing, starting, failed, shutdown (integers). */
  service: 'swarm_service',
  /** Whole swarm, every second. fields: ready, down, unknown, managers, workers, hollow (integers), leader (string node id). */
  nodes: 'swarm_node',
  /** One point per leader change. fields: leader (string node id), previous (string). */
  leader: 'swarm_leader',
  /** One point per task that reached running, at its running time. tags: service;
   *  fields: task (string id), node (string id), latency_ms (float: created -> running, swarm timestamps),
   *  created_ms (float epoch), running_ms (float epoch). */
  task: 'swarm_task_status',
  /** Scheduling throughput, every second. fields: running_per_s (float), running (integer). tags: service. */
  rate: 'swarm_sched',
  /** Per node container, every sample. tags: node (container name), role (manager|worker), host (outer host);
   *  fields: cpu_percent (float, % of one core), mem_bytes (integer). */
  nodeResources: 'node_resources',
  /** Per outer host, every sample. tags: host; fields: cpu_percent, mem_bytes, nodes. */
  hostResources: 'host_resources',
  /** The harness process itself. fields: cpu_percent, rss_bytes, event_loop_lag_ms. */
  harness: 'harness',
  /** A named point in time from a scenario `mark` step. tags: name; fields: value=1. */
  mark: 'mark',
  /** Step boundaries. tags: step; fields: event ("start"|"end"), index (integer). */
  step: 'step',
  /** Chaos events and their measured intervals. tags: action; fields: target (string),
   *  detect_ms, reschedule_ms, converge_ms (floats, when measured), tasks_lost (integer). */
  chaos: 'chaos',
  /** HTTP load results per interval. tags: target; fields: requests, errors (integers),
   *  p50_ms, p90_ms, p99_ms (floats), replicas_seen (integer). */
  http: 'http',
  /** The hollow-worker simulator's health, every 5 s per worker process (harness/hollow/health-points.ts).
   *  tags: process; fields: workers, ready, reconnecting, paused, killed, tasks_running,
   *  heartbeats_sent, heartbeats_failed, heartbeats_missed (integers, since the previous sample),
   *  heartbeat_rtt_p50_ms, heartbeat_rtt_p99_ms, event_loop_lag_p99_ms, event_loop_lag_max_ms,
   *  cpu_percent (floats), rss_bytes, heap_used_bytes (integers). heartbeats_missed > 0: nodes
   *  may have flapped through the simulator's fault, not the swarm's. */
  hollowSim: 'hollow_sim',
} as const;
export type MeasurementName = (typeof Measurement)[keyof typeof Measurement];

export type FieldValue = number | string | boolean;

/** One point, the unit that goes unchanged to metrics.lp, InfluxDB and the reports. */
export interface Point {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, FieldValue>;
  /** Milliseconds since the epoch (written with ms precision). */
  timeMs: number;
  /** Fields that are integers in line protocol (suffix i). */
  intFields?: readonly string[];
}
