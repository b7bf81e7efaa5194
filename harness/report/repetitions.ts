// The files of a repeated run (`run --repeat N`): each repetition's own run directory under the
// parent (rep-1, rep-2, …, each a complete run with its report), and in the parent
// repetitions.json and repetitions.md: per metric every repetition's value, the median, the
// spread and a 95 % confidence interval of the median (metrics/repetitions.ts), the SLOs judged
// on the medians, and the time between repetitions (what reusing the cluster saves).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isHeadline } from '../metrics/registry.js';
import { summarizeMetricRepetitions, type MetricRepetitions, type RepetitionsSummary } from '../metrics/repetitions.js';
import type { SloResult } from '../run-record.js';
import { formatValue } from './format.js';
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
  /** From the end of one repetition's last step to the start of the next one's first step (ms),
   *  and their mean as a share of the mean time a repetition's steps take. */
  between: { ms: number[]; shareOfRepetition: number | null };
  slos: SloResult[];
  summary: RepetitionsSummary;
}

/** The headline metrics (defined in the measurement registry, beside gate). */
export { isHeadline };

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
  const meanRun = spans.reduce((s, sp) => s + (sp.lastMs - sp.firstMs), 0) / Math.max(1, spans.length);
  const meanBetween = between.reduce((s, v) => s + v, 0) / Math.max(1, between.length);
  return {
    schema: REPETITIONS_SCHEMA,
    schemaVersion: 1,
    scenario: meta.scenario,
    id: meta.id,
    seed: meta.seed,
    cluster: { name: meta.cluster, reused: meta.reused },
    repetitions: runs.map(({ summary: _s, ...r }) => r),
    between: { ms: between, shareOfRepetition: between.length && meanRun > 0 ? meanBetween / meanRun : null },
    slos: slos(medians),
    summary,
  };
}

const ci = (m: MetricRepetitions) =>
  m.ci
    ? `${formatValue(m.ci.low, m.unit)} – ${formatValue(m.ci.high, m.unit)} (${Math.round(m.ci.coverage * 1000) / 10} %)`
    : '–';

/** repetitions.md: the headline metrics side by side, then the SLOs on the medians. */
export function repetitionsMarkdown(f: RepetitionsFile): string {
  const rows = Object.entries(f.summary.metrics).filter(([name]) => isHeadline(name));
  const lines = [
    `# ${f.scenario}: ${f.repetitions.length} repetitions (${f.id})`,
    '',
    `Cluster ${f.cluster.name}, ${f.cluster.reused ? 'reused between repetitions (services removed)' : 'brought up fresh for each repetition'}. ` +
      (f.between.shareOfRepetition === null
        ? ''
        : `Between repetitions: ${f.between.ms.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')} (${Math.round(f.between.shareOfRepetition * 100)} % of a repetition's steps).`),
    '',
    '| repetition | exit | reason | report |',
    '|---|---|---|---|',
    ...f.repetitions.map((r) => `| ${r.index} | ${r.exitCode} | ${r.reason} | ${r.dir}/report.html |`),
    '',
    'Headline metrics (those `compare` gates on). The interval is the distribution-free interval of the median; with fewer than 6 repetitions it is the min–max range, with its actual coverage in brackets.',
    '',
    '| metric | median | 95 % interval of the median | spread (IQR ÷ median) | every repetition |',
    '|---|---|---|---|---|',
    ...rows.map(
      ([name, m]) =>
        `| ${name} | ${formatValue(m.median, m.unit)} | ${ci(m)} | ${m.relativeSpread === null ? '–' : `${Math.round(m.relativeSpread * 100)} %`} | ${m.values.map((v) => formatValue(v, m.unit)).join(', ')} |`,
    ),
  ];
  const skipped = Object.entries(f.summary.skipped).filter(([name]) => isHeadline(name));
  if (skipped.length)
    lines.push(
      '',
      `Left out (not in every repetition): ${skipped.map(([n, s]) => `${n} (${s.present}/${s.of})`).join(', ')}.`,
    );
  if (f.slos.length) {
    lines.push('', 'SLOs on the medians:', '');
    for (const s of f.slos)
      lines.push(`- ${s.verdict}: ${s.expr} (median ${s.value === null ? 'none' : formatValue(s.value, s.unit)})`);
  }
  return `${lines.join('\n')}\n`;
}

export function writeRepetitions(dir: string, f: RepetitionsFile): void {
  writeFileSync(join(dir, REPETITIONS_FILE), `${JSON.stringify(f, null, 2)}\n`);
  writeFileSync(join(dir, 'repetitions.md'), repetitionsMarkdown(f));
}
