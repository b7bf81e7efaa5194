// Turns the flat list of recorded points into the time series and events the charts and the
// summary are made of, so each measurement is interpreted in exactly one place. Plug-ins that
// bring their own measurements read their points through points(measurement).
import { Measurement, numberField, type Point } from './measurements.js';
import type { RunRecord, StepRecord } from '../run-record.js';

export interface ServiceSample {
  timeMs: number;
  desired: number;
  running: number;
}
export interface RateSample {
  timeMs: number;
  perSecond: number;
}
export interface LatencySample {
  timeMs: number;
  latencyMs: number;
  step: string;
  service: string;
}
export interface NodeStateSample {
  timeMs: number;
  ready: number;
  down: number;
  unknown: number;
}
export interface CpuSample {
  timeMs: number;
  mean: number;
  max: number;
  nodes: number;
}
export interface ChaosEvent {
  /** When the point was written: the runner writes it once the swarm recovered (or gave up). */
  timeMs: number;
  /** When the chaos action happened, which the intervals count from (see chaosStart). */
  startMs: number;
  action: string;
  target: string;
  detectMs?: number;
  rescheduleMs?: number;
  convergeMs?: number;
  tasksLost?: number;
  /** The step that ran the action (its tag on the point). */
  step: string;
}
export interface HttpSample {
  timeMs: number;
  /** The address the load went to, and the step that sent it (one sample per target and step). */
  target: string;
  step: string;
  requests: number;
  errors: number;
  p50Ms?: number;
  p90Ms?: number;
  p99Ms?: number;
}
export interface Mark {
  name: string;
  timeMs: number;
}
/** A step as run.json records it (or as its step points say, for a run that died early). */
export type StepSpan = StepRecord;

export interface Analysis {
  /** Time origin of every chart: the run's start (or its first point). */
  t0: number;
  /** The last moment anything was recorded. */
  lastMs: number;
  marks: Mark[];
  steps: StepSpan[];
  services: Map<string, ServiceSample[]>;
  rate: RateSample[];
  latencies: LatencySample[];
  nodeStates: NodeStateSample[];
  cpu: { manager: CpuSample[]; worker: CpuSample[] };
  chaos: ChaosEvent[];
  http: HttpSample[];
  leaderChanges: { timeMs: number; leader: string; previous: string }[];
  harnessCpu: { timeMs: number; cpuPercent: number }[];
  pointCounts: Record<string, number>;
  /** Every point of one measurement, in the order recorded: what a plug-in's chart starts from. */
  points(measurement: string): readonly Point[];
}

const str = (p: Point, field: string): string => {
  const v = p.fields[field];
  return v === undefined ? '' : String(v);
};

/** Bucket width for resource series: 1 s, widened so a long run still has at most ~400 buckets. */
export function bucketWidthMs(spanMs: number): number {
  return Math.max(1000, Math.ceil(spanMs / 400 / 1000) * 1000);
}

function cpuByRole(points: Point[], role: string, bucketMs: number): CpuSample[] {
  // Per bucket, one value per node (its mean in the bucket), then mean and max across nodes.
  const buckets = new Map<number, Map<string, number[]>>();
  for (const p of points) {
    if (p.tags.role !== role) continue;
    const v = numberField(p, 'cpu_percent');
    if (v === undefined) continue;
    const b = Math.floor(p.timeMs / bucketMs) * bucketMs;
    const byNode = buckets.get(b) ?? new Map<string, number[]>();
    buckets.set(b, byNode);
    const node = p.tags.node ?? '';
    const list = byNode.get(node);
    if (list) list.push(v);
    else byNode.set(node, [v]);
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([timeMs, byNode]) => {
      const perNode = [...byNode.values()].map((vs) => vs.reduce((s, v) => s + v, 0) / vs.length);
      return {
        timeMs,
        mean: perNode.reduce((s, v) => s + v, 0) / perNode.length,
        max: perNode.reduce((x, y) => Math.max(x, y)),
        nodes: perNode.length,
      };
    });
}

