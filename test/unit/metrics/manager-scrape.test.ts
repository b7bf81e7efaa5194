// The managers' own metrics (issue 15): three real scrapes of a manager (test/fixtures/manager)
// as swarm_manager points, the Prometheus text subset they are read with, PromQL's
// histogram_quantile on hand-computed buckets, the fold's run and per-step figures over two
// managers, and the two charts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../harness/metrics/analysis.js';
import { managerLatencyBuckets, managerLatencyChart, raftDiskChart } from '../../../harness/metrics/charts/manager.js';
import { decodeLine, encodePoint } from '../../../harness/metrics/line-protocol.js';
import {
  histogramOf,
  managerIntervals,
  managerPoint,
  RAFT_MARKER,
  raftFiles,
} from '../../../harness/metrics/manager-scrape.js';
import { Measurement, type Point } from '../../../harness/metrics/measurements.js';
import { dispatcherDelay, dispatcherDelayNotes, manager } from '../../../harness/metrics/measurements/manager.js';
import type { StepWindow } from '../../../harness/metrics/plugin.js';
import {
  addHistograms,
  histogramDelta,
  histogramMean,
  histogramQuantile,
  type CumulativeHistogram,
} from '../../../harness/metrics/prom-histogram.js';
import { parsePromLine, parsePromText } from '../../../harness/metrics/prom-text.js';
import { metricDef } from '../../../harness/metrics/registry.js';
import { SummaryBuilder } from '../../../harness/metrics/summary.js';
import { renderCharts } from '../../../harness/report/charts/index.js';
import { completeRecord } from '../../../harness/report/record-defaults.js';

const fixture = (i: number) =>
  readFileSync(join(import.meta.dirname, `../../fixtures/manager/scrape-${i}.txt`), 'utf8');
const T = 1_763_690_400_000;

/** A recorded point: what the session makes of an emitted one (it adds run, scenario, step). */
const recorded = (output: string, node: string, timeMs: number, step: string): Point => {
  const e = managerPoint(output, node, timeMs)!;
  return { ...e, tags: { ...e.tags, run: 'r', scenario: 's', step } };
};

describe('Prometheus text subset', () => {
  it('reads names, labels (with escapes) and values, skips comments, the marker and garbage', () => {
    expect(parsePromLine('swarm_manager_leader 1')).toEqual({ name: 'swarm_manager_leader', labels: {}, value: 1 });
    expect(parsePromLine('x_bucket{le="+Inf"} 30')).toEqual({ name: 'x_bucket', labels: { le: '+Inf' }, value: 30 });
    expect(parsePromLine('y{a="q\\"uo,te}",b="x\\\\y\\n",} 5.388957317494964e+10 1700000000000')).toEqual({
      name: 'y',
      labels: { a: 'q"uo,te}', b: 'x\\y\n' },
      value: 5.388957317494964e10,
    });
    expect(parsePromLine('g NaN')!.value).toBeNaN();
    expect(parsePromLine('g -Inf')!.value).toBe(Number.NEGATIVE_INFINITY);
    for (const line of ['# TYPE g gauge', RAFT_MARKER, '', '64000000 /var/lib/x.wal', 'g', 'g 0x1f', 'g{a="x} 1'])
      expect(parsePromLine(line), line).toBeUndefined();
    // The last sample counts without a final newline.
    expect(parsePromText('a 1\nb 2').map((s) => s.name)).toEqual(['a', 'b']);
  });
});

