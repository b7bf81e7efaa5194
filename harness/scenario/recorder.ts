// Where steps put what they measure, and where collectors plug in. Steps call setStep/mark/record
// for time series (sent on to the metrics sinks) and `observe` for the headline values only they
// know (scale rate per step, chaos intervals, HTTP results); the run's flat metrics map, which the
// SLOs read, is the steps' values plus whatever the collectors summarised.
import type { Point } from '../metrics/measurements.js';
import { percentile } from '../metrics/percentiles.js';
import type { Recorder } from '../metrics/session.js';
import type { ClusterHandle } from '../cluster/types.js';
import type { Logger } from '../util/log.js';
import { metricDef, type MetricUnit } from './metric-catalog.js';

export interface MetricValue {
  value: number;
  unit: MetricUnit;
  better: 'smaller' | 'bigger';
}
export type MetricsMap = Record<string, MetricValue>;

/** What `run` starts after the cluster is ready and stops after the last step (metrics/ implements it). */
export interface MetricsSession extends Recorder {
  /** Stops collecting, flushes sinks, and returns the collectors' headline values (e.g. tasks.startup_latency.p99). */
  stop(): Promise<MetricsMap>;
}

export interface MetricsContext {
  runId: string;
  scenario: string;
  runDir: string;
  cluster: ClusterHandle;
  log: Logger;
  startMs: number;
}
export type StartMetrics = (ctx: MetricsContext) => Promise<MetricsSession>;

const STATS: [string, (sorted: number[]) => number][] = [
  ['min', (s) => s[0]!],
  ['max', (s) => s[s.length - 1]!],
  ['mean', (s) => s.reduce((a, b) => a + b, 0) / s.length],
  ['p50', (s) => percentile(s, 50)],
  ['p90', (s) => percentile(s, 90)],
  ['p99', (s) => percentile(s, 99)],
];

/** The run's own recorder: fans points out to the metrics session and keeps step-level values. */
export class StepRecorder implements Recorder {
  private readonly samples = new Map<string, number[]>();
  private readonly totals = new Map<string, number>();
  private readonly tallies = new Map<string, number>();
  private readonly sinks: Recorder[] = [];
  readonly marks: { name: string; timeMs: number }[] = [];
  step = { name: 'setup', index: -1 };

  constructor(private readonly clock: () => number = Date.now) {}

  attach(sink: Recorder): void {
    this.sinks.push(sink);
    sink.setStep(this.step.name, this.step.index);
  }

  setStep(name: string, index: number): void {
    this.step = { name, index };
    for (const s of this.sinks) s.setStep(name, index);
  }

  mark(name: string): void {
    this.marks.push({ name, timeMs: this.clock() });
    for (const s of this.sinks) s.mark(name);
  }

  record(point: Point): void {
    for (const s of this.sinks) s.record(point);
  }

  /** One observation of a metric family ("scale.tasks_per_second"): summarised as min/max/mean/p50/p90/p99. */
  observe(family: string, value: number): void {
    if (!Number.isFinite(value)) return;
    const list = this.samples.get(family) ?? [];
    list.push(value);
    this.samples.set(family, list);
  }

  /** A single value ("chaos.tasks_lost"), added up when several steps report it. */
  add(name: string, value: number): void {
    if (!Number.isFinite(value)) return;
    this.totals.set(name, (this.totals.get(name) ?? 0) + value);
  }

  /** A running total kept for a step's own arithmetic, not reported (e.g. time spent scaling). */
  tally(name: string, value: number): number {
    const total = (this.tallies.get(name) ?? 0) + value;
    this.tallies.set(name, total);
    return total;
  }

  /** A single value that replaces any earlier one ("scale.tasks_per_second" over all scale steps). */
  set(name: string, value: number): void {
    if (Number.isFinite(value)) this.totals.set(name, value);
  }

  /** The flat map: every family's statistics plus single values, with units from the catalog. */
  metrics(): MetricsMap {
    const out: MetricsMap = {};
    const put = (name: string, value: number) => {
      const def = metricDef(name);
      out[name] = { value, unit: def?.unit ?? 'count', better: def?.better ?? 'bigger' };
    };
    for (const [family, values] of this.samples) {
      const sorted = [...values].sort((a, b) => a - b);
      for (const [stat, f] of STATS) put(`${family}.${stat}`, f(sorted));
    }
    for (const [name, value] of this.totals) put(name, value);
    return out;
  }
}

/** Step values win over collector values for the same name: the step measured that exact window. */
export function mergeMetrics(fromCollectors: MetricsMap, fromSteps: MetricsMap): MetricsMap {
  return { ...fromCollectors, ...fromSteps };
}

export function valuesOf(map: MetricsMap): Record<string, number> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v.value]));
}
