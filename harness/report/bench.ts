// bench.json in github-action-benchmark's custom format ({name, unit, value, extra}[]). The action
// takes one direction per file (customSmallerIsBetter / customBiggerIsBetter), so the run
// directory also gets one file per direction; bench.json holds all, direction stated in extra.
import type { Better, RunSummary } from './summary-schema.js';

export interface BenchEntry {
  name: string;
  unit: string;
  value: number;
  /** "smaller is better" or "bigger is better", then the run's identity. */
  extra: string;
}

export const BENCH_FILES = {
  all: 'bench.json',
  smaller: 'bench-smaller-is-better.json',
  bigger: 'bench-bigger-is-better.json',
} as const;

export function betterText(better: Better): string {
  return better === 'smaller' ? 'smaller is better' : 'bigger is better';
}

/** Every headline metric of the summary; names are "<scenario>: <metric>" so several scenarios can
 *  share one benchmark page. An incomplete run gives no entries: its numbers would pollute history. */
export function buildBench(s: RunSummary, only?: Better): BenchEntry[] {
  if (!s.run.complete) return [];
  return Object.entries(s.metrics)
    .filter(([, m]) => only === undefined || m.better === only)
    .map(([name, m]) => ({
      name: `${s.run.scenario}: ${name}`,
      unit: m.unit,
      value: Number(m.value.toPrecision(6)),
      extra: `${betterText(m.better)}; run ${s.run.id}, ${s.cluster.nodes} nodes, seed ${s.run.seed}`,
    }));
}
