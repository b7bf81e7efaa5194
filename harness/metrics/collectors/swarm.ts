// The swarm collector: per-service task counts every second from one `GET /services?status=true`;
// task start-up latency from task lists fetched only for services that are not converged or had
// tasks reach running since the last fetch; failed/shutdown counts from the task history of the
// services that moved, every few seconds; node states and leader changes every few seconds.
// Every look at a task list also notes the states tasks were caught in (task-phases.ts), so a
// task's point carries the phases that were observed and a failed or rejected task gets one too.
// All within a budget of one call per second per service (call-budget.ts); at steady state it
// makes one call per second, whatever the number of tasks.
import type { Engine } from '../../docker/engine.js';
import { listServicesWithStatus, listSwarmNodes, listTasks, type ServiceView } from '../../docker/swarm-read.js';
import type { Logger } from '../../util/log.js';
import { Measurement } from '../measurements.js';
import { CallBudget, type CallKind } from '../call-budget.js';
import { countNodes, LeaderTracker } from '../node-tracker.js';
import { CountRate } from '../rate.js';
import { PhaseTracker, phaseFields, type EndedTask } from '../task-phases.js';
import { countStates, emptyCounts, TaskTracker, type StateCounts, type StartupSample } from '../task-tracker.js';
import type { Collector, Emit } from './types.js';

export interface SwarmCollectorOptions {
  /** Resolves the current leader's API (again after an error: the leader may have changed). */
  manager: () => Promise<Engine>;
  emit: Emit;
  log: Logger;
  sinceMs: number;
  nodesEveryMs?: number;
  historyEveryMs?: number;
  /** Big task lists are fetched less often: one fetch per this many desired tasks per second. */
  tasksPerFetchSecond?: number;
  /** The budget of manager calls (see call-budget.ts). */
  callsPerServicePerSecond?: number;
}

/** Milliseconds to microsecond precision: what the swarm's timestamps carry, without float noise. */
const us = (ms: number) => Math.round(ms * 1000) / 1000;

const SERVICE_INTS = ['desired', 'running', 'pending', 'assigned', 'preparing', 'starting', 'failed', 'shutdown'];

export class SwarmCollector implements Collector {
  readonly name = 'swarm';
  private engine: Engine | undefined;
  private readonly tracker: TaskTracker;
  private readonly phases: PhaseTracker;
  private readonly leader = new LeaderTracker();
  private readonly rate = new CountRate();
  private readonly inflight = new Map<string, StateCounts>();
  private readonly history = new Map<string, { failed: number; shutdown: number }>();
  private readonly moved = new Set<string>();
  private readonly callCount: Record<string, number> = { services: 0, tasks: 0, tasks_history: 0, nodes: 0 };
  private services: ServiceView[] = [];
  private readonly budget: CallBudget;
  private busy = false;
  private errors = 0;
  private nodeCount = 0;

  constructor(private readonly opts: SwarmCollectorOptions) {
    this.tracker = new TaskTracker(opts.sinceMs);
    this.phases = new PhaseTracker(opts.sinceMs);
    this.budget = new CallBudget(opts.callsPerServicePerSecond ?? 1);
  }

  calls(): Record<string, number> {
    return { ...this.callCount };
  }

