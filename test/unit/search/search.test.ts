// The breaking-point search's state machine: growth until an SLO breaks, bisection to adjacent
// sizes, reproducibility under noise, guards, errors and a max that held.
import { describe, expect, it } from 'vitest';
import { validateSearch, type SearchSpec } from '../../../harness/search/plan.js';
import { describeKnee } from '../../../harness/search/describe.js';
import { BreakingPointSearch, searchBreakingPoint } from '../../../harness/search/search.js';
import { slosAt, syntheticSwarm } from './fixtures.js';

const spec = (over: Partial<Record<string, unknown>> = {}): SearchSpec => {
  const r = validateSearch(
    { param: 'tasks', from: 1000, step: 1000, max: 20_000, ...over },
    { tasks: { default: 1000 } },
  );
  if (!r.spec) throw new Error(r.errors.join('\n'));
  return r.spec;
};

describe('breaking-point search', () => {
  it('grows by its step until an SLO breaks and reports the knee', async () => {
    const swarm = syntheticSwarm();
    const knee = await searchBreakingPoint(spec(), swarm.probe);
    // rate = 10000/(size+1000): 1.0 at 9,000 (not > 1), so 8,000 holds and 9,000 breaks.
    expect(swarm.sizes).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
    expect(knee).toMatchObject({
      param: 'tasks',
      reason: 'slo-broke',
      lastGood: { size: 8000, verdict: 'valid' },
      firstBad: { size: 9000, verdict: 'valid' },
      verdict: 'valid',
      resolution: 1000,
    });
    expect(knee.broke).toEqual([
      expect.objectContaining({ metric: 'scale.tasks_per_second', bound: 1, value: 1, by: 0 }),
    ]);
    expect(knee.lastGood!.figures['tasks.startup_latency.p99']).toBe(10_000);
    expect(knee.probes.map((p) => p.held)).toEqual([...Array(8).fill(true), false]);
    expect(knee.probes.every((p) => p.phase === 'grow')).toBe(true);
    expect(JSON.parse(JSON.stringify(knee))).toEqual(knee);
  });

  it('grows by a factor, clamped to max', async () => {
    const swarm = syntheticSwarm();
    const knee = await searchBreakingPoint(spec({ step: undefined, factor: 2, from: 500, max: 5000 }), swarm.probe);
    expect(swarm.sizes).toEqual([500, 1000, 2000, 4000, 5000]);
    expect(knee).toMatchObject({ reason: 'max-reached', lastGood: { size: 5000 }, broke: [] });
    expect(knee.firstBad).toBeUndefined();
    expect(knee.resolution).toBeUndefined();
  });

  it('refines by bisection until the sizes are adjacent', async () => {
    // Break exactly past 8,437 (rate > 1 ⇔ size < 9,000 here, so use a custom curve).
    const probe = async (size: number) => ({
      size,
      slos: slosAt(size).map((s) =>
        s.metric === 'scale.tasks_per_second'
          ? { ...s, verdict: size <= 8437 ? ('pass' as const) : ('fail' as const) }
          : s,
      ),
      verdict: 'valid',
      elapsedMs: 1,
    });
    const knee = await searchBreakingPoint(spec({ refine: 20 }), probe);
    expect(knee).toMatchObject({
      reason: 'slo-broke',
      lastGood: { size: 8437 },
      firstBad: { size: 8438 },
      resolution: 1,
    });
    const refine = knee.probes.filter((p) => p.phase === 'refine').map((p) => p.size);
    expect(refine[0]).toBe(8500);
    expect(refine.length).toBeLessThanOrEqual(10); // at most ceil(log2(1000)) halvings of 8,000–9,000
  });

  it('stops refining after its rounds', async () => {
    const swarm = syntheticSwarm();
    const knee = await searchBreakingPoint(spec({ refine: 2 }), swarm.probe);
    expect(knee.probes.filter((p) => p.phase === 'refine').map((p) => p.size)).toEqual([8500, 8750]);
    expect(knee).toMatchObject({ lastGood: { size: 8750 }, firstBad: { size: 9000 }, resolution: 250 });
    expect(knee.refineStopped).toBeUndefined();
  });

  it('reproduces its knee within one growth step on noisy curves (±3 %)', async () => {
    const knees = [];
    for (let seed = 1; seed <= 30; seed++) {
      const swarm = syntheticSwarm({ seed, rel: 0.03 });
      knees.push(await searchBreakingPoint(spec({ refine: 4 }), swarm.probe));
    }
    const bad = knees.map((k) => k.firstBad!.size);
    const good = knees.map((k) => k.lastGood!.size);
    expect(Math.max(...bad) - Math.min(...bad)).toBeLessThanOrEqual(1000);
    expect(Math.max(...good) - Math.min(...good)).toBeLessThanOrEqual(1000);
    // The noise does move the knee (else this would prove nothing).
    expect(new Set(bad).size).toBeGreaterThan(1);
    // Noise moves the verdict only near the true knee (9,000 tasks): within a step of it.
    for (const k of knees) {
      expect(k.reason).toBe('slo-broke');
      expect(Math.abs(k.firstBad!.size - 9000)).toBeLessThanOrEqual(1000);
    }
    // The same seed probes the same sizes and finds the same knee.
    const again = await searchBreakingPoint(spec({ refine: 4 }), syntheticSwarm({ seed: 7, rel: 0.03 }).probe);
    expect(again).toEqual(knees[6]);
  });

  it('still counts a probe that is not valid by its SLOs, and records its verdict', async () => {
    const swarm = syntheticSwarm({ verdict: (s) => (s >= 9000 ? 'host-bound' : 'valid') });
    const knee = await searchBreakingPoint(spec(), swarm.probe);
    expect(knee).toMatchObject({ firstBad: { size: 9000, verdict: 'host-bound' }, verdict: 'host-bound' });
  });

  it('stops when host memory passes its guard', async () => {
    const swarm = syntheticSwarm({ mem: (s) => s / 10_000 });
    const knee = await searchBreakingPoint(spec({ guards: { memFraction: 0.5 } }), swarm.probe);
    expect(swarm.sizes.at(-1)).toBe(6000);
    expect(knee).toMatchObject({ reason: 'guard-memory', lastGood: { size: 6000 }, guard: { used: 0.6, limit: 0.5 } });
    expect(knee.firstBad).toBeUndefined();
  });

  it('stops before a probe that would overrun the time budget', async () => {
    const swarm = syntheticSwarm(); // 60 s per probe
    const knee = await searchBreakingPoint(spec({ guards: { budget: '5m' } }), swarm.probe);
    // After 4 probes (4 min) a fifth would end at 5 min: still inside; after 5, a sixth would not be.
    expect(swarm.sizes).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(knee).toMatchObject({
      reason: 'guard-budget',
      lastGood: { size: 5000 },
      guard: { used: 300_000, limit: 300_000 },
    });
  });

  it('keeps the knee when a guard cuts refinement short', async () => {
    const swarm = syntheticSwarm({ mem: (s) => (s === 8500 ? 0.95 : 0.5) });
    const knee = await searchBreakingPoint(spec({ refine: 5, guards: { memFraction: 0.9 } }), swarm.probe);
    expect(knee).toMatchObject({
      reason: 'slo-broke',
      refineStopped: 'guard-memory',
      lastGood: { size: 8500 },
      firstBad: { size: 9000 },
    });
  });

  it('ends on a probe that errors, which is neither good nor bad', async () => {
    const swarm = syntheticSwarm();
    const knee = await searchBreakingPoint(spec(), async (size) =>
      size === 4000
        ? { size, slos: [], verdict: 'unknown', error: 'deploy timed out', elapsedMs: 1 }
        : swarm.probe(size),
    );
    expect(knee).toMatchObject({ reason: 'error', error: 'deploy timed out', lastGood: { size: 3000 } });
    expect(knee.firstBad).toBeUndefined();
    expect(knee.probes.at(-1)).toMatchObject({ size: 4000, held: false, error: 'deploy timed out' });
  });

  it('counts a step that failed (a service not converged in time) as a break, whatever the SLOs say', async () => {
    const swarm = syntheticSwarm();
    const failed = 'create i=2: service top-2 not converged after 600 s (top-2 3000/4000 running)';
    const knee = await searchBreakingPoint(spec(), async (size) =>
      size >= 4000 ? { ...(await swarm.probe(size)), failed } : swarm.probe(size),
    );
    expect(knee).toMatchObject({ reason: 'slo-broke', lastGood: { size: 3000 }, firstBad: { size: 4000, failed } });
    // No SLO broke there: the sentence names the step instead.
    expect(knee.broke).toEqual([]);
    expect(describeKnee(knee)).toBe(
      `the swarm held 3,000 tasks and broke at 4,000: a step failed: ${failed}; the swarm was the limit (valid)`,
    );
  });

  it('reports a break at the first size with nothing to bisect against', async () => {
    const knee = await searchBreakingPoint(spec({ from: 12_000, refine: 3 }), syntheticSwarm().probe);
    expect(knee).toMatchObject({ reason: 'slo-broke', firstBad: { size: 12_000 } });
    expect(knee.lastGood).toBeUndefined();
    expect(knee.probes).toHaveLength(1);
  });

  it('refuses an outcome for a size it did not ask for, and any after the end', () => {
    const s = new BreakingPointSearch(spec({ max: 1000 }));
    expect(s.next()).toEqual({ kind: 'probe', size: 1000, phase: 'grow' });
    expect(() => s.record({ size: 2000, slos: [], verdict: 'valid', elapsedMs: 1 })).toThrow(
      /asked for a probe at 1000/,
    );
    expect(s.record({ size: 1000, slos: slosAt(1000), verdict: 'valid', elapsedMs: 1 }).kind).toBe('done');
    expect(() => s.record({ size: 1000, slos: [], verdict: 'valid', elapsedMs: 1 })).toThrow(/has ended/);
  });
});
