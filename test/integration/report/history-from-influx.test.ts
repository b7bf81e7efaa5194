// `swarmbench history --from-influx` against a real (private) influxd: run_summary points written
// the way `run --influx` writes them (sendRunSummaries, through the metrics sink) for 20 nightly
// runs with a slowdown from run 17 on, a repeated run (its repetitions' points and the set's),
// and another scenario's run; the built CLI, as a nightly job calls it, reads them back into
// history.json: every run once (a repetition only in its set), the set's interval, the
// regression at the right run, exit 1. A whole metric value in one run and a fraction in the
// next are both taken (the fields are floats). No point of the scenario is bad input (exit 2),
// an InfluxDB that does not answer an infrastructure error (exit 3).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HistoryFile } from '../../../harness/history/history.js';
import { runSummaryPoint, sendRunSummaries } from '../../../harness/history/influx.js';
import { historyRunOfRepetitions, historyRunOfSummary, type HistoryRun } from '../../../harness/history/runs.js';
import type { RunSummary } from '../../../harness/report/summary-schema.js';
import { silentLogger } from '../../../harness/util/log.js';
import { mulberry32 } from '../../../harness/util/random.js';
import { freePort, TestInfluxd } from '../metrics/influxd.js';
import { runCli } from '../scenario/support.js';
import { writeRepeatedRun } from '../../support/repeated-run.js';

const root = mkdtempSync(join(tmpdir(), 'swarmbench-history-influx-'));
const SCENARIO = 'alpine-top-scale';
const DB = 'nightly';
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 1);

/** The environment without the caller's own InfluxDB settings. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SWARMBENCH_INFLUX')));

/** A summary.json as `run` writes it, with the figures a history reads. */
function summary(
  id: string,
  startMs: number,
  rate: number,
  p99: number,
  started: number,
  scenario = SCENARIO,
): RunSummary {
  return {
    schema: 'swarmbench/summary',
    schemaVersion: 1,
    run: {
      id,
      scenario,
      start: new Date(startMs).toISOString(),
      verdict: 'pass',
      complete: true,
      params: { replicas: 200 },
    },
    cluster: { name: 'nightly', nodes: 10, fresh: true },
    slos: [],
    metrics: {
      'scale.tasks_per_second': { value: rate, unit: 'per_s', better: 'bigger', source: 'run' },
      'tasks.startup_latency.p99': { value: p99, unit: 'ms', better: 'smaller', source: 'run' },
      'tasks.started': { value: started, unit: 'count', better: 'bigger', source: 'run' },
      'manager.cpu_percent.mean': { value: 40, unit: 'percent', better: 'smaller', source: 'derived' },
    },
  } as unknown as RunSummary;
}

const single = (s: RunSummary, kind: 'single' | 'repetition' = 'single', set?: string) =>
  runSummaryPoint(historyRunOfSummary(join(root, 'runs', s.run.id), s), {
    scenario: s.run.scenario,
    cluster: s.cluster.name,
    kind,
    set,
  });

