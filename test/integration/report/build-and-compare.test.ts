// buildReports and compareRuns on fixture run directories, through the file system as the CLI and
// the runner use them: all files written, no secret in any of them, a slower run named as a regression.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildReports, compareRuns, listRuns, REPORT_FILES } from '../../../harness/report/index.js';
import { FIXTURE_PASSWORD, FIXTURE_TOKEN, writeFixtureRun } from '../../fixtures/report/make-run.js';

const root = mkdtempSync(join(tmpdir(), 'swarmbench-report-'));
const dir = (name: string) => join(root, name);

function filesUnder(d: string): string[] {
  return readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? filesUnder(join(d, n)) : [join(d, n)]));
}

describe.sequential('report files and comparison', () => {
  beforeAll(() => {
    writeFixtureRun(dir('base'), { kind: 'scale', seed: 5 });
    writeFixtureRun(dir('slow'), { kind: 'scale', seed: 5, slowdown: 1.5, startMs: Date.UTC(2026, 10, 22, 2) });
    writeFixtureRun(dir('secrets'), { kind: 'chaos', seed: 9, withSecrets: true, startMs: Date.UTC(2026, 10, 22, 4) });
    writeFixtureRun(dir('killed'), { kind: 'chaos', seed: 5, killAt: 0.4, startMs: Date.UTC(2026, 10, 22, 3) });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('every report file is written; report.md links chart files that exist', async () => {
    const result = await buildReports(dir('base'), { now: new Date('2026-11-22T00:00:00Z') });
    for (const f of [
      REPORT_FILES.html,
      REPORT_FILES.markdown,
      REPORT_FILES.summary,
      REPORT_FILES.junit,
      REPORT_FILES.all,
    ]) {
      expect(statSync(join(dir('base'), f)).size, f).toBeGreaterThan(100);
    }
    const md = readFileSync(join(dir('base'), 'report.md'), 'utf8');
    const links = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(links).toHaveLength(6);
    for (const l of links) expect(statSync(join(dir('base'), l)).size).toBeGreaterThan(1000);
    expect(JSON.parse(readFileSync(join(dir('base'), 'bench.json'), 'utf8'))).toHaveLength(
      Object.keys(result.summary.metrics).length,
    );
    // Rebuilding is idempotent: same summary but for the time it was generated.
    const again = await buildReports(dir('base'), { now: new Date('2026-11-22T00:00:00Z') });
    expect(again.summary).toEqual(result.summary);
  });

  test('no join token or password in any file of the run directory but the inputs', async () => {
    await buildReports(dir('secrets'));
    const outputs = filesUnder(dir('secrets')).filter(
      (f) => !/(run\.json|metrics\.lp)$/.test(f) && !f.endsWith('.png'),
    );
    expect(outputs.length).toBeGreaterThanOrEqual(7);
    for (const f of outputs) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toContain(FIXTURE_TOKEN);
      expect(text, f).not.toContain(FIXTURE_PASSWORD);
    }
  });

  test('a slower run regresses against its baseline and the metric is named', () => {
    const c = compareRuns(dir('base'), dir('slow'), { threshold: 0.1 });
    expect(c.regressions).toContain('tasks.startup_latency.p99');
    expect(c.regressions).toContain('scale.tasks_per_second');
    // The same run against itself (directory vs its summary.json) is no regression.
    expect(compareRuns(dir('base'), join(dir('base'), 'summary.json')).regressions).toEqual([]);
  });

  test('--baseline puts the comparison into the report and comparison.json', async () => {
    const result = await buildReports(dir('slow'), { baseline: dir('base'), threshold: 0.1 });
    expect(result.comparison?.regressions.length).toBeGreaterThan(0);
    expect(readFileSync(join(dir('slow'), 'report.html'), 'utf8')).toContain('id="comparison"');
    expect(readFileSync(join(dir('slow'), 'report.md'), 'utf8')).toMatch(/## Comparison[\s\S]*REGRESSION/);
    expect(JSON.parse(readFileSync(join(dir('slow'), 'comparison.json'), 'utf8')).regressions).toEqual(
      result.comparison?.regressions,
    );
  });

  test('an unreadable baseline is reported after the run’s own reports are written', async () => {
    rmSync(join(dir('base'), 'report.md'), { force: true });
    await expect(buildReports(dir('base'), { baseline: dir('nowhere') })).rejects.toThrow(/does not exist/);
    expect(statSync(join(dir('base'), 'report.md')).size).toBeGreaterThan(100);
  });

  test('an incomplete run: report says so, junit fails the run case, bench is empty', async () => {
    await buildReports(dir('killed'));
    expect(readFileSync(join(dir('killed'), 'report.md'), 'utf8')).toMatch(
      /INCOMPLETE[\s\S]*> \*\*Incomplete run:\*\*/,
    );
    expect(readFileSync(join(dir('killed'), 'junit.xml'), 'utf8')).toMatch(/<failure type="incomplete"/);
    expect(JSON.parse(readFileSync(join(dir('killed'), 'bench.json'), 'utf8'))).toEqual([]);
  });

  test('runs ls lists every run, newest first, with its verdict', () => {
    const runs = listRuns(root);
    expect(runs.find((r) => r.dir.endsWith('slow'))?.regressions).toContain('tasks.startup_latency.p99');
    expect(runs.map((r) => [r.scenario, r.verdict])).toEqual([
      ['chaos-restarts', 'fail'],
      ['chaos-restarts', 'incomplete'],
      ['alpine-top-scale', 'fail'],
      ['alpine-top-scale', 'pass'],
    ]);
  });
});
