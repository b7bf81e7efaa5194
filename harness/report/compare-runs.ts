// The comparison the CLI's `compare` and the runner's `--baseline` both call: load two runs
// (directories or summary.json files; a repeated run's directory gives its repetitions) and compare
// their headline metrics.
import { compareSummaries, type Comparison } from './compare.js';
import { DEFAULT_THRESHOLD } from './compare-options.js';
import { compareSets, loadRunSet, repetitionsIn } from './compare-sets.js';
import { loadSummary } from './load-summary.js';

export function compareRuns(
  baseline: string,
  run: string,
  opts: { threshold?: number; gate?: readonly string[] } = {},
): Comparison {
  const o = { threshold: opts.threshold ?? DEFAULT_THRESHOLD, gate: opts.gate };
  // Repetitions on either side: a test per metric rather than the threshold alone.
  if (repetitionsIn(baseline) || repetitionsIn(run)) return compareSets(loadRunSet(baseline), loadRunSet(run), o);
  return compareSummaries(loadSummary(baseline), loadSummary(run), o);
}
