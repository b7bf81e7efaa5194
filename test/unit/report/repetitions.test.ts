// repetitions.json/.md of `run --repeat`: per headline metric every repetition's value, the
// median and its interval, SLOs judged on the medians, and the time between repetitions.
import { describe, expect, it } from 'vitest';
import {
  isHeadline,
  repetitionsMarkdown,
  repetitionsOf,
  type RepetitionRun,
} from '../../../harness/report/repetitions.js';
import type { RunSummary } from '../../../harness/report/summary-schema.js';
import type { SloResult } from '../../../harness/run-record.js';

const summary = (rate: number, p99: number, extra: Record<string, number> = {}) =>
  ({
    metrics: {
      'scale.tasks_per_second': { value: rate, unit: 'per_s', better: 'bigger', source: 'run' },
      'tasks.startup_latency.p99': { value: p99, unit: 'ms', better: 'smaller', source: 'run' },
      ...Object.fromEntries(
        Object.entries(extra).map(([k, v]) => [k, { value: v, unit: 'count', better: 'smaller', source: 'run' }]),
      ),
    },
  }) as unknown as RunSummary;

const run = (index: number, startMs: number, endMs: number, s: RunSummary): RepetitionRun => ({
  index,
  id: `r-${index}`,
  dir: `/runs/x/rep-${index}`,
  exitCode: 0,
  reason: 'PASSED',
  startMs,
  endMs,
  freshCluster: index === 1,
  summary: s,
});

describe('repetitions of a run', () => {
  const runs = [
    run(1, 0, 100_000, summary(5, 9000, { 'chaos.tasks_lost': 0 })),
    run(2, 104_000, 204_000, summary(6, 8000)),
    run(3, 206_000, 306_000, summary(4, 11_000)),
  ];
  const meta = { scenario: 'alpine-top-scale', id: 'x', seed: 7, cluster: 'c', reused: true };
  const slo = (medians: Record<string, number>): SloResult[] => [
    {
      expr: 'scale.tasks_per_second > 5.5',
      metric: 'scale.tasks_per_second',
      op: '>',
      bound: 5.5,
      value: medians['scale.tasks_per_second'] ?? null,
      unit: 'per_s',
      verdict: (medians['scale.tasks_per_second'] ?? 0) > 5.5 ? 'pass' : 'fail',
    },
  ];
  const f = repetitionsOf(runs, meta, slo);

  it('summarizes each metric every repetition has, and names the ones some lack', () => {
    expect(f.summary.metrics['scale.tasks_per_second']).toMatchObject({ values: [5, 6, 4], median: 5, min: 4, max: 6 });
    expect(f.summary.metrics['scale.tasks_per_second']!.ci).toMatchObject({ low: 4, high: 6, coverage: 0.75 });
    expect(f.summary.skipped['chaos.tasks_lost']).toEqual({ present: 1, of: 3 });
  });

  it('judges the SLOs on the medians and measures the time between repetitions', () => {
    expect(f.slos[0]).toMatchObject({ value: 5, verdict: 'fail' });
    expect(f.between.ms).toEqual([4000, 2000]);
    expect(f.between.shareOfRepetition).toBeCloseTo(3000 / 100_000);
    expect(f.repetitions[0]).not.toHaveProperty('summary');
  });

  it('writes the headline metrics side by side in repetitions.md', () => {
    const md = repetitionsMarkdown(f);
    expect(md).toContain('# alpine-top-scale: 3 repetitions (x)');
    expect(md).toMatch(
      /reused between repetitions.*Between repetitions: 4\.0 s, 2\.0 s \(3 % of a repetition's steps\)/,
    );
    expect(md).toContain('| scale.tasks_per_second | 5 /s | 4 /s – 6 /s (75 %) | 20 % | 5 /s, 6 /s, 4 /s |');
    expect(md).toContain('- fail: scale.tasks_per_second > 5.5');
    expect(isHeadline('tasks.startup_latency.p99')).toBe(true);
    expect(isHeadline('step.ramp.scale.efficiency')).toBe(false);
  });

  it("splits the time between repetitions into the workers' cleanup and the harness's setup", () => {
    // Steps 0–100 s, 104–204 s, 206–306 s; the workers were done 3 s and 0.5 s after each end.
    const timed = [
      { ...runs[0]!, tasksGoneMs: 103_000 },
      { ...runs[1]!, tasksGoneMs: 204_500 },
      runs[2]!,
    ];
    const b = repetitionsOf(timed, meta, slo).between;
    expect(b.ms).toEqual([4000, 2000]);
    expect(b.cleanupMs).toEqual([3000, 500]);
    expect(b.setupMs).toEqual([1000, 1500]);
    // Mean setup 1.25 s over a repetition's 100 s of steps and 1.75 s of cleanup.
    expect(b.setupShare).toBeCloseTo(1250 / 101_750);
    expect(repetitionsMarkdown({ ...f, between: b })).toContain(
      "the workers removing the last repetition's tasks 3.0 s, 0.5 s (the reports were built meanwhile), then the harness's own setup 1.0 s, 1.5 s (1.2 % of a repetition with its cleanup).",
    );
    // Without a known wait for one of them there is no split.
    expect(repetitionsOf([timed[0]!, runs[1]!, runs[2]!], meta, slo).between.cleanupMs).toBeUndefined();
  });
});
