import { describe, expect, it } from 'vitest';
import { retryUntil, withBackoff, type Clock } from '../../../harness/util/retry.js';

function fakeClock(): Clock & { slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return { now: () => t, sleep: async (ms) => { slept.push(ms); t += ms; }, slept };
}

describe('retryUntil', () => {
  it('returns the first value that satisfies the predicate', async () => {
    let n = 0;
    const clock = fakeClock();
    const v = await retryUntil(async () => ++n, (x) => x >= 3, { timeoutMs: 10_000, intervalMs: 100, clock, onTimeout: () => new Error('x') });
    expect(v).toBe(3);
    expect(clock.slept).toEqual([100, 100]);
  });
  it('times out with a message built from the last value', async () => {
    const clock = fakeClock();
    await expect(
      retryUntil(async () => 312, (x) => x >= 500, {
        timeoutMs: 1000, intervalMs: 400, clock,
        onTimeout: (last, ms) => new Error(`not converged after ${ms} ms (${last}/500 running)`),
      }),
    ).rejects.toThrow('not converged after 1000 ms (312/500 running)');
  });
});

describe('withBackoff', () => {
  it('retries retryable errors and gives up after the attempts', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(withBackoff(async () => { calls++; throw new Error('ECONNRESET'); }, { attempts: 3, clock })).rejects.toThrow('ECONNRESET');
    expect(calls).toBe(3);
    expect(clock.slept.length).toBe(2);
  });
  it('throws non-retryable errors at once', async () => {
    let calls = 0;
    await expect(
      withBackoff(async () => { calls++; throw new Error('bad'); }, { attempts: 5, retryable: () => false, clock: fakeClock() }),
    ).rejects.toThrow('bad');
    expect(calls).toBe(1);
  });
});
