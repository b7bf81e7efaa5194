// The managers' own metrics (issue 15): swarmkit's Prometheus figures as each manager's engine
// serves them on the node's loopback, and the size of its raft log on disk, one swarm_manager
// point per manager every 5 s (manager-scrape.ts). Points stay raw and cumulative; the figures
// are taken from the intervals between a manager's consecutive points, pooled over the managers:
// a run's figure is every manager's last reading less its first. Shown, not gated: the swarm's
// own view of its raft and store, beside what the harness measures from outside.
//
// swarmkit's dispatcher scheduling delay (swarm_dispatcher_scheduling_delay_seconds) gives no
// figure: on Engine 20.10 it observes the time since the Unix epoch, not a delay (every
// observation in +Inf, a mean of ~20,000 days). It is recorded raw (`sched_delay_*`) and the
// report says under the manager latency chart whether it looks broken (dispatcherDelay).
import { managerCollector } from '../collectors/index.js';
import { RunAndSteps } from '../fold-kit.js';
import { managerIntervals, histogramOf, type ManagerHistogram } from '../manager-scrape.js';
import { Measurement, numberField, type Point } from '../measurements.js';
import type { Fold, FoldContext, MeasurementPlugin, MetricFamily, MetricsSummary } from '../plugin.js';
import {
  addHistograms,
  emptyHistogram,
  histogramMean,
  histogramQuantile,
  type CumulativeHistogram,
} from '../prom-histogram.js';

/** Above this mean, the dispatcher's scheduling delay observes something else than a delay. */
export const SCHED_DELAY_BROKEN_MEAN_S = 86_400;

/** Histograms the figures come from. */
const REPORTED = ['raft_tx', 'store_write', 'store_read'] as const satisfies readonly ManagerHistogram[];
type Reported = (typeof REPORTED)[number];

interface Acc {
  hist: Record<Reported, CumulativeHistogram>;
  walMax?: number;
  snapshotMax?: number;
  downMax?: number;
}

const emptyAcc = (): Acc => ({
  hist: { raft_tx: emptyHistogram(), store_write: emptyHistogram(), store_read: emptyHistogram() },
});

const max = (a: number | undefined, b: number | undefined) =>
  b === undefined ? a : a === undefined ? b : Math.max(a, b);

const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : seconds * 1000);

function put(out: MetricsSummary, prefix: string, acc: Acc): void {
  const set = (name: string, v: number | undefined) => {
    if (v !== undefined && Number.isFinite(v)) out[`${prefix}${name}`] = v;
  };
  const { raft_tx, store_write, store_read } = acc.hist;
  set('manager.raft.transaction_latency.p50', ms(histogramQuantile(0.5, raft_tx)));
  set('manager.raft.transaction_latency.p99', ms(histogramQuantile(0.99, raft_tx)));
  set('manager.raft.transaction_latency.mean', ms(histogramMean(raft_tx)));
  set('manager.store.write_latency.p99', ms(histogramQuantile(0.99, store_write)));
  set('manager.store.read_latency.p99', ms(histogramQuantile(0.99, store_read)));
  set('manager.raft.wal_bytes.max', acc.walMax);
  set('manager.raft.snapshot_bytes.max', acc.snapshotMax);
  set('manager.nodes.down.max', acc.downMax);
}

/** The run's and each step's figures. An interval between two points of a manager belongs to the
 *  step of its later point; the sizes and the leader's down count are per point. */
export function managerFold(): Fold {
  const points: Point[] = [];
  return {
    observe: (p) => void (p.measurement === Measurement.manager && points.push(p)),
    build({ windows }: FoldContext): MetricsSummary {
      const acc = new RunAndSteps(emptyAcc);
      for (const iv of managerIntervals(points)) {
        acc.add(iv.end, (a) => {
          for (const key of REPORTED) {
            const d = iv.deltas[key];
            if (d) a.hist[key] = addHistograms(a.hist[key], d);
          }
        });
      }
      for (const p of points) {
        const wal = numberField(p, 'raft_wal_bytes');
        const snapshot = numberField(p, 'raft_snapshot_bytes');
        const down = numberField(p, 'leader') === 1 ? numberField(p, 'nodes_down') : undefined;
        acc.add(p, (a) => {
          a.walMax = max(a.walMax, wal);
          a.snapshotMax = max(a.snapshotMax, snapshot);
          a.downMax = max(a.downMax, down);
        });
      }
      const out: MetricsSummary = {};
      put(out, '', acc.run);
      for (const { prefix, value } of acc.inWindows(windows)) put(out, prefix, value);
      return out;
    },
  };
}

