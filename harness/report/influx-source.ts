// Reads a run's points back from InfluxDB 1.x (`report --from-influx URL`), for a run directory
// whose metrics.lp is gone. Uses the HTTP /query API with epoch=ms so times come back exactly as
// written; credentials come from the environment (as for `run --influx`), never from a report.
import { InfrastructureError, BadInputError } from '../errors.js';
import type { FieldValue, Point } from '../metrics/measurements.js';
import { Measurement } from '../metrics/measurements.js';
import { describeTarget, resolveInfluxTarget } from '../metrics/influx-config.js';
import { redact } from '../util/redact.js';

export interface InfluxSource {
  /** http://host:8086[/database] (database defaults to "swarmbench"); credentials never go in the
   *  URL: they come from SWARMBENCH_INFLUX_USER / _PASSWORD or _CREDENTIALS_FILE, as for `run --influx`. */
  url: string;
  runId: string;
  env?: NodeJS.ProcessEnv;
  fetchImpl?: typeof fetch;
}

interface SeriesJson {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}
interface QueryJson {
  results?: { series?: SeriesJson[]; error?: string }[];
  error?: string;
}

/** The query endpoint and auth header, resolved the same way the metrics sink resolves them. */
function endpoint(src: InfluxSource): { base: string; db: string; headers: Record<string, string>; shown: string } {
  const target = resolveInfluxTarget({ url: src.url, env: src.env });
  if (!target) throw new BadInputError('--from-influx needs a URL', { fix: 'use http://host:8086/database' });
  const headers: Record<string, string> = {};
  if (target.username)
    headers.authorization = `Basic ${Buffer.from(`${target.username}:${target.password ?? ''}`).toString('base64')}`;
  return { base: `${target.url}/query`, db: target.database, headers, shown: describeTarget(target) };
}

const quoteString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Every point of the run, in the documented measurements, as they were written. */
export async function pointsFromInflux(src: InfluxSource): Promise<Point[]> {
  const { base, db, headers, shown } = endpoint(src);
  const doFetch = src.fetchImpl ?? fetch;
  const measurements = Object.values(Measurement)
    .map((m) => `"${m}"`)
    .join(',');
  // GROUP BY * returns tags separately from fields, which SELECT * alone would mix together.
  const q = `SELECT * FROM ${measurements} WHERE "run" = ${quoteString(src.runId)} GROUP BY *`;
  const url = `${base}?${new URLSearchParams({ db, q, epoch: 'ms' }).toString()}`;
  let body: QueryJson;
  try {
    const res = await doFetch(url, { headers });
    body = (await res.json()) as QueryJson;
    if (!res.ok && !body.error) throw new Error(`HTTP ${res.status}`);
  } catch (err) {
    throw new InfrastructureError(`InfluxDB at ${shown} did not answer the query (${redact((err as Error).message)})`, {
      fix: 'check that InfluxDB runs and the URL names the database the run wrote to, or build the report from metrics.lp',
    });
  }
  const error = body.error ?? body.results?.find((r) => r.error)?.error;
  if (error)
    throw new InfrastructureError(`InfluxDB query failed: ${redact(error)}`, {
      fix: 'check the database name in the URL',
    });
  const points: Point[] = [];
  for (const series of body.results?.flatMap((r) => r.series ?? []) ?? []) {
    const timeCol = series.columns.indexOf('time');
    for (const row of series.values) {
      const fields: Record<string, FieldValue> = {};
      series.columns.forEach((col, i) => {
        const v = row[i];
        if (
          i !== timeCol &&
          v !== null &&
          v !== undefined &&
          (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
        )
          fields[col] = v;
      });
      const tags = Object.fromEntries(Object.entries(series.tags ?? {}).filter(([, v]) => v !== ''));
      points.push({ measurement: series.name, tags, fields, timeMs: Number(row[timeCol]) });
    }
  }
  return points.sort((a, b) => a.timeMs - b.timeMs);
}
