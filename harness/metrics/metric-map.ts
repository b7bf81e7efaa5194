// A summary with its units: what run.json's `metrics` and the SLOs read. Unit and direction come
// from the metric's plug-in (registry.ts), for per-step names too.
import type { MetricsSummary } from './plugin.js';
import { metricDef } from './registry.js';
import type { Better, MetricUnit } from './units.js';

export interface MetricValue {
  value: number;
  unit: MetricUnit;
  better: Better;
}
export type MetricsMap = Record<string, MetricValue>;

/** Finite values only. A name no plug-in declares (a run of an older version) is kept as a count. */
export function withUnits(summary: Readonly<MetricsSummary>): MetricsMap {
  const out: MetricsMap = {};
  for (const [name, value] of Object.entries(summary)) {
    if (!Number.isFinite(value)) continue;
    const def = metricDef(name);
    out[name] = { value, unit: def?.unit ?? 'count', better: def?.better ?? 'bigger' };
  }
  return out;
}

export function valuesOf(map: MetricsMap): Record<string, number> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v.value]));
}
