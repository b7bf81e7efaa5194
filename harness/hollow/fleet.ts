// Many hollow workers in one process: joins them with bounded concurrency (re-using saved
// identities), shares one join channel and one health monitor among them, and answers chaos
// (pause and resume heartbeats, kill) and stats requests. A worker process (cli/hollow-main.ts)
// wraps one fleet; tests and benchmarks may also use it in-process.
import pLimit from 'p-limit';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../util/log.js';
import { silentLogger } from '../util/log.js';
import { HealthMonitor, type HealthSnapshot } from './health.js';
import { HollowWorker, type WorkerIdentity, type WorkerState } from './hollow-worker.js';
import { IdentityStore } from './identity-store.js';
import { Joiner, type ManagerTarget } from './join.js';
import { JoinFailedError, joinWithRetry } from './join-retry.js';
import type { DescriptionOptions } from './node-description.js';
import { mulberry32 as seededRandom } from '../util/random.js';
import { defaultTaskBehaviour, type TaskBehaviour } from './task-machine.js';
import { TaskRecord } from './task-record.js';
import type { TaskNoteSlot } from './task-runner.js';

export interface FleetOptions {
  target: ManagerTarget;
  joinToken: string;
  /** Workers are named `<prefix>-00000`, `<prefix>-00001`, …: unique hostnames per cluster. */
  hostnamePrefix: string;
  /** Where identities are kept so a restart re-uses the same nodes; none: fresh nodes every time. */
  identityDir?: string;
  behaviour?: Partial<TaskBehaviour>;
  description?: DescriptionOptions;
  /** Joins (certificate + first session) in flight at once. */
  joinConcurrency?: number;
  /** How long one worker may take from join to its first session before it counts as failed. */
  startTimeoutMs?: number;
  seed?: number;
  logger?: Logger;
}

/** Which workers a chaos action applies to. */
export interface WorkerSelector {
  hostnames?: string[];
  /** The first `count` workers (in hostname order) that are not killed. */
  count?: number;
}

export interface SpawnResult {
  requested: number;
  started: string[];
  reused: number;
  failed: { hostname: string; error: string }[];
  /** Nodes failed joins left in the swarm (the caller removes them with the manager's API). */
  orphans: string[];
  durationMs: number;
}

export interface WorkerSummary {
  hostname: string;
  nodeId: string;
  state: WorkerState;
  heartbeatsPaused: boolean;
  tasks: number;
  sessions: number;
  lastError?: string;
}

export interface FleetStats {
  pid: number;
  workers: Record<WorkerState | 'total' | 'paused', number>;
  tasks: Record<string, number>;
  health: HealthSnapshot;
  memory: { rssBytes: number; heapUsedBytes: number };
}

export class HollowFleet {
  readonly health = new HealthMonitor();
  private readonly workers = new Map<string, HollowWorker>();
  private readonly store: IdentityStore | undefined;
  private readonly behaviour: TaskBehaviour;
  private readonly random: () => number;
  private readonly logger: Logger;
  private nextIndex = 0;
  private readonly taskNotes: TaskNoteSlot = {};
  private taskRecord: TaskRecord | undefined;

  private constructor(
    private readonly opts: FleetOptions,
    private readonly joiner: Joiner,
  ) {
    this.store = opts.identityDir ? new IdentityStore(opts.identityDir) : undefined;
    this.behaviour = { ...defaultTaskBehaviour, ...opts.behaviour };
    this.random = opts.seed === undefined ? Math.random : seededRandom(opts.seed);
    this.logger = opts.logger ?? silentLogger;
  }

  static async create(opts: FleetOptions): Promise<HollowFleet> {
    const joiner = await Joiner.connect(opts.target, opts.joinToken);
    return new HollowFleet(opts, joiner);
  }

  get hostnamePrefix(): string {
    return this.opts.hostnamePrefix;
  }

  get rootCaPem(): string {
    return this.joiner.rootCaPem;
  }

  private hostname(index: number): string {
    return `${this.opts.hostnamePrefix}-${String(index).padStart(5, '0')}`;
  }

  /** Starts `count` more workers; resolves when each has its first session or has failed. */
  async spawn(count: number): Promise<SpawnResult> {
    const start = performance.now();
    const limit = pLimit(this.opts.joinConcurrency ?? 64);
    const result: SpawnResult = { requested: count, started: [], reused: 0, failed: [], orphans: [], durationMs: 0 };
    const indices = Array.from({ length: count }, () => this.nextIndex++);
    await Promise.all(
      indices.map((index) =>
        limit(async () => {
          const hostname = this.hostname(index);
          try {
            let { identity, reused } = await this.identityFor(hostname, result.orphans);
            let state = await this.startWorker(index, identity);
            if (state === 'removed' && reused) {
              // The saved node was removed from the swarm (`node rm`) since: join as a new node.
              await this.store?.remove(hostname);
              ({ identity, reused } = await this.identityFor(hostname, result.orphans));
              state = await this.startWorker(index, identity);
            }
            if (state !== 'ready') throw new Error(this.workers.get(hostname)?.lastError ?? `no session (${state})`);
            if (reused) result.reused++;
            result.started.push(hostname);
          } catch (err) {
            const error = err instanceof Error ? err.message : String(err);
            result.failed.push({ hostname, error });
            this.logger.warn(`hollow worker ${hostname} did not join: ${error}`);
          }
        }),
      ),
    );
    result.durationMs = Math.round(performance.now() - start);
    return result;
  }

