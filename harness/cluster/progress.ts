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
  /** Nodes whose container started and whose engine does not answer yet. */
  booting = 0;
  /** Boots repeated after a node's engine exited or did not answer. */
  restarted = 0;
  /** The pace in force, for the line ("pace: boots 6 at a time, joins 4"). */
  pace?: () => string;
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
    const restarted = this.restarted ? `, ${this.restarted} restarted` : '';
    const pace = this.pace ? `; ${this.pace()}` : '';
    const width = 20;
    const filled = this.total ? Math.round((this.ready / this.total) * width) : width;
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    return `${bar} nodes: ${this.started}/${this.total} started (${this.booting} booting${restarted}), ${this.joined}/${this.total} joined, ${this.ready}/${this.total} Ready${failed} (${s} s${pace})`;
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
