// Compares the headline metrics of a run with a baseline run: which moved, which way, and whether
// any moved the wrong way by more than the threshold (a regression: `compare` exits 1).
import { relativeChange, thresholdDirection, type NoiseComparison } from '../metrics/noise-compare.js';
import { metricDef } from '../metrics/registry.js';
import { UNIT_NOISE_FLOOR, type MetricUnit } from '../metrics/units.js';
import { loadOverCores, NESTED_RATE, ratesApart, REUSED_MANAGER_NOTE, SLOWER_HOST_NOTE } from './like-with-like.js';
import type { Better, RunSummary } from './summary-schema.js';

/** regressed: a gating metric moved the wrong way beyond the threshold (exit 1); worse: a metric
 *  that does not gate (resource use, cluster shape) did so, shown but not failing. */
export type CompareVerdict = 'regressed' | 'worse' | 'improved' | 'unchanged' | 'added' | 'removed';

export interface MetricComparison {
  name: string;
  unit: string;
  better: Better;
  baseline: number | null;
  now: number | null;
  /** (now - baseline) / |baseline|; Infinity when the baseline was 0 and now is not; null when one side is missing. */
  change: number | null;
  verdict: CompareVerdict;
  /** Whether this metric can fail the comparison (its plug-in's `gate`, or --gate). */
  gates: boolean;
  /** With repetitions on a side (`run --repeat`): baseline and now are medians, and this is the
   *  test that decided (compare-sets.ts). */
  noise?: NoiseComparison;
}

export interface CompareOptions {
  /** Fraction, e.g. 0.1 for 10 %. */
  threshold: number;
  /** Metric patterns that can fail the comparison (`*` matches anything); default: the metrics
   *  whose measurement plug-in says `gate: true`. */
  gate?: readonly string[];
}

/** What the swarm does, not what it costs, gates by default: how fast tasks start and services
 *  converge, how chaos is survived, how HTTP answers (each plug-in says so of its metrics with
 *  `gate: true`). Resource figures vary with the host's load and are shown, not gated, unless asked
 *  for. Metrics an SLO of either run names always gate. Per-step figures gate like their metric. */
export function gatesByDefault(name: string): boolean {
  return metricDef(name)?.gate ?? false;
}

function matcher(patterns: readonly string[]): (name: string) => boolean {
  const res = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .split('*')
          .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
      ),
  );
  return (name) => res.some((r) => r.test(name));
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

/** The absolute change at or below which a metric is unchanged: its plug-in's noise floor, else its unit's. */
export function noiseFloorOf(name: string, unit: string): number {
  return metricDef(name)?.noiseFloor ?? UNIT_NOISE_FLOOR[(unit === '%' ? 'percent' : unit) as MetricUnit] ?? 0;
}

/** Regressed when the metric moved in its worse direction by more than threshold (strictly) and
 *  by more than its noise floor. */
export function judge(
  better: Better,
  change: number,
  threshold: number,
  absDelta = Number.POSITIVE_INFINITY,
  noiseFloor = 0,
): CompareVerdict {
  const d = thresholdDirection(better, change, threshold, absDelta, noiseFloor);
  return d === 'worse' ? 'regressed' : d === 'better' ? 'improved' : 'unchanged';
}

export const who = (s: RunSummary) => ({
  id: s.run.id,
  scenario: s.run.scenario,
  start: s.run.start,
  verdict: s.run.verdict,
});

/** Which metrics can fail a comparison of these two runs: --gate's patterns or the plug-ins'
 *  `gate`, and every metric an SLO of either run names. */
export function gatesFor(baseline: RunSummary, run: RunSummary, gate?: readonly string[]): (name: string) => boolean {
  const slo = new Set([...baseline.slos, ...run.slos].map((x) => x.metric));
  const inGate = gate ? matcher(gate) : gatesByDefault;
  // Per-step figures gate like the metric they are of: step.<name>.tasks.startup_latency.p99
  // (a step name may itself hold dots, so every tail is tried).
  return (name: string) => {
    if (slo.has(name) || inGate(name)) return true;
    const parts = name.split('.');
    return parts[0] === 'step' && parts.some((_, i) => i > 1 && inGate(parts.slice(i).join('.')));
  };
}