describe('managerPoint', () => {
  const [p0, p1, p2] = [0, 1, 2].map((i) => managerPoint(fixture(i), 'mgr-1', T + i * 5000)!);

  it('turns a real scrape into one swarm_manager point with every field, integers listed', () => {
    expect(p0.measurement).toBe(Measurement.manager);
    expect(p0.tags).toEqual({ node: 'mgr-1' });
    expect(p0.timeMs).toBe(T);
    expect(p2.fields).toMatchObject({
      leader: 1,
      nodes_ready: 2,
      nodes_down: 0,
      nodes_disconnected: 0,
      nodes_unknown: 0,
      tasks_running: 30,
      tasks_shutdown: 0,
      services: 1,
      networks: 2,
      configs: 0,
      secrets: 0,
      raft_tx_count: 48,
      raft_tx_sum_s: 0.058629621,
      'raft_tx_le_0.005': 47,
      'raft_tx_le_0.025': 48,
      raft_tx_le_10: 48,
      raft_tx_le_inf: 48,
      store_write_count: 22,
      store_read_count: 1475,
      'store_read_le_0.01': 1474,
      store_lock_count: 79,
      snapshot_count: 0,
      snapshot_le_inf: 0,
    });
    expect([p0, p1, p2].map((p) => p.fields.tasks_running)).toEqual([0, 10, 30]);
    // Only the families asked for: go_goroutines and swarm_store_batch_latency_seconds are not kept.
    expect(Object.keys(p2.fields).some((k) => k.includes('goroutines') || k.startsWith('batch'))).toBe(false);
    expect(p2.intFields).toContain('raft_tx_le_inf');
    expect(p2.intFields).toContain('tasks_running');
    expect(p2.intFields).toContain('raft_wal_bytes');
    expect(p2.intFields).not.toContain('raft_tx_sum_s');
    expect(Object.keys(p2.fields).filter((k) => !p2.intFields!.includes(k))).toEqual(
      ['raft_tx', 'sched_delay', 'store_write', 'store_read', 'store_lock', 'snapshot'].map((h) => `${h}_sum_s`),
    );
  });

  it('records the broken dispatcher scheduling delay raw: every observation in +Inf, sum ≈ 30 × the epoch time', () => {
    expect(p0.fields).toMatchObject({ sched_delay_count: 0, sched_delay_le_inf: 0, sched_delay_sum_s: 0 });
    expect(p2.fields).toMatchObject({
      sched_delay_count: 30,
      sched_delay_le_10: 0,
      sched_delay_le_inf: 30,
      sched_delay_sum_s: 5.388957317494964e10,
    });
  });

  it('counts the *.wal segments, not the preallocated *.tmp, and takes the newest snapshot', () => {
    expect(p2.fields).toMatchObject({ raft_wal_bytes: 64_000_000, raft_wal_files: 1, raft_snapshot_bytes: 0 });
    const listing = [
      '64000000 /var/lib/docker/swarm/raft/wal-v3-encrypted/0.tmp',
      '64000000 /var/lib/docker/swarm/raft/wal-v3-encrypted/0000000000000000-0000000000000000.wal',
      '64000000 /var/lib/docker/swarm/raft/wal-v3-encrypted/0000000000000001-0000000000002712.wal',
      '20480 /var/lib/docker/swarm/raft/snap-v3-encrypted/0000000000000002-000000000000271a.snap',
      '10240 /var/lib/docker/swarm/raft/snap-v3-encrypted/0000000000000002-0000000000002711.snap',
      "stat: cannot stat '/var/lib/docker/swarm/raft/snap-v3-encrypted/*': No such file or directory",
    ].join('\n');
    expect(raftFiles(listing)).toEqual({ walBytes: 128_000_000, walFiles: 2, snapshotBytes: 20480 });
  });

  it('without the marker has no raft fields; without any swarm metric is no point', () => {
    const metricsOnly = fixture(1).split(RAFT_MARKER)[0]!;
    const p = managerPoint(metricsOnly, 'm', T)!;
    expect(p.fields.tasks_running).toBe(10);
    expect(p.fields.raft_wal_bytes).toBeUndefined();
    expect(managerPoint(`curl: (7) Failed to connect\n${RAFT_MARKER}\n`, 'm', T)).toBeUndefined();
    expect(managerPoint('', 'm', T)).toBeUndefined();
  });

  it('survives the line-protocol round trip with its integer fields, and its histograms read back', () => {
    const back = decodeLine(encodePoint({ ...p2, tags: p2.tags ?? {} }))!;
    expect(back.fields).toEqual(p2.fields);
    expect([...back.intFields!].sort()).toEqual([...p2.intFields!].sort());
    const h = histogramOf(back, 'raft_tx')!;
    expect(h.count).toBe(48);
    expect(h.buckets.map((b) => b.le)).toEqual([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Infinity]);
    expect(h.buckets[0]).toEqual({ le: 0.005, count: 47 });
  });
});

