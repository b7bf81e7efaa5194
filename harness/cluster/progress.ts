// Boot progress: counters for nodes started, joined and Ready, shown as a live line on a
// terminal and a periodic plain line in CI logs (the Logger decides which).
import type { Logger } from '../util/log.js';

export class BootProgress {
  started = 0;
  joined = 0;
  ready = 0;
  /** Nodes of this boot already Ready before the current wait began (the managers). */
  readyBase = 0;
  failed = 0;
  private timer?: NodeJS.Timeout;
  private settledStarts = 0;
  private allStartsSettled!: () => void;
  /** Resolves once every node's container start has succeeded or failed. */
  readonly startsSettled = new Promise<void>((resolve) => (this.allStartsSettled = resolve));
  private readonly t0 = Date.now();

  constructor(
    private readonly total: number,
    private readonly log?: Logger,
  ) {}

  /** Records that one node's start attempt is over (either way). */
  startSettled(): void {
    if (++this.settledStarts >= this.total) this.allStartsSettled();
  }

  line(): string {
    const s = ((Date.now() - this.t0) / 1000).toFixed(0);
    const failed = this.failed ? `, ${this.failed} failed` : '';
    const width = 20;
    const filled = this.total ? Math.round((this.ready / this.total) * width) : width;
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    return `${bar} nodes: ${this.started}/${this.total} started, ${this.joined}/${this.total} joined, ${this.ready}/${this.total} Ready${failed} (${s} s)`;
  }

  start(): this {
    if (!this.log) return this;
    this.timer = setInterval(() => this.log?.progress(this.line()), 1000);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.log?.progress(this.line(), { force: true });
  }
}