export function compareSummaries(baseline: RunSummary, run: RunSummary, opts: number | CompareOptions): Comparison {
  const { threshold, gate } = typeof opts === 'number' ? { threshold: opts, gate: undefined } : opts;
  const gates = gatesFor(baseline, run, gate);
  const names = [...new Set([...Object.keys(baseline.metrics), ...Object.keys(run.metrics)])].sort();
  const metrics: MetricComparison[] = names.map((name) => {
    const b = baseline.metrics[name];
    const n = run.metrics[name];
    const meta = n ?? b!;
    if (!b || !n) {
      return {
        name,
        unit: meta.unit,
        better: meta.better,
        baseline: b?.value ?? null,
        now: n?.value ?? null,
        change: null,
        verdict: b ? 'removed' : 'added',
        gates: gates(name),
      };
    }
    const change = relativeChange(b.value, n.value);
    const verdict = judge(n.better, change, threshold, Math.abs(n.value - b.value), noiseFloorOf(name, n.unit));
    return {
      name,
      unit: n.unit,
      better: n.better,
      baseline: b.value,
      now: n.value,
      change,
      verdict: verdict === 'regressed' && !gates(name) ? 'worse' : verdict,
      gates: gates(name),
    };
  });
  return {
    baseline: who(baseline),
    run: who(run),
    threshold,
    metrics,
    regressions: metrics.filter((m) => m.verdict === 'regressed').map((m) => m.name),
    warnings: warningsFor(baseline, run),
  };
}

/** Differences of swarm and host that move the figures by themselves (issue 14, "like with like"). */
export function unlikeHosts(baseline: RunSummary, run: RunSummary): string[] {
  const out: string[] = [];
  // Summaries written before a field existed (or hand-made ones) may lack these: nothing to say.
  const envB: Partial<RunSummary['environment']> = baseline.environment ?? {};
  const envR: Partial<RunSummary['environment']> = run.environment ?? {};
  const fb = baseline.cluster?.fresh;
  const fr = run.cluster?.fresh;
  if (fb !== undefined && fr !== undefined && fb !== fr)
    out.push(
      `the baseline ran on a ${fb ? 'fresh' : 'reused'} swarm, this run on a ${fr ? 'fresh' : 'reused'} one (${REUSED_MANAGER_NOTE})`,
    );
  const eb = envB.engineVersion;
  const er = envR.engineVersion;
  if (eb && er && eb !== er) out.push(`different engine versions: baseline ${eb}, this run ${er}`);
  const nb = baseline.metrics[NESTED_RATE]?.value;
  const nr = run.metrics[NESTED_RATE]?.value;
  if (nb && nr && ratesApart(nr, nb))
    out.push(
      `the nodes' own start rate differed: baseline ${nb.toFixed(2)}/s, this run ${nr.toFixed(2)}/s (${SLOWER_HOST_NOTE})`,
    );
  const lb = envB.loadAtStart;
  const lr = envR.loadAtStart;
  const cores = envR.cpus || 1;
  if (lb !== undefined && lr !== undefined && loadOverCores(Math.abs(lr - lb), cores))
    out.push(`the host's load at the start differed: baseline ${lb}, this run ${lr} (on ${cores} cores)`);
  return out;
}

/** A run's parameters as one string, keys sorted: equal strings, the same parameters. */
export const paramsKey = (s: RunSummary): string =>
  JSON.stringify(s.run.params, Object.keys(s.run.params ?? {}).sort());

/** What a reader should know before trusting a comparison of these two runs. */
export function warningsFor(baseline: RunSummary, run: RunSummary): string[] {
  const warnings: string[] = [];
  if (baseline.run.scenario !== run.run.scenario)
    warnings.push(`different scenarios: baseline ran ${baseline.run.scenario}, this run ${run.run.scenario}`);
  if (baseline.cluster.nodes !== run.cluster.nodes)
    warnings.push(`different cluster sizes: baseline ${baseline.cluster.nodes} nodes, this run ${run.cluster.nodes}`);
  if (paramsKey(baseline) !== paramsKey(run))
    warnings.push('different scenario parameters: the runs may not be comparable');
  warnings.push(...unlikeHosts(baseline, run));
  for (const [label, s] of [
    ['baseline', baseline],
    ['this run', run],
  ] as const) {
    if (!s.run.complete)
      warnings.push(`${label} (${s.run.id}) did not finish: its metrics cover only part of the scenario`);
  }
  return warnings;
}
