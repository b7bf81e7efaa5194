// The one way to wait and the one way to retry. Every wait has a timeout whose message says
// what was awaited, for how long, and how far it got.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface PollOptions {
  timeoutMs: number;
  intervalMs?: number;
  clock?: Clock;
  signal?: AbortSignal;
}

export interface RetryUntilOptions<T> extends PollOptions {
  /** Builds the timeout message from the last value seen (e.g. "312/500 running"). */
  onTimeout: (last: T | undefined, elapsedMs: number) => Error;
}

/** How a poll ended: the condition held (met) or the time ran out; the last value either way. */
export interface PollResult<T> {
  met: boolean;
  last: T;
  elapsedMs: number;
}

/**
 * Calls fn until predicate(value) holds or timeoutMs has passed, every intervalMs (the last
 * pause shortened so that one last call falls at the deadline). A timeout is an answer here,
 * for waits that go on without the condition (a spool left for later, nodes named as not Ready).
 */
export async function pollUntil<T>(
  fn: () => Promise<T>,
  predicate: (value: T) => boolean,
  opts: PollOptions,
): Promise<PollResult<T>> {
  const clock = opts.clock ?? systemClock;
  const start = clock.now();
  const interval = opts.intervalMs ?? 500;
  for (;;) {
    opts.signal?.throwIfAborted();
    const last = await fn();
    if (predicate(last)) return { met: true, last, elapsedMs: clock.now() - start };
    const elapsed = clock.now() - start;
    if (elapsed >= opts.timeoutMs) return { met: false, last, elapsedMs: elapsed };
    await clock.sleep(Math.min(interval, Math.max(0, opts.timeoutMs - elapsed)));
  }
}

/** Calls fn until predicate(value) holds; throws onTimeout(...) after timeoutMs (as pollUntil). */
export async function retryUntil<T>(
  fn: () => Promise<T>,
  predicate: (value: T) => boolean,
  opts: RetryUntilOptions<T>,
): Promise<T> {
  const r = await pollUntil(fn, predicate, opts);
  if (!r.met) throw opts.onTimeout(r.last, r.elapsedMs);
  return r.last;
}

export interface BackoffOptions {
  attempts: number;
  initialMs?: number;
  maxMs?: number;
  /** Only errors for which this returns true are retried; others are thrown at once. */
  retryable?: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  clock?: Clock;
  signal?: AbortSignal;
}

/**
 * The one backoff formula: exponential from initialMs, capped at maxMs, with "equal jitter"
 * (half fixed, half random) so retries of many nodes that failed together spread out.
 */
export function backoffDelay(
  attempt: number,
  o: { initialMs?: number; maxMs?: number; random?: () => number } = {},
): number {
  const ceiling = Math.min(o.maxMs ?? 10_000, (o.initialMs ?? 250) * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + ((o.random ?? Math.random)() * ceiling) / 2);
}

/** Retries fn with exponential backoff (backoffDelay). */
export async function withBackoff<T>(fn: (attempt: number) => Promise<T>, opts: BackoffOptions): Promise<T> {
  const clock = opts.clock ?? systemClock;
  for (let attempt = 1; ; attempt++) {
    opts.signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= opts.attempts || (opts.retryable && !opts.retryable(err))) throw err;
      const delay = backoffDelay(attempt, opts);
      opts.onRetry?.(err, attempt, delay);
      await clock.sleep(delay);
    }
  }
}