  async tick(nowMs: number): Promise<void> {
    // A manager slower than a second must not get a second request queued behind the first.
    if (this.busy) return;
    this.busy = true;
    try {
      const engine = await this.managerEngine();
      const wanted: CallKind[] = ['services'];
      if (this.tasksWanted(nowMs)) wanted.push('tasks');
      // Thousands of (hollow) nodes make a node list of megabytes: list them less often then.
      const nodesEveryMs = Math.max(this.opts.nodesEveryMs ?? 5000, 1000 * Math.ceil(this.nodeCount / 400));
      if (nowMs - this.budget.lastMade('nodes') >= nodesEveryMs) wanted.push('nodes');
      if (this.moved.size > 0 && nowMs - this.budget.lastMade('history') >= (this.opts.historyEveryMs ?? 5000))
        wanted.push('history');
      const calls = this.budget.plan(nowMs, this.services.length, wanted);
      if (calls.includes('services')) await this.pollServices(engine, nowMs);
      if (calls.includes('tasks')) await this.pollTasks(engine, nowMs, false, !calls.includes('services'));
      if (calls.includes('history')) await this.pollHistory(engine);
      if (calls.includes('nodes')) await this.pollNodes(engine, nowMs);
      this.errors = 0;
    } catch (err) {
      this.engine = undefined;
      if (this.errors++ % 10 === 0)
        this.opts.log.warn(
          `metrics: the inner manager did not answer (${err instanceof Error ? err.message : String(err)}); retrying every second`,
        );
    } finally {
      this.busy = false;
    }
  }

  /** Whether a task list is worth its call now: services moving, and big lists not too often. */
  private tasksWanted(nowMs: number): boolean {
    const ids = this.tracker.servicesToFetch(this.services);
    if (ids.length === 0) return false;
    // A list of 10,000 tasks is megabytes of JSON for the manager: fetch big ones less often.
    // Latencies stay exact (they come from the swarm's timestamps); only their arrival is later.
    const desired = this.services.filter((s) => ids.includes(s.id)).reduce((n, s) => n + s.desired, 0);
    const everyMs = 1000 * Math.max(1, Math.ceil(desired / (this.opts.tasksPerFetchSecond ?? 2000)));
    return nowMs - this.budget.lastMade('tasks') >= everyMs - 100;
  }

  /** At the end: one more full look so the last counts and every running task are recorded. */
  async final(nowMs: number): Promise<void> {
    while (this.busy) await new Promise((r) => setTimeout(r, 50));
    this.busy = true;
    try {
      const engine = await this.managerEngine();
      await this.pollServices(engine, nowMs);
      await this.pollTasks(engine, nowMs, true, false);
      await this.pollHistory(engine);
      await this.pollNodes(engine, nowMs);
    } catch (err) {
      this.opts.log.warn(
        `metrics: last look at the swarm failed (${err instanceof Error ? err.message : String(err)})`,
      );
    } finally {
      this.busy = false;
    }
  }

  private async managerEngine(): Promise<Engine> {
    this.engine ??= await this.opts.manager();
    return this.engine;
  }

  private async pollServices(engine: Engine, nowMs: number): Promise<void> {
    this.callCount.services!++;
    this.services = await listServicesWithStatus(engine);
    for (const s of this.services) {
      this.emitService(s, nowMs);
      if (s.running !== s.desired) this.moved.add(s.id);
    }
  }

  private emitService(s: ServiceView, nowMs: number): void {
    const settled = s.running >= s.desired && this.tracker.servicesToFetch([s]).length === 0;
    const counts = settled ? emptyCounts() : (this.inflight.get(s.id) ?? emptyCounts());
    const hist = this.history.get(s.id) ?? { failed: 0, shutdown: 0 };
    this.opts.emit({
      measurement: Measurement.service,
      tags: { service: s.name, mode: s.mode },
      fields: {
        desired: s.desired,
        running: s.running,
        pending: counts.pending,
        assigned: counts.assigned,
        preparing: counts.preparing,
        starting: counts.starting,
        failed: hist.failed + counts.failed,
        shutdown: hist.shutdown,
      },
      intFields: SERVICE_INTS,
      timeMs: nowMs,
    });
    const perS = this.rate.observe(s.id, s.running, nowMs);
    if (perS !== undefined) {
      this.opts.emit({
        measurement: Measurement.rate,
        tags: { service: s.name },
        fields: { running_per_s: perS, running: s.running },
        intFields: ['running'],
        timeMs: nowMs,
      });
    }
  }