const hist = (bounds: number[], counts: number[], sum: number): CumulativeHistogram => ({
  buckets: bounds.map((le, i) => ({ le, count: counts[i]! })),
  count: counts[counts.length - 1]!,
  sum,
});

describe('histogram quantile (PromQL histogram_quantile)', () => {
  const B = [0.1, 0.2, 0.5, Infinity];
  const h = hist(B, [10, 30, 40, 40], 6);

  it('interpolates linearly within the bucket the rank falls in', () => {
    // rank 20: bucket (0.1, 0.2] holds ranks 10..30, 10 of its 20 in: 0.1 + 0.1 × 10/20.
    expect(histogramQuantile(0.5, h)).toBeCloseTo(0.15, 12);
    // rank 10: exactly the first bucket's count, its upper bound (lower bound 0).
    expect(histogramQuantile(0.25, h)).toBeCloseTo(0.1, 12);
    // rank 36: bucket (0.2, 0.5] holds 30..40: 0.2 + 0.3 × 6/10.
    expect(histogramQuantile(0.9, h)).toBeCloseTo(0.38, 12);
    // rank 5 in the first bucket: 0 + 0.1 × 5/10.
    expect(histogramQuantile(0.125, h)).toBeCloseTo(0.05, 12);
    expect(histogramMean(h)).toBeCloseTo(0.15, 12);
  });

  it('in the +Inf bucket it is the highest finite bound; nothing to tell is undefined', () => {
    expect(histogramQuantile(0.99, hist(B, [10, 30, 40, 50], 60))).toBe(0.5);
    expect(histogramQuantile(0.5, hist(B, [0, 0, 0, 30], 5e10))).toBe(0.5);
    expect(histogramQuantile(0.5, hist(B, [0, 0, 0, 0], 0))).toBeUndefined();
    expect(histogramQuantile(0.5, hist([0.1, 0.2], [1, 2], 0.2))).toBeUndefined(); // no +Inf
    expect(histogramQuantile(1.5, h)).toBeUndefined();
    expect(histogramMean(hist(B, [0, 0, 0, 0], 0))).toBeUndefined();
  });

  it('takes deltas between two readings, the later alone across a restart, and pools by bound', () => {
    const earlier = hist(B, [2, 5, 5, 5], 1);
    const d = histogramDelta(earlier, h);
    expect(d).toEqual(hist(B, [8, 25, 35, 35], 5));
    expect(histogramMean(d)).toBeCloseTo(5 / 35, 12);
    const restarted = hist(B, [1, 1, 1, 1], 0.05);
    expect(histogramDelta(h, restarted)).toEqual(restarted);
    expect(addHistograms(d, restarted)).toEqual(hist(B, [9, 26, 36, 36], 5.05));
  });

  it('matches the fixtures: raft transactions between the idle scrape and the one at 30 tasks', () => {
    const [a, b] = [0, 2].map((i) => histogramOf(recorded(fixture(i), 'm', T + i, ''), 'raft_tx')!);
    const d = histogramDelta(a!, b!);
    // 33 transactions: 32 ≤ 5 ms, one in (10 ms, 25 ms].
    expect(d.count).toBe(33);
    expect(histogramQuantile(0.5, d)! * 1000).toBeCloseTo((5 * 16.5) / 32, 9); // 2.578 ms
    expect(histogramQuantile(0.99, d)! * 1000).toBeCloseTo(10 + 15 * (0.99 * 33 - 32), 9); // 20.05 ms
    expect(histogramMean(d)! * 1000).toBeCloseTo(((0.058629621 - 0.010553078) / 33) * 1000, 9);
  });
});

// ---- the fold: two managers, two steps ----

