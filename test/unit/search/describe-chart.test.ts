// The knee in a sentence and as a chart configuration.
import { describe, expect, it } from 'vitest';
import type { ChartDataset } from 'chart.js';
import { kneeChart, kneeMarks, BAD_COLOR } from '../../../harness/search/chart.js';
import { describeKnee } from '../../../harness/search/describe.js';
import type { Knee } from '../../../harness/search/knee.js';
import { validateSearch } from '../../../harness/search/plan.js';
import { searchBreakingPoint } from '../../../harness/search/search.js';
import { syntheticSwarm } from './fixtures.js';

async function knee(over: object = {}, swarm = syntheticSwarm()): Promise<Knee> {
  const spec = validateSearch(
    { param: 'tasks', from: 1000, step: 1000, max: 20_000, ...over },
    { tasks: { default: 1 } },
  ).spec!;
  return searchBreakingPoint(spec, swarm.probe);
}

describe('the knee in words', () => {
  it('says what held, what broke, by how much, and who was the limit', async () => {
    const k = await knee({}, syntheticSwarm({ verdict: (s) => (s >= 9000 ? 'host-bound' : 'valid') }));
    // Make the breach visible in the sentence: 0.8/s against a bound of 1/s.
    k.broke = [{ ...k.broke[0]!, value: 0.8, by: -0.2 }];
    expect(describeKnee(k, 'tasks')).toBe(
      "the swarm held 8,000 tasks and broke at 9,000: scale.tasks_per_second 0.8 /s under the SLO's 1 /s (−20 %); the host was the limit (host-bound)",
    );
  });

  it('words the other endings', async () => {
    expect(describeKnee(await knee({ from: 12_000 }))).toMatch(
      /^the swarm broke already at the first size, 12,000 tasks \(lower search.from to find the knee\): scale.tasks_per_second 0.77 \/s under the SLO's 1 \/s \(−23.1 %\); the swarm was the limit \(valid\)$/,
    );
    expect(describeKnee(await knee({ max: 5000 }))).toBe(
      "the swarm held every size up to the search's max, 5,000 tasks, without breaking an SLO; raise search.max to find the knee (valid at the max)",
    );
    expect(describeKnee(await knee({ guards: { memFraction: 0.5 } }, syntheticSwarm({ mem: (s) => s / 10_000 })))).toBe(
      "the search stopped before any SLO broke: host memory 60 % used at 6,000, over the guard's 50 %; the swarm held 6,000 tasks (valid) before that",
    );
    expect(describeKnee(await knee({ guards: { budget: '3m' } }))).toBe(
      'the search stopped before any SLO broke: 3 min spent of the 3 min budget, too little left for another probe; the swarm held 3,000 tasks (valid) before that',
    );
    const cut = await knee(
      { refine: 3, guards: { memFraction: 0.9 } },
      syntheticSwarm({ mem: (s) => (s === 8500 ? 0.95 : 0.1) }),
    );
    expect(describeKnee(cut)).toMatch(
      /broke at 9,000: .*; refining stopped early \(host memory 95 % used at 8,500, over the guard's 90 %\)$/,
    );
    const errored: Knee = { param: 'tasks', broke: [], reason: 'error', error: 'deploy timed out', probes: [] };
    expect(describeKnee(errored)).toBe(
      'the search stopped before any SLO broke: the probe failed: deploy timed out; no size held before that',
    );
  });
});

describe('the knee chart', () => {
  it('draws each SLO metric against size, its bounds dashed, bad probes red, the knee marked', async () => {
    const k = await knee({ refine: 1 });
    const config = kneeChart(k, { noun: 'tasks' })!;
    const datasets = config.data.datasets as ChartDataset<'line'>[];
    expect(datasets.map((d) => d.label)).toEqual([
      'scale.tasks_per_second',
      'SLO: scale.tasks_per_second > 1',
      'tasks.startup_latency.p99',
      'SLO: tasks.startup_latency.p99 < 30s',
    ]);
    const [rate, rateBound, latency, latencyBound] = datasets;
    // Sizes in order, refinement included: 1,000…9,000 and the bisection's 8,500.
    expect((rate!.data as { x: number }[]).map((p) => p.x)).toEqual([
      1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 8500, 9000,
    ]);
    expect((rate!.pointBackgroundColor as string[]).filter((c) => c === BAD_COLOR)).toHaveLength(1);
    expect((rate!.pointBackgroundColor as string[]).at(-1)).toBe(BAD_COLOR);
    expect(rateBound).toMatchObject({
      borderDash: [6, 4],
      pointRadius: 0,
      data: [
        { x: 1000, y: 1 },
        { x: 9000, y: 1 },
      ],
    });
    // Latency in seconds on its own axis (a rate and a duration do not share one).
    expect(latency!.yAxisID).toBe('y1');
    expect(latencyBound!.data).toEqual([
      { x: 1000, y: 30 },
      { x: 9000, y: 30 },
    ]);
    const scales = config.options!.scales as Record<
      string,
      { type?: string; position?: string; title?: { text: string } }
    >;
    expect(scales.x).toMatchObject({ type: 'linear', title: { text: 'tasks (size probed)' } });
    expect(scales.y!.title!.text).toBe('per s');
    expect(scales.y1).toMatchObject({ position: 'right', title: { text: 's' } });
    expect(config.plugins).toHaveLength(1);
    expect(kneeMarks(k)).toEqual([
      expect.objectContaining({ x: 8500, label: 'last good 8,500' }),
      expect.objectContaining({ x: 9000, label: 'first bad 9,000', color: BAD_COLOR }),
    ]);
  });

  it('gives metrics of one unit orders of magnitude apart an axis each, named by its metrics', async () => {
    const k = await knee({ max: 3000 });
    // A second duration about a thousand times smaller than the startup latency: its own axis.
    const small = (size: number) => ({
      expr: 'manager.raft.transaction_latency.p99 < 1s',
      metric: 'manager.raft.transaction_latency.p99',
      op: '<' as const,
      bound: 1000,
      unit: 'ms',
      value: size / 100,
      verdict: 'pass' as const,
    });
    const both: Knee = { ...k, probes: k.probes.map((p) => ({ ...p, slos: [...p.slos, small(p.size)] })) };
    const config = kneeChart(both)!;
    const datasets = config.data.datasets as ChartDataset<'line'>[];
    const axisOf = (label: string) => datasets.find((d) => d.label === label)!.yAxisID;
    expect(axisOf('tasks.startup_latency.p99')).toBe('y1');
    expect(axisOf('manager.raft.transaction_latency.p99')).toBe('y2');
    expect(axisOf('SLO: manager.raft.transaction_latency.p99 < 1s')).toBe('y2');
    const scales = config.options!.scales as Record<string, { title?: { text: string } }>;
    expect(scales.y1!.title!.text).toBe('s: tasks.startup_latency.p99');
    expect(scales.y2!.title!.text).toBe('s: manager.raft.transaction_latency.p99');
  });

  it('uses a log axis for a wide span and draws nothing without figures', async () => {
    const k = await knee({ from: 100, step: undefined, factor: 3, max: 20_000 });
    expect((kneeChart(k)!.options!.scales as Record<string, { type: string }>).x!.type).toBe('logarithmic');
    expect(kneeChart({ param: 'tasks', broke: [], reason: 'error', probes: [] })).toBeUndefined();
  });
});
