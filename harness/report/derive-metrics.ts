// Headline metrics and per-step distributions computed from the recorded points. The runner's own
// figures in run.json win over these; these fill in what it did not record (or did not live to).
import type { Point } from '../metrics/measurements.js';
import { SummaryBuilder, unitOf } from '../metrics/summary.js';
import type { Analysis } from './analysis.js';
import { distribution, type Distribution } from './stats.js';
import type { Better, MeasurementSummary } from './summary-schema.js';

export interface DerivedMetric { value: number; unit: string; better: Better }

function flat(name: string, step: string, unit: string, d: Distribution): MeasurementSummary {
  return { name, step, unit, count: d.count, min: d.min, mean: d.mean, p50: d.p50, p90: d.p90, p95: d.p95, p99: d.p99, max: d.max };
}

/** Distributions per measured quantity, for the whole run (step '') and for each step. */
export function measurementSummaries(a: Analysis): MeasurementSummary[] {
  const out: MeasurementSummary[] = [];
  const add = (name: string, unit: string, rows: { step: string; value: number }[]) => {
    const all = distribution(rows.map((r) => r.value));
    if (!all) return;
    out.push(flat(name, '', unit, all));
    const steps = [...new Set(rows.map((r) => r.step).filter((s) => s !== ''))];
    for (const step of steps) {
      const d = distribution(rows.filter((r) => r.step === step).map((r) => r.value));
      if (d) out.push(flat(name, step, unit, d));
    }
  };
  add('tasks.startup_latency', 'ms', a.latencies.map((l) => ({ step: l.step, value: l.latencyMs })));
  add('scale.tasks_per_second', 'per_s', a.rate.map((r) => ({ step: stepAt(a, r.timeMs), value: r.perSecond })));
  // CPU: the mean over the nodes of a role in each sample interval.
  add('manager.cpu_percent', 'percent', a.cpu.manager.map((c) => ({ step: stepAt(a, c.timeMs), value: c.mean })));
  add('worker.cpu_percent', 'percent', a.cpu.worker.map((c) => ({ step: stepAt(a, c.timeMs), value: c.mean })));
  for (const [key, name] of [['detectMs', 'chaos.detect_time'], ['rescheduleMs', 'chaos.reschedule_time'], ['convergeMs', 'chaos.converge_time']] as const) {
    add(name, 'ms', a.chaos.flatMap((c) => (c[key] === undefined ? [] : [{ step: c.step || stepAt(a, c.startMs), value: c[key]! }])));
  }
  add('harness.cpu_percent', 'percent', a.harnessCpu.map((h) => ({ step: stepAt(a, h.timeMs), value: h.cpuPercent })));
  return out;
}

/** The step running at a time, by the run's step spans (resource samples carry no step tag we trust). */
function stepAt(a: Analysis, timeMs: number): string {
  let name = '';
  for (const s of a.steps) if (s.startMs <= timeMs && (s.endMs === undefined || timeMs <= s.endMs)) name = s.name;
  return name;
}

/** Headline metrics by name, as SLOs and comparisons name them (scenario/metric-catalog.ts). The
 *  figures the metrics module computes come from its own SummaryBuilder, fed the same points, so a
 *  rebuilt report and the runner agree to the digit; chaos and HTTP figures come from their points. */
export function deriveMetrics(a: Analysis, points: readonly Point[]): Record<string, DerivedMetric> {
  const builder = new SummaryBuilder();
  for (const p of points) builder.observe(p);
  const windows = a.steps.map((s) => ({ name: s.name, index: s.index, startMs: s.startMs, endMs: s.endMs }));
  const m: Record<string, DerivedMetric> = {};
  for (const [name, value] of Object.entries(builder.build(windows))) {
    if (Number.isFinite(value)) m[name] = { value, ...unitOf(name) };
  }
  const chaosStat = (key: 'detectMs' | 'rescheduleMs' | 'convergeMs', name: string) => {
    const d = distribution(a.chaos.flatMap((c) => (c[key] === undefined ? [] : [c[key]!])));
    if (!d) return;
    for (const k of ['p50', 'p90', 'p99', 'max', 'mean', 'min'] as const) m[`${name}.${k}`] = { value: d[k], unit: 'ms', better: 'smaller' };
  };
  if (a.chaos.length > 0) {
    chaosStat('detectMs', 'chaos.detect_time');
    chaosStat('rescheduleMs', 'chaos.reschedule_time');
    chaosStat('convergeMs', 'chaos.converge_time');
    m['chaos.tasks_lost'] = { value: a.chaos.reduce((s, c) => s + (c.tasksLost ?? 0), 0), unit: 'count', better: 'smaller' };
  }
  if (a.http.length > 0) {
    const requests = a.http.reduce((s, h) => s + h.requests, 0);
    const errors = a.http.reduce((s, h) => s + h.errors, 0);
    m['http.requests'] = { value: requests, unit: 'count', better: 'bigger' };
    if (requests > 0) m['http.success_ratio'] = { value: (requests - errors) / requests, unit: 'ratio', better: 'bigger' };
    // The worst interval's p99: percentiles of intervals cannot be merged exactly, so this is an
    // upper bound of the run's p99 (the runner's exact figure, when recorded, replaces it).
    const p99s = a.http.flatMap((h) => (h.p99Ms === undefined ? [] : [h.p99Ms]));
    if (p99s.length > 0) m['http.latency.p99'] = { value: p99s.reduce((x, y) => Math.max(x, y)), unit: 'ms', better: 'smaller' };
  }
  return m;
}
