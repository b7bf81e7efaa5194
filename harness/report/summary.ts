// Builds summary.json (see summary-schema.ts and docs/summary-schema.md) from a run's data:
// the run record's facts, its SLO verdicts, and every metric summary, secrets redacted.
import { redactValue } from '../util/redact.js';
import type { RunRecord } from '../run-record.js';
import type { Analysis } from '../metrics/analysis.js';
import { deriveMetrics, measurementSummaries } from './derive-metrics.js';
import type { RunData } from './run-data.js';
import { validityOf } from '../metrics/measurements/validity.js';
import {
  SUMMARY_SCHEMA,
  SUMMARY_SCHEMA_VERSION,
  type RunSummary,
  type RunValidity,
  type RunVerdict,
  type SummaryMetric,
} from './summary-schema.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** The run's verdict: an unfinished run is 'incomplete' whatever its SLOs say so far. */
export function runVerdict(record: RunRecord, incomplete: boolean): RunVerdict {
  if (record.status === 'error') return 'error';
  if (incomplete) return 'incomplete';
  if (record.status === 'failed' || record.slos.some((s) => s.verdict !== 'pass')) return 'fail';
  return 'pass';
}

function headlineMetrics(record: RunRecord, a: Analysis, points: RunData['points']): Record<string, SummaryMetric> {
  const out: Record<string, SummaryMetric> = {};
  for (const [name, m] of Object.entries(deriveMetrics(a, points))) out[name] = { ...m, source: 'derived' };
  for (const [name, m] of Object.entries(record.metrics)) {
    if (typeof m?.value === 'number' && Number.isFinite(m.value))
      out[name] = { value: m.value, unit: m.unit, better: m.better, source: 'run' };
  }
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => x.localeCompare(y)));
}

/** The validity verdict of the run and of each step, from the summary's own figures. */
function runValidity(metrics: Record<string, SummaryMetric>, steps: Analysis['steps']): RunValidity | undefined {
  const values = Object.fromEntries(Object.entries(metrics).map(([k, m]) => [k, m.value]));
  const run = validityOf(values);
  if (run.verdict === 'unknown') return undefined;
  const perStep = steps
    .map((st) => ({ step: st.name, ...validityOf(values, `step.${st.name}.`) }))
    .filter((v) => v.verdict !== 'unknown');
  return { ...run, steps: perStep };
}

export function buildSummary(data: RunData, a: Analysis, now: Date = new Date()): RunSummary {
  const r = data.record;
  const metrics = headlineMetrics(r, a, data.points);
  const end = r.endMs;
  const summary: RunSummary = {
    schema: SUMMARY_SCHEMA,
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    run: {
      id: r.id,
      scenario: r.scenario,
      scenarioFile: r.scenarioFile,
      description: r.description,
      status: r.status,
      verdict: runVerdict(r, data.incomplete),
      complete: !data.incomplete,
      reason: r.reason,
      exitCode: r.exitCode,
      start: iso(r.startMs || a.t0),
      end: end === undefined ? undefined : iso(end),
      durationMs: end === undefined ? undefined : end - r.startMs,
      seed: r.seed,
      params: r.params,
    },
    cluster: { ...r.cluster, hosts: [...r.cluster.hosts] },
    environment: { ...r.environment },
    steps: a.steps.map((s) => ({
      index: s.index,
      name: s.name,
      type: s.type,
      start: iso(s.startMs),
      durationMs: s.endMs === undefined ? undefined : s.endMs - s.startMs,
      error: s.error,
    })),
    marks: a.marks.map((m) => ({ name: m.name, time: iso(m.timeMs), offsetMs: m.timeMs - a.t0 })),
    slos: r.slos.map((s) => ({ ...s })),
    metrics,
    measurements: measurementSummaries(a),
    validity: runValidity(metrics, a.steps),
    chaos: a.chaos.map((e) => ({
      action: e.action,
      targets: e.target.split(',').filter(Boolean),
      step: e.step,
      start: iso(e.startMs),
      offsetMs: e.startMs - a.t0,
      detectMs: e.detectMs,
      rescheduleMs: e.rescheduleMs,
      convergeMs: e.convergeMs,
      tasksLost: e.tasksLost,
    })),
    data: {
      source: data.source,
      pointsByMeasurement: a.pointCounts,
      firstPoint: data.points.length > 0 ? iso(data.points[0]!.timeMs) : undefined,
      lastPoint: data.points.length > 0 ? iso(a.lastMs) : undefined,
      problems: [...data.problems],
    },
  };
  return redactValue(summary);
}
