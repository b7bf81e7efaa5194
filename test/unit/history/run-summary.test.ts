// The run_summary point (one per run, after its reports) and `history --from-influx`: the field
// scheme holds for every registered metric, the point carries a run's headline figures as floats,
// a /query answer for it (faked here as InfluxDB 1.x gives it, GROUP BY *) reads back into the
// same HistoryRun, and a history from it equals one from the run directories. The committed
// Grafana dashboard has a panel for every headline metric.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InfrastructureError } from '../../../harness/errors.js';
import { buildHistory, type HistoryFile } from '../../../harness/history/history.js';
import {
  historyQuery,
  historyRunsFromSeries,
  loadHistoryRunsFromInflux,
  paramsHash,
  runSummaryPoint,
  sendRunSummaries,
} from '../../../harness/history/influx.js';
import {
  historyRunOfRepetitions,
  historyRunOfSummary,
  loadHistoryRuns,
  type HistoryRun,
} from '../../../harness/history/runs.js';
import type { InfluxSeries } from '../../../harness/metrics/influx-http.js';
import { decodeLine, encodePoint } from '../../../harness/metrics/line-protocol.js';
import type { Point } from '../../../harness/metrics/measurements.js';
import {
  HISTORY_KINDS,
  INTERVAL_SEPARATOR,
  intervalField,
  metricOfField,
  RUN_SUMMARY,
  RunSummaryField,
} from '../../../harness/metrics/measurements/run-summary.js';
import { headlineMetricNames, isHeadline, metricNames } from '../../../harness/metrics/registry.js';
import { gatesByDefault } from '../../../harness/report/compare.js';
import type { RunSummary } from '../../../harness/report/summary-schema.js';
import { silentLogger, type Logger } from '../../../harness/util/log.js';
import { summaryFixture } from '../report/summary-fixture.js';
import { writeRepeatedRun } from '../../support/repeated-run.js';

