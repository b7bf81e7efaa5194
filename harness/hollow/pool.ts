// Hollow workers spread over several worker processes (one per core is plenty: a process holds
// thousands). This is what `swarmbench up --hollow H` drives: start (forked, or detached so the
// workers outlive the command), attach from a later command, grow, chaos by hostname or count,
// stats per process, and teardown.
import { readdir } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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
  /**
   * Run the processes detached, each serving `p<i>.sock` (and logging to `p<i>.log`) in this
   * directory, so they outlive this command; omitted: forked, they end with this process.
   */
  controlDir?: string;
}

const SOCKET = /^p(\d+)\.sock$/;

export class HollowPool {
  private constructor(private readonly procs: HollowProcess[]) {}

  static async start(opts: PoolOptions): Promise<HollowPool> {
    const { processes, logger, entry, maxOldSpaceMb, hostnamePrefix, controlDir, ...init } = opts;
    if (controlDir) mkdirSync(controlDir, { recursive: true, mode: 0o700 });
    const started = await Promise.allSettled(
      Array.from({ length: Math.max(1, processes) }, (_, i) => {
        const fleet = { ...init, hostnamePrefix: `${hostnamePrefix}-p${i}` };
        const popts = { logger, entry, maxOldSpaceMb, name: `hollow-p${i}` };
        return controlDir
          ? HollowProcess.startDetached(fleet, {
              ...popts,
              socketPath: join(controlDir, `p${i}.sock`),
              logFile: join(controlDir, `p${i}.log`),
            })
          : HollowProcess.start(fleet, popts);
      }),
    );
    const procs = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) {
      await Promise.all(procs.map((p) => p.close()));
      throw failure.reason;
    }
    return new HollowPool(procs);
  }

  /** Attaches to the detached processes serving sockets in controlDir; undefined when none answers. */
  static async attach(controlDir: string, opts: { logger?: Logger } = {}): Promise<HollowPool | undefined> {
    const names = (await readdir(controlDir).catch(() => [] as string[]))
      .filter((f) => SOCKET.test(f))
      .sort((a, b) => Number(SOCKET.exec(a)![1]) - Number(SOCKET.exec(b)![1]));
    const attached = await Promise.allSettled(
      names.map((f) =>
        HollowProcess.attach(join(controlDir, f), { logger: opts.logger, name: `hollow-${f.replace('.sock', '')}` }),
      ),
    );
    const procs = attached.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    return procs.length ? new HollowPool(procs) : undefined;
  }

  get processCount(): number {
    return this.procs.length;
  }

  /** Process IDs, by process index. */
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
    const results = await Promise.all(
      this.procs.map((p, i) => (shares[i] ? p.request({ op: 'spawn', count: shares[i]! }) : undefined)),
    );
    const out: SpawnResult = { requested: count, started: [], reused: 0, failed: [], orphans: [], durationMs: 0 };
    for (const r of results) {
      if (!r) continue;
      out.started.push(...r.started);
      out.reused += r.reused;
      out.failed.push(...r.failed);
      out.orphans.push(...(r.orphans ?? []));
      out.durationMs = Math.max(out.durationMs, r.durationMs);
    }
    return out;
  }

  /** Routes hostnames to their process; a count is split over the processes. */
  private route(selector: WorkerSelector): (WorkerSelector | undefined)[] {
    if (selector.hostnames) {
      return this.procs.map((p) => {
        const mine = selector.hostnames!.filter(
          (h) => p.hostnamePrefix !== undefined && h.startsWith(`${p.hostnamePrefix}-`),
        );
        return mine.length ? { hostnames: mine } : undefined;
      });
    }
    if (selector.count === undefined) return this.procs.map(() => ({}));
    const n = this.procs.length;
    return this.procs.map((_, i) => ({ count: Math.floor(selector.count! / n) + (i < selector.count! % n ? 1 : 0) }));
  }

  private async chaos(op: 'pause' | 'resume' | 'kill', selector: WorkerSelector): Promise<string[]> {
    const routed = this.route(selector);
    const lists = await Promise.all(
      this.procs.map((p, i) => (routed[i] ? p.request({ op, selector: routed[i]! }) : [])),
    );
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

  /** Every process writes its workers' task reports to `<dir>/hollow-tasks-<n>.tsv` (task-record.ts)
   *  from now on, or stops (null); the files being written. */
  async recordTasks(dir: string | null): Promise<string[]> {
    const files = await Promise.all(
      this.procs.map((p, i) =>
        p.request({ op: 'record', file: dir === null ? null : join(dir, `hollow-tasks-${i}.tsv`) }),
      ),
    );
    return files.filter((f): f is string => f !== null);
  }

  /** Leaves detached processes running; closes this command's connections to them. */
  detach(): void {
    for (const p of this.procs) p.detach();
  }

  /** Stops every process (and its workers). */
  async close(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.close()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
