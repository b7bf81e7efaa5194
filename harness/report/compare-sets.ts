// Comparing runs that were repeated (`run --repeat`): per metric, the repetitions of the baseline
// against those of the run with a test (metrics/noise-compare.ts: a regression only when the
// medians moved beyond the threshold in the worse direction AND the Mann–Whitney U test finds the
// difference clear; otherwise "within noise", with the interval). A single run on one side is a
// set of one: today's threshold rule decides, and the comparison says the noise is unknown.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareRepetitions } from '../metrics/noise-compare.js';
import {
  gatesFor,
  noiseFloorOf,
  warningsFor,
  who,
  type CompareVerdict,
  type Comparison,
  type MetricComparison,
} from './compare.js';
import { loadSummary } from './load-summary.js';
import { REPETITIONS_FILE, type RepetitionsFile } from './repetitions.js';
import type { Better, RunSummary } from './summary-schema.js';

/** One side of a comparison: a run, or the repetitions of one. */
export interface RunSet {
  /** For the run's identity and the like-with-like warnings: the run, or the first repetition. */
  summary: RunSummary;
  metrics: Record<string, { values: number[]; unit: string; better: Better }>;
  repetitions: number;
}

/** The repetitions file of a directory, when it is one a repeated run wrote. */
export function repetitionsIn(path: string): RepetitionsFile | undefined {
  const file = join(path, REPETITIONS_FILE);
  if (!existsSync(path) || !statSync(path).isDirectory() || !existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as RepetitionsFile;
}

/** A single run as a set of one. */
export function runSetOf(summary: RunSummary): RunSet {
  const metrics = Object.fromEntries(
    Object.entries(summary.metrics).map(([k, m]) => [k, { values: [m.value], unit: m.unit, better: m.better }]),
  );
  return { summary, metrics, repetitions: 1 };
}

export function loadRunSet(path: string): RunSet {
  const reps = repetitionsIn(path);
  if (!reps) return runSetOf(loadSummary(path));
  const first = reps.repetitions[0];
  if (!first) throw new Error(`${path}/${REPETITIONS_FILE} lists no repetition`);
  const metrics = Object.fromEntries(
    Object.entries(reps.summary.metrics).map(([k, m]) => [k, { values: m.values, unit: m.unit, better: m.better }]),
  );
  return { summary: loadSummary(first.dir), metrics, repetitions: reps.repetitions.length };
}

const VERDICT: Record<string, CompareVerdict> = {
  regressed: 'regressed',
  'regressed-noise-unknown': 'regressed',
  improved: 'improved',
  'improved-noise-unknown': 'improved',
  'within-noise': 'unchanged',
  unchanged: 'unchanged',
};

export function compareSets(
  baseline: RunSet,
  run: RunSet,
  opts: { threshold: number; gate?: readonly string[] },
): Comparison {
  const gates = gatesFor(baseline.summary, run.summary, opts.gate);
  const names = [...new Set([...Object.keys(baseline.metrics), ...Object.keys(run.metrics)])].sort();
  const metrics: MetricComparison[] = names.map((name) => {
    const b = baseline.metrics[name];
    const n = run.metrics[name];
    const meta = n ?? b!;
    if (!b || !n || b.values.length === 0 || n.values.length === 0)
      return {
        name,
        unit: meta.unit,
        better: meta.better,
        baseline: null,
        now: null,
        change: null,
        verdict: b ? 'removed' : 'added',
        gates: gates(name),
      };
    const noise = compareRepetitions(b.values, n.values, {
      better: n.better,
      threshold: opts.threshold,
      noiseFloor: noiseFloorOf(name, n.unit),
    });
    const verdict = VERDICT[noise.verdict] ?? 'unchanged';
    return {
      name,
      unit: n.unit,
      better: n.better,
      baseline: noise.medianA,
      now: noise.medianB,
      change: noise.change,
      verdict: verdict === 'regressed' && !gates(name) ? 'worse' : verdict,
      gates: gates(name),
      noise,
    };
  });
  const warnings = warningsFor(baseline.summary, run.summary);
  if (baseline.repetitions === 1 || run.repetitions === 1)
    warnings.push(
      `the noise is unknown: ${baseline.repetitions === 1 ? 'the baseline' : 'this run'} is a single run (\`run --repeat N\` gives a test instead of a threshold)`,
    );
  return {
    baseline: who(baseline.summary),
    run: who(run.summary),
    threshold: opts.threshold,
    metrics,
    regressions: metrics.filter((m) => m.verdict === 'regressed').map((m) => m.name),
    warnings,
  };
}
