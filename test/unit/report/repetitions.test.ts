// repetitions.json/.md/.html of `run --repeat`: per headline metric every repetition's value, the
// median and its interval, SLOs judged on the medians, and the time between repetitions. The page
// is checked here with a stand-in renderer; repetitions-html.test.ts opens it in Chromium.
import type { ChartConfiguration } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { valueSources } from '../../../harness/report/repetitions-facts.js';
import { repetitionsHtml } from '../../../harness/report/repetitions-html.js';
import { repetitionsMarkdown } from '../../../harness/report/repetitions-md.js';
import { isHeadline, repetitionsOf, type RepetitionRun } from '../../../harness/report/repetitions.js';
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
    const timed = [{ ...runs[0]!, tasksGoneMs: 103_000 }, { ...runs[1]!, tasksGoneMs: 204_500 }, runs[2]!];
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

  it("links each repetition's report relative to the parent directory", () => {
    const md = repetitionsMarkdown(f);
    expect(md).toContain('| 1 | 0 | PASSED | [rep-1/report.html](rep-1/report.html) |');
    expect(md).not.toContain('/runs/x');
  });

  it('says which repetition each value comes from, when one had no summary', () => {
    const partial = repetitionsOf([runs[0]!, { ...runs[1]!, summary: undefined, exitCode: 3 }, runs[2]!], meta, slo);
    expect(partial.valuesFrom).toEqual([1, 3]);
    expect(valueSources(partial)).toEqual([
      { label: 'rep 1', passed: true },
      { label: 'rep 3', passed: true },
    ]);
    // An older file without valuesFrom: values are numbered, not claimed for a repetition.
    const { valuesFrom: _v, ...older } = partial;
    expect(valueSources(older).map((s) => s.label)).toEqual(['value 1', 'value 2']);
    const { valuesFrom: _w, ...olderComplete } = f;
    expect(valueSources(olderComplete).map((s) => s.label)).toEqual(['rep 1', 'rep 2', 'rep 3']);
  });

  it('writes repetitions.html: a strip chart per headline metric, the tables, relative links', async () => {
    const configs: ChartConfiguration[] = [];
    const html = await repetitionsHtml(f, async (c) => {
      configs.push(c);
      return Buffer.from('png');
    });
    expect(configs).toHaveLength(2);
    const rate = configs.find((c) => JSON.stringify(c.options).includes('scale.tasks_per_second'))!;
    expect(rate.data.labels).toEqual(['rep 1', 'rep 2', 'rep 3']);
    expect(rate.data.datasets.map((d) => d.data)).toEqual([
      [5, 6, 4],
      [5, 5, 5],
      [4, 4, 4],
      [6, 6, 6],
    ]);
    expect(JSON.stringify(rate.options)).toContain('scale.tasks_per_second (per s, bigger is better)');
    expect(html.match(/<img /g)).toHaveLength(2);
    expect(html).toContain('<a class="report" href="rep-2/report.html">rep-2/report.html</a>');
    expect(html).toContain("Between repetitions: 4.0 s, 2.0 s (3 % of a repetition's steps).");
    expect(html).toMatch(
      /<td>scale\.tasks_per_second &gt; 5\.5<\/td><td class="num">5 \/s<\/td><td class="fail">fail<\/td>/,
    );
    expect(html).not.toMatch(/<script|https?:/);
  });

  it('keeps the page when a chart cannot be rendered', async () => {
    const html = await repetitionsHtml(f, () => Promise.reject(new Error('canvas.node missing\nstack')));
    expect(html).not.toContain('<img');
    expect(html.match(/No chart: it could not be rendered \(canvas\.node missing\)/g)).toHaveLength(2);
    expect(html).toContain('id="headline"');
  });
});
