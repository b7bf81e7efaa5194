// summary.json from fixture runs: verdicts, derived metrics, per-step distributions, incomplete
// runs, and that secrets never reach it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { analyze } from '../../../harness/metrics/analysis.js';
import { decodeMetricsFile, loadRunDir } from '../../../harness/report/load-run.js';
import { buildSummary } from '../../../harness/report/summary.js';
import { SUMMARY_SCHEMA, SUMMARY_SCHEMA_VERSION } from '../../../harness/report/summary-schema.js';
import {
  FIXTURE_PASSWORD,
  FIXTURE_TOKEN,
  writeFixtureRun,
  type FixtureOptions,
} from '../../fixtures/report/make-run.js';

const root = mkdtempSync(join(tmpdir(), 'swarmbench-summary-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function summaryOf(name: string, opts: FixtureOptions) {
  const dir = join(root, name);
  writeFixtureRun(dir, opts);
  const data = loadRunDir(dir);
  return { data, summary: buildSummary(data, analyze(data.record, data.points), new Date('2026-11-22T00:00:00Z')) };
}

describe('summary.json', () => {
  test('a finished scale-up run: identity, verdict, metrics by name', () => {
    const { summary } = summaryOf('scale', { kind: 'scale' });
    expect(summary.schema).toBe(SUMMARY_SCHEMA);
    expect(summary.schemaVersion).toBe(SUMMARY_SCHEMA_VERSION);
    expect(summary.run).toMatchObject({ scenario: 'alpine-top-scale', verdict: 'pass', complete: true, seed: 1 });
    expect(summary.cluster).toMatchObject({
      nodes: 13,
      managers: 3,
      workers: 10,
      nodeMode: 'capabilities',
      publishMode: 'host',
    });
    expect(summary.slos).toHaveLength(3);
    // The runner's figure wins over the derived one of the same name.
    expect(summary.metrics['tasks.startup_latency.p99']!.source).toBe('run');
    expect(summary.metrics['tasks.startup_latency.p50']).toMatchObject({
      unit: 'ms',
      better: 'smaller',
      source: 'derived',
    });
    expect(summary.metrics['tasks.started']!.value).toBe(300);
    expect(summary.metrics['manager.cpu_percent.mean']!.value).toBeGreaterThan(
      summary.metrics['worker.cpu_percent.mean']!.value,
    );
    // Per-step figures under the metrics module's names.
    expect(summary.metrics['step.scale to 200.tasks.started']!.value).toBe(100);
    expect(summary.data.problems).toEqual([]);
    expect(summary.data.pointsByMeasurement.swarm_task_status).toBe(300);
  });

  test('per-step distributions: one per scale step plus the whole run', () => {
    const { summary } = summaryOf('scale-steps', { kind: 'scale' });
    const lat = summary.measurements.filter((m) => m.name === 'tasks.startup_latency');
    expect(lat.map((m) => m.step)).toEqual(['', 'scale to 100', 'scale to 200', 'scale to 300']);
    expect(lat[0]!.count).toBe(300);
    expect(lat.slice(1).reduce((s, m) => s + m.count, 0)).toBe(300);
    for (const m of lat) expect(m.min <= m.p50 && m.p50 <= m.p90 && m.p90 <= m.p99 && m.p99 <= m.max).toBe(true);
  });

  test('a chaos run: chaos metrics and an SLO without data fail the run', () => {
    const { summary } = summaryOf('chaos', { kind: 'chaos' });
    expect(summary.run.verdict).toBe('fail');
    expect(summary.metrics['chaos.tasks_lost']!.value).toBe(0);
    expect(summary.metrics['chaos.detect_time.max']!.value).toBeGreaterThan(9000);
    expect(summary.slos.find((s) => s.verdict === 'no-data')?.metric).toBe('http.success_ratio');
    expect(summary.chaos.map((c) => c.action)).toEqual(['restart', 'restart', 'kill', 'kill', 'pause', 'pause']);
    for (const c of summary.chaos)
      expect(c.detectMs! <= c.rescheduleMs! && c.rescheduleMs! <= c.convergeMs!).toBe(true);
  });

  test('a run killed half-way is incomplete, keeps what was collected, drops the cut-off line', () => {
    const { summary, data } = summaryOf('killed', { kind: 'scale', killAt: 0.5 });
    expect(data.incomplete).toBe(true);
    expect(summary.run).toMatchObject({ status: 'running', verdict: 'incomplete', complete: false });
    expect(summary.run.end).toBeUndefined();
    expect(summary.data.problems[0]).toMatch(/^Incomplete run/);
    expect(summary.data.problems.some((p) => p.includes('middle of a line'))).toBe(true);
    expect(summary.metrics['tasks.started']!.value).toBeGreaterThan(50);
    expect(summary.metrics['tasks.started']!.value).toBeLessThan(300);
    expect(summary.steps.some((s) => s.durationMs === undefined)).toBe(true);
  });

  test('no join token, password or URL credential reaches the summary', () => {
    const { summary } = summaryOf('secrets', { kind: 'scale', withSecrets: true });
    const text = JSON.stringify(summary);
    expect(text).not.toContain(FIXTURE_TOKEN);
    expect(text).not.toContain(FIXTURE_PASSWORD);
    expect(text).toContain('SWMTKN-1-<redacted>');
  });
});

describe('metrics.lp decoding', () => {
  test('a last line without its newline is dropped, even when it would parse', () => {
    const text =
      'swarm_sched,service=top running_per_s=3 1763690400000\nswarm_sched,service=top running_per_s=4 17636904';
    const d = decodeMetricsFile(text);
    expect(d.points).toHaveLength(1);
    expect(d.partialLastLine).toBe(true);
  });

  test('bad complete lines are counted, comments and blanks are not', () => {
    const d = decodeMetricsFile('# header\n\nnot a point\nmark,name=a value=1i 1000\n');
    expect(d).toMatchObject({ badLines: 1, partialLastLine: false });
    expect(d.points).toHaveLength(1);
  });
});