const BOUNDS = ['0.005', '0.01', '0.025', 'inf'];
const raftFields = (prefix: string, counts: number[], sum: number) => ({
  ...Object.fromEntries(BOUNDS.map((b, i) => [`${prefix}_le_${b}`, counts[i]!])),
  [`${prefix}_count`]: counts[counts.length - 1]!,
  [`${prefix}_sum_s`]: sum,
});
const mp = (node: string, step: string, timeMs: number, fields: Record<string, number>): Point => ({
  measurement: Measurement.manager,
  tags: { node, step, run: 'r', scenario: 's' },
  fields,
  timeMs,
});
const WINDOWS: StepWindow[] = [
  { name: 'create', index: 0, startMs: 0, endMs: 10_000 },
  { name: 'scale', index: 1, startMs: 10_000, endMs: 20_000 },
];
// A leads: its intervals see 10 transactions ≤ 5 ms (create), then 10 in (5, 10] ms (scale).
// B follows: nothing in create, then 10 in (10, 25] ms (scale); it thinks 3 nodes are down
// (a follower's view: not counted), and its WAL grows to two segments.
const FOLD_POINTS: Point[] = [
  mp('A', 'create', 0, {
    leader: 1,
    nodes_down: 0,
    raft_wal_bytes: 64e6,
    raft_snapshot_bytes: 0,
    ...raftFields('raft_tx', [0, 0, 0, 0], 0),
    ...raftFields('store_write', [0, 0, 0, 0], 0),
  }),
  mp('B', 'create', 1000, {
    leader: 0,
    nodes_down: 3,
    raft_wal_bytes: 64e6,
    ...raftFields('raft_tx', [5, 5, 5, 5], 0.01),
  }),
  mp('A', 'create', 5000, {
    leader: 1,
    nodes_down: 0,
    raft_wal_bytes: 64e6,
    raft_snapshot_bytes: 0,
    ...raftFields('raft_tx', [10, 10, 10, 10], 0.02),
    ...raftFields('store_write', [4, 4, 4, 4], 0.004),
  }),
  mp('B', 'create', 6000, {
    leader: 0,
    nodes_down: 3,
    raft_wal_bytes: 64e6,
    ...raftFields('raft_tx', [5, 5, 5, 5], 0.01),
  }),
  mp('A', 'scale', 15_000, {
    leader: 1,
    nodes_down: 1,
    raft_wal_bytes: 64e6,
    raft_snapshot_bytes: 5000,
    ...raftFields('raft_tx', [10, 20, 20, 20], 0.1),
    ...raftFields('store_write', [4, 4, 4, 4], 0.004),
  }),
  mp('B', 'scale', 16_000, {
    leader: 0,
    nodes_down: 0,
    raft_wal_bytes: 128e6,
    ...raftFields('raft_tx', [5, 5, 15, 15], 0.2),
  }),
];

