// A scenario's history: each headline metric's value per run (a repeated run's median, with its
// interval), oldest first, the change points E-divisive finds in it (change-points.ts), and
// whether the newest runs start a regression, which fails `history` (exit 1). Runs unlike the
// rest (other parameters or cluster size, fresh and reused swarms mixed, another engine, a busy
// host at the start, a slower host by the nodes' own start rate) are named: a change point at such
// a run may be the difference, not a regression.
import { median } from '../metrics/repetitions.js';
import type { Better } from '../metrics/units.js';
import {
  HOST_SPEED_GAP,
  LOAD_SHARE_OF_CORES,
  loadOverCores,
  NESTED_RATE,
  ratesApart,
  REUSED_MANAGER_NOTE,
  SLOWER_HOST_NOTE,
} from '../report/like-with-like.js';
import { isHeadline } from '../report/repetitions.js';
import { detectChangePoints, type ChangePointAnalysis } from './change-points.js';
import type { HistoryRun } from './runs.js';

export const HISTORY_SCHEMA = 'swarmbench/history';

export interface MetricHistory {
  unit: string;
  better: Better;
  points: { run: string; startMs: number; value: number; interval?: { low: number; high: number } }[];
  analysis: ChangePointAnalysis;
}

export interface HistoryFile {
  schema: typeof HISTORY_SCHEMA;
  schemaVersion: 1;
  scenario: string;
  generatedAt: string;
  runs: Omit<HistoryRun, 'metrics' | 'params'>[];
  metrics: Record<string, MetricHistory>;
  /** Metrics whose newest runs start a regression. */
  regressions: string[];
  warnings: string[];
}

/** The runs like the newest one, its parameters and cluster size, and the rest: a history of
 *  mixed sizes shows their differences as change points (a 40-replica run after 200-replica ones
 *  "regresses" tasks.started by 80 %). `history` keeps only the first unless --all-params. */
export function likeTheNewest(runs: readonly HistoryRun[]): { like: HistoryRun[]; other: HistoryRun[] } {
  const newest = runs.at(-1);
  const like = runs.filter((r) => r.params === newest?.params && r.nodes === newest?.nodes);
  return { like, other: runs.filter((r) => !like.includes(r)) };
}

/** Fewer runs than this and no change can be told from noise (two segments of three). */
export const MIN_RUNS = 6;

export function buildHistory(
  scenario: string,
  runs: readonly HistoryRun[],
  opts: { minChange?: number } = {},
): HistoryFile {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].filter(isHeadline).sort();
  const metrics: Record<string, MetricHistory> = {};
  for (const name of names) {
    const have = runs.filter((r) => r.metrics[name] !== undefined && Number.isFinite(r.metrics[name].value));
    if (have.length < MIN_RUNS) continue;
    const first = have[0]!.metrics[name]!;
    const points = have.map((r) => ({
      run: r.id,
      startMs: r.startMs,
      value: r.metrics[name]!.value,
      ...(r.metrics[name]!.interval ? { interval: r.metrics[name]!.interval } : {}),
    }));
    metrics[name] = {
      unit: first.unit,
      better: first.better,
      points,
      analysis: detectChangePoints(points, { better: first.better, minChange: opts.minChange }),
    };
  }
  return {
    schema: HISTORY_SCHEMA,
    schemaVersion: 1,
    scenario,
    generatedAt: new Date().toISOString(),
    runs: runs.map(({ metrics: _m, params: _p, ...r }) => r),
    metrics,
    regressions: Object.entries(metrics)
      .filter(([, m]) => m.analysis.regression)
      .map(([n]) => n),
    warnings: unlike(runs),
  };
}

/** Runs that differ from the most common kind in ways that move the figures by themselves, by the
 *  rules `compare` applies to two runs (report/like-with-like.ts), here each run against most. */
function unlike(runs: readonly HistoryRun[]): string[] {
  const out: string[] = [];
  // The most common known value: runs that do not record a fact (older or other sources) neither
  // set the norm nor break it.
  const common = <T>(f: (r: HistoryRun) => T | undefined): T | undefined => {
    const counts = new Map<T, number>();
    for (const r of runs) {
      const v = f(r);
      if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  };
  const odd = (what: string, f: (r: HistoryRun) => boolean) => {
    const ids = runs.filter(f).map((r) => r.id);
    if (ids.length)
      out.push(`${what}: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''}`);
  };
  const params = common((r) => r.params);
  const nodes = common((r) => r.nodes);
  odd('other scenario parameters than most runs', (r) => r.params !== params);
  odd('another cluster size than most runs', (r) => r.nodes !== nodes);
  if (runs.some((r) => r.fresh === true) && runs.some((r) => r.fresh === false))
    odd(`a fresh swarm where others reused one (${REUSED_MANAGER_NOTE})`, (r) => r.fresh === true);
  const engine = common((r) => r.engineVersion);
  odd(
    `another engine version than most runs' ${engine}`,
    (r) => r.engineVersion !== undefined && r.engineVersion !== engine,
  );
  // Without the host's core count a load says nothing; such runs are left out, not guessed at.
  odd(
    `a host load at the start above ${LOAD_SHARE_OF_CORES * 100} % of its cores (the nodes shared the CPU)`,
    (r) => r.loadAtStart !== undefined && !!r.cpus && loadOverCores(r.loadAtStart, r.cpus),
  );
  const rates = runs.flatMap((r) => {
    const v = r.metrics[NESTED_RATE]?.value;
    return v !== undefined && Number.isFinite(v) ? [v] : [];
  });
  const typical = rates.length ? median(rates) : 0;
  if (typical > 0)
    odd(
      `the nodes' own start rate (${NESTED_RATE}) more than ${HOST_SPEED_GAP * 100} % from the runs' median ${typical.toFixed(2)}/s (${SLOWER_HOST_NOTE})`,
      (r) => {
        const v = r.metrics[NESTED_RATE]?.value;
        return v !== undefined && Number.isFinite(v) && ratesApart(v, typical);
      },
    );
  return out;
}
