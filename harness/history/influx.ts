// The run_summary points (metrics/measurements/run-summary.ts defines their tags and fields): a
// run as a history sees it (HistoryRun), written to InfluxDB after the run's reports, and read
// back for `history --from-influx`, where they go on exactly as runs read from directories.
import { createHash } from 'node:crypto';
import type { InfluxTarget } from '../metrics/influx-config.js';
import { describeTarget } from '../metrics/influx-config.js';
import { influxQuery, queryTarget, quoteIdent, quoteString, type InfluxSeries } from '../metrics/influx-http.js';
import { encodePoint } from '../metrics/line-protocol.js';
import type { FieldValue, Point } from '../metrics/measurements.js';
import {
  HISTORY_KINDS,
  INTERVAL_PARTS,
  intervalField,
  metricOfField,
  RUN_SUMMARY,
  RUN_SUMMARY_INT_FIELDS,
  RunSummaryField,
  type IntervalPart,
  type RunSummaryKind,
} from '../metrics/measurements/run-summary.js';
import { sendLines } from '../metrics/push.js';
import { isHeadline, metricDef } from '../metrics/registry.js';
import type { Logger } from '../util/log.js';
import type { HistoryMetric, HistoryRun } from './runs.js';

/** What a point says beside the run itself. */
export interface RunSummaryMeta {
  scenario: string;
  cluster: string;
  kind: RunSummaryKind;
  /** The repeated run's id, for kind 'repetition'. */
  set?: string;
}

/** The params_hash tag: a run's parameters (HistoryRun.params, keys sorted) in 12 hex digits. */
export const paramsHash = (params: string) => createHash('sha256').update(params).digest('hex').slice(0, 12);

const finite = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** The run's run_summary point, at its start time: its headline metrics (never integers, so a
 *  metric whole in one run and fractional in the next does not conflict in InfluxDB). */
export function runSummaryPoint(run: HistoryRun, meta: RunSummaryMeta): Point {
  const fields: Record<string, FieldValue> = {
    [RunSummaryField.verdict]: run.verdict,
    [RunSummaryField.nodes]: run.nodes,
    [RunSummaryField.repetitions]: run.repetitions,
    [RunSummaryField.params]: run.params,
  };
  if (run.fresh !== undefined) fields[RunSummaryField.fresh] = run.fresh;
  // What history's unlike-run warnings need (history.ts): the host's engine, cores and load.
  if (run.engineVersion) fields[RunSummaryField.engineVersion] = run.engineVersion;
  if (finite(run.cpus)) fields[RunSummaryField.cpus] = run.cpus;
  if (finite(run.loadAtStart)) fields[RunSummaryField.loadAtStart] = run.loadAtStart;
  for (const name of Object.keys(run.metrics).sort()) {
    const m = run.metrics[name]!;
    if (!isHeadline(name) || !finite(m.value)) continue;
    fields[name] = m.value;
    const i = m.interval;
    if (i && finite(i.low) && finite(i.high) && finite(i.coverage))
      for (const part of INTERVAL_PARTS) fields[intervalField(name, part)] = i[part];
  }
  return {
    measurement: RUN_SUMMARY,
    tags: {
      run: run.id,
      scenario: meta.scenario,
      cluster: meta.cluster,
      kind: meta.kind,
      params_hash: paramsHash(run.params),
      ...(meta.set ? { set: meta.set } : {}),
    },
    fields,
    timeMs: run.startMs,
    intFields: RUN_SUMMARY_INT_FIELDS,
  };
}

/** The runs in a /query answer for run_summary (SELECT * … GROUP BY *: tags apart from fields),
 *  oldest first; a run met twice counts once (its newest point). Metrics the registry no longer
 *  knows are left out, as a history leaves out all but the headline metrics. */
export function historyRunsFromSeries(series: readonly InfluxSeries[]): HistoryRun[] {
  const runs = new Map<string, HistoryRun>();
  for (const s of series) {
    const id = s.tags?.run;
    const timeCol = s.columns.indexOf('time');
    if (!id || timeCol < 0) continue;
    for (const row of s.values) {
      const startMs = Number(row[timeCol]);
      if (!Number.isFinite(startMs)) continue;
      const fields: Record<string, unknown> = {};
      s.columns.forEach((col, i) => {
        if (i !== timeCol && row[i] !== null && row[i] !== undefined) fields[col] = row[i];
      });
      const run = historyRunOf(id, startMs, s.tags ?? {}, fields);
      const seen = runs.get(id);
      if (!seen || seen.startMs <= startMs) runs.set(id, run);
    }
  }
  return [...runs.values()].sort((a, b) => a.startMs - b.startMs);
}