const root = mkdtempSync(join(tmpdir(), 'swarmbench-run-summary-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What InfluxDB 1.x answers to SELECT * … GROUP BY * over these points: the lines as it parses
 *  them, one series per tag set (every tag key of the measurement, '' where a point has none),
 *  every field key of the measurement as a column (null where a point has none). */
function queryAnswer(points: readonly Point[]): InfluxSeries[] {
  const parsed = points.map((p) => decodeLine(encodePoint(p))!);
  const tagKeys = [...new Set(parsed.flatMap((p) => Object.keys(p.tags)))].sort();
  const fieldKeys = [...new Set(parsed.flatMap((p) => Object.keys(p.fields)))].sort();
  const series = new Map<string, InfluxSeries>();
  for (const p of parsed) {
    const tags = Object.fromEntries(tagKeys.map((k) => [k, p.tags[k] ?? '']));
    const key = JSON.stringify(tags);
    const s = series.get(key) ?? { name: p.measurement, tags, columns: ['time', ...fieldKeys], values: [] };
    s.values.push([p.timeMs, ...fieldKeys.map((k) => p.fields[k] ?? null)]);
    series.set(key, s);
  }
  return [...series.values()];
}

const answer = (series: InfluxSeries[], status = 200) =>
  new Response(JSON.stringify({ results: [{ statement_id: 0, ...(series.length ? { series } : {}) }] }), {
    status,
    headers: { 'content-type': 'application/json' },
  });

const headlineOnly = (r: HistoryRun): HistoryRun => ({
  ...r,
  dir: '',
  metrics: Object.fromEntries(Object.entries(r.metrics).filter(([n]) => isHeadline(n))),
});

function collectingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { ...silentLogger, warn: (m: string) => void warnings.push(m), warnings };
}

describe('the run_summary field scheme', () => {
  it('cannot mistake a metric for another field: every metric name has a dot and no separator', () => {
    const meta = Object.values(RunSummaryField) as string[];
    for (const name of metricNames()) {
      expect(name, name).toContain('.');
      expect(name, name).not.toContain(INTERVAL_SEPARATOR);
      expect(meta).not.toContain(name);
      expect(metricOfField(name)).toEqual({ metric: name, part: 'value' });
      expect(metricOfField(intervalField(name, 'low'))).toEqual({ metric: name, part: 'low' });
    }
    for (const f of meta) expect(metricOfField(f)).toBeUndefined();
    expect(metricOfField('scale.tasks_per_second:median')).toBeUndefined();
  });

  it('has the headline metrics defined once, in the registry, as compare gates run-level names', () => {
    expect(headlineMetricNames().length).toBeGreaterThan(10);
    for (const name of [...metricNames(), 'step.scale.tasks_per_second', 'nothing.at.all'])
      expect(isHeadline(name), name).toBe(!name.startsWith('step.') && gatesByDefault(name));
  });
});

describe('the run_summary point', () => {
  const summary = summaryFixture({
    metrics: {
      'tasks.started': { value: 200, unit: 'count', better: 'bigger' },
      'step.scale.scale.tasks_per_second': { value: 4.1, unit: 'per_s', better: 'bigger' },
    },
  });
  summary.cluster.fresh = true;
  const run = historyRunOfSummary('/reports/r1', summary);

  it("holds a single run's headline metrics as floats, its facts and tags", () => {
    const p = runSummaryPoint(run, { scenario: 'alpine-top-scale', cluster: 'bench', kind: 'single' });
    expect(p.measurement).toBe(RUN_SUMMARY);
    expect(p.timeMs).toBe(Date.parse('2026-11-21T02:00:00.000Z'));
    expect(p.tags).toEqual({
      run: 'r1',
      scenario: 'alpine-top-scale',
      cluster: 'bench',
      kind: 'single',
      params_hash: paramsHash('{"replicas":300}'),
    });
    expect(p.tags.params_hash).toMatch(/^[0-9a-f]{12}$/);
    expect(p.fields).toEqual({
      verdict: 'fail',
      nodes: 13,
      repetitions: 1,
      fresh: true,
      params: '{"replicas":300}',
      engine_version: '20.10.24',
      cpus: 2,
      'scale.tasks_per_second': 4.2,
      'tasks.started': 200,
      'tasks.startup_latency.p99': 31_200,
    });
    const line = encodePoint(p);
    expect(line).toContain('cpus=2i');
    // A whole metric value stays a float (no i), or the next run's 199.5 would be refused.
    expect(line).toContain('tasks.started=200,');
    expect(line).toContain('nodes=13i');
    expect(line).toContain('repetitions=1i');
    expect(line).not.toContain('manager.cpu_percent');
    expect(line).not.toContain('step.scale');
  });

  it('reads back from a /query answer into the same run, headline metrics only', () => {
    const p = runSummaryPoint(run, { scenario: 'alpine-top-scale', cluster: 'bench', kind: 'single' });
    expect(historyRunsFromSeries(queryAnswer([p]))).toEqual([headlineOnly(run)]);
  });

  it("holds a repeated run's medians with their intervals, tagged as the set; its repetitions as such", () => {
    const dir = join(root, 'set');
    const sums = [4.5, 5.29, 5.83].map((rate, i) =>
      summaryFixture({
        run: { id: `set-r${i + 1}`, start: new Date(Date.UTC(2026, 11, 3, 10, i)).toISOString() },
        metrics: { 'scale.tasks_per_second': { value: rate, unit: 'per_s', better: 'bigger' } },
      }),
    );
    const { file, reps } = writeRepeatedRun(dir, sums, { scenario: 'alpine-top-scale', id: 'set', cluster: 'bench' });
    const set = historyRunOfRepetitions(dir, file)!;
    const p = runSummaryPoint(set, { scenario: 'alpine-top-scale', cluster: 'bench', kind: 'repetitions' });
    expect(p.tags.kind).toBe('repetitions');
    expect(p.timeMs).toBe(reps[0]!.startMs);
    expect(p.fields).toMatchObject({
      repetitions: 3,
      fresh: false,
      'scale.tasks_per_second': 5.29,
      'scale.tasks_per_second:low': 4.5,
      'scale.tasks_per_second:high': 5.83,
      'scale.tasks_per_second:coverage': 0.75,
    });
    const one = runSummaryPoint(historyRunOfSummary(reps[0]!.dir, reps[0]!.summary!), {
      scenario: 'alpine-top-scale',
      cluster: 'bench',
      kind: 'repetition',
      set: 'set',
    });
    expect(one.tags).toMatchObject({ kind: 'repetition', set: 'set', run: 'set-r1' });
    expect(historyRunsFromSeries(queryAnswer([p]))).toEqual([headlineOnly(set)]);
  });

  it('leaves out what does not parse: no run tag, no time, names the registry does not know, half intervals', () => {
    const series: InfluxSeries[] = [
      {
        name: RUN_SUMMARY,
        tags: { run: 'a', kind: 'single' },
        columns: ['time', 'scale.tasks_per_second', 'scale.tasks_per_second:low', 'gone.metric', 'verdict'],
        values: [
          [1000, 5, 4, 7, 'pass'],
          ['not a time', 6, null, null, 'pass'],
        ],
      },
      { name: RUN_SUMMARY, tags: { kind: 'single' }, columns: ['time', 'verdict'], values: [[2000, 'pass']] },
    ];
    expect(historyRunsFromSeries(series)).toEqual([
      {
        id: 'a',
        dir: '',
        startMs: 1000,
        repetitions: 1,
        verdict: 'pass',
        nodes: 0,
        params: '',
        fresh: undefined,
        metrics: { 'scale.tasks_per_second': { value: 5, unit: 'per_s', better: 'bigger' } },
      },
    ]);
  });
});

/** Six nightly runs as `run` leaves them (like test/integration/report/history-cli.test.ts),
 *  the last three 30 % slower, and one unfinished run that a history leaves out. */
function nightlies(dir: string): RunSummary[] {
  const out: RunSummary[] = [];
  for (let i = 0; i < 7; i++) {
    const s = summaryFixture({
      run: {
        id: `nightly-${i}`,
        start: new Date(Date.UTC(2026, 11, 1) + i * 86_400_000).toISOString(),
        complete: i < 6,
        verdict: 'pass',
      },
      metrics: {
        'scale.tasks_per_second': {
          value: (i >= 3 ? 4.2 : 6) * (1 + ((i * 7) % 5) / 100),
          unit: 'per_s',
          better: 'bigger',
        },
      },
      nodes: i === 2 ? 11 : 13,
    });
    mkdirSync(join(dir, s.run.id), { recursive: true });
    writeFileSync(join(dir, s.run.id, 'summary.json'), JSON.stringify(s));
    out.push(s);
  }
  return out;
}

describe('history --from-influx', () => {
  const dir = join(root, 'nightly');
  const summaries = nightlies(dir);
  // What `run --influx` writes: a point per finished run.
  const points = summaries
    .filter((s) => s.run.complete)
    .map((s) =>
      runSummaryPoint(historyRunOfSummary(join(dir, s.run.id), s), {
        scenario: s.run.scenario,
        cluster: s.cluster.name,
        kind: 'single',
      }),
    );

  it('asks InfluxDB for the scenario’s single runs and sets, with epoch=ms and the credentials of the environment', async () => {
    const seen: { url: URL; headers: Headers }[] = [];
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      seen.push({ url: new URL(url), headers: new Headers(init?.headers) });
      return answer(queryAnswer([...points].reverse()));
    }) as typeof fetch;
    const env = { SWARMBENCH_INFLUX_USER: 'bench', SWARMBENCH_INFLUX_PASSWORD: 'secret' };
    const { runs, target } = await loadHistoryRunsFromInflux({
      url: 'http://influx.test:8086/nightly',
      scenario: "alpine-top-'scale",
      env,
      fetchImpl,
    });
    expect(target).toMatchObject({ url: 'http://influx.test:8086', database: 'nightly' });
    expect(runs.map((r) => r.id)).toEqual([
      'nightly-0',
      'nightly-1',
      'nightly-2',
      'nightly-3',
      'nightly-4',
      'nightly-5',
    ]);
    const { url, headers } = seen[0]!;
    expect(url.origin + url.pathname).toBe('http://influx.test:8086/query');
    expect(url.searchParams.get('db')).toBe('nightly');
    expect(url.searchParams.get('epoch')).toBe('ms');
    expect(url.searchParams.get('q')).toBe(historyQuery("alpine-top-'scale"));
    expect(url.searchParams.get('q')).toBe(
      `SELECT * FROM "run_summary" WHERE "scenario" = 'alpine-top-\\'scale' AND ("kind" = 'single' OR "kind" = 'repetitions') GROUP BY *`,
    );
    expect(headers.get('authorization')).toBe(`Basic ${Buffer.from('bench:secret').toString('base64')}`);
  });

  it('gives the same history as the run directories', async () => {
    const fetchImpl = (async () => answer(queryAnswer(points))) as unknown as typeof fetch;
    const { runs } = await loadHistoryRunsFromInflux({
      url: 'http://influx.test:8086',
      scenario: 'alpine-top-scale',
      env: {},
      fetchImpl,
    });
    const fromDirs = loadHistoryRuns(dir, 'alpine-top-scale');
    expect(fromDirs).toHaveLength(6);
    const strip = (h: HistoryFile) => ({ ...h, generatedAt: '', runs: h.runs.map((r) => ({ ...r, dir: '' })) });
    const a = buildHistory('alpine-top-scale', fromDirs, { minChange: 0 });
    const b = buildHistory('alpine-top-scale', runs, { minChange: 0 });
    expect(strip(b)).toEqual(strip(a));
    expect(b.metrics['scale.tasks_per_second']!.points).toHaveLength(6);
    expect(b.warnings).toEqual(['another cluster size than most runs: nightly-2']);
  });

  it('finds no runs in an empty answer, and says so of an unknown scenario', async () => {
    const fetchImpl = (async () => answer([])) as unknown as typeof fetch;
    const r = await loadHistoryRunsFromInflux({ url: 'http://influx.test:8086', scenario: 'nope', env: {}, fetchImpl });
    expect(r.runs).toEqual([]);
  });

  it('is an infrastructure error naming the target, never the password, when InfluxDB does not answer', async () => {
    const fetchImpl = (async () => {
      throw new TypeError('fetch failed: connect ECONNREFUSED 127.0.0.1:8086');
    }) as unknown as typeof fetch;
    const env = { SWARMBENCH_INFLUX_USER: 'bench', SWARMBENCH_INFLUX_PASSWORD: 'hunter2' };
    const err = await loadHistoryRunsFromInflux({ url: 'http://127.0.0.1:8086', scenario: 's', env, fetchImpl }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InfrastructureError);
    expect((err as InfrastructureError).exitCode).toBe(3);
    expect((err as Error).message).toMatch(
      /InfluxDB at http:\/\/127\.0\.0\.1:8086 database swarmbench .*did not answer the query/,
    );
    expect((err as Error).message).not.toContain('hunter2');
    expect((err as InfrastructureError).fix).toMatch(/swarmbench history DIR/);
  });

  it('is an infrastructure error when InfluxDB refuses the query (unknown database, credentials)', async () => {
    const refuse = (status: number, error: string) =>
      (async () =>
        new Response(JSON.stringify(status === 200 ? { results: [{ statement_id: 0, error }] } : { error }), {
          status,
        })) as unknown as typeof fetch;
    const a = await loadHistoryRunsFromInflux({
      url: 'http://influx.test:8086/nosuch',
      scenario: 's',
      env: {},
      fetchImpl: refuse(200, 'database not found: nosuch'),
    }).catch((e: unknown) => e);
    expect(a).toBeInstanceOf(InfrastructureError);
    expect((a as Error).message).toBe('InfluxDB query failed: database not found: nosuch');
    expect((a as InfrastructureError).fix).toMatch(/database name/);
    const b = await loadHistoryRunsFromInflux({
      url: 'http://influx.test:8086',
      scenario: 's',
      env: {},
      fetchImpl: refuse(401, 'authorization failed'),
    }).catch((e: unknown) => e);
    expect((b as InfrastructureError).fix).toMatch(/SWARMBENCH_INFLUX_USER/);
  });

  it('is bad input for a URL that is none', async () => {
    await expect(loadHistoryRunsFromInflux({ url: 'influx.test', scenario: 's', env: {} })).rejects.toMatchObject({
      exitCode: 2,
    });
  });
});

