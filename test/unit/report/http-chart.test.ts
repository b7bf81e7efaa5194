// The HTTP chart: one group of latency bars per target of each http.load step, the failed share on
// its own axis, left out of runs without HTTP load; rendered for real with canvas.
import { writeFileSync, mkdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { analyze } from '../../../harness/metrics/analysis.js';
import { renderCharts } from '../../../harness/report/charts/index.js';
import { httpChart } from '../../../harness/metrics/charts/http.js';
import { completeRecord } from '../../../harness/report/record-defaults.js';

const T = 1_763_690_400_000;
const http = (step: string, target: string, requests: number, errors: number, p50: number, p99: number) => ({
  measurement: 'http',
  tags: { step, target, mode: 'host' },
  fields: { requests, errors, replicas_seen: 3, p50_ms: p50, p90_ms: (p50 + p99) / 2, p99_ms: p99 },
  timeMs: T + 1000,
});

describe('httpChart', () => {
  test('labels each target, with the step when there are several, and plots the failed share', () => {
    const a = analyze(completeRecord({ startMs: T }, [], '/x'), [
      http('load-1', '10.0.0.2:80', 1000, 0, 2, 9),
      http('load-2', '10.0.0.2:80', 800, 200, 3, 40),
    ]);
    const config = httpChart(a)!;
    expect(config.data.labels).toEqual(['load-1: 10.0.0.2:80', 'load-2: 10.0.0.2:80']);
    const [p50, , p99, failed] = config.data.datasets;
    expect(p50!.data).toEqual([2, 3]);
    expect(p99!.data).toEqual([9, 40]);
    expect(failed!.data).toEqual([0, 25]);
  });

  test('a run without HTTP load has no HTTP chart at all, not a missing one', async () => {
    const a = analyze(completeRecord({ startMs: T }, [], '/x'), []);
    expect(httpChart(a)).toBeUndefined();
    expect((await renderCharts(a)).map((c) => c.id)).not.toContain('http');
  });

  test('renders to a PNG', async () => {
    const a = analyze(completeRecord({ startMs: T }, [], '/x'), [
      http('load', '10.0.0.2:80', 1000, 5, 2.5, 11),
      http('load', '10.0.0.3:80', 1000, 0, 2.1, 8),
    ]);
    const chart = (await renderCharts(a)).find((c) => c.id === 'http')!;
    expect(chart.missing).toBeUndefined();
    expect(chart.png!.subarray(1, 4).toString()).toBe('PNG');
    expect(chart.png!.length).toBeGreaterThan(10_000);
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync('test-artifacts/http-chart.png', chart.png!);
  });
});
