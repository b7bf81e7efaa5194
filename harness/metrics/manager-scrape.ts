// A manager's own view, as one swarm_manager point: what the manager collector reads inside each
// manager node every 5 s (its engine's Prometheus metrics on the node's loopback, then the marker
// line and `stat -c "%s %n"` of the raft WAL and snapshot files) turned into fields, raw and
// cumulative as the engine counts them, so every figure can be recomputed from metrics.lp. And
// the way back: a point's histograms, and the intervals between a manager's consecutive points
// that the plug-in's figures and charts are made of (measurements/manager.ts).
import type { Emitted } from './collectors/types.js';
import { Measurement, numberField, type FieldValue, type Point } from './measurements.js';
import { histogramDelta, type CumulativeHistogram } from './prom-histogram.js';
import { parsePromText, type PromSample } from './prom-text.js';

/** The line the collector prints between the metrics and the raft listing. */
export const RAFT_MARKER = '#swarmbench raft';

/** The histograms kept, by the field prefix they are written under. */
export const MANAGER_HISTOGRAMS = {
  raft_tx: 'swarm_raft_transaction_latency_seconds',
  /** Broken on Engine 20.10 (observes the time since the Unix epoch): recorded, never reported. */
  sched_delay: 'swarm_dispatcher_scheduling_delay_seconds',
  store_write: 'swarm_store_write_tx_latency_seconds',
  store_read: 'swarm_store_read_tx_latency_seconds',
  store_lock: 'swarm_store_memory_store_lock_duration_seconds',
  snapshot: 'swarm_raft_snapshot_latency_seconds',
} as const;
export type ManagerHistogram = keyof typeof MANAGER_HISTOGRAMS;
export const MANAGER_HISTOGRAM_KEYS = Object.keys(MANAGER_HISTOGRAMS) as ManagerHistogram[];

/** Gauges kept under their own field name. */
const GAUGES: Record<string, string> = {
  leader: 'swarm_manager_leader',
  services: 'swarm_manager_services_total',
  networks: 'swarm_manager_networks_total',
  configs: 'swarm_manager_configs_total',
  secrets: 'swarm_manager_secrets_total',
};

/** Gauges with a `state` label, one field per state: nodes_ready, tasks_running … */
const BY_STATE: Record<string, string> = {
  nodes: 'swarm_manager_nodes',
  tasks: 'swarm_manager_tasks_total',
};

/** A bucket bound as a field name holds it: as written, +Inf as `inf`. */
export const boundName = (le: string): string => (/^\+?inf$/i.test(le) ? 'inf' : le.replace(/[^0-9a-zA-Z.+-]/g, '_'));

/** A label value as part of a field name (swarm states are lower-case words already). */
const fieldPart = (s: string): string => s.toLowerCase().replace(/[^a-z0-9_]/g, '_');

/** The collector's output cut in two at the marker: the metrics, and the raft listing (undefined
 *  when the marker is missing: the command was cut short). */
export function splitScrape(output: string): { metrics: string; raft: string | undefined } {
  const lines = output.split('\n');
  const at = lines.findIndex((l) => l.trim() === RAFT_MARKER);
  if (at === -1) return { metrics: output, raft: undefined };
  return { metrics: lines.slice(0, at).join('\n'), raft: lines.slice(at + 1).join('\n') };
}

export interface RaftFiles {
  /** Bytes of the *.wal segments (etcd preallocates each to 64 MB: this grows in 64 MB steps). */
  walBytes: number;
  walFiles: number;
  /** Bytes of the newest *.snap file (by name: etcd names them term-index in fixed-width hex). */
  snapshotBytes: number;
}

/** `stat -c "%s %n"` lines: the *.wal files (not the preallocated *.tmp segment) and the newest
 *  *.snap. Lines that are not `<size> <path>` (an error message) are skipped. */
export function raftFiles(listing: string): RaftFiles {
  const out: RaftFiles = { walBytes: 0, walFiles: 0, snapshotBytes: 0 };
  let newestSnap = '';
  for (const line of listing.split('\n')) {
    const m = /^\s*(\d+)\s+(.+?)\s*$/.exec(line);
    if (!m) continue;
    const size = Number(m[1]);
    const path = m[2]!;
    const file = path.slice(path.lastIndexOf('/') + 1);
    if (file.endsWith('.wal')) {
      out.walBytes += size;
      out.walFiles++;
    } else if (file.endsWith('.snap') && file > newestSnap) {
      newestSnap = file;
      out.snapshotBytes = size;
    }
  }
  return out;
}

function histogramFields(samples: readonly PromSample[], key: ManagerHistogram, fields: Record<string, FieldValue>) {
  const metric = MANAGER_HISTOGRAMS[key];
  // By bound, summed over any other labels (PromQL's sum by (le)); swarmkit's have none.
  const buckets = new Map<string, number>();
  let count: number | undefined;
  let sum: number | undefined;
  for (const s of samples) {
    if (!Number.isFinite(s.value)) continue;
    if (s.name === `${metric}_bucket` && s.labels.le !== undefined) {
      const name = boundName(s.labels.le);
      buckets.set(name, (buckets.get(name) ?? 0) + s.value);
    } else if (s.name === `${metric}_count`) count = (count ?? 0) + s.value;
    else if (s.name === `${metric}_sum`) sum = (sum ?? 0) + s.value;
  }
  if (count === undefined && buckets.size === 0) return;
  if (count !== undefined) fields[`${key}_count`] = count;
  if (sum !== undefined) fields[`${key}_sum_s`] = sum;
  for (const [bound, n] of buckets) fields[`${key}_le_${bound}`] = n;
}

