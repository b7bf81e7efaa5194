import { describe, expect, it } from 'vitest';
import { Pacer, type PaceSlot } from '../../../harness/cluster/pace.js';
import type { Clock } from '../../../harness/util/retry.js';

/** A clock moved by hand. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  return { now: () => now, sleep: async (ms) => void (now += ms), advance: (ms) => void (now += ms) };
}

/** One unit of work: admitted, taking `ms` on the clock, then done (or ended by `end`). */
async function complete(
  p: Pacer,
  clock: ReturnType<typeof manualClock>,
  ms: number,
  end: (s: PaceSlot) => void = (s) => s.done(),
): Promise<void> {
  const s = await p.acquire();
  clock.advance(ms);
  end(s);
}

describe('Pacer', () => {
  it('admits no more than the limit at once and hands freed slots over first come, first served', async () => {
    const p = new Pacer({ name: 'boots', fixed: 2, clock: manualClock() });
    const a = await p.acquire();
    await p.acquire();
    const order: string[] = [];
    const c = p.acquire().then((s) => (order.push('c'), s));
    const d = p.acquire().then((s) => (order.push('d'), s));
    await Promise.resolve();
    expect(p.active).toBe(2);
    expect(p.queued).toBe(2);
    a.done();
    await c;
    expect(order).toEqual(['c']);
    expect(p.active).toBe(2);
    (await c).release();
    await d;
    expect(order).toEqual(['c', 'd']);
  });

  it('a fixed pace never moves, whatever the completions say', async () => {
    const clock = manualClock();
    const p = new Pacer({ name: 'boots', fixed: 8, clock });
    for (let i = 0; i < 5; i++) {
      const s = await p.acquire();
      clock.advance(i === 4 ? 100_000 : 1000);
      if (i === 3) s.failed('engine exited');
      else s.done();
    }
    const r = p.record();
    expect(r).toMatchObject({ mode: 'fixed', initial: 8, final: 8, peak: 8, completed: 4, failed: 1 });
    expect(r.changes).toHaveLength(1);
  });

  it('widens by one per quick completion in slow start', async () => {
    const clock = manualClock();
    const p = new Pacer({ name: 'boots', initial: 2, clock });
    for (let i = 0; i < 4; i++) {
      await complete(p, clock, 2000);
    }
    expect(p.limit).toBe(6);
    expect(p.record().changes.at(-1)!.reason).toMatch(/widened: quick \(2\.0 s\), slow start/);
  });

  it('narrows once per round when completions slow down far past the quickest, and says by how much', async () => {
    const clock = manualClock();
    const p = new Pacer({ name: 'boots', initial: 10, clock });
    const quick = await p.acquire();
    clock.advance(3000);
    quick.done(); // quickest 3 s; limit 11
    // Four slots admitted together, all slow: only the first narrows (same round).
    const slow = await Promise.all([p.acquire(), p.acquire(), p.acquire(), p.acquire()]);
    clock.advance(40_000);
    for (const s of slow) s.done();
    expect(p.limit).toBe(7); // floor(11 * 0.7)
    const r = p.record();
    expect(r.narrowings).toBe(1);
    expect(r.changes.at(-1)!.reason).toBe('narrowed: slowed: one took 40.0 s, 13.3× the quickest (3.0 s)');
    // A slot admitted after the narrowing counts again.
    const next = await p.acquire();
    clock.advance(40_000);
    next.done();
    expect(p.limit).toBe(4);
  });

  it('a slow completion holds the limit (the host is at its rate) without narrowing it', async () => {
    const clock = manualClock();
    const p = new Pacer({ name: 'boots', initial: 4, clock });
    await complete(p, clock, 1500); // quickest 1.5 s; limit 5
    const b = await p.acquire();
    clock.advance(14_000); // > 3× and > 1.5 s + 10 s, but < 8× + 30 s
    b.done();
    expect(p.limit).toBe(5);
    expect(p.record()).toMatchObject({ heldForSlow: 1, narrowings: 0 });
  });

  it('a slow completion within the slack is not congestion (1 s → 5 s boots are both quick)', async () => {
    const clock = manualClock();
    const p = new Pacer({ name: 'boots', initial: 2, clock });
    await complete(p, clock, 1000);
    await complete(p, clock, 5000);
    expect(p.limit).toBe(4);
  });

  it('halves on a failure, after slow start grows by one per round', async () => {
    const clock = manualClock();
    const p = new Pacer({ name: 'joins', initial: 8, clock });
    await complete(p, clock, 1000, (s) => s.failed('join timed out'));
    expect(p.limit).toBe(4);
    expect(p.record().changes.at(-1)!.reason).toBe('narrowed: failed: join timed out');
    // Congestion avoidance: +1/limit per quick completion, so 4 completions widen by one.
    for (let i = 0; i < 4; i++) {
      await complete(p, clock, 1000);
    }
    expect(p.limit).toBe(5);
  });

  it('holds the limit while the host says it is busy, and counts the holds', async () => {
    const clock = manualClock();
    let busy: string | undefined = 'run queue 30 per core';
    const p = new Pacer({ name: 'boots', initial: 2, clock, hostBusy: () => busy });
    for (let i = 0; i < 3; i++) {
      await complete(p, clock, 1000);
    }
    expect(p.limit).toBe(2);
    expect(p.record().heldForBusyHost).toBe(3);
    busy = undefined;
    await complete(p, clock, 1000);
    expect(p.limit).toBe(3);
  });

  it('narrows while the host is overloaded, whatever the completions say, once per round', async () => {
    const clock = manualClock();
    let overloaded: string | undefined = 'host overloaded: 90 runnable threads per core (load 180 on 2 cores)';
    const p = new Pacer({ name: 'boots', initial: 10, clock, hostOverloaded: () => overloaded });
    const slots = await Promise.all([p.acquire(), p.acquire()]);
    clock.advance(1000);
    for (const s of slots) s.done();
    expect(p.limit).toBe(7);
    expect(p.record().changes.at(-1)!.reason).toBe(
      'narrowed: host overloaded: 90 runnable threads per core (load 180 on 2 cores)',
    );
    overloaded = undefined;
    await complete(p, clock, 1000);
    expect(p.limit).toBe(7); // +1/7 after the narrowing
  });

  it('never goes below its minimum nor above its maximum', async () => {
    const clock = manualClock();
    const p = new Pacer({ name: 'boots', initial: 2, min: 1, max: 3, clock });
    for (let i = 0; i < 3; i++) {
      await complete(p, clock, 1000);
    }
    expect(p.limit).toBe(3);
    for (let i = 0; i < 3; i++) {
      await complete(p, clock, 1000, (s) => s.failed('engine exited'));
    }
    expect(p.limit).toBe(1);
    expect(p.record()).toMatchObject({ peak: 3, lowest: 1, failed: 3 });
  });

  it('an aborted wait leaves the queue', async () => {
    const p = new Pacer({ name: 'boots', fixed: 1, clock: manualClock() });
    await p.acquire();
    const ac = new AbortController();
    const waiting = p.acquire(ac.signal);
    await Promise.resolve();
    expect(p.queued).toBe(1);
    ac.abort(new Error('interrupted'));
    await expect(waiting).rejects.toThrow('interrupted');
    expect(p.queued).toBe(0);
  });
});
