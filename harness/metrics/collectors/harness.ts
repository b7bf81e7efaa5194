// The harness's own cost: CPU (% of one core, user + system), resident memory, and how late the
// event loop ran (a busy harness measures late and makes timings look worse than they are).
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Measurement } from '../measurements.js';
import type { Collector, Emit } from './types.js';

export class HarnessCollector implements Collector {
  readonly name = 'harness';
  private prevCpu = process.cpuUsage();
  private prevAt = performance.now();
  private readonly lag: IntervalHistogram;

  constructor(private readonly emit: Emit) {
    this.lag = monitorEventLoopDelay({ resolution: 20 });
    this.lag.enable();
  }

  async tick(nowMs: number): Promise<void> {
    const cpu = process.cpuUsage(this.prevCpu);
    const at = performance.now();
    const wallMs = at - this.prevAt;
    this.prevCpu = process.cpuUsage();
    this.prevAt = at;
    if (wallMs <= 0) return;
    const lagMs = this.lag.count > 0 ? Math.max(0, this.lag.max / 1e6 - 20) : 0;
    this.lag.reset();
    this.emit({
      measurement: Measurement.harness,
      fields: {
        cpu_percent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
        rss_bytes: process.memoryUsage.rss(),
        event_loop_lag_ms: lagMs,
      },
      intFields: ['rss_bytes'],
      timeMs: nowMs,
    });
  }

  close(): void {
    this.lag.disable();
  }
}
