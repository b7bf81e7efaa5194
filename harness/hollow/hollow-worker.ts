// One hollow worker: a swarm node without an engine. With an identity from join.ts it keeps a
// dispatcher session the way swarmkit's agent does: Session stream (registers the node, which
// the manager then marks Ready), Heartbeat at the period the manager returns, the Assignments
// stream (one COMPLETE set, then INCREMENTAL changes chained by applies_to/results_in), and task
// status reports. Any failure ends the session; a new one starts after a jittered backoff.
import { performance } from 'node:perf_hooks';
import { createSecureContext } from 'node:tls';
import { grpcDetails, isNodeRemoved } from './grpc-errors.js';
import { frame, GrpcConnection, type CallHandle, type GrpcCallError } from './grpc-h2.js';
import type { HealthMonitor } from './health.js';
import { heartbeatPeriodMs } from './heartbeat-period.js';
import { MAX_MESSAGE_BYTES, targetAddresses, type ManagerTarget } from './join.js';
import { nodeDescription, type DescriptionOptions } from './node-description.js';
import {
  AssignmentAction,
  AssignmentsType,
  dispatcherCodecs,
  type AssignmentsMessage,
  type NodeDescription,
  type SessionMessage,
  type Task,
} from './protocol.js';
import { StatusReporter } from './status-reporter.js';
import { TaskRunner, type TaskNoteSlot } from './task-runner.js';
import type { TaskBehaviour } from './task-machine.js';
import { backoffDelay } from '../util/retry.js';

export type WorkerState = 'connecting' | 'ready' | 'reconnecting' | 'removed' | 'killed';

export interface WorkerIdentity {
  hostname: string;
  nodeId: string;
  privateKeyPem: string;
  certChainPem: string;
  rootCaPem: string;
}

export interface HollowWorkerOptions {
  target: ManagerTarget;
  /** With several managers: which one this worker tries first (workers spread over them). */
  targetOffset?: number;
  identity: WorkerIdentity;
  behaviour: TaskBehaviour;
  health: HealthMonitor;
  description?: DescriptionOptions;
  random?: () => number;
  /** How long the manager may take to answer a new session (it registers the node in raft first). */
  sessionTimeoutMs?: number;
  onStateChange?: (worker: HollowWorker, state: WorkerState) => void;
  /** The fleet's record of task reports, when it keeps one (task-record.ts). */
  taskNotes?: TaskNoteSlot;
}

const DEFAULT_PERIOD_MS = 5000;

export class HollowWorker {
  state: WorkerState = 'connecting';
  heartbeatsPaused = false;
  lastError: string | undefined;
  /** Sessions started, including the first; more than one means the worker reconnected. */
  sessions = 0;

  private readonly conn: GrpcConnection;
  private readonly description: NodeDescription;
  private readonly reporter: StatusReporter;
  private readonly runner: TaskRunner;
  private readonly random: () => number;
  private sessionId = '';
  private sessionCall: CallHandle | undefined;
  private assignmentsCall: CallHandle | undefined;
  /** The heartbeat's request: the session ID only, so the same framed bytes all session long. */
  private heartbeatBody: Buffer | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private periodMs = DEFAULT_PERIOD_MS;
  private lastAck = 0;
  private endSession: ((err: unknown) => void) | undefined;
  private wake: (() => void) | undefined;
  private startWaiters: ((state: WorkerState) => void)[] = [];

  constructor(private readonly opts: HollowWorkerOptions) {
    const { identity, target } = opts;
    this.conn = new GrpcConnection({
      addresses: targetAddresses(target),
      offset: opts.targetOffset ?? 0,
      serverName: target.serverName ?? 'swarm-manager',
      secureContext: createSecureContext({
        ca: identity.rootCaPem,
        key: identity.privateKeyPem,
        cert: identity.certChainPem,
      }),
      maxMessageBytes: MAX_MESSAGE_BYTES,
    });
    this.description = nodeDescription(identity.hostname, identity.certChainPem, identity.rootCaPem, opts.description);
    this.random = opts.random ?? Math.random;
    const { UpdateTaskStatus } = dispatcherCodecs();
    this.reporter = new StatusReporter((updates) =>
      this.conn
        .unary(UpdateTaskStatus.path, frame(UpdateTaskStatus.encode({ sessionId: this.sessionId, updates })), 10_000)
        .then(() => undefined),
    );
    this.runner = new TaskRunner(this.reporter, opts.behaviour, this.random, opts.taskNotes);
  }

