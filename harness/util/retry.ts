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

export interface RetryUntilOptions<T> {
  timeoutMs: number;
  intervalMs?: number;
  /** Builds the timeout message from the last value seen (e.g. "312/500 running"). */
  onTimeout: (last: T | undefined, elapsedMs: number) => Error;
  clock?: Clock;
  signal?: AbortSignal;
}

/** Calls fn until predicate(value) holds; throws onTimeout(...) after timeoutMs. */
export async function retryUntil<T>(
  fn: () => Promise<T>,
  predicate: (value: T) => boolean,
  opts: RetryUntilOptions<T>,
): Promise<T> {
  const clock = opts.clock ?? systemClock;
  const start = clock.now();
  const interval = opts.intervalMs ?? 500;
  let last: T | undefined;
  for (;;) {
    opts.signal?.throwIfAborted();
    last = await fn();
    if (predicate(last)) return last;
    const elapsed = clock.now() - start;
    if (elapsed >= opts.timeoutMs) throw opts.onTimeout(last, elapsed);
    await clock.sleep(Math.min(interval, Math.max(0, opts.timeoutMs - elapsed)));
  }
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
export function backoffDelay(attempt: number, o: { initialMs?: number; maxMs?: number } = {}): number {
  const ceiling = Math.min(o.maxMs ?? 10_000, (o.initialMs ?? 250) * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
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
