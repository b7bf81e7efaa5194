// The comparison the CLI's `compare` and the runner's `--baseline` both call: load two runs
// (directories or summary.json files) and compare their headline metrics.
import { compareSummaries, type Comparison } from './compare.js';
import { loadSummary } from './load-summary.js';

export const DEFAULT_THRESHOLD = 0.1;

export function compareRuns(baseline: string, run: string, opts: { threshold?: number; gate?: readonly string[] } = {}): Comparison {
  return compareSummaries(loadSummary(baseline), loadSummary(run), { threshold: opts.threshold ?? DEFAULT_THRESHOLD, gate: opts.gate });
}