export interface DispatcherDelay {
  /** Observations, over every manager's last point (all its engine counted since it started). */
  count: number;
  meanS: number;
  /** The mean is past SCHED_DELAY_BROKEN_MEAN_S: not a scheduling delay. */
  broken: boolean;
}

/** What swarmkit's dispatcher scheduling delay histogram says, pooled over the managers' last
 *  points; undefined when it observed nothing. */
export function dispatcherDelay(points: readonly Point[]): DispatcherDelay | undefined {
  const last = new Map<string, Point>();
  for (const p of points) {
    if (p.measurement !== Measurement.manager) continue;
    const node = p.tags.node ?? '';
    const seen = last.get(node);
    if (!seen || seen.timeMs <= p.timeMs) last.set(node, p);
  }
  let pooled = emptyHistogram();
  for (const p of last.values()) {
    const h = histogramOf(p, 'sched_delay');
    if (h) pooled = addHistograms(pooled, h);
  }
  const meanS = histogramMean(pooled);
  if (meanS === undefined) return undefined;
  return { count: pooled.count, meanS, broken: meanS > SCHED_DELAY_BROKEN_MEAN_S };
}

/** The sentence under the manager latency chart on the dispatcher's histogram. */
export function dispatcherDelayNotes(points: readonly Point[]): string[] {
  const d = dispatcherDelay(points);
  if (!d) return [];
  const n = `${d.count} observation${d.count === 1 ? '' : 's'}`;
  if (d.broken)
    return [
      `swarmkit's dispatcher scheduling delay (swarm_dispatcher_scheduling_delay_seconds) averages ${Math.round(d.meanS / 86_400).toLocaleString('en-US')} days over ${n}: not a scheduling delay (on Engine 20.10 it observes the time since the Unix epoch), broken on this engine. Recorded raw (sched_delay_*), not reported; tasks.startup_latency measures the same span (created to running) from the swarm's own timestamps.`,
    ];
  return [
    `swarmkit's dispatcher scheduling delay (swarm_dispatcher_scheduling_delay_seconds) averages ${(d.meanS * 1000).toFixed(1)} ms over ${n}: plausible on this engine, but recorded raw (sched_delay_*) and not reported as a figure (it is broken on Engine 20.10).`,
  ];
}

/** Below one bucket (swarmkit's first is 0-5 ms) an interpolated quantile is a guess. */
const LATENCY_NOISE_FLOOR_MS = 5;

const latency = (name: string, description: string): MetricFamily => ({
  name,
  unit: 'ms',
  better: 'smaller',
  gate: false,
  perStep: true,
  noiseFloor: LATENCY_NOISE_FLOOR_MS,
  description,
});

const POOLED = "pooled over every manager's observations in the run (each manager's last reading less its first)";
const INTERPOLATED =
  "interpolated within swarmkit's buckets as PromQL's histogram_quantile (above the largest bound, 10 s, it reads 10 s)";

const HISTOGRAM_FIELDS =
  'per histogram H of `raft_tx` (swarm_raft_transaction_latency_seconds), `sched_delay` (swarm_dispatcher_scheduling_delay_seconds: broken, recorded raw), `store_write`, `store_read`, `store_lock` (swarm_store_memory_store_lock_duration_seconds), `snapshot` (swarm_raft_snapshot_latency_seconds): `H_count` (int), `H_sum_s` (float, s), `H_le_<bound>` (int, bound as written: `H_le_0.005` … `H_le_inf`), all cumulative as the engine serves them';