  private startWorker(index: number, identity: WorkerIdentity): Promise<WorkerState> {
    const worker = new HollowWorker({
      target: this.opts.target,
      targetOffset: index,
      identity,
      behaviour: this.behaviour,
      health: this.health,
      description: this.opts.description,
      random: this.random,
      taskNotes: this.taskNotes,
    });
    this.workers.get(identity.hostname)?.kill();
    this.workers.set(identity.hostname, worker);
    worker.start();
    return worker.whenStarted(this.opts.startTimeoutMs ?? 120_000);
  }

  private async identityFor(
    hostname: string,
    orphans: string[],
  ): Promise<{ identity: WorkerIdentity; reused: boolean }> {
    const saved = await this.store?.load(hostname, this.joiner.rootCaPem);
    if (saved) return { identity: saved, reused: true };
    const { joined, orphans: left } = await joinWithRetry(() => this.joiner.join()).catch((err: unknown) => {
      if (err instanceof JoinFailedError) orphans.push(...err.orphans);
      throw err;
    });
    orphans.push(...left);
    const identity: WorkerIdentity = { hostname, ...joined, rootCaPem: this.joiner.rootCaPem };
    await this.store?.save(identity);
    return { identity, reused: false };
  }

  /** Re-starts saved identities of this prefix that are not running (after a simulator restart). */
  async savedHostnames(): Promise<string[]> {
    const prefix = `${this.opts.hostnamePrefix}-`;
    return ((await this.store?.hostnames()) ?? []).filter((h) => h.startsWith(prefix)).sort();
  }

  select(selector: WorkerSelector): HollowWorker[] {
    if (selector.hostnames) {
      return selector.hostnames.map((h) => this.workers.get(h)).filter((w): w is HollowWorker => w !== undefined);
    }
    const alive = [...this.workers.values()].filter((w) => w.state !== 'killed' && w.state !== 'removed');
    alive.sort((a, b) => a.hostname.localeCompare(b.hostname));
    return alive.slice(0, selector.count ?? alive.length);
  }

  /** Starts writing every task report of this process's workers to `file` (appended), or stops
   *  (null); resolves with the file being written, once the previous one is closed. */
  async recordTasks(file: string | null): Promise<string | null> {
    const previous = this.taskRecord;
    this.taskRecord = file === null ? undefined : new TaskRecord(file);
    this.taskNotes.note = this.taskRecord?.note;
    await previous?.close();
    return this.taskRecord?.file ?? null;
  }

  pauseHeartbeats(selector: WorkerSelector): string[] {
    return this.select(selector).map((w) => (w.pauseHeartbeats(), w.hostname));
  }

  resumeHeartbeats(selector: WorkerSelector): string[] {
    return this.select(selector).map((w) => (w.resumeHeartbeats(), w.hostname));
  }

  kill(selector: WorkerSelector): string[] {
    return this.select(selector).map((w) => (w.kill(), w.hostname));
  }

  list(): WorkerSummary[] {
    return [...this.workers.values()].map((w) => ({
      hostname: w.hostname,
      nodeId: w.nodeId,
      state: w.state,
      heartbeatsPaused: w.heartbeatsPaused,
      tasks: w.taskCount,
      sessions: w.sessions,
      ...(w.lastError ? { lastError: w.lastError } : {}),
    }));
  }

  /** Counters since the previous call (health), and current totals (workers, tasks, memory). */
  stats(): FleetStats {
    const workers: FleetStats['workers'] = {
      total: 0,
      paused: 0,
      connecting: 0,
      ready: 0,
      reconnecting: 0,
      removed: 0,
      killed: 0,
    };
    const tasks: Record<string, number> = {};
    for (const w of this.workers.values()) {
      workers.total++;
      workers[w.state]++;
      if (w.heartbeatsPaused) workers.paused++;
      w.countTasks(tasks);
    }
    const mem = process.memoryUsage();
    return {
      pid: process.pid,
      workers,
      tasks,
      health: this.health.snapshot(),
      memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
    };
  }

  /** Kills every worker and closes the join channel; identities stay on disk. */
  close(): void {
    void this.recordTasks(null);
    for (const w of this.workers.values()) w.kill();
    this.joiner.close();
    this.health.close();
  }
}
