// HTTP answers per target of each http.load step: latency p50/p90/p99 as grouped bars on the left
// axis, and the share of requests that failed as a marker on the right, so a fast target that
// refused half its requests does not look good. Targets are categories, so no line joins them.
import type { ChartConfiguration } from 'chart.js';
import type { Analysis, HttpSample } from '../analysis.js';
import { axisTitle, BOX_LEGEND, COLORS, titleOpt } from './common.js';

const PERCENTILES = [
  { key: 'p50Ms', label: 'p50', color: COLORS[0]! },
  { key: 'p90Ms', label: 'p90', color: COLORS[3]! },
  { key: 'p99Ms', label: 'p99', color: COLORS[1]! },
] as const;

/** "step: target" unless every sample came from one step, then just the target. */
function labels(samples: readonly HttpSample[]): string[] {
  const oneStep = new Set(samples.map((s) => s.step)).size <= 1;
  return samples.map((s) => (oneStep || !s.step ? s.target : `${s.step}: ${s.target}`));
}

export function httpChart(a: Analysis): ChartConfiguration | undefined {
  if (a.http.length === 0) return undefined;
  const samples = [...a.http].sort((x, y) => x.timeMs - y.timeMs || x.target.localeCompare(y.target));
  return {
    type: 'bar',
    data: {
      labels: labels(samples),
      datasets: [
        ...PERCENTILES.map((p) => ({
          type: 'bar' as const,
          label: `latency ${p.label} (ms)`,
          backgroundColor: p.color,
          borderWidth: 0,
          yAxisID: 'y',
          order: 1,
          data: samples.map((s) => s[p.key] ?? null),
        })),
        {
          type: 'line' as const,
          label: 'failed requests (%)',
          borderColor: '#222',
          backgroundColor: '#222',
          showLine: false,
          pointStyle: 'rectRot' as const,
          pointRadius: 9,
          // Drawn last, over the bars.
          order: 0,
          yAxisID: 'errors',
          data: samples.map((s) => (s.requests > 0 ? Number(((100 * s.errors) / s.requests).toFixed(3)) : null)),
        },
      ],
    },
    options: {
      plugins: { title: titleOpt('HTTP answers by target'), legend: BOX_LEGEND },
      scales: {
        x: { title: axisTitle('target') },
        y: { type: 'linear', beginAtZero: true, position: 'left', title: axisTitle('latency (ms)') },
        errors: {
          type: 'linear',
          beginAtZero: true,
          suggestedMax: 5,
          position: 'right',
          grid: { drawOnChartArea: false },
          title: axisTitle('failed (%)'),
        },
      },
    },
  } as ChartConfiguration;
}
