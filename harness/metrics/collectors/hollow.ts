// The hollow-worker simulator's own health during a run (event-loop lag, heartbeat round trips,
// missed heartbeats per process), so a report can tell node flapping caused by a lagging
// simulator from flapping caused by the swarm. Every 5 s: the processes' counters cover the time
// since the previous sample, and asking costs each process a little work.
import type { FleetStats } from '../../hollow/fleet.js';
import type { Logger } from '../../util/log.js';
import { Measurement, type Point } from '../measurements.js';
import type { Collector, Emit } from './types.js';

export const HOLLOW_SAMPLE_MS = 5000;

const INT_FIELDS = [
  'workers',
  'ready',
  'reconnecting',
  'paused',
  'killed',
  'tasks_running',
  'heartbeats_sent',
  'heartbeats_failed',
  'heartbeats_missed',
  'rss_bytes',
  'heap_used_bytes',
] as const;

/**
 * The simulator's health as `hollow_sim` points, one per worker process and sample.
 * Tags: process (index); fields: workers, ready, reconnecting, paused, killed, tasks_running
 * (integers), heartbeats_sent, heartbeats_failed, heartbeats_missed (integers, since the previous
 * sample), heartbeat_rtt_p50_ms, heartbeat_rtt_p99_ms, event_loop_lag_p99_ms,
 * event_loop_lag_max_ms, cpu_percent (floats), rss_bytes, heap_used_bytes (integers).
 */
export function healthPoints(stats: FleetStats[], timeMs: number, tags: Record<string, string> = {}): Point[] {
  return stats.map((s, index) => ({
    measurement: Measurement.hollowSim,
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

export class HollowCollector implements Collector {
  readonly name = 'hollow';
  private lastMs = 0;
  private samples = 0;

  constructor(private readonly opts: { stats: () => Promise<FleetStats[] | undefined>; emit: Emit; log?: Logger }) {}

  async tick(nowMs: number): Promise<void> {
    if (nowMs - this.lastMs < HOLLOW_SAMPLE_MS) return;
    this.lastMs = nowMs;
    await this.sample(nowMs);
  }

  async final(nowMs: number): Promise<void> {
    await this.sample(nowMs);
  }

  private async sample(nowMs: number): Promise<void> {
    try {
      const stats = await this.opts.stats();
      if (!stats) return; // no hollow workers in this cluster
      this.samples++;
      for (const p of healthPoints(stats, nowMs)) this.opts.emit(p);
    } catch (err) {
      this.opts.log?.debug(`hollow simulator stats: ${(err as Error).message}`);
    }
  }

  calls(): Record<string, number> {
    return { stats: this.samples };
  }
}