function rateSeries(sched: Point[], tasks: Point[]): RateSample[] {
  // Sum over services per second; without swarm_sched points, count tasks reaching running.
  const perSecond = new Map<number, number>();
  if (sched.length > 0) {
    for (const p of sched) {
      const b = Math.floor(p.timeMs / 1000) * 1000;
      perSecond.set(b, (perSecond.get(b) ?? 0) + (numberField(p, 'running_per_s') ?? 0));
    }
  } else {
    for (const p of tasks) {
      const at = numberField(p, 'running_ms') ?? p.timeMs;
      const b = Math.floor(at / 1000) * 1000;
      perSecond.set(b, (perSecond.get(b) ?? 0) + 1);
    }
  }
  return [...perSecond.entries()].sort((a, b) => a[0] - b[0]).map(([timeMs, perSecond]) => ({ timeMs, perSecond }));
}

export function chaosEvents(points: readonly Point[]): ChaosEvent[] {
  // A collector may write one point per chaos action with every interval, or a point when the
  // action happens and more as intervals are measured: a point joins the latest event on the same
  // action and target unless that event already has the fields it brings.
  const events: ChaosEvent[] = [];
  for (const p of points) {
    const fields: Record<'detectMs' | 'rescheduleMs' | 'convergeMs' | 'tasksLost', number | undefined> = {
      detectMs: numberField(p, 'detect_ms'),
      rescheduleMs: numberField(p, 'reschedule_ms'),
      convergeMs: numberField(p, 'converge_ms'),
      tasksLost: numberField(p, 'tasks_lost'),
    };
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    const action = p.tags.action ?? 'chaos';
    const target = str(p, 'target');
    const open = [...events].reverse().find((e) => e.action === action && e.target === target);
    const clashes = open !== undefined && keys.some((k) => fields[k] !== undefined && open[k] !== undefined);
    const event: ChaosEvent =
      open && !clashes ? open : { timeMs: p.timeMs, startMs: p.timeMs, action, target, step: p.tags.step ?? '' };
    if (event !== open) events.push(event);
    for (const k of keys) if (fields[k] !== undefined) event[k] = fields[k];
  }
  return events;
}

/** The chaos step writes its point after the swarm converged, so the action happened converge_ms
 *  before it; without a converge time (timed out), the start of the step is the best estimate. */
function chaosStart(e: ChaosEvent, steps: readonly StepSpan[]): number {
  if (e.convergeMs !== undefined) return e.timeMs - e.convergeMs;
  const step = steps.find((s) => s.name === e.step && s.startMs <= e.timeMs);
  if (step) return step.startMs;
  const longest = Math.max(0, e.detectMs ?? 0, e.rescheduleMs ?? 0);
  return e.timeMs - longest;
}

