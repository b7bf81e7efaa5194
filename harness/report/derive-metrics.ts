// Headline metrics and per-step distributions computed from the recorded points, by the same
// measurement plug-ins the run used (so a rebuilt report and the runner agree to the digit). The
// runner's own figures in run.json win over these; these fill in what it did not record (or did
// not live to).
import type { Analysis } from '../metrics/analysis.js';
import type { Calibration } from '../metrics/calibrate.js';
import type { Point } from '../metrics/measurements.js';
import { withUnits, type MetricValue } from '../metrics/metric-map.js';
import { measurementPlugins } from '../metrics/registry.js';
import { distribution, type Distribution } from '../metrics/stats.js';
import { SummaryBuilder } from '../metrics/summary.js';
import type { MeasurementSummary } from './summary-schema.js';

export type DerivedMetric = MetricValue;

function flat(name: string, step: string, unit: string, d: Distribution): MeasurementSummary {
  return {
    name,
    step,
    unit,
    count: d.count,
    min: d.min,
    mean: d.mean,
    p50: d.p50,
    p90: d.p90,
    p95: d.p95,
    p99: d.p99,
    max: d.max,
  };
}

/** Distributions per measured quantity, for the whole run (step '') and for each step. */
export function measurementSummaries(a: Analysis): MeasurementSummary[] {
  const out: MeasurementSummary[] = [];
  for (const plugin of measurementPlugins()) {
    for (const { name, unit, rows } of plugin.distributions?.(a) ?? []) {
      const all = distribution(rows.map((r) => r.value));
      if (!all) continue;
      out.push(flat(name, '', unit, all));
      for (const step of new Set(rows.map((r) => r.step).filter((s) => s !== ''))) {
        const d = distribution(rows.filter((r) => r.step === step).map((r) => r.value));
        if (d) out.push(flat(name, step, unit, d));
      }
    }
  }
  return out;
}

/** Headline metrics by name, as SLOs and comparisons name them: every plug-in's fold of the points. */
export function deriveMetrics(
  a: Analysis,
  points: readonly Point[],
  calibration?: Calibration,
): Record<string, DerivedMetric> {
  const builder = new SummaryBuilder({ calibration });
  for (const p of points) builder.observe(p);
  return withUnits(builder.build(a.steps));
}
