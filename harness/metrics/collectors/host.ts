// The machine the harness runs on, as a whole: CPU of all its cores and memory available. The
// engines, the nodes, their tasks and the harness itself all share it; when it is saturated,
// every other figure measures it rather than the swarm (metrics/measurements/validity.ts).
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { busyPercent, parseMeminfo, parseProcStat, type CpuTimes } from '../../util/proc-stat.js';
import { Measurement } from '../measurements.js';
import type { Collector, Emit } from './types.js';

export class HostCollector implements Collector {
  readonly name = 'host';
  private prev?: CpuTimes;
  private readonly cores = availableParallelism();

  constructor(
    private readonly emit: Emit,
    private readonly paths = { stat: '/proc/stat', meminfo: '/proc/meminfo' },
  ) {}

  async tick(nowMs: number): Promise<void> {
    const [stat, meminfo] = await Promise.all([
      readFile(this.paths.stat, 'utf8').catch(() => ''),
      readFile(this.paths.meminfo, 'utf8').catch(() => ''),
    ]);
    const now = parseProcStat(stat);
    const mem = parseMeminfo(meminfo);
    const cpu = now && this.prev ? busyPercent(this.prev, now, this.cores) : undefined;
    if (now) this.prev = now;
    if (cpu === undefined || !mem) return; // the first reading only sets the baseline
    this.emit({
      measurement: Measurement.host,
      fields: {
        cpu_percent: cpu,
        cores: this.cores,
        mem_available_bytes: mem.availableBytes,
        mem_total_bytes: mem.totalBytes,
      },
      intFields: ['cores', 'mem_available_bytes', 'mem_total_bytes'],
      timeMs: nowMs,
    });
  }
}
