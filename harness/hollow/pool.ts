// Hollow workers spread over several worker processes (one per core is plenty: a process holds
// thousands). This is what `swarmbench up --hollow H` drives: start, grow, chaos by hostname or
// count, stats per process, and teardown.
import type { Logger } from '../util/log.js';
import type { FleetStats, SpawnResult, WorkerSelector, WorkerSummary } from './fleet.js';
import { HollowProcess } from './process/controller.js';
import type { FleetInit } from './process/messages.js';

export interface PoolOptions extends Omit<FleetInit, 'hostnamePrefix'> {
  /** Hostnames are `<prefix>-p<process>-<index>`, unique per cluster. */
  hostnamePrefix: string;
  processes: number;
  logger?: Logger;
  entry?: string;
  maxOldSpaceMb?: number;
}

export class HollowPool {
  private constructor(private readonly procs: HollowProcess[], private readonly prefixes: string[]) {}

  static async start(opts: PoolOptions): Promise<HollowPool> {
    const { processes, logger, entry, maxOldSpaceMb, hostnamePrefix, ...init } = opts;
    const prefixes = Array.from({ length: Math.max(1, processes) }, (_, i) => `${hostnamePrefix}-p${i}`);
    const started = await Promise.allSettled(
      prefixes.map((prefix, i) =>
        HollowProcess.start({ ...init, hostnamePrefix: prefix }, { logger, entry, maxOldSpaceMb, name: `hollow-p${i}` }),
      ),
    );
    const procs = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) {
      await Promise.all(procs.map((p) => p.close()));
      throw failure.reason;
    }
    return new HollowPool(procs, prefixes);
  }

  get processCount(): number {
    return this.procs.length;
  }

  /** Process IDs, by process index (undefined once a process is gone). */
  get pids(): (number | undefined)[] {
    return this.procs.map((p) => p.pid);
  }

  /** Chaos: one worker process dies at once with all its workers, as a host would. */
  crashProcess(index: number): Promise<void> {
    const p = this.procs[index];
    return p ? p.kill() : Promise.resolve();
  }

  /** Adds `count` workers, spread evenly over the processes. */
  async spawn(count: number): Promise<SpawnResult> {
    const n = this.procs.length;
    const shares = this.procs.map((_, i) => Math.floor(count / n) + (i < count % n ? 1 : 0));
    const results = await Promise.all(this.procs.map((p, i) => (shares[i] ? p.request({ op: 'spawn', count: shares[i]! }) : undefined)));
    const out: SpawnResult = { requested: count, started: [], reused: 0, failed: [], durationMs: 0 };
    for (const r of results) {
      if (!r) continue;
      out.started.push(...r.started);
      out.reused += r.reused;
      out.failed.push(...r.failed);
      out.durationMs = Math.max(out.durationMs, r.durationMs);
    }
    return out;
  }

  /** Routes hostnames to their process; a count is split over the processes. */
  private route(selector: WorkerSelector): (WorkerSelector | undefined)[] {
    if (selector.hostnames) {
      return this.prefixes.map((prefix) => {
        const mine = selector.hostnames!.filter((h) => h.startsWith(`${prefix}-`));
        return mine.length ? { hostnames: mine } : undefined;
      });
    }
    if (selector.count === undefined) return this.procs.map(() => ({}));
    const n = this.procs.length;
    return this.procs.map((_, i) => ({ count: Math.floor(selector.count! / n) + (i < selector.count! % n ? 1 : 0) }));
  }

  private async chaos(op: 'pause' | 'resume' | 'kill', selector: WorkerSelector): Promise<string[]> {
    const routed = this.route(selector);
    const lists = await Promise.all(this.procs.map((p, i) => (routed[i] ? p.request({ op, selector: routed[i]! }) : [])));
    return lists.flat();
  }

  pauseHeartbeats(selector: WorkerSelector): Promise<string[]> {
    return this.chaos('pause', selector);
  }

  resumeHeartbeats(selector: WorkerSelector): Promise<string[]> {
    return this.chaos('resume', selector);
  }

  kill(selector: WorkerSelector): Promise<string[]> {
    return this.chaos('kill', selector);
  }

  /** Per process, since the previous call. */
  stats(): Promise<FleetStats[]> {
    return Promise.all(this.procs.map((p) => p.request({ op: 'stats' })));
  }

  async list(): Promise<WorkerSummary[]> {
    return (await Promise.all(this.procs.map((p) => p.request({ op: 'list' })))).flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.close()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