function mergeMarks(record: RunRecord, markPoints: Point[]): Mark[] {
  const seen = new Set<string>();
  const out: Mark[] = [];
  const add = (m: Mark) => {
    const key = `${m.name}@${Math.round(m.timeMs / 1000)}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(m);
    }
  };
  for (const m of record.marks) add(m);
  // A killed run may have recorded marks in metrics.lp that never reached run.json.
  for (const p of markPoints) add({ name: p.tags.name ?? 'mark', timeMs: p.timeMs });
  return out.sort((a, b) => a.timeMs - b.timeMs);
}

function mergeSteps(record: RunRecord, stepPoints: Point[]): StepSpan[] {
  if (record.steps.length > 0) return record.steps.map((s) => ({ ...s }));
  const byIndex = new Map<number, StepSpan>();
  for (const p of stepPoints) {
    const index = numberField(p, 'index') ?? byIndex.size;
    const span = byIndex.get(index) ?? { index, name: p.tags.step ?? `step ${index}`, type: '', startMs: p.timeMs };
    if (str(p, 'event') === 'end') span.endMs = p.timeMs;
    else span.startMs = p.timeMs;
    byIndex.set(index, span);
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

export function analyze(record: RunRecord, points: readonly Point[]): Analysis {
  const by = new Map<string, Point[]>();
  for (const p of points) {
    const list = by.get(p.measurement) ?? [];
    list.push(p);
    by.set(p.measurement, list);
  }
  const get = (m: string) => by.get(m) ?? [];
  // Loops, not Math.min(...): a long run has more points than the call stack has room for.
  let firstMs = Number.POSITIVE_INFINITY;
  let lastMs = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    if (p.timeMs < firstMs) firstMs = p.timeMs;
    if (p.timeMs > lastMs) lastMs = p.timeMs;
  }
  if (points.length === 0) {
    firstMs = record.startMs;
    lastMs = record.endMs ?? record.startMs;
  }
  const t0 = record.startMs > 0 ? Math.min(record.startMs, firstMs) : firstMs;

  const services = new Map<string, ServiceSample[]>();
  for (const p of get(Measurement.service)) {
    const name = p.tags.service ?? 'service';
    const list = services.get(name) ?? [];
    list.push({ timeMs: p.timeMs, desired: numberField(p, 'desired') ?? 0, running: numberField(p, 'running') ?? 0 });
    services.set(name, list);
  }

  const tasks = get(Measurement.task);
  const latencies: LatencySample[] = [];
  for (const p of tasks) {
    const latencyMs = numberField(p, 'latency_ms');
    if (latencyMs !== undefined)
      latencies.push({ timeMs: p.timeMs, latencyMs, step: p.tags.step ?? '', service: p.tags.service ?? '' });
  }

  const steps = mergeSteps(record, get(Measurement.step));
  const resources = get(Measurement.nodeResources);
  const bucketMs = bucketWidthMs(lastMs - firstMs);
  const pointCounts: Record<string, number> = {};
  for (const [m, list] of by) pointCounts[m] = list.length;

  return {
    t0,
    lastMs,
    marks: mergeMarks(record, get(Measurement.mark)),
    steps,
    services,
    rate: rateSeries(get(Measurement.rate), tasks),
    latencies,
    nodeStates: get(Measurement.nodes).map((p) => ({
      timeMs: p.timeMs,
      ready: numberField(p, 'ready') ?? 0,
      down: numberField(p, 'down') ?? 0,
      unknown: numberField(p, 'unknown') ?? 0,
    })),
    cpu: { manager: cpuByRole(resources, 'manager', bucketMs), worker: cpuByRole(resources, 'worker', bucketMs) },
    chaos: chaosEvents(get(Measurement.chaos))
      .map((e) => ({ ...e, startMs: chaosStart(e, steps) }))
      .sort((x, y) => x.startMs - y.startMs),
    http: get(Measurement.http).map((p) => ({
      timeMs: p.timeMs,
      target: p.tags.target ?? '',
      step: p.tags.step ?? '',
      requests: numberField(p, 'requests') ?? 0,
      errors: numberField(p, 'errors') ?? 0,
      p50Ms: numberField(p, 'p50_ms'),
      p90Ms: numberField(p, 'p90_ms'),
      p99Ms: numberField(p, 'p99_ms'),
    })),
    leaderChanges: get(Measurement.leader).map((p) => ({
      timeMs: p.timeMs,
      leader: str(p, 'leader'),
      previous: str(p, 'previous'),
    })),
    harnessCpu: get(Measurement.harness).flatMap((p) => {
      const v = numberField(p, 'cpu_percent');
      return v === undefined ? [] : [{ timeMs: p.timeMs, cpuPercent: v }];
    }),
    pointCounts,
    points: get,
  };
}

/** The step running at a time, by the run's step spans (resource samples carry no step tag we trust). */
export function stepAt(a: Pick<Analysis, 'steps'>, timeMs: number): string {
  let name = '';
  for (const s of a.steps) if (s.startMs <= timeMs && (s.endMs === undefined || timeMs <= s.endMs)) name = s.name;
  return name;
}