function historyRunOf(
  id: string,
  startMs: number,
  tags: Record<string, string>,
  fields: Record<string, unknown>,
): HistoryRun {
  const metrics: Record<string, HistoryMetric> = {};
  const intervals: Record<string, Partial<Record<IntervalPart, number>>> = {};
  for (const [key, v] of Object.entries(fields)) {
    const of = metricOfField(key);
    const def = of && metricDef(of.metric);
    if (!of || !def || typeof v !== 'number') continue;
    if (of.part === 'value') metrics[of.metric] = { value: v, unit: def.unit, better: def.better };
    else (intervals[of.metric] ??= {})[of.part] = v;
  }
  for (const [name, i] of Object.entries(intervals)) {
    const m = metrics[name];
    if (m && finite(i.low) && finite(i.high) && finite(i.coverage))
      m.interval = { low: i.low, high: i.high, coverage: i.coverage };
  }
  const str = (k: string) => (typeof fields[k] === 'string' ? fields[k] : undefined);
  const num = (k: string) => (typeof fields[k] === 'number' ? fields[k] : undefined);
  const fresh = fields[RunSummaryField.fresh];
  return {
    id,
    dir: '',
    startMs,
    repetitions: num(RunSummaryField.repetitions) ?? 1,
    verdict: str(RunSummaryField.verdict) ?? 'unknown',
    nodes: num(RunSummaryField.nodes) ?? 0,
    params: str(RunSummaryField.params) ?? tags.params_hash ?? '',
    fresh: typeof fresh === 'boolean' ? fresh : undefined,
    engineVersion: str(RunSummaryField.engineVersion),
    cpus: num(RunSummaryField.cpus),
    loadAtStart: num(RunSummaryField.loadAtStart),
    metrics,
  };
}

export interface InfluxHistorySource {
  /** http://host:8086[/database]; credentials from the environment, as for `run --influx`. */
  url: string;
  scenario: string;
  env?: NodeJS.ProcessEnv;
  fetchImpl?: typeof fetch;
}

/** The query for a scenario's runs: single runs and repeated runs as a whole. */
export function historyQuery(scenario: string): string {
  const kinds = HISTORY_KINDS.map((k) => `${quoteIdent('kind')} = ${quoteString(k)}`).join(' OR ');
  return `SELECT * FROM ${quoteIdent(RUN_SUMMARY)} WHERE ${quoteIdent('scenario')} = ${quoteString(scenario)} AND (${kinds}) GROUP BY *`;
}

/** The runs of a scenario that InfluxDB holds run_summary points of, oldest first (none: []). */
export async function loadHistoryRunsFromInflux(
  src: InfluxHistorySource,
): Promise<{ runs: HistoryRun[]; target: InfluxTarget }> {
  const target = queryTarget(src.url, src.env);
  const series = await influxQuery(target, historyQuery(src.scenario), {
    fetchImpl: src.fetchImpl,
    timeoutMs: 60_000,
    unreachableFix:
      'check that InfluxDB runs and the URL names the database the runs wrote to, or read the run directories (`swarmbench history DIR`)',
  });
  return { runs: historyRunsFromSeries(series), target };
}

/** Writes run_summary points. Never throws: what InfluxDB did not take is a warning (the run's
 *  files hold everything the point does); returns how many it took. */
export async function sendRunSummaries(
  target: InfluxTarget,
  points: readonly Point[],
  log: Logger,
  opts: { timeoutMs?: number } = {},
): Promise<number> {
  if (points.length === 0) return 0;
  // The sink's own warnings name its spool, a temporary file here: only the first one's reason
  // is kept (the ones after it say the same again).
  const why: string[] = [];
  const note = (m: string) => void why.push(m.replace(/;? (points wait|they are) in .*$/, ''));
  const collect: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: note,
    error: note,
    progress: () => undefined,
    addFile: () => undefined,
  };
  const what = `${points.length === 1 ? 'the run_summary point' : `${points.length} run_summary points`} of ${points.map((p) => p.tags.run).join(', ')}`;
  try {
    const stats = await sendLines(target, points.map(encodePoint), {
      log: collect,
      timeoutMs: opts.timeoutMs ?? 15_000,
    });
    if (stats.sent < points.length)
      log.warn(
        `${what} not written: ${why[0] ?? `InfluxDB (${describeTarget(target)}) took ${stats.sent} of ${points.length}`}; the run's files are complete (\`swarmbench history DIR\` reads them)`,
      );
    return stats.sent;
  } catch (err) {
    log.warn(`${what} not written to InfluxDB (${describeTarget(target)}): ${(err as Error).message}`);
    return 0;
  }
}
