// InfluxDB 1.x over HTTP, the parts its readers and writers share: the target of a --from-influx
// URL, the auth header (credentials from the environment, never from the URL or a report), one
// /query call with epoch=ms (times come back exactly as written) and InfluxQL quoting.
// `report --from-influx`, `history --from-influx` and the metrics sink use these.
import { BadInputError, InfrastructureError } from '../errors.js';
import { fetchWithin } from '../util/fetch.js';
import { redact } from '../util/redact.js';
import { describeTarget, resolveInfluxTarget, type InfluxTarget } from './influx-config.js';

/** One series of a /query answer (GROUP BY * puts the tags here, apart from the fields). */
export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

interface QueryJson {
  results?: { series?: InfluxSeries[]; error?: string }[];
  error?: string;
}

/** The Authorization header for the target's credentials (none without a user). */
export function influxAuthHeaders(t: InfluxTarget): Record<string, string> {
  if (t.username === undefined) return {};
  return { authorization: `Basic ${Buffer.from(`${t.username}:${t.password ?? ''}`).toString('base64')}` };
}

/** The InfluxDB a `--from-influx URL` names, resolved as `run --influx` resolves it. */
export function queryTarget(url: string, env?: NodeJS.ProcessEnv, flag = '--from-influx'): InfluxTarget {
  const target = resolveInfluxTarget({ url, env });
  if (!target) throw new BadInputError(`${flag} needs a URL`, { fix: 'use http://host:8086/database' });
  return target;
}

/** An InfluxQL string literal. */
export const quoteString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
/** An InfluxQL identifier (measurement, tag or field key: they may hold dots). */
export const quoteIdent = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export interface InfluxQueryOptions {
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  /** What to do when InfluxDB does not answer (the command's own alternative, if it has one). */
  unreachableFix?: string;
}

/** Runs one query (epoch=ms) and returns every series of every statement. InfluxDB not answering
 *  and a query InfluxDB refuses (unknown database, authorization) are InfrastructureErrors that
 *  name the target, never its credentials. */
export async function influxQuery(
  target: InfluxTarget,
  q: string,
  opts: InfluxQueryOptions = {},
): Promise<InfluxSeries[]> {
  const shown = describeTarget(target);
  const url = `${target.url}/query?${new URLSearchParams({ db: target.database, q, epoch: 'ms' }).toString()}`;
  let body: QueryJson;
  let status: number;
  try {
    const res = await fetchWithin(
      url,
      { headers: influxAuthHeaders(target) },
      opts.timeoutMs ?? 120_000,
      opts.fetchImpl,
    );
    status = res.status;
    body = (await res.json()) as QueryJson;
    if (!res.ok && !body.error) throw new Error(`HTTP ${res.status}`);
  } catch (err) {
    // fetch says "fetch failed" and keeps the reason (ECONNREFUSED, a DNS failure) in its cause.
    const cause = (err as Error).cause;
    const why = `${(err as Error).message}${cause instanceof Error ? `: ${cause.message}` : ''}`;
    throw new InfrastructureError(`InfluxDB at ${shown} did not answer the query (${redact(why)})`, {
      fix: opts.unreachableFix ?? 'check that InfluxDB runs and the URL names it',
    });
  }
  const error = body.error ?? body.results?.find((r) => r.error)?.error;
  if (error)
    throw new InfrastructureError(`InfluxDB query failed: ${redact(error)}`, {
      fix:
        status === 401 || status === 403
          ? 'check SWARMBENCH_INFLUX_USER and SWARMBENCH_INFLUX_PASSWORD (or SWARMBENCH_INFLUX_CREDENTIALS_FILE)'
          : 'check the database name in the URL',
    });
  return body.results?.flatMap((r) => r.series ?? []) ?? [];
}