describe('writing run_summary points', () => {
  it('warns and goes on when InfluxDB does not answer, without naming a temporary spool', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve())); // nothing listens there now
    const log = collectingLogger();
    const p = runSummaryPoint(historyRunOfSummary('/r', summaryFixture()), {
      scenario: 'alpine-top-scale',
      cluster: 'bench',
      kind: 'single',
    });
    const sent = await sendRunSummaries({ url: `http://127.0.0.1:${port}`, database: 'swarmbench' }, [p], log, {
      timeoutMs: 500,
    });
    expect(sent).toBe(0);
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toMatch(/^the run_summary point of r1 not written: .*the run's files are complete/);
    expect(log.warnings[0]).not.toMatch(/spool/);
  });
});

describe('the Grafana dashboard', () => {
  interface Panel {
    type: string;
    title: string;
    targets?: { query: string }[];
    panels?: Panel[];
  }
  const dash = JSON.parse(readFileSync('grafana/dashboards/swarmbench.json', 'utf8')) as {
    panels: Panel[];
    templating: { list: { name: string; query: string }[] };
  };
  const all = dash.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
  const history = all.filter((p) => p.targets?.some((t) => t.query.includes(`FROM "${RUN_SUMMARY}"`)));

  it('has one panel across runs per headline metric (regenerate: python3 grafana/tools/make-dashboard.py)', () => {
    const selected = history.map((p) => /^SELECT "([^"]+)" AS "value"/.exec(p.targets![0]!.query)?.[1]);
    expect(selected).toEqual(headlineMetricNames());
  });

  it('reads the kinds a history reads, for the $scenario variable', () => {
    expect(dash.templating.list.find((v) => v.name === 'scenario')?.query).toBe(
      `SHOW TAG VALUES FROM "${RUN_SUMMARY}" WITH KEY = "scenario"`,
    );
    for (const p of history) {
      const q = p.targets![0]!.query;
      expect(q).toContain('"scenario" =~ /^$scenario$/');
      expect([...q.matchAll(/"kind" = '([a-z]+)'/g)].map((m) => m[1])).toEqual([...HISTORY_KINDS]);
      expect(q).toContain(`"${intervalField(/^SELECT "([^"]+)"/.exec(q)![1]!, 'low')}"`);
    }
  });
});
