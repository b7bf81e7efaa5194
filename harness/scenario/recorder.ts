// Where steps put what they measure, and where collectors plug in. Steps call setStep/mark/record
// for time series (sent on to the metrics sinks) and `observe` for the headline values only they
// know (scale rate per step, chaos intervals, HTTP results); the run's flat metrics map, which the
// SLOs read, is the steps' values plus whatever the collectors summarised.
import type { Point } from '../metrics/measurements.js';
import { putStats } from '../metrics/fold-kit.js';
import { withUnits, type MetricsMap } from '../metrics/metric-map.js';
import { summarize } from '../metrics/percentiles.js';
import { metricDef } from '../metrics/registry.js';
import type { Recorder } from '../metrics/session.js';

/** A step may only report figures some measurement plug-in defines (one name, one meaning). */
function declared(name: string): string {
  if (!metricDef(name))
    throw new Error(`no measurement plug-in declares the metric ${name} (harness/metrics/measurements/)`);
  return name;
}

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

  /** One observation of a metric family ("scale.step_rate"): summarised as min/max/mean/p50/p90/p99. */
  observe(family: string, value: number): void {
    declared(`${family}.p50`);
    if (!Number.isFinite(value)) return;
    const list = this.samples.get(family) ?? [];
    list.push(value);
    this.samples.set(family, list);
  }

  /** A single value ("chaos.tasks_lost"), added up when several steps report it. */
  add(name: string, value: number): void {
    declared(name);
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
    declared(name);
    if (Number.isFinite(value)) this.totals.set(name, value);
  }

  /** The flat map: every family's statistics plus single values, with units from the registry. */
  metrics(): MetricsMap {
    const out: Record<string, number> = {};
    for (const [family, values] of this.samples) putStats(out, family, summarize(values));
    for (const [name, value] of this.totals) out[name] = value;
    return withUnits(out);
  }
}

/** Step values win over collector values for the same name: the step measured that exact window. */
export function mergeMetrics(fromCollectors: MetricsMap, fromSteps: MetricsMap): MetricsMap {
  return { ...fromCollectors, ...fromSteps };
}
