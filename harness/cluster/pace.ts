// Pacing node boots and joins to what the host can take, the way TCP finds a link's rate.
// A Pacer admits work up to a limit (how many nodes may boot, or join, at once) and moves the
// limit with what it sees:
// - quick completions widen it (slow start: +1 per completion, so it doubles each round; after
//   the first narrowing, +1 per round);
// - slow ones hold it (slower than 3× the quickest and 10 s more): the host is at its rate;
//   measured side by side (bench/boot), narrowing there only lost throughput, as the outer
//   engine's serial work, not the CPU, set the latency;
// - very slow ones narrow it ×0.7 (slower than 8× the quickest and 30 s more: on the way to
//   an engine that never answers), and failures narrow it ×0.5.
// Like TCP it reacts once per round: a slot admitted before the last narrowing cannot narrow
// the limit again, so one burst of slow boots counts once. A busy host (its run queue, from
// the caller) holds the limit too, and an overloaded one narrows it ×0.7. Every change is recorded with its reason, for progress lines and the record.
import type { Clock } from '../util/retry.js';
import { systemClock } from '../util/retry.js';

export interface PaceChange {
  /** ms since the pacer was made. */
  atMs: number;
  limit: number;
  reason: string;
}

export interface PaceRecord {
  /** What this pacer admits, e.g. "boots on host-a" or "joins". */
  name: string;
  mode: 'adaptive' | 'fixed';
  initial: number;
  final: number;
  peak: number;
  /** The lowest limit the pacer narrowed to (the initial one when it never narrowed). */
  lowest: number;
  /** Quickest completion seen: the pacer's idea of an uncongested boot or join. */
  quickestMs?: number;
  completed: number;
  failed: number;
  /** Times the limit was narrowed (very slow or failed work, once per round). */
  narrowings: number;
  /** Completions slow enough to hold the limit where it was. */
  heldForSlow: number;
  /** Quick completions that did not widen the limit because the host was busy. */
  heldForBusyHost: number;
  changes: PaceChange[];
}

export interface PacerOptions {
  name: string;
  /** Fixed limit (an override such as --start-concurrency): never moves. */
  fixed?: number;
  initial?: number;
  min?: number;
  max?: number;
  /** A completion slower than both tolerance × quickest and quickest + slackMs holds the limit. */
  tolerance?: number;
  slackMs?: number;
  /** One slower than both narrowTolerance × quickest and quickest + narrowSlackMs narrows it. */
  narrowTolerance?: number;
  narrowSlackMs?: number;
  /** Returns why the host is too busy to widen (e.g. its run queue), or undefined. */
  hostBusy?: () => string | undefined;
  /** Returns why the host is overloaded (narrow, once per round), or undefined. */
  hostOverloaded?: () => string | undefined;
  clock?: Clock;
  /** Told of every change of the limit. */
  onChange?: (change: PaceChange) => void;
}

export interface PaceSlot {
  /** The work completed; its duration is measured from acquire(). */
  done(): void;
  /** The work failed (an engine that exited, a join that timed out): narrow. */
  failed(why: string): void;
  /** The work ran into trouble but goes on (a join attempt timed out and is retried): narrow. */
  trouble(why: string): void;
  /** The work ended for reasons unrelated to the host (interrupted): release only. */
  release(): void;
}

export const PACE_DEFAULTS = {
  initial: 4,
  min: 1,
  max: 32,
  tolerance: 3,
  slackMs: 10_000,
  narrowTolerance: 8,
  narrowSlackMs: 30_000,
} as const;

type Thresholds = {
  -readonly [K in 'min' | 'max' | 'tolerance' | 'slackMs' | 'narrowTolerance' | 'narrowSlackMs']: number;
};

export class Pacer {
  private window: number;
  /** Slow start lasts until the first narrowing. */
  private threshold = Number.POSITIVE_INFINITY;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private lastNarrowAt = Number.NEGATIVE_INFINITY;
  private readonly t0: number;
  private readonly clock: Clock;
  private readonly rec: PaceRecord;
  private readonly cfg: Thresholds;

  constructor(private readonly o: PacerOptions) {
    this.clock = o.clock ?? systemClock;
    this.cfg = {
      min: o.min ?? PACE_DEFAULTS.min,
      max: o.max ?? PACE_DEFAULTS.max,
      tolerance: o.tolerance ?? PACE_DEFAULTS.tolerance,
      slackMs: o.slackMs ?? PACE_DEFAULTS.slackMs,
      narrowTolerance: o.narrowTolerance ?? PACE_DEFAULTS.narrowTolerance,
      narrowSlackMs: o.narrowSlackMs ?? PACE_DEFAULTS.narrowSlackMs,
    };
    this.t0 = this.clock.now();
    const initial = o.fixed ?? o.initial ?? PACE_DEFAULTS.initial;
    this.window = initial;
    this.rec = {
      name: o.name,
      mode: o.fixed !== undefined ? 'fixed' : 'adaptive',
      initial,
      final: initial,
      peak: initial,
      lowest: initial,
      completed: 0,
      failed: 0,
      narrowings: 0,
      heldForSlow: 0,
      heldForBusyHost: 0,
      changes: [
        { atMs: 0, limit: initial, reason: o.fixed !== undefined ? 'fixed by the command line' : 'initial pace' },
      ],
    };
  }

