// `report --from-influx` through the shared InfluxDB query helpers (metrics/influx-http.ts): it
// asks for the run's points in the measurements of metrics.lp (never run_summary, which is not
// part of the run's own record) and turns the answer back into points, tags apart from fields.
import { describe, expect, it } from 'vitest';
import { InfrastructureError } from '../../../harness/errors.js';
import { Measurement } from '../../../harness/metrics/measurements.js';
import { pointsFromInflux } from '../../../harness/report/influx-source.js';

describe('pointsFromInflux', () => {
  it("queries the run's measurements with epoch=ms and reads series back into points", async () => {
    let asked: URL | undefined;
    const fetchImpl = (async (url: string) => {
      asked = new URL(url);
      return new Response(
        JSON.stringify({
          results: [
            {
              statement_id: 0,
              series: [
                {
                  name: 'harness',
                  tags: { run: "r'1", scenario: 's', step: 'scale' },
                  columns: ['time', 'cpu_percent', 'rss_bytes'],
                  values: [
                    [2000, 3.5, 100],
                    [1000, 2.5, null],
                  ],
                },
                {
                  name: 'mark',
                  tags: { run: "r'1", scenario: 's', step: '', name: 'half' },
                  columns: ['time', 'value'],
                  values: [[1500, 1]],
                },
              ],
            },
          ],
        }),
      );
    }) as unknown as typeof fetch;
    const points = await pointsFromInflux({ url: 'http://influx.test:8086/nightly', runId: "r'1", env: {}, fetchImpl });
    expect(asked!.pathname).toBe('/query');
    expect(asked!.searchParams.get('db')).toBe('nightly');
    expect(asked!.searchParams.get('epoch')).toBe('ms');
    const q = asked!.searchParams.get('q')!;
    expect(q).toMatch(/ WHERE "run" = 'r\\'1' GROUP BY \*$/);
    for (const m of Object.values(Measurement)) expect(q).toContain(`"${m}"`);
    expect(q).not.toContain('"run_summary"');
    expect(points).toEqual([
      {
        measurement: 'harness',
        tags: { run: "r'1", scenario: 's', step: 'scale' },
        fields: { cpu_percent: 2.5 },
        timeMs: 1000,
      },
      { measurement: 'mark', tags: { run: "r'1", scenario: 's', name: 'half' }, fields: { value: 1 }, timeMs: 1500 },
      {
        measurement: 'harness',
        tags: { run: "r'1", scenario: 's', step: 'scale' },
        fields: { cpu_percent: 3.5, rss_bytes: 100 },
        timeMs: 2000,
      },
    ]);
  });

  it('is an infrastructure error with the report’s own way out when InfluxDB does not answer', async () => {
    const fetchImpl = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    const err = await pointsFromInflux({ url: 'http://influx.test:8086', runId: 'r', env: {}, fetchImpl }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InfrastructureError);
    expect((err as InfrastructureError).fix).toMatch(/build the report from metrics\.lp/);
  });
});
