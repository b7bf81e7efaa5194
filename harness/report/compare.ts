// Compares the headline metrics of a run with a baseline run: which moved, which way, and whether
// any moved the wrong way by more than the threshold (a regression: `compare` exits 1).
import type { Better, RunSummary } from './summary-schema.js';

export type CompareVerdict = 'regressed' | 'improved' | 'unchanged' | 'added' | 'removed';

export interface MetricComparison {
  name: string;
  unit: string;
  better: Better;
  baseline: number | null;
  now: number | null;
  /** (now - baseline) / |baseline|; Infinity when the baseline was 0 and now is not; null when one side is missing. */
  change: number | null;
  verdict: CompareVerdict;
}

export interface Comparison {
  baseline: { id: string; scenario: string; start: string; verdict: string };
  run: { id: string; scenario: string; start: string; verdict: string };
  /** Fraction, e.g. 0.1 for 10 %. */
  threshold: number;
  metrics: MetricComparison[];
  /** Names of the metrics that regressed; empty means the run is no worse than its baseline. */
  regressions: string[];
  /** Things a reader should know: different scenarios, cluster sizes, incomplete runs. */
  warnings: string[];
}

function relativeChange(baseline: number, now: number): number {
  if (baseline === now) return 0;
  if (baseline === 0) return now > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return (now - baseline) / Math.abs(baseline);
}

/** Absolute changes below these are noise whatever their relative size: 0.2 ms -> 0.4 ms of event
 *  loop lag is +100 % and means nothing. Counts have none: 0 -> 1 task lost is a real regression. */
export const NOISE_FLOOR: Record<string, number> = {
  ms: 50,
  percent: 1,
  '%': 1,
  bytes: 1024 * 1024,
  per_s: 0.05,
  ratio: 0.0001,
};

/** Regressed when the metric moved in its worse direction by more than threshold (strictly) and
 *  by more than its unit's noise floor. */
export function judge(better: Better, change: number, threshold: number, absDelta = Number.POSITIVE_INFINITY, unit = ''): CompareVerdict {
  if (absDelta <= (NOISE_FLOOR[unit] ?? 0)) return 'unchanged';
  const worse = better === 'smaller' ? change : -change;
  if (worse > threshold) return 'regressed';
  if (-worse > threshold) return 'improved';
  return 'unchanged';
}

const who = (s: RunSummary) => ({ id: s.run.id, scenario: s.run.scenario, start: s.run.start, verdict: s.run.verdict });

export function compareSummaries(baseline: RunSummary, run: RunSummary, threshold: number): Comparison {
  const names = [...new Set([...Object.keys(baseline.metrics), ...Object.keys(run.metrics)])].sort();
  const metrics: MetricComparison[] = names.map((name) => {
    const b = baseline.metrics[name];
    const n = run.metrics[name];
    const meta = n ?? b!;
    if (!b || !n) {
      return { name, unit: meta.unit, better: meta.better, baseline: b?.value ?? null, now: n?.value ?? null, change: null, verdict: b ? 'removed' : 'added' };
    }
    const change = relativeChange(b.value, n.value);
    return { name, unit: n.unit, better: n.better, baseline: b.value, now: n.value, change, verdict: judge(n.better, change, threshold, Math.abs(n.value - b.value), n.unit) };
  });
  const warnings: string[] = [];
  if (baseline.run.scenario !== run.run.scenario) warnings.push(`different scenarios: baseline ran ${baseline.run.scenario}, this run ${run.run.scenario}`);
  if (baseline.cluster.nodes !== run.cluster.nodes) warnings.push(`different cluster sizes: baseline ${baseline.cluster.nodes} nodes, this run ${run.cluster.nodes}`);
  const params = (s: RunSummary) => JSON.stringify(s.run.params, Object.keys(s.run.params).sort());
  if (params(baseline) !== params(run)) warnings.push('different scenario parameters: the runs may not be comparable');
  for (const [label, s] of [['baseline', baseline], ['this run', run]] as const) {
    if (!s.run.complete) warnings.push(`${label} (${s.run.id}) did not finish: its metrics cover only part of the scenario`);
  }
  return {
    baseline: who(baseline),
    run: who(run),
    threshold,
    metrics,
    regressions: metrics.filter((m) => m.verdict === 'regressed').map((m) => m.name),
    warnings,
  };
}

/** Parses "10%", "10", "0.1" (a fraction when below 1 without a % sign) into a fraction. */
export function parseThreshold(input: string | number): number | undefined {
  const text = String(input).trim();
  const m = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(text);
  if (!m) return undefined;
  const v = Number(m[1]);
  if (m[2] === '%' || v >= 1) return v / 100;
  return v;
}
