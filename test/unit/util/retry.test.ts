import { describe, expect, it } from 'vitest';
import { backoffDelay, pollUntil, retryUntil, withBackoff, type Clock } from '../../../harness/util/retry.js';

function fakeClock(): Clock & { slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
    slept,
  };
}

describe('retryUntil', () => {
  it('returns the first value that satisfies the predicate', async () => {
    let n = 0;
    const clock = fakeClock();
    const v = await retryUntil(
      async () => ++n,
      (x) => x >= 3,
      { timeoutMs: 10_000, intervalMs: 100, clock, onTimeout: () => new Error('x') },
    );
    expect(v).toBe(3);
    expect(clock.slept).toEqual([100, 100]);
  });
  it('times out with a message built from the last value', async () => {
    const clock = fakeClock();
    await expect(
      retryUntil(
        async () => 312,
        (x) => x >= 500,
        {
          timeoutMs: 1000,
          intervalMs: 400,
          clock,
          onTimeout: (last, ms) => new Error(`not converged after ${ms} ms (${last}/500 running)`),
        },
      ),
    ).rejects.toThrow('not converged after 1000 ms (312/500 running)');
  });
});

describe('pollUntil', () => {
  it('answers a timeout with the last value, the last look falling at the deadline', async () => {
    const clock = fakeClock();
    const seen: number[] = [];
    const r = await pollUntil(
      async () => (seen.push(clock.now()), 312),
      (x) => x >= 500,
      { timeoutMs: 1000, intervalMs: 400, clock },
    );
    expect(r).toEqual({ met: false, last: 312, elapsedMs: 1000 });
    expect(seen).toEqual([0, 400, 800, 1000]);
  });
  it('says when the condition held', async () => {
    let n = 0;
    const r = await pollUntil(
      async () => ++n,
      (x) => x === 2,
      { timeoutMs: 1000, intervalMs: 100, clock: fakeClock() },
    );
    expect(r).toMatchObject({ met: true, last: 2 });
  });
});

describe('backoffDelay', () => {
  it('doubles from initialMs up to maxMs, half of it fixed and half drawn', () => {
    const o = { initialMs: 1000, maxMs: 8000 };
    expect([1, 2, 3, 4, 5, 40].map((a) => backoffDelay(a, { ...o, random: () => 0 }))).toEqual([
      500, 1000, 2000, 4000, 4000, 4000,
    ]);
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, { ...o, random: () => 1 }))).toEqual([
      1000, 2000, 4000, 8000, 8000,
    ]);
  });
});

describe('withBackoff', () => {
  it('retries retryable errors and gives up after the attempts', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      withBackoff(
        async () => {
          calls++;
          throw new Error('ECONNRESET');
        },
        { attempts: 3, clock },
      ),
    ).rejects.toThrow('ECONNRESET');
    expect(calls).toBe(3);
    expect(clock.slept.length).toBe(2);
  });
  it('throws non-retryable errors at once', async () => {
    let calls = 0;
    await expect(
      withBackoff(
        async () => {
          calls++;
          throw new Error('bad');
        },
        { attempts: 5, retryable: () => false, clock: fakeClock() },
      ),
    ).rejects.toThrow('bad');
    expect(calls).toBe(1);
  });
});