describe('manager fold', () => {
  const fold = () => {
    const f = manager.fold!();
    for (const p of FOLD_POINTS) f.observe(p);
    return f.build({ windows: WINDOWS, values: {} });
  };

  it('pools every manager’s bucket deltas for the run and per step (by the later point’s step)', () => {
    const v = fold();
    // Run: [10, 20, 30, 30] over 0.29 s. p50: rank 15 in (5, 10] ms holding 10..20: 5 + 5 × 5/10.
    expect(v['manager.raft.transaction_latency.p50']).toBeCloseTo(7.5, 9);
    // p99: rank 29.7 in (10, 25] ms holding 20..30: 10 + 15 × 9.7/10.
    expect(v['manager.raft.transaction_latency.p99']).toBeCloseTo(24.55, 9);
    expect(v['manager.raft.transaction_latency.mean']).toBeCloseTo(290 / 30, 9);
    // create: [10, 10, 10, 10] over 0.02 s.
    expect(v['step.create.manager.raft.transaction_latency.p50']).toBeCloseTo(2.5, 9);
    expect(v['step.create.manager.raft.transaction_latency.p99']).toBeCloseTo(4.95, 9);
    expect(v['step.create.manager.raft.transaction_latency.mean']).toBeCloseTo(2, 9);
    // scale: [0, 10, 20, 20] over 0.27 s.
    expect(v['step.scale.manager.raft.transaction_latency.p50']).toBeCloseTo(10, 9);
    expect(v['step.scale.manager.raft.transaction_latency.p99']).toBeCloseTo(24.7, 9);
    expect(v['step.scale.manager.raft.transaction_latency.mean']).toBeCloseTo(13.5, 9);
    // Store writes: 4 in create, none in scale (no figure rather than a 0); no store reads at all.
    expect(v['manager.store.write_latency.p99']).toBeCloseTo(4.95, 9);
    expect(v['step.create.manager.store.write_latency.p99']).toBeCloseTo(4.95, 9);
    expect(v['step.scale.manager.store.write_latency.p99']).toBeUndefined();
    expect(v['manager.store.read_latency.p99']).toBeUndefined();
  });

  it('takes sizes from every manager and down nodes from the leader only', () => {
    const v = fold();
    expect(v['manager.raft.wal_bytes.max']).toBe(128e6);
    expect(v['step.create.manager.raft.wal_bytes.max']).toBe(64e6);
    expect(v['step.scale.manager.raft.wal_bytes.max']).toBe(128e6);
    expect(v['manager.raft.snapshot_bytes.max']).toBe(5000);
    expect(v['step.create.manager.raft.snapshot_bytes.max']).toBe(0);
    expect(v['manager.nodes.down.max']).toBe(1);
    expect(v['step.create.manager.nodes.down.max']).toBe(0);
    expect(v['step.scale.manager.nodes.down.max']).toBe(1);
  });

  it('gives the same figures from metrics.lp, through the registry, every name declared', () => {
    const b = new SummaryBuilder();
    for (const p of FOLD_POINTS) b.observe(decodeLine(encodePoint(p))!);
    const summary = b.build(WINDOWS);
    const own = fold();
    for (const [name, value] of Object.entries(own)) {
      expect(summary[name], name).toBeCloseTo(value, 9);
      expect(metricDef(name), name).toBeDefined();
    }
    expect(metricDef('step.scale.manager.raft.transaction_latency.p99')).toMatchObject({
      unit: 'ms',
      better: 'smaller',
      gate: false,
    });
    expect(metricDef('manager.raft.wal_bytes.max')).toMatchObject({ unit: 'bytes', gate: false });
    expect(Object.keys(summary).some((k) => k.includes('sched') || k.includes('dispatcher'))).toBe(false);
  });

  it('no points, no figures', () => {
    expect(manager.fold!().build({ windows: WINDOWS, values: {} })).toEqual({});
  });

  it('pools the fixture intervals of two managers; intervals are per manager, in time order', () => {
    const points = [
      recorded(fixture(0), 'm1', T, 'a'),
      recorded(fixture(0), 'm2', T + 100, 'a'),
      recorded(fixture(2), 'm1', T + 5000, 'a'),
      recorded(fixture(2), 'm2', T + 5100, 'a'),
    ];
    const intervals = managerIntervals(points);
    expect(intervals.map((i) => [i.node, i.startMs, i.end.timeMs])).toEqual([
      ['m1', T, T + 5000],
      ['m2', T + 100, T + 5100],
    ]);
    const f = manager.fold!();
    for (const p of points) f.observe(p);
    const v = f.build({ windows: [], values: {} });
    // Both managers saw the same 33 transactions: the pooled quantiles are one manager's.
    expect(v['manager.raft.transaction_latency.p99']).toBeCloseTo(10 + (15 * (0.99 * 66 - 64)) / 2, 9);
    expect(v['manager.raft.transaction_latency.p50']).toBeCloseTo((5 * 33) / 64, 9);
  });
});

