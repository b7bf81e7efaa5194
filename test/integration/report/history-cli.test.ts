// `swarmbench history` as a nightly job calls it (the built CLI, as a process) on run
// directories laid out as `run` writes them (summary.json; a repeated run's repetitions.json):
// a series with a step change at a known run exits 1 naming the metric and finds the change
// within one run; a flat noisy series exits 0; nothing to read is bad input (exit 2).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { HistoryFile } from '../../../harness/history/history.js';
import { mulberry32 } from '../../../harness/util/random.js';
import { runCli } from '../scenario/support.js';

const root = mkdtempSync(join(tmpdir(), 'swarmbench-history-'));

/** One run directory as `run` leaves it, with the two headline figures a history reads. */
function writeRun(dir: string, i: number, rate: number, p99: number, replicas = 200): void {
  mkdirSync(dir, { recursive: true });
  const start = new Date(Date.UTC(2026, 11, 1) + i * 86_400_000).toISOString();
  const summary = {
    schema: 'swarmbench/summary',
    schemaVersion: 1,
    run: {
      id: `nightly-${i}`,
      scenario: 'alpine-top-scale',
      start,
      verdict: 'pass',
      complete: true,
      params: { replicas },
    },
    cluster: { nodes: 10, fresh: true },
    slos: [],
    metrics: {
      'scale.tasks_per_second': { value: rate, unit: 'per_s', better: 'bigger', source: 'run' },
      'tasks.startup_latency.p99': { value: p99, unit: 'ms', better: 'smaller', source: 'run' },
    },
  };
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
}

function series(name: string, runs: number, slowAfter: number | undefined, seed: number): string {
  const dir = join(root, name);
  const noise = mulberry32(seed);
  for (let i = 0; i < runs; i++) {
    const slow = slowAfter !== undefined && i >= slowAfter ? 0.7 : 1;
    const jitter = () => 1 + (noise() - 0.5) * 0.1; // ±5 %
    writeRun(join(dir, `run-${String(i).padStart(2, '0')}`), i, 6 * slow * jitter(), 9000 * jitter());
  }
  return dir;
}

describe.sequential('swarmbench history', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('finds a slowdown that starts in the newest runs and exits 1 naming it', async () => {
    const dir = series('step', 20, 16, 7);
    const r = await runCli(['history', dir, '--scenario', 'alpine-top-scale']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/exit 1: REGRESSED: the newest runs start a regression in scale\.tasks_per_second/);
    const h = JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')) as HistoryFile;
    const cp = h.metrics['scale.tasks_per_second']!.analysis.regression!;
    expect(Math.abs(cp.index - 16)).toBeLessThanOrEqual(1);
    expect(h.metrics['tasks.startup_latency.p99']!.analysis.regression).toBeNull();
    const html = readFileSync(join(dir, 'history.html'), 'utf8');
    expect(html).toContain('The newest runs start a regression in scale.tasks_per_second');
    expect(html.match(/src="data:image\/png;base64,/g)).toHaveLength(2);
  });

  test('a flat noisy history exits 0', async () => {
    const dir = series('flat', 20, undefined, 11);
    const r = await runCli(['history', dir, '--scenario', 'alpine-top-scale', '--out', join(root, 'flat-out')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/scale\.tasks_per_second: 20 runs, no change point/);
  });

  test('runs of other parameters than the newest are left out, and named, not taken for a change', async () => {
    // Twelve nightly runs at 200 replicas with 8 bench runs at 40 between them, 5x faster each.
    const dir = join(root, 'mixed');
    const noise = mulberry32(3);
    for (let i = 0; i < 20; i++) {
      const small = i % 5 === 1 || i % 5 === 3;
      const j = 1 + (noise() - 0.5) * 0.1;
      writeRun(join(dir, `run-${String(i).padStart(2, '0')}`), i, (small ? 30 : 6) * j, 9000 * j, small ? 40 : 200);
    }
    const r = await runCli(['history', dir, '--scenario', 'alpine-top-scale']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /left out 8 runs with other parameters or cluster size than the newest \(nightly-19; --all-params keeps them\)/,
    );
    expect(r.stdout).toMatch(/scale\.tasks_per_second: 12 runs, no change point/);
    const all = await runCli(['history', dir, '--scenario', 'alpine-top-scale', '--all-params']);
    expect(all.stdout).toMatch(/scale\.tasks_per_second: 20 runs/);
    expect(all.stderr).toMatch(/unlike runs: other scenario parameters than most runs/);
  });

  test('no run of the scenario is bad input', async () => {
    const r = await runCli(['history', join(root, 'step'), '--scenario', 'nginx-routing-mesh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no finished run of scenario nginx-routing-mesh/);
  });
});