describe.sequential('swarmbench history --from-influx', () => {
  let influx: TestInfluxd;
  let set: HistoryRun;
  const url = () => `${influx.url}/${DB}`;

  beforeAll(async () => {
    influx = await TestInfluxd.create(join(root, 'influxd'));
    await influx.start();
    const target = { url: influx.url, database: DB };
    const noise = mulberry32(7);
    const jitter = () => 1 + (noise() - 0.5) * 0.1; // ±5 %
    // 20 nightly runs, 30 % slower from run 17 on; tasks.started whole in some, not in others.
    const points = [];
    for (let i = 0; i < 20; i++) {
      const s = summary(
        `nightly-${i}`,
        T0 + i * DAY,
        6 * (i >= 17 ? 0.7 : 1) * jitter(),
        9000 * jitter(),
        i % 2 ? 199.5 : 200,
      );
      points.push(single(s));
    }
    // A repeated run on day 20: three repetitions (each writes its own point) and the set.
    const dir = join(root, 'runs', 'repeated');
    const sums = [4.1, 4.3, 4.2].map((rate, i) => {
      const s = summary(`repeated-r${i + 1}`, T0 + 20 * DAY + i * 60_000, rate, 9000, 200);
      points.push(single(s, 'repetition', 'repeated'));
      return s;
    });
    const { file } = writeRepeatedRun(dir, sums, { scenario: SCENARIO, id: 'repeated', cluster: 'nightly' });
    set = historyRunOfRepetitions(dir, file)!;
    points.push(runSummaryPoint(set, { scenario: SCENARIO, cluster: 'nightly', kind: 'repetitions' }));
    // Another scenario's run, which this history must not read.
    points.push(single(summary('other-0', T0, 60, 90, 2000, 'nginx-routing-mesh')));
    // One at a time, as runs write them; the database is created by the first.
    for (const p of points) expect(await sendRunSummaries(target, [p], silentLogger)).toBe(1);
  });

  afterAll(async () => {
    await influx?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('reads every run once, the set with its interval, and exits 1 naming the regression', async () => {
    const out = join(root, 'out');
    const r = await runCli(['history', '--from-influx', url(), '--scenario', SCENARIO, '--out', out], env);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/exit 1: REGRESSED: the newest runs start a regression in scale\.tasks_per_second/);
    const h = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as HistoryFile;
    expect(h.scenario).toBe(SCENARIO);
    expect(h.runs.map((x) => x.id)).toEqual([...Array.from({ length: 20 }, (_, i) => `nightly-${i}`), 'repeated']);
    expect(h.runs.at(-1)).toMatchObject({ repetitions: 3, verdict: 'pass', nodes: 10, fresh: false, dir: '' });
    expect(h.runs[0]).toMatchObject({ repetitions: 1, verdict: 'pass', nodes: 10, fresh: true, startMs: T0 });
    const rate = h.metrics['scale.tasks_per_second']!;
    expect(rate.unit).toBe('per_s');
    expect(rate.points).toHaveLength(21);
    expect(rate.points.at(-1)).toEqual({
      run: 'repeated',
      startMs: T0 + 20 * DAY,
      value: 4.2,
      interval: { low: 4.1, high: 4.3, coverage: 0.75 },
    });
    expect(Math.abs(rate.analysis.regression!.index - 17)).toBeLessThanOrEqual(1);
    expect(h.metrics['tasks.started']!.points.map((p) => p.value).slice(0, 2)).toEqual([200, 199.5]);
    expect(Object.keys(h.metrics)).not.toContain('manager.cpu_percent.mean');
    // Unlike runs: the set reused its swarm where the others were fresh.
    expect(h.warnings.join('\n')).toMatch(/a fresh swarm where others reused one/);
    expect(readFileSync(join(out, 'history.html'), 'utf8')).toContain(
      'The newest runs start a regression in scale.tasks_per_second',
    );
  });

  test('no point of the scenario is bad input', async () => {
    const r = await runCli(
      ['history', '--from-influx', url(), '--scenario', 'swarm3k-replay', '--out', join(root, 'none')],
      env,
    );
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /no run_summary point of scenario swarm3k-replay in InfluxDB at http:\/\/127\.0\.0\.1:\d+ database nightly/,
    );
  });

  test('an unknown database is an infrastructure error', async () => {
    const r = await runCli(
      ['history', '--from-influx', `${influx.url}/nosuchdb`, '--scenario', SCENARIO, '--out', join(root, 'none')],
      env,
    );
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/database not found: nosuchdb/);
  });

  test('an InfluxDB that does not answer is an infrastructure error', async () => {
    const port = await freePort(); // nothing listens there
    const r = await runCli(
      [
        'history',
        '--from-influx',
        `http://127.0.0.1:${port}/${DB}`,
        '--scenario',
        SCENARIO,
        '--out',
        join(root, 'none'),
      ],
      env,
    );
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/InfluxDB at http:\/\/127\.0\.0\.1:\d+ database nightly did not answer the query/);
  });

  test('a directory and --from-influx together are bad input', async () => {
    const r = await runCli(['history', join(root, 'runs'), '--from-influx', url(), '--scenario', SCENARIO], env);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/not both/);
  });
});
