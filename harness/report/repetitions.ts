// What a repeated run (`run --repeat N`) adds up to: each repetition's own run directory under the
// parent (rep-1, rep-2, …, each a complete run with its report), and in the parent
// repetitions.json: per metric every repetition's value, the median, the spread and a 95 %
// confidence interval of the median (metrics/repetitions.ts), the SLOs judged on the medians, and
// the time between repetitions (what reusing the cluster saves). repetitions.md and .html show it
// (repetitions-md.ts, repetitions-html.ts; written by repetitions-files.ts).
import { isHeadline } from '../metrics/registry.js';
import { summarizeMetricRepetitions, type RepetitionsSummary } from '../metrics/repetitions.js';
import type { SloResult } from '../run-record.js';
import type { RunSummary } from './summary-schema.js';

export const REPETITIONS_FILE = 'repetitions.json';
export const REPETITIONS_SCHEMA = 'swarmbench/repetitions';

export interface RepetitionRun {
  index: number;
  id: string;
  dir: string;
  exitCode: number;
  reason: string;
  startMs: number;
  endMs: number;
  /** This repetition brought the cluster up (the first one, or each with --fresh-cluster). */
  freshCluster: boolean;
  /** When the workers had removed this repetition's task containers, before the next one began
   *  (absent for the last repetition and with --fresh-cluster). */
  tasksGoneMs?: number;
  summary?: RunSummary;
}

export interface RepetitionsFile {
  schema: typeof REPETITIONS_SCHEMA;
  schemaVersion: 1;
  scenario: string;
  id: string;
  seed: number;
  cluster: { name: string; reused: boolean };
  repetitions: Omit<RepetitionRun, 'summary'>[];
  /** The indices of the repetitions whose values `summary` holds, in order: those whose reports
   *  were built (a repetition without a summary has no values). Absent in older files. */
  valuesFrom?: number[];
  /** From the end of one repetition's last step to the start of the next one's first step (ms),
   *  and their mean as a share of the mean time a repetition's steps take. Split in two where the
   *  wait for the workers is known: `cleanupMs`, the swarm removing the repetition's tasks (the
   *  reports are built meanwhile), and `setupMs`, the harness's own work after it (opening the
   *  cluster, pre-pull, nested calibration once per set); `setupShare` is the mean setup as a share
   *  of a repetition's whole time, its steps and its cleanup. */
  between: {
    ms: number[];
    shareOfRepetition: number | null;
    cleanupMs?: number[];
    setupMs?: number[];
    setupShare?: number | null;
  };
  slos: SloResult[];
  summary: RepetitionsSummary;
}

/** The headline metrics (defined in the measurement registry, beside gate). */
export { isHeadline };

const mean = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / Math.max(1, xs.length);

/** When a repetition's first step started and its last one ended (its own start and end when
 *  its summary has no steps). */
function stepSpan(r: RepetitionRun): { firstMs: number; lastMs: number } {
  const steps = r.summary?.steps ?? [];
  const first = steps[0];
  const last = steps.at(-1);
  if (!first || !last) return { firstMs: r.startMs, lastMs: r.endMs };
  return { firstMs: Date.parse(first.start), lastMs: Date.parse(last.start) + (last.durationMs ?? 0) };
}

export function repetitionsOf(
  runs: readonly RepetitionRun[],
  meta: { scenario: string; id: string; seed: number; cluster: string; reused: boolean },
  slos: (medians: Record<string, number>) => SloResult[],
): RepetitionsFile {
  const summary = summarizeMetricRepetitions(runs.flatMap((r) => (r.summary ? [r.summary.metrics] : [])));
  const medians = Object.fromEntries(Object.entries(summary.metrics).map(([k, m]) => [k, m.median]));
  // What reuse costs is the time no step runs: from one repetition's last step to the next one's
  // first (cleanup, reports, the next one's checks, pre-pull and nested calibration), against the
  // time its steps take.
  const spans = runs.map(stepSpan);
  const between = spans.slice(1).map((sp, i) => Math.max(0, sp.firstMs - spans[i]!.lastMs));
  const meanRun = mean(spans.map((sp) => sp.lastMs - sp.firstMs));
  const gone = runs.slice(0, -1).map((r) => r.tasksGoneMs);
  const split = gone.length > 0 && gone.every((g) => g !== undefined);
  const cleanupMs = split ? gone.map((g, i) => Math.max(0, g! - spans[i]!.lastMs)) : undefined;
  const setupMs = cleanupMs ? between.map((b, i) => Math.max(0, b - cleanupMs[i]!)) : undefined;
  return {
    schema: REPETITIONS_SCHEMA,
    schemaVersion: 1,
    scenario: meta.scenario,
    id: meta.id,
    seed: meta.seed,
    cluster: { name: meta.cluster, reused: meta.reused },
    repetitions: runs.map(({ summary: _s, ...r }) => r),
    valuesFrom: runs.filter((r) => r.summary).map((r) => r.index),
    between: {
      ms: between,
      shareOfRepetition: between.length && meanRun > 0 ? mean(between) / meanRun : null,
      ...(cleanupMs && setupMs
        ? { cleanupMs, setupMs, setupShare: meanRun > 0 ? mean(setupMs) / (meanRun + mean(cleanupMs)) : null }
        : {}),
    },
    slos: slos(medians),
    summary,
  };
}
