// The managers' own view over the run (swarm_manager points, measurements/manager.ts): raft and
// store write latency per time bucket, pooled over the managers, and each manager's raft log and
// snapshot on disk.
import type { ChartConfiguration } from 'chart.js';
import { bucketWidthMs, type Analysis } from '../analysis.js';
import { managerIntervals, type ManagerHistogram } from '../manager-scrape.js';
import { Measurement, numberField } from '../measurements.js';
import { addHistograms, histogramQuantile, type CumulativeHistogram } from '../prom-histogram.js';
import { axisTitle, COLORS, LEGEND, markLines, timeAxis, titleOpt } from './common.js';
import { markLinesPlugin } from './mark-lines.js';

/** The manager collector reads every 5 s: a bucket holds one interval of each manager. */
const SCRAPE_MS = 5000;

const LATENCY_SERIES: { key: ManagerHistogram; label: string; color: string }[] = [
  { key: 'raft_tx', label: 'raft transactions: p99', color: '#d62728' },
  { key: 'store_write', label: 'store writes: p99', color: '#1f77b4' },
];

export interface LatencyBucket {
  timeMs: number;
  /** p99 in ms per histogram, undefined when the bucket observed none. */
  p99Ms: Partial<Record<ManagerHistogram, number>>;
}

/** Per time bucket (by the end of each interval), the p99 of the managers' pooled observations. */
export function managerLatencyBuckets(a: Analysis): LatencyBucket[] {
  const intervals = managerIntervals(a.points(Measurement.manager));
  if (intervals.length === 0) return [];
  const width = Math.max(SCRAPE_MS, bucketWidthMs(a.lastMs - a.t0));
  const buckets = new Map<number, Partial<Record<ManagerHistogram, CumulativeHistogram>>>();
  for (const iv of intervals) {
    const t = Math.floor(iv.end.timeMs / width) * width;
    const pooled = buckets.get(t) ?? {};
    buckets.set(t, pooled);
    for (const { key } of LATENCY_SERIES) {
      const d = iv.deltas[key];
      if (d) pooled[key] = pooled[key] ? addHistograms(pooled[key], d) : d;
    }
  }
  return [...buckets.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([timeMs, pooled]) => {
      const p99Ms: LatencyBucket['p99Ms'] = {};
      for (const { key } of LATENCY_SERIES) {
        const q = pooled[key] && histogramQuantile(0.99, pooled[key]);
        if (q !== undefined) p99Ms[key] = q * 1000;
      }
      return { timeMs, p99Ms };
    });
}

export function managerLatencyChart(a: Analysis): ChartConfiguration | undefined {
  const buckets = managerLatencyBuckets(a);
  if (!buckets.some((b) => Object.keys(b.p99Ms).length > 0)) return undefined;
  const axis = timeAxis(a);
  return {
    type: 'line',
    data: {
      datasets: LATENCY_SERIES.map((s) => ({
        label: s.label,
        // NaN: no transaction in the bucket, a gap rather than a line across it.
        data: buckets.map((b) => ({ x: axis.toX(b.timeMs), y: b.p99Ms[s.key] ?? Number.NaN })),
        borderColor: s.color,
        backgroundColor: s.color,
        borderWidth: 2,
        pointRadius: 1.5,
        spanGaps: false,
      })),
    },
    options: {
      parsing: false,
      plugins: {
        title: titleOpt("Managers' raft and store write latency (p99, pooled over managers)"),
        legend: LEGEND,
      },
      scales: {
        x: { type: 'linear', title: axisTitle(axis.title) },
        y: { type: 'linear', beginAtZero: true, title: axisTitle('latency (ms)') },
      },
    },
    plugins: [markLinesPlugin(markLines(a, axis))],
  };
}

export interface RaftDiskSeries {
  node: string;
  wal: { timeMs: number; bytes: number }[];
  snapshot: { timeMs: number; bytes: number }[];
}

/** Per manager (by node name), its raft WAL and snapshot bytes over time. */
export function raftDiskSeries(a: Analysis): RaftDiskSeries[] {
  const byNode = new Map<string, RaftDiskSeries>();
  for (const p of a.points(Measurement.manager)) {
    const wal = numberField(p, 'raft_wal_bytes');
    const snapshot = numberField(p, 'raft_snapshot_bytes');
    if (wal === undefined && snapshot === undefined) continue;
    const node = p.tags.node ?? '';
    const s = byNode.get(node) ?? { node, wal: [], snapshot: [] };
    byNode.set(node, s);
    if (wal !== undefined) s.wal.push({ timeMs: p.timeMs, bytes: wal });
    if (snapshot !== undefined) s.snapshot.push({ timeMs: p.timeMs, bytes: snapshot });
  }
  const series = [...byNode.values()].sort((x, y) => x.node.localeCompare(y.node));
  for (const s of series) for (const list of [s.wal, s.snapshot]) list.sort((x, y) => x.timeMs - y.timeMs);
  return series;
}

const MB = 1e6;

export function raftDiskChart(a: Analysis): ChartConfiguration | undefined {
  const series = raftDiskSeries(a);
  if (series.length === 0) return undefined;
  const axis = timeAxis(a);
  const line = (label: string, data: { timeMs: number; bytes: number }[], color: string, dashed: boolean) => ({
    label,
    data: data.map((d) => ({ x: axis.toX(d.timeMs), y: d.bytes / MB })),
    borderColor: color,
    backgroundColor: color,
    borderWidth: dashed ? 1.5 : 2.2,
    borderDash: dashed ? [5, 4] : [],
    pointRadius: 0,
    stepped: true as const,
  });
  return {
    type: 'line',
    data: {
      datasets: series.flatMap((s, i) => {
        const color = COLORS[i % COLORS.length]!;
        return [
          line(`${s.node}: WAL`, s.wal, color, false),
          line(`${s.node}: snapshot (dashed)`, s.snapshot, color, true),
        ];
      }),
    },
    options: {
      parsing: false,
      plugins: { title: titleOpt('Raft log (WAL) and newest snapshot per manager'), legend: LEGEND },
      scales: {
        x: { type: 'linear', title: axisTitle(axis.title) },
        y: { type: 'linear', beginAtZero: true, title: axisTitle('on disk (MB)') },
      },
    },
    plugins: [markLinesPlugin(markLines(a, axis))],
  };
}