  get hostname(): string {
    return this.opts.identity.hostname;
  }

  get nodeId(): string {
    return this.opts.identity.nodeId;
  }

  get taskCount(): number {
    return this.runner.size;
  }

  countTasks(into: Record<string, number>): Record<string, number> {
    return this.runner.countByState(into);
  }

  start(): void {
    void this.loop();
  }

  /** Resolves when the first session is up, the worker stopped, or timeoutMs passed. */
  whenStarted(timeoutMs: number): Promise<WorkerState> {
    if (this.state !== 'connecting') return Promise.resolve(this.state);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(this.state), timeoutMs);
      const done = (s: WorkerState) => {
        clearTimeout(timer);
        this.startWaiters = this.startWaiters.filter((w) => w !== done);
        resolve(s);
      };
      this.startWaiters.push(done);
    });
  }

  /**
   * Chaos: stop heartbeating, like a frozen node. The session stays open until the manager
   * marks the node Down and drops it; no new session starts until resumeHeartbeats().
   */
  pauseHeartbeats(): void {
    this.heartbeatsPaused = true;
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  /** Heartbeats again at once; if the manager forgot the session meanwhile, the worker registers anew. */
  resumeHeartbeats(): void {
    if (!this.heartbeatsPaused) return;
    this.heartbeatsPaused = false;
    this.lastAck = 0; // a chosen pause is not a missed heartbeat
    if (this.sessionId) this.scheduleHeartbeat(0);
    else this.wake?.();
  }

  /** Stops everything at once, as if the node's host died. */
  kill(): void {
    this.halt('killed');
  }

  private halt(final: 'killed' | 'removed'): void {
    if (this.stopped) return;
    this.setState(final);
    this.endSession?.(new Error('killed'));
    this.wake?.();
    this.reporter.close();
    this.runner.clear();
    this.conn.close();
  }

  private setState(state: WorkerState): void {
    if (this.state === state || this.stopped) return;
    this.state = state;
    this.opts.onStateChange?.(this, state);
    if (state !== 'connecting') for (const w of [...this.startWaiters]) w(state);
  }

  private get stopped(): boolean {
    return this.state === 'killed' || this.state === 'removed';
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const sessionsBefore = this.sessions;
      try {
        await this.runSession();
      } catch (err) {
        if (this.stopped) break;
        this.lastError = grpcDetails(err);
        if (isNodeRemoved(err)) {
          // `node rm` happened: this identity can never come back.
          this.halt('removed');
          break;
        }
      }
      if (this.stopped) break;
      // A node whose heartbeats are paused stands for a frozen node: once the manager drops its
      // session (it does when the node is marked Down) it stays away until resumed.
      while (this.heartbeatsPaused && !this.stopped) await this.sleep(3_600_000);
      if (this.stopped) break;
      if (this.sessions > sessionsBefore) failures = 0;
      this.setState(this.sessions === 0 ? 'connecting' : 'reconnecting');
      failures++;
      // Jittered, capped backoff (1, 2, 4, then 8 s): a manager that restarts must not be met by
      // thousands of sessions in the same millisecond.
      await this.sleep(backoffDelay(failures, { initialMs: 1000, maxMs: 8000, random: this.random }));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private runSession(): Promise<void> {
    return new Promise((_resolve, reject) => {
      let settled = false;
      const { Session } = dispatcherCodecs();
      const firstMessage = setTimeout(
        () => finish(new Error(`no session from the manager within ${this.opts.sessionTimeoutMs ?? 60_000} ms`)),
        this.opts.sessionTimeoutMs ?? 60_000,
      );
      const finish = (err: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(firstMessage);
        this.teardownSession();
        // The next session starts on a new connection, to the next manager when there are
        // several, as swarmkit's agent selects a manager again for each session.
        if (!this.stopped) this.conn.failover();
        reject(err);
      };
      this.endSession = finish;
      const onMessage = (msg: SessionMessage) => {
        if (!this.sessionId) {
          clearTimeout(firstMessage);
          this.sessionId = msg.sessionId;
          this.heartbeatBody = frame(dispatcherCodecs().Heartbeat.encode({ sessionId: msg.sessionId }));
          this.sessions++;
          this.lastError = undefined;
          this.setState('ready');
          this.reporter.setOnline(true);
          this.scheduleHeartbeat(0);
          this.openAssignments();
        } else if (msg.sessionId && msg.sessionId !== this.sessionId) {
          finish(new Error('the dispatcher changed the session'));
        }
      };
      this.sessionCall = this.conn.call(
        Session.path,
        frame(Session.encode({ description: this.description, sessionId: '' })),
        {
          onMessage: (bytes) => onMessage(Session.decode(bytes)),
          onEnd: (err) => finish(err ?? new Error('the dispatcher ended the session')),
        },
      );
    });
  }

  private teardownSession(): void {
    this.sessionId = '';
    this.heartbeatBody = undefined;
    this.endSession = undefined;
    this.reporter.setOnline(false);
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    const calls = [this.sessionCall, this.assignmentsCall];
    this.sessionCall = this.assignmentsCall = undefined;
    for (const c of calls) c?.cancel();
  }

  private scheduleHeartbeat(ms: number): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    if (this.heartbeatsPaused || !this.sessionId) return;
    this.heartbeatTimer = setTimeout(() => this.heartbeat(), ms);
  }

  private heartbeat(): void {
    this.heartbeatTimer = undefined;
    const sessionId = this.sessionId;
    const body = this.heartbeatBody;
    if (!body) return;
    const health = this.opts.health;
    const sent = performance.now();
    health.heartbeatsSent++;
    const { Heartbeat } = dispatcherCodecs();
    this.conn.unary(Heartbeat.path, body, Math.max(5000, this.periodMs)).then(
      (bytes) => {
        if (sessionId !== this.sessionId) return;
        const now = performance.now();
        health.heartbeatRtt.record(now - sent);
        // Heartbeats the manager went without: whole periods between two answers, beyond the first.
        if (this.lastAck > 0) {
          const gaps = Math.floor((now - this.lastAck) / this.periodMs) - 1;
          if (gaps > 0) health.heartbeatsMissed += gaps;
        }
        this.lastAck = now;
        const periodMs = heartbeatPeriodMs(bytes);
        // Whole 10 ms: the manager jitters each period, and Node keeps one timer list per
        // distinct duration, so exact periods would cost a new list and a priority-queue
        // insertion per heartbeat. Unlike aligning due times, this does not bunch heartbeats.
        if (periodMs > 0) this.periodMs = Math.max(10, Math.round(periodMs / 10) * 10);
        this.scheduleHeartbeat(this.periodMs);
      },
      (err: unknown) => {
        if (sessionId !== this.sessionId) return;
        health.heartbeatsFailed++;
        this.endSession?.(err);
      },
    );
  }

  private openAssignments(): void {
    const sessionId = this.sessionId;
    const { Assignments } = dispatcherCodecs();
    let resultsIn = '';
    const tasksOf = (msg: AssignmentsMessage, action: number): Task[] => {
      const out: Task[] = [];
      for (const c of msg.changes) if (c.action === action && c.assignment?.task) out.push(c.assignment.task);
      return out;
    };
    const onMessage = (msg: AssignmentsMessage) => {
      if (msg.type === AssignmentsType.COMPLETE) {
        this.runner.applyComplete(tasksOf(msg, AssignmentAction.UPDATE));
      } else {
        if (msg.appliesTo !== resultsIn) {
          // A message was lost: start over with a new session and a COMPLETE set, as the agent does.
          this.endSession?.(new Error('assignments out of sequence'));
          return;
        }
        for (const t of tasksOf(msg, AssignmentAction.UPDATE)) this.runner.apply(t);
        for (const t of tasksOf(msg, AssignmentAction.REMOVE)) this.runner.remove(t.id);
      }
      resultsIn = msg.resultsIn;
    };
    // `started.call` is unset while the call starts: a call that fails at once still ends the session.
    const started: { call?: CallHandle } = {};
    const onEnd = (err: GrpcCallError | null) => {
      if ((started.call === undefined || this.assignmentsCall === started.call) && this.sessionId === sessionId)
        this.endSession?.(err ?? new Error('the dispatcher ended the assignments stream'));
    };
    started.call = this.conn.call(Assignments.path, frame(Assignments.encode({ sessionId })), {
      onMessage: (bytes) => onMessage(Assignments.decode(bytes)),
      onEnd,
    });
    if (this.sessionId === sessionId) this.assignmentsCall = started.call;
  }
}
