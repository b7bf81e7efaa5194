// The report commands as a user and a nightly job call them (the built CLI, run as a process):
// exit codes 0 / 1 (regression, named) / 2 (bad input), and output a machine can read.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeFixtureRun } from '../../fixtures/report/make-run.js';

const root = mkdtempSync(join(tmpdir(), 'swarmbench-report-cli-'));
const dir = (name: string) => join(root, name);

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      ['bin/swarmbench.js', ...args, '--progress', 'plain'],
      { timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? Number((err as NodeJS.ErrnoException & { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe.sequential('swarmbench report / compare / runs ls', () => {
  beforeAll(() => {
    writeFixtureRun(dir('base'), { kind: 'scale', seed: 3 });
    writeFixtureRun(dir('slow'), { kind: 'scale', seed: 3, slowdown: 1.5, startMs: Date.UTC(2026, 10, 22, 2) });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('report builds the files and exits 0', async () => {
    const r = await cli('report', dir('base'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(join(dir('base'), 'report.html'));
    expect(r.stdout).toMatch(/: pass$/m);
  });

  test('compare exits 1 on a slower run and names the metric in its last line', async () => {
    const r = await cli('compare', dir('base'), dir('slow'), '--threshold', '10%');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout, r.stderr).toMatch(/^metric\s+baseline\s+now\s+change\s+verdict$/m);
    expect(r.stdout.trim().split('\n').pop()).toMatch(
      /^REGRESSION beyond 10.0 %: tasks.startup_latency.p99 .*scale.tasks_per_second/,
    );
  });

  test('compare exits 0 when nothing got worse, and --json is one document', async () => {
    const r = await cli('compare', join(dir('base'), 'summary.json'), dir('base'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ regressions: [], threshold: 0.1 });
  });

  test('bad input exits 2 with a fix', async () => {
    const missing = await cli('compare', dir('base'), dir('nowhere'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does not exist\n\s+fix: /);
    expect((await cli('compare', dir('base'), dir('slow'), '--threshold', 'ten')).code).toBe(2);
  });

  test('runs ls --json lists both runs with their verdicts', async () => {
    const r = await cli('runs', 'ls', '--dir', root, '--json');
    expect(r.code).toBe(0);
    const runs = JSON.parse(r.stdout) as { scenario: string; verdict: string; reported: boolean }[];
    expect(runs.map((x) => [x.verdict, x.reported])).toEqual([
      ['fail', false],
      ['pass', true],
    ]);
  });
});
