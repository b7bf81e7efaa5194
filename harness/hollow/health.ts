// Health of the simulator itself, per worker process: event-loop lag, heartbeat round trips,
// failed and missed heartbeats. A process that lags misses heartbeats, and the manager then
// marks its nodes Down: reports must be able to blame the harness, not the swarm, for that.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { LatencyHistogram, type LatencySummary } from './histogram.js';

export interface HealthSnapshot {
  /** Event-loop delay in ms since the last snapshot. */
  eventLoopLagMs: { p50: number; p99: number; max: number };
  heartbeatRttMs: LatencySummary;
  heartbeatsSent: number;
  heartbeatsFailed: number;
  /** Heartbeats the manager should have had but did not (late by a whole period or more, or failed). */
  heartbeatsMissed: number;
  /** CPU used by the whole process, in % of one core, since the last snapshot. */
  cpuPercent: number;
  /** Since the last snapshot. */
  intervalMs: number;
}

const RESOLUTION_MS = 20;

export class HealthMonitor {
  readonly heartbeatRtt = new LatencyHistogram();
  heartbeatsSent = 0;
  heartbeatsFailed = 0;
  heartbeatsMissed = 0;
  private readonly loop: IntervalHistogram;
  private since = Date.now();
  private cpuSince = process.cpuUsage();

  constructor() {
    this.loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.loop.enable();
  }

  /** Counts and resets: each snapshot covers the time since the previous one. */
  snapshot(): HealthSnapshot {
    // The sampling timer's own interval is part of every sample; lag is what exceeds it.
    const ms = (ns: number) => Math.max(0, Math.round(ns / 1e4 - RESOLUTION_MS * 100) / 100);
    const now = Date.now();
    const cpu = process.cpuUsage(this.cpuSince);
    const intervalMs = Math.max(1, now - this.since);
    const snap: HealthSnapshot = {
      eventLoopLagMs: {
        p50: ms(this.loop.percentile(50)),
        p99: ms(this.loop.percentile(99)),
        max: ms(this.loop.max),
      },
      heartbeatRttMs: this.heartbeatRtt.summary(),
      heartbeatsSent: this.heartbeatsSent,
      heartbeatsFailed: this.heartbeatsFailed,
      heartbeatsMissed: this.heartbeatsMissed,
      cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / intervalMs) * 1000) / 10,
      intervalMs,
    };
    this.loop.reset();
    this.heartbeatRtt.reset();
    this.heartbeatsSent = this.heartbeatsFailed = this.heartbeatsMissed = 0;
    this.since = now;
    this.cpuSince = process.cpuUsage();
    return snap;
  }

  close(): void {
    this.loop.disable();
  }
}