  /** Work admitted at once now. */
  get limit(): number {
    return Math.floor(this.window);
  }

  /** Fixed by an override, or moving with the host. */
  get mode(): PaceRecord['mode'] {
    return this.rec.mode;
  }

  get active(): number {
    return this.inFlight;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Waits for room under the limit (first come, first served); the slot must be ended exactly once. */
  async acquire(signal?: AbortSignal): Promise<PaceSlot> {
    signal?.throwIfAborted();
    if (this.waiting.length === 0 && this.inFlight < this.limit) this.inFlight++;
    else {
      // pump() counts the slot in before it wakes us.
      await new Promise<void>((resolve, reject) => {
        const grant = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = this.waiting.indexOf(grant);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(signal!.reason as Error);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(grant);
      });
    }
    const admittedAt = this.clock.now();
    let ended = false;
    const end = (f: () => void) => {
      if (ended) return;
      ended = true;
      this.inFlight--;
      f();
      this.pump();
    };
    return {
      done: () => end(() => this.onDone(admittedAt, this.clock.now() - admittedAt)),
      failed: (why) => end(() => this.onFailed(admittedAt, why)),
      trouble: (why) => {
        if (!ended && this.rec.mode === 'adaptive') this.narrow(admittedAt, 0.5, why);
      },
      release: () => end(() => undefined),
    };
  }

  record(): PaceRecord {
    return { ...this.rec, final: this.limit, changes: [...this.rec.changes] };
  }

  private pump(): void {
    while (this.waiting.length > 0 && this.inFlight < this.limit) {
      this.inFlight++;
      this.waiting.shift()!();
    }
  }

  private onDone(admittedAt: number, ms: number): void {
    this.rec.completed++;
    if (this.rec.mode === 'fixed') return;
    const quickest = this.rec.quickestMs;
    if (quickest === undefined || ms < quickest) this.rec.quickestMs = ms;
    const overloaded = this.o.hostOverloaded?.();
    if (overloaded) {
      this.narrow(admittedAt, 0.7, overloaded);
      return;
    }
    const o = this.cfg;
    if (quickest !== undefined && ms > o.narrowTolerance * quickest && ms > quickest + o.narrowSlackMs) {
      this.narrow(
        admittedAt,
        0.7,
        `slowed: one took ${secs(ms)}, ${(ms / quickest).toFixed(1)}× the quickest (${secs(quickest)})`,
      );
      return;
    }
    if (quickest !== undefined && ms > o.tolerance * quickest && ms > quickest + o.slackMs) {
      this.rec.heldForSlow++;
      return;
    }
    const busy = this.o.hostBusy?.();
    if (busy) {
      this.rec.heldForBusyHost++;
      return;
    }
    const max = this.cfg.max;
    if (this.window >= max) return;
    const before = this.limit;
    this.window = Math.min(max, this.window < this.threshold ? this.window + 1 : this.window + 1 / this.limit);
    if (this.limit !== before)
      this.change(
        this.window < this.threshold ? `widened: quick (${secs(ms)}), slow start` : `widened: quick (${secs(ms)})`,
      );
  }

  private onFailed(admittedAt: number, why: string): void {
    this.rec.failed++;
    if (this.rec.mode === 'fixed') return;
    this.narrow(admittedAt, 0.5, `failed: ${why}`);
  }

  private narrow(admittedAt: number, factor: number, reason: string): void {
    // Once per round: work admitted before the last narrowing already counted.
    if (admittedAt < this.lastNarrowAt) return;
    this.rec.narrowings++;
    this.lastNarrowAt = this.clock.now();
    this.window = Math.max(this.cfg.min, Math.floor(this.window * factor));
    this.threshold = this.window;
    this.change(`narrowed: ${reason}`);
  }

  private change(reason: string): void {
    const c = { atMs: this.clock.now() - this.t0, limit: this.limit, reason };
    this.rec.changes.push(c);
    this.rec.peak = Math.max(this.rec.peak, c.limit);
    this.rec.lowest = Math.min(this.rec.lowest, c.limit);
    this.o.onChange?.(c);
  }
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