  /**
   * Fetches desired-running tasks of the moving services (all services when forced). When the
   * services call was not made this tick, the counts of the fetched services come from the list.
   */
  private async pollTasks(engine: Engine, nowMs: number, force: boolean, countsFromTasks: boolean): Promise<void> {
    const ids = force ? this.services.map((s) => s.id) : this.tracker.servicesToFetch(this.services);
    if (ids.length === 0) return;
    this.callCount.tasks!++;
    const tasks = await listTasks(engine, { serviceIds: ids, desiredState: 'running' });
    const counts = countStates(tasks);
    for (const id of ids) {
      this.inflight.set(id, counts.get(id) ?? emptyCounts());
      this.moved.add(id);
    }
    const ended = this.phases.look(tasks);
    this.emitSamples(this.tracker.observe(ids, tasks));
    this.emitEnded(ended);
    if (countsFromTasks) {
      for (const s of this.services.filter((x) => ids.includes(x.id))) {
        this.emitService({ ...s, running: counts.get(s.id)?.running ?? 0 }, nowMs);
      }
    }
  }

  private emitSamples(samples: StartupSample[]): void {
    const names = new Map(this.services.map((s) => [s.id, s.name]));
    for (const s of samples) {
      this.opts.emit({
        measurement: Measurement.task,
        tags: { service: names.get(s.serviceId) ?? s.serviceId },
        fields: {
          task: s.taskId,
          node: s.nodeId ?? '',
          latency_ms: us(s.latencyMs),
          created_ms: us(s.createdMs),
          running_ms: us(s.runningMs),
          ...phaseFields(this.phases.take(s.taskId, s.createdMs, s.runningMs), us),
        },
        timeMs: s.runningMs,
      });
    }
  }

  private emitEnded(ended: EndedTask[]): void {
    const names = new Map(this.services.map((s) => [s.id, s.name]));
    for (const e of ended) {
      this.opts.emit({
        measurement: Measurement.taskFailed,
        tags: { service: names.get(e.task.serviceId) ?? e.task.serviceId, state: e.state },
        fields: {
          task: e.task.id,
          node: e.task.nodeId ?? '',
          error: e.error ?? '',
          created_ms: us(e.createdMs),
          ended_ms: us(e.endedMs),
          ...phaseFields(e, us),
        },
        timeMs: e.endedMs,
      });
    }
  }

  private async pollHistory(engine: Engine): Promise<void> {
    const ids = [...this.moved].filter((id) => this.services.some((s) => s.id === id));
    this.moved.clear();
    if (ids.length === 0) return;
    this.callCount.tasks_history!++;
    const tasks = await listTasks(engine, { serviceIds: ids, desiredState: 'shutdown' });
    this.emitEnded(this.phases.look(tasks));
    const counts = countStates(tasks);
    for (const id of ids) {
      const c = counts.get(id) ?? emptyCounts();
      // A task the swarm gave up on (failed, rejected) counts as failed; the rest as shut down.
      this.history.set(id, {
        failed: c.failed,
        shutdown: c.shutdown + c.running + c.pending + c.assigned + c.preparing + c.starting,
      });
    }
  }

  private async pollNodes(engine: Engine, nowMs: number): Promise<void> {
    this.callCount.nodes!++;
    const nodes = await listSwarmNodes(engine);
    this.nodeCount = nodes.length;
    const c = countNodes(nodes);
    const change = this.leader.observe(nodes);
    this.opts.emit({
      measurement: Measurement.nodes,
      fields: {
        ready: c.ready,
        down: c.down,
        unknown: c.unknown + c.disconnected,
        managers: c.managers,
        workers: c.workers,
        hollow: c.hollow,
        drained: c.drained,
        leader: this.leader.leader ?? '',
      },
      intFields: ['ready', 'down', 'unknown', 'managers', 'workers', 'hollow', 'drained'],
      timeMs: nowMs,
    });
    if (change) {
      this.opts.emit({
        measurement: Measurement.leader,
        fields: { leader: change.leader, previous: change.previous, hostname: change.leaderHostname },
        timeMs: nowMs,
      });
    }
  }
}
