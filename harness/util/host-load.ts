// How busy this machine is right now, for pacing: the kernel's count of runnable threads
// (/proc/loadavg's fourth field, sampled every second and smoothed over about five), per core.
// The load average itself trails by a minute, too late to pace boots that take seconds; the
// run queue says at once that starting more work would only make everything slower.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Runnable threads per core above which the host counts as busy: the pace stops widening. */
export const BUSY_RUNNABLE_PER_CORE = 12;
/**
 * Above this the host is overloaded: the pace narrows. Boots of 100 nodes peaked at 33–49 and
 * went fine; at 183 nodes Ready the host was at 86 a minute before it fell into a storm.
 */
export const OVERLOADED_RUNNABLE_PER_CORE = 60;
/**
 * Held this high for STORM_MS the host is in a storm (HOST-NOTES, and a boot of 200 here: the
 * nodes' gossip marked peers failed and rejoined them, load passed 900 on 2 cores, the manager
 * stopped answering): starting more nodes can only make it worse.
 */
export const STORM_RUNNABLE_PER_CORE = 150;
export const STORM_MS = 20_000;

export interface HostLoadSample {
  runnablePerCore: number;
  load1: number;
}

/** Parses /proc/loadavg ("0.52 0.40 0.30 3/612 12345"); runnable excludes the reader itself. */
export function parseLoadavg(text: string, cores: number): HostLoadSample | undefined {
  const m = /^([\d.]+)\s+[\d.]+\s+[\d.]+\s+(\d+)\/\d+/.exec(text);
  if (!m) return undefined;
  return { load1: Number(m[1]), runnablePerCore: Math.max(0, Number(m[2]) - 1) / Math.max(1, cores) };
}

export class HostLoad {
  private smoothed?: number;
  private load1 = 0;
  private peak?: number;
  /** When the smoothed run queue last rose above the storm level (undefined: below it). */
  private stormSince?: number;
  private timer?: NodeJS.Timeout;
  private readonly cores: number;

  constructor(
    private readonly path = '/proc/loadavg',
    cores = availableParallelism(),
    private readonly threshold = BUSY_RUNNABLE_PER_CORE,
  ) {
    this.cores = cores;
  }

  /** Samples every second until stop(); does nothing where /proc/loadavg cannot be read. */
  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000).unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  sample(now = Date.now()): void {
    let s: HostLoadSample | undefined;
    try {
      s = parseLoadavg(readFileSync(this.path, 'utf8'), this.cores);
    } catch {
      return;
    }
    if (!s) return;
    this.load1 = s.load1;
    // About five samples' memory: one runnable burst does not count, a sustained queue does.
    this.smoothed = this.smoothed === undefined ? s.runnablePerCore : this.smoothed * 0.8 + s.runnablePerCore * 0.2;
    this.peak = Math.max(this.peak ?? 0, this.smoothed);
    if (this.smoothed < STORM_RUNNABLE_PER_CORE) this.stormSince = undefined;
    else this.stormSince ??= now;
  }

  /** Why the host is too busy to take more work, or undefined. */
  busy(): string | undefined {
    if (this.smoothed === undefined || this.smoothed < this.threshold) return undefined;
    return `host busy: ${this.describe()}`;
  }

  /** Why the host is overloaded (less work must be admitted), or undefined. */
  overloaded(): string | undefined {
    if (this.smoothed === undefined || this.smoothed < OVERLOADED_RUNNABLE_PER_CORE) return undefined;
    return `host overloaded: ${this.describe()}`;
  }

  /** Why the host is in a storm (no more nodes may start), or undefined. */
  storm(now = Date.now()): string | undefined {
    if (this.stormSince === undefined || now - this.stormSince < STORM_MS) return undefined;
    return `the host is overloaded: ${this.describe()} for ${Math.round((now - this.stormSince) / 1000)} s`;
  }

  private describe(): string {
    return `${(this.smoothed ?? 0).toFixed(0)} runnable threads per core (load ${this.load1.toFixed(0)} on ${this.cores} cores)`;
  }

  /** The smoothed run queue per core (undefined before the first sample). */
  get runnablePerCore(): number | undefined {
    return this.smoothed;
  }

  /** The highest smoothed run queue per core since start (undefined before the first sample). */
  get peakRunnablePerCore(): number | undefined {
    return this.peak;
  }
}