describe('dispatcher scheduling delay', () => {
  it('is broken when its mean is past a day, and the chart says so; a sane one is only recorded', () => {
    const broken = [recorded(fixture(0), 'm', T, ''), recorded(fixture(2), 'm', T + 5000, '')];
    const d = dispatcherDelay(broken)!;
    expect(d.count).toBe(30);
    expect(d.meanS).toBeCloseTo(5.388957317494964e10 / 30, 3);
    expect(d.broken).toBe(true);
    expect(dispatcherDelayNotes(broken)[0]).toMatch(/averages 20,791 days over 30 observations.*broken/);
    const sane = mp('m', '', T, raftFields('sched_delay', [3, 4, 4, 4], 0.02));
    expect(dispatcherDelay([sane])).toMatchObject({ count: 4, broken: false });
    expect(dispatcherDelayNotes([sane])[0]).toMatch(/averages 5\.0 ms over 4 observations: plausible/);
    expect(dispatcherDelayNotes([recorded(fixture(0), 'm', T, '')])).toEqual([]);
  });
});

describe('manager charts', () => {
  const record = completeRecord({ startMs: 0 }, [], '/x');

  it('draws the pooled p99 per 5 s bucket, a gap where no transaction happened', () => {
    const a = analyze(record, FOLD_POINTS);
    const buckets = managerLatencyBuckets(a);
    // Intervals end at 5 s, 6 s (bucket 5 s), 15 s and 16 s (bucket 15 s).
    expect(buckets.map((b) => b.timeMs)).toEqual([5000, 15_000]);
    expect(buckets[0]!.p99Ms.raft_tx).toBeCloseTo(4.95, 9);
    expect(buckets[1]!.p99Ms.raft_tx).toBeCloseTo(24.7, 9);
    expect(buckets[1]!.p99Ms.store_write).toBeUndefined();
    const config = managerLatencyChart(a)!;
    const [raft, store] = config.data.datasets;
    expect(raft!.label).toBe('raft transactions: p99');
    expect((raft!.data as { x: number; y: number }[]).map((d) => d.x)).toEqual([5, 15]);
    expect((store!.data as { y: number }[])[1]!.y).toBeNaN();
  });

  it('draws each manager’s WAL and snapshot bytes, in MB', () => {
    const config = raftDiskChart(analyze(record, FOLD_POINTS))!;
    expect(config.data.datasets.map((d) => d.label)).toEqual([
      'A: WAL',
      'A: snapshot (dashed)',
      'B: WAL',
      'B: snapshot (dashed)',
    ]);
    expect((config.data.datasets[2]!.data as { y: number }[]).map((d) => d.y)).toEqual([64, 64, 128]);
    expect((config.data.datasets[1]!.data as { y: number }[]).map((d) => d.y)).toEqual([0, 0, 0.005]);
  });

  it('without swarm_manager points neither chart is drawn, nor listed as missing', async () => {
    const a = analyze(record, []);
    expect(managerLatencyChart(a)).toBeUndefined();
    expect(raftDiskChart(a)).toBeUndefined();
    const ids = (await renderCharts(a)).map((c) => c.id);
    expect(ids).not.toContain('manager-latency');
    expect(ids).not.toContain('raft-disk');
  });

  it('renders both to PNG from the fixtures, with the dispatcher note under the latency chart', async () => {
    const points = [0, 1, 2].flatMap((i) => [
      recorded(fixture(i), 'mgr-1', T + i * 5000, 'run'),
      recorded(
        fixture(i).replace('swarm_manager_leader 1', 'swarm_manager_leader 0'),
        'mgr-2',
        T + i * 5000 + 700,
        'run',
      ),
    ]);
    const charts = await renderCharts(analyze(completeRecord({ startMs: T }, [], '/x'), points));
    const latency = charts.find((c) => c.id === 'manager-latency')!;
    const disk = charts.find((c) => c.id === 'raft-disk')!;
    for (const c of [latency, disk]) {
      expect(c.missing, c.id).toBeUndefined();
      expect(c.png!.subarray(1, 4).toString()).toBe('PNG');
    }
    expect(latency.notes?.[0]).toMatch(/broken on this engine/);
    mkdirSync('test-artifacts', { recursive: true });
    for (const c of [latency, disk]) writeFileSync(`test-artifacts/${c.id}.png`, c.png!);
  });
});