export const manager: MeasurementPlugin = {
  name: 'manager',
  description:
    "swarmkit's own figures from each manager's engine (raft and store latency, object counts) and its raft log on disk; no dispatcher scheduling delay figure: on Engine 20.10 swarmkit's histogram of it observes the time since the Unix epoch (recorded raw, not reported)",
  producedBy: 'the manager collector',
  collector: managerCollector,
  points: [
    {
      measurement: Measurement.manager,
      every: "5 s, per manager (its engine's metrics on the node's loopback, read inside the node)",
      tags: '`node` (the manager)',
      fields: `\`leader\` (0/1), \`nodes_<state>\`, \`tasks_<state>\`, \`services\`, \`networks\`, \`configs\`, \`secrets\` (int, swarmkit's gauges); ${HISTOGRAM_FIELDS}; \`raft_wal_bytes\`, \`raft_wal_files\` (int, the \`*.wal\` segments, not the preallocated \`*.tmp\`), \`raft_snapshot_bytes\` (int, the newest \`*.snap\`, 0 when none)`,
    },
  ],
  metrics: [
    latency(
      'manager.raft.transaction_latency.p50',
      `median raft transaction latency (swarm_raft_transaction_latency_seconds), ${POOLED}, ${INTERPOLATED}`,
    ),
    latency(
      'manager.raft.transaction_latency.p99',
      `99th percentile of raft transaction latency (swarm_raft_transaction_latency_seconds), ${POOLED}, ${INTERPOLATED}`,
    ),
    latency(
      'manager.raft.transaction_latency.mean',
      `mean raft transaction latency: sum ÷ count of swarm_raft_transaction_latency_seconds, ${POOLED} (exact, not bucketed)`,
    ),
    latency(
      'manager.store.write_latency.p99',
      `99th percentile of store write transactions (swarm_store_write_tx_latency_seconds), ${POOLED}, ${INTERPOLATED}`,
    ),
    latency(
      'manager.store.read_latency.p99',
      `99th percentile of store read transactions (swarm_store_read_tx_latency_seconds), ${POOLED}, ${INTERPOLATED}`,
    ),
    {
      name: 'manager.raft.wal_bytes.max',
      unit: 'bytes',
      better: 'smaller',
      gate: false,
      perStep: true,
      description:
        'largest raft WAL of any manager at any sample: the bytes of its .wal segments (etcd preallocates each to 64 MB, so it grows in 64 MB steps)',
    },
    {
      name: 'manager.raft.snapshot_bytes.max',
      unit: 'bytes',
      better: 'smaller',
      gate: false,
      perStep: true,
      description:
        "largest raft snapshot of any manager at any sample: its newest .snap file's bytes (0 before the first)",
    },
    {
      name: 'manager.nodes.down.max',
      unit: 'count',
      better: 'smaller',
      gate: false,
      perStep: true,
      description: 'most nodes the leading manager counted down (swarm_manager_nodes{state="down"}) at any sample',
    },
  ],
  fold: managerFold,
  charts: [
    {
      id: 'manager-latency',
      order: 62,
      optional: true,
      title: 'Manager latency over the run',
      caption:
        "The 99th percentile of raft transactions and of store write transactions, in ms, per 5 s (wider in long runs), pooled over the managers' observations in it (interpolated within swarmkit's buckets; above 10 s it reads 10 s); a gap is a time without any.",
      missing: 'no swarm_manager points with raft or store transactions were recorded',
      build: async (a) => (await import('../charts/manager.js')).managerLatencyChart(a),
      notes: (a) => dispatcherDelayNotes(a.points(Measurement.manager)),
    },
    {
      id: 'raft-disk',
      order: 64,
      optional: true,
      title: 'Raft log and snapshot on disk',
      caption:
        'Per manager, the bytes of its raft WAL segments (solid; etcd preallocates each to 64 MB) and of its newest raft snapshot (dashed), in MB.',
      missing: 'no swarm_manager points with a raft listing were recorded',
      build: async (a) => (await import('../charts/manager.js')).raftDiskChart(a),
    },
  ],
};
