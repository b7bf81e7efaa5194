// Task start-up latency (created -> running, swarm timestamps): histogram and CDF, each with
// p50/p90/p99 drawn as labelled lines.
import type { ChartConfiguration } from 'chart.js';
import type { Analysis } from '../analysis.js';
import { cdf, distribution, histogram } from '../stats.js';
import { axisTitle, BOX_LEGEND, COLORS, LEGEND, titleOpt } from './common.js';
import { markLinesPlugin, type MarkLine } from './mark-lines.js';

interface LatencyAxis {
  div: number;
  unit: 's' | 'ms';
}

/** Seconds unless the median is under a second, so tick labels stay short. */
function latencyAxis(valuesMs: readonly number[]): LatencyAxis {
  const d = distribution(valuesMs);
  return d && d.p50 >= 1000 ? { div: 1000, unit: 's' } : { div: 1, unit: 'ms' };
}

function percentileLines(valuesMs: readonly number[], ax: LatencyAxis): MarkLine[] {
  const d = distribution(valuesMs);
  if (!d) return [];
  const fmt = (v: number) => `${Number((v / ax.div).toFixed(ax.unit === 's' ? 2 : 0))} ${ax.unit}`;
  return [
    { x: d.p50 / ax.div, label: `p50 ${fmt(d.p50)}`, color: '#2ca02c' },
    { x: d.p90 / ax.div, label: `p90 ${fmt(d.p90)}`, color: '#ff7f0e' },
    { x: d.p99 / ax.div, label: `p99 ${fmt(d.p99)}`, color: '#d62728' },
  ];
}

export function latencyHistogramChart(a: Analysis): ChartConfiguration | undefined {
  const values = a.latencies.map((l) => l.latencyMs);
  if (values.length === 0) return undefined;
  const ax = latencyAxis(values);
  const h = histogram(
    values.map((v) => v / ax.div),
    30,
  );
  return {
    type: 'bar',
    data: {
      datasets: [
        {
          label: `tasks per ${Number(h.width.toPrecision(3))} ${ax.unit} bin (${values.length} tasks)`,
          data: h.edges.map((e, i) => ({ x: e + h.width / 2, y: h.counts[i]! })),
          backgroundColor: 'rgba(31,119,180,0.6)',
          borderColor: COLORS[0],
          borderWidth: 1,
          barPercentage: 1,
          categoryPercentage: 1,
        },
      ],
    },
    options: {
      parsing: false,
      plugins: { title: titleOpt('Task start-up latency: distribution'), legend: BOX_LEGEND },
      scales: {
        x: { type: 'linear', offset: false, title: axisTitle(`start-up latency, created → running (${ax.unit})`) },
        y: { type: 'linear', beginAtZero: true, title: axisTitle('tasks') },
      },
    },
    plugins: [markLinesPlugin(percentileLines(values, ax))],
  };
}

export function latencyCdfChart(a: Analysis): ChartConfiguration | undefined {
  const values = a.latencies.map((l) => l.latencyMs);
  if (values.length === 0) return undefined;
  const ax = latencyAxis(values);
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: `share of tasks running within the latency (${values.length} tasks)`,
          data: cdf(values).map((p) => ({ x: p.x / ax.div, y: p.y })),
          borderColor: COLORS[0],
          backgroundColor: COLORS[0],
          borderWidth: 2,
          pointRadius: 0,
          stepped: true,
        },
      ],
    },
    options: {
      parsing: false,
      plugins: { title: titleOpt('Task start-up latency: cumulative distribution'), legend: LEGEND },
      scales: {
        x: { type: 'linear', beginAtZero: true, title: axisTitle(`start-up latency, created → running (${ax.unit})`) },
        y: { type: 'linear', min: 0, max: 100, title: axisTitle('tasks running (%)') },
      },
    },
    plugins: [markLinesPlugin(percentileLines(values, ax), { labels: 'bottom' })],
  };
}
