// Headline metrics and per-step distributions computed from the recorded points. The runner's own
// figures in run.json win over these; these fill in what it did not record (or did not live to).
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
  add('scale.tasks_per_second', 'tasks/s', a.rate.map((r) => ({ step: stepAt(a, r.timeMs), value: r.perSecond })));
  add('nodes.cpu.manager', '%', a.cpu.manager.map((c) => ({ step: stepAt(a, c.timeMs), value: c.mean })));
  add('nodes.cpu.worker', '%', a.cpu.worker.map((c) => ({ step: stepAt(a, c.timeMs), value: c.mean })));
  for (const key of ['detectMs', 'rescheduleMs', 'convergeMs'] as const) {
    const name = `chaos.${key.replace('Ms', '')}`;
    add(name, 'ms', a.chaos.flatMap((c) => (c[key] === undefined ? [] : [{ step: stepAt(a, c.timeMs), value: c[key]! }])));
  }
  add('harness.cpu', '%', a.harnessCpu.map((h) => ({ step: stepAt(a, h.timeMs), value: h.cpuPercent })));
  return out;
}

/** The step running at a time, by the run's step spans (resource samples carry no step tag we trust). */
function stepAt(a: Analysis, timeMs: number): string {
  let name = '';
  for (const s of a.steps) if (s.startMs <= timeMs && (s.endMs === undefined || timeMs <= s.endMs)) name = s.name;
  return name;
}

/** Headline metrics by name, as SLOs and comparisons name them. */
export function deriveMetrics(a: Analysis): Record<string, DerivedMetric> {
  const m: Record<string, DerivedMetric> = {};
  const lat = distribution(a.latencies.map((l) => l.latencyMs));
  if (lat) {
    for (const k of ['p50', 'p90', 'p99', 'max', 'mean'] as const) m[`tasks.startup_latency.${k}`] = { value: lat[k], unit: 'ms', better: 'smaller' };
    m['tasks.started'] = { value: lat.count, unit: 'tasks', better: 'bigger' };
    // Throughput over the whole scale-up: tasks that reached running over the time from the
    // first of them being created to the last of them running.
    const firstCreated = Math.min(...a.latencies.map((l) => l.timeMs - l.latencyMs));
    const lastRunning = Math.max(...a.latencies.map((l) => l.timeMs));
    const spanS = (lastRunning - firstCreated) / 1000;
    if (spanS > 0) m['scale.tasks_per_second'] = { value: lat.count / spanS, unit: 'tasks/s', better: 'bigger' };
  }
  if (a.rate.length > 0) m['scale.tasks_per_second.peak'] = { value: Math.max(...a.rate.map((r) => r.perSecond)), unit: 'tasks/s', better: 'bigger' };
  for (const role of ['manager', 'worker'] as const) {
    const series = a.cpu[role];
    if (series.length === 0) continue;
    m[`nodes.cpu.${role}.mean`] = { value: series.reduce((s, c) => s + c.mean, 0) / series.length, unit: '%', better: 'smaller' };
    m[`nodes.cpu.${role}.max`] = { value: Math.max(...series.map((c) => c.max)), unit: '%', better: 'smaller' };
  }
  if (a.chaos.length > 0) {
    for (const key of ['detectMs', 'rescheduleMs', 'convergeMs'] as const) {
      const vals = a.chaos.flatMap((c) => (c[key] === undefined ? [] : [c[key]!]));
      if (vals.length > 0) m[`chaos.${key.replace('Ms', '')}.max`] = { value: Math.max(...vals), unit: 'ms', better: 'smaller' };
    }
    m['chaos.tasks_lost'] = { value: a.chaos.reduce((s, c) => s + (c.tasksLost ?? 0), 0), unit: 'tasks', better: 'smaller' };
  }
  if (a.http.length > 0) {
    const requests = a.http.reduce((s, h) => s + h.requests, 0);
    const errors = a.http.reduce((s, h) => s + h.errors, 0);
    if (requests > 0) m['http.success_ratio'] = { value: (requests - errors) / requests, unit: 'ratio', better: 'bigger' };
    const p99s = a.http.flatMap((h) => (h.p99Ms === undefined ? [] : [h.p99Ms]));
    // The worst interval's p99: percentiles of intervals cannot be merged exactly.
    if (p99s.length > 0) m['http.latency.p99.max'] = { value: Math.max(...p99s), unit: 'ms', better: 'smaller' };
  }
  if (a.harnessCpu.length > 0) m['harness.cpu.mean'] = { value: a.harnessCpu.reduce((s, h) => s + h.cpuPercent, 0) / a.harnessCpu.length, unit: '%', better: 'smaller' };
  return m;
}
