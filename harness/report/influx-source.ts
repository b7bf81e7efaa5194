// Reads a run's points back from InfluxDB 1.x (`report --from-influx URL`), for a run directory
// whose metrics.lp is gone. Uses the HTTP /query API with epoch=ms so times come back exactly as
// written; credentials come from the environment (as for `run --influx`), never from a report.
import type { FieldValue, Point } from '../metrics/measurements.js';
import { Measurement } from '../metrics/measurements.js';
import { influxQuery, queryTarget, quoteIdent, quoteString } from '../metrics/influx-http.js';

export interface InfluxSource {
  /** http://host:8086[/database] (database defaults to "swarmbench"); credentials never go in the
   *  URL: they come from SWARMBENCH_INFLUX_USER / _PASSWORD or _CREDENTIALS_FILE, as for `run --influx`. */
  url: string;
  runId: string;
  env?: NodeJS.ProcessEnv;
  fetchImpl?: typeof fetch;
}

/** Every point of the run, in the documented measurements, as they were written. */
export async function pointsFromInflux(src: InfluxSource): Promise<Point[]> {
  const target = queryTarget(src.url, src.env);
  // The measurements of metrics.lp only: run_summary (written after the reports) is not a point
  // of the run's own record.
  const measurements = Object.values(Measurement).map(quoteIdent).join(',');
  // GROUP BY * returns tags separately from fields, which SELECT * alone would mix together.
  const q = `SELECT * FROM ${measurements} WHERE "run" = ${quoteString(src.runId)} GROUP BY *`;
  const series = await influxQuery(target, q, {
    fetchImpl: src.fetchImpl,
    // A Swarm3k-sized run is millions of points.
    timeoutMs: 600_000,
    unreachableFix:
      'check that InfluxDB runs and the URL names the database the run wrote to, or build the report from metrics.lp',
  });
  const points: Point[] = [];
  for (const s of series) {
    const timeCol = s.columns.indexOf('time');
    for (const row of s.values) {
      const fields: Record<string, FieldValue> = {};
      s.columns.forEach((col, i) => {
        const v = row[i];
        if (
          i !== timeCol &&
          v !== null &&
          v !== undefined &&
          (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
        )
          fields[col] = v;
      });
      const tags = Object.fromEntries(Object.entries(s.tags ?? {}).filter(([, v]) => v !== ''));
      points.push({ measurement: s.name, tags, fields, timeMs: Number(row[timeCol]) });
    }
  }
  return points.sort((a, b) => a.timeMs - b.timeMs);
}
