// The runs a history is made of: every run directory under a reports directory (a single run's
// summary.json, or a repeated run's repetitions.json, whose medians and intervals stand for it),
// of one scenario, oldest first, with what `history` needs to tell like from unlike.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Better } from '../metrics/units.js';
import { paramsKey } from '../report/compare.js';
import type { RepetitionsFile } from '../report/repetitions.js';
import { readJson } from '../report/runs-list.js';
import type { RunSummary } from '../report/summary-schema.js';

export interface HistoryMetric {
  value: number;
  unit: string;
  better: Better;
  /** The interval of the median, for a repeated run. */
  interval?: { low: number; high: number; coverage: number };
}

export interface HistoryRun {
  id: string;
  /** The run directory; '' for a run read from InfluxDB (`history --from-influx`). */
  dir: string;
  startMs: number;
  repetitions: number;
  verdict: string;
  nodes: number;
  params: string;
  /** Whether the run found its cluster fresh (brought up by it) or reused; undefined if unknown. */
  fresh?: boolean;
  /** The host's engine, its cores and its 1-minute load average at the start, for the unlike-run
   *  warnings; optional, as a source may not know them (summaries from before loadAtStart). */
  engineVersion?: string;
  cpus?: number;
  loadAtStart?: number;
  metrics: Record<string, HistoryMetric>;
}

/** A single run (or one repetition) as a history sees it. */
export function historyRunOfSummary(dir: string, s: RunSummary): HistoryRun {
  // Hand-made or older summaries may lack the environment.
  const env: Partial<RunSummary['environment']> = s.environment ?? {};
  return {
    id: s.run.id,
    dir,
    startMs: Date.parse(s.run.start),
    repetitions: 1,
    verdict: s.run.verdict,
    nodes: s.cluster?.nodes ?? 0,
    params: paramsKey(s),
    fresh: s.cluster?.fresh,
    engineVersion: env.engineVersion,
    cpus: env.cpus,
    loadAtStart: env.loadAtStart,
    metrics: Object.fromEntries(
      Object.entries(s.metrics).map(([k, m]) => [k, { value: m.value, unit: m.unit, better: m.better }]),
    ),
  };
}

/** A repeated run as one run of a history: its medians and their intervals (undefined when its
 *  first repetition has no summary.json). */
export function historyRunOfRepetitions(dir: string, f: RepetitionsFile): HistoryRun | undefined {
  const first = f.repetitions[0];
  const s = first && readJson<RunSummary>(join(first.dir, 'summary.json'));
  if (!s) return undefined;
  const failed = f.slos.some((x) => x.verdict !== 'pass') || f.repetitions.some((r) => r.exitCode > 1);
  // The first repetition's host facts stand for the run: its load is the one the series began on.
  return {
    ...historyRunOfSummary(dir, s),
    id: f.id,
    startMs: first.startMs,
    repetitions: f.repetitions.length,
    verdict: failed ? 'fail' : 'pass',
    fresh: !f.cluster.reused,
    metrics: Object.fromEntries(
      Object.entries(f.summary.metrics).map(([k, m]) => [
        k,
        {
          value: m.median,
          unit: m.unit,
          better: m.better,
          ...(m.ci ? { interval: { low: m.ci.low, high: m.ci.high, coverage: m.ci.coverage } } : {}),
        },
      ]),
    ),
  };
}

/** The runs of `scenario` under `root` (each a directory directly below it), oldest first.
 *  Repetitions inside a repeated run are not runs of the history: their parent is. */
export function loadHistoryRuns(root: string, scenario: string): HistoryRun[] {
  if (!existsSync(root)) return [];
  const out: HistoryRun[] = [];
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    const reps = readJson<RepetitionsFile>(join(dir, 'repetitions.json'));
    const run = reps
      ? reps.scenario === scenario
        ? historyRunOfRepetitions(dir, reps)
        : undefined
      : (() => {
          const s = readJson<RunSummary>(join(dir, 'summary.json'));
          return s?.run?.scenario === scenario && s.run.complete ? historyRunOfSummary(dir, s) : undefined;
        })();
    if (run && Number.isFinite(run.startMs)) out.push(run);
  }
  return out.sort((a, b) => a.startMs - b.startMs);
}