/** Whether a field of a swarm_manager point is an integer in line protocol (all but the sums). */
const isIntField = (name: string): boolean => !name.endsWith('_sum_s');

/**
 * The swarm_manager point of one manager's scrape (see RAFT_MARKER), or undefined when the output
 * holds no swarmkit metric (the engine did not answer, or is no manager). Fields: `leader`,
 * `nodes_<state>`, `tasks_<state>`, `services`, `networks`, `configs`, `secrets`; per histogram
 * H of MANAGER_HISTOGRAMS `H_count`, `H_sum_s` and `H_le_<bound>` (cumulative, as served); and
 * from the listing `raft_wal_bytes`, `raft_wal_files`, `raft_snapshot_bytes`. Every field but
 * the sums is an integer.
 */
export function managerPoint(output: string, node: string, timeMs: number): Emitted | undefined {
  const { metrics, raft } = splitScrape(output);
  const samples = parsePromText(metrics).filter((s) => s.name.startsWith('swarm_'));
  if (samples.length === 0) return undefined;
  const fields: Record<string, FieldValue> = {};
  for (const s of samples) {
    if (!Number.isFinite(s.value)) continue;
    for (const [field, metric] of Object.entries(GAUGES)) if (s.name === metric) fields[field] = s.value;
    for (const [prefix, metric] of Object.entries(BY_STATE))
      if (s.name === metric && s.labels.state !== undefined) fields[`${prefix}_${fieldPart(s.labels.state)}`] = s.value;
  }
  for (const key of MANAGER_HISTOGRAM_KEYS) histogramFields(samples, key, fields);
  if (raft !== undefined) {
    const files = raftFiles(raft);
    fields.raft_wal_bytes = files.walBytes;
    fields.raft_wal_files = files.walFiles;
    fields.raft_snapshot_bytes = files.snapshotBytes;
  }
  // An integer field must stay one from point to point (InfluxDB refuses a type change): counts
  // are whole numbers as served, rounding only guards the encoding.
  const intFields = Object.keys(fields).filter(isIntField);
  for (const f of intFields) fields[f] = Math.round(fields[f] as number);
  return { measurement: Measurement.manager, tags: { node }, fields, timeMs, intFields };
}

/** A bound as written in a field name, back to a number (`inf` is +Inf). */
const boundValue = (name: string): number => (name === 'inf' ? Number.POSITIVE_INFINITY : Number(name));

/** One histogram of a swarm_manager point, or undefined when the point lacks it. */
export function histogramOf(p: Point, key: ManagerHistogram): CumulativeHistogram | undefined {
  const count = numberField(p, `${key}_count`);
  if (count === undefined) return undefined;
  const prefix = `${key}_le_`;
  const buckets = [];
  for (const [name, v] of Object.entries(p.fields)) {
    if (!name.startsWith(prefix) || typeof v !== 'number') continue;
    const le = boundValue(name.slice(prefix.length));
    if (!Number.isNaN(le)) buckets.push({ le, count: v });
  }
  buckets.sort((a, b) => a.le - b.le);
  return { buckets, count, sum: numberField(p, `${key}_sum_s`) ?? 0 };
}

/** The time between two consecutive points of one manager, with what its histograms observed in it. */
export interface ManagerInterval {
  node: string;
  startMs: number;
  /** The later point: the interval belongs to its step (the step tag the session gave it). */
  end: Point;
  deltas: Partial<Record<ManagerHistogram, CumulativeHistogram>>;
}

/** Every manager's intervals, each manager's points in time order. A run's figure is the sum over
 *  them: per manager, its last reading less its first (or the increase across an engine restart). */
export function managerIntervals(points: readonly Point[]): ManagerInterval[] {
  const byNode = new Map<string, Point[]>();
  for (const p of points) {
    if (p.measurement !== Measurement.manager) continue;
    const node = p.tags.node ?? '';
    const list = byNode.get(node);
    if (list) list.push(p);
    else byNode.set(node, [p]);
  }
  const out: ManagerInterval[] = [];
  for (const [node, list] of byNode) {
    list.sort((a, b) => a.timeMs - b.timeMs);
    for (let i = 1; i < list.length; i++) {
      const [before, after] = [list[i - 1]!, list[i]!];
      const deltas: ManagerInterval['deltas'] = {};
      for (const key of MANAGER_HISTOGRAM_KEYS) {
        const a = histogramOf(before, key);
        const b = histogramOf(after, key);
        if (a && b) deltas[key] = histogramDelta(a, b);
      }
      out.push({ node, startMs: before.timeMs, end: after, deltas });
    }
  }
  return out.sort((a, b) => a.end.timeMs - b.end.timeMs);
}
