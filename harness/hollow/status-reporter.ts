// Reports task status changes of one worker to the dispatcher. Updates of many tasks are sent
// together in one UpdateTaskStatus call (a short batching window), but each task waits for its
// report to be accepted before its next transition: the dispatcher keeps only the latest status
// per task in a batch, so two states of one task in one call would hide the first.
import type { TaskStatusUpdate } from './protocol.js';

type Send = (updates: TaskStatusUpdate[]) => Promise<void>;

interface Pending {
  update: TaskStatusUpdate;
  waiters: (() => void)[];
}

export class StatusReporter {
  private pending = new Map<string, Pending>();
  private inFlight = false;
  private timer: NodeJS.Timeout | undefined;
  private online = false;
  private closed = false;

  constructor(
    private readonly send: Send,
    private readonly batchMs = 20,
    private readonly retryMs = 1000,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Resolves once the dispatcher accepted this update (or a later one of the same task). */
  report(update: TaskStatusUpdate): Promise<void> {
    return new Promise((resolve) => {
      const existing = this.pending.get(update.taskId);
      if (existing) {
        existing.update = update;
        existing.waiters.push(resolve);
      } else {
        this.pending.set(update.taskId, { update, waiters: [resolve] });
      }
      this.schedule(this.batchMs);
    });
  }

  /** While the session is down nothing is sent; updates wait and go out when it is back. */
  setOnline(online: boolean): void {
    this.online = online;
    if (online) this.schedule(0);
  }

  get queued(): number {
    return this.pending.size;
  }

  private schedule(ms: number): void {
    if (this.timer || this.inFlight || this.closed || !this.online || this.pending.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
  }

  private async flush(): Promise<void> {
    if (this.inFlight || !this.online || this.closed || this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.inFlight = true;
    let delay = this.batchMs;
    try {
      await this.send(batch.map((p) => p.update));
      for (const p of batch) for (const w of p.waiters) w();
    } catch (err) {
      this.onError(err);
      // Put the batch back unless a newer update of the same task arrived meanwhile.
      for (const p of batch) {
        const newer = this.pending.get(p.update.taskId);
        if (newer) newer.waiters.unshift(...p.waiters);
        else this.pending.set(p.update.taskId, p);
      }
      delay = this.retryMs;
    } finally {
      this.inFlight = false;
    }
    this.schedule(delay);
  }

  /** Drops everything; waiters never resolve (their tasks are gone with the worker). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
