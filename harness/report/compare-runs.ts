// The comparison the CLI's `compare` and the runner's `--baseline` both call: load two runs
// (directories or summary.json files) and compare their headline metrics.
import { compareSummaries, type Comparison } from './compare.js';
import { DEFAULT_THRESHOLD } from './compare-options.js';
import { loadSummary } from './load-summary.js';

export function compareRuns(
  baseline: string,
  run: string,
  opts: { threshold?: number; gate?: readonly string[] } = {},
): Comparison {
  return compareSummaries(loadSummary(baseline), loadSummary(run), {
    threshold: opts.threshold ?? DEFAULT_THRESHOLD,
    gate: opts.gate,
  });
}
