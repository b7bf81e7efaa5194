// What repetitions.md and repetitions.html both say of a repeated run, as plain text and table
// cells, so the two pages cannot drift apart; each page only escapes and lays them out.
import { basename } from 'node:path';
import type { MetricRepetitions } from '../metrics/repetitions.js';
import { UNIT_TEXT, type MetricUnit } from '../metrics/units.js';
import type { SloResult } from '../run-record.js';
import { formatValue } from './format.js';
import { isHeadline, type RepetitionsFile } from './repetitions.js';

type Repetition = RepetitionsFile['repetitions'][number];

export const repetitionsTitle = (f: RepetitionsFile) => `${f.scenario}: ${f.repetitions.length} repetitions (${f.id})`;

/** A repetition's report relative to the parent directory, where the pages are. `dir` as recorded
 *  may be relative to wherever `run` was started, or absolute on another machine; the repetition
 *  always sits directly below the parent (run-repeat.ts), so its own name is the link that
 *  survives the parent being copied or moved. */
export const reportHref = (r: Repetition) => `${basename(r.dir)}/report.html`;

export function clusterSentence(f: RepetitionsFile): string {
  return `Cluster ${f.cluster.name}, ${f.cluster.reused ? 'reused between repetitions (services removed)' : 'brought up fresh for each repetition'}.`;
}

const seconds = (ms: readonly number[]) => ms.map((v) => `${(v / 1000).toFixed(1)} s`).join(', ');

/** The time between repetitions and its share of a repetition's steps, split into the workers'
 *  cleanup and the harness's own setup where the wait is known; empty for one repetition. */
export function betweenSentence(f: RepetitionsFile): string {
  const b = f.between;
  if (b.shareOfRepetition === null) return '';
  const total = `Between repetitions: ${seconds(b.ms)} (${Math.round(b.shareOfRepetition * 100)} % of a repetition's steps)`;
  if (!b.cleanupMs || !b.setupMs) return `${total}.`;
  return (
    `${total}: the workers removing the last repetition's tasks ${seconds(b.cleanupMs)} (the reports were built meanwhile), ` +
    `then the harness's own setup ${seconds(b.setupMs)}` +
    (b.setupShare == null ? '.' : ` (${Math.round(b.setupShare * 1000) / 10} % of a repetition with its cleanup).`)
  );
}

export const INTERVAL_NOTE =
  'The interval is the distribution-free interval of the median; with fewer than 6 repetitions it is the min–max range, with its actual coverage in brackets.';

/** The metrics both pages show: those `compare` gates on, run-level only. */
export const headlineMetrics = (f: RepetitionsFile): [string, MetricRepetitions][] =>
  Object.entries(f.summary.metrics).filter(([name]) => isHeadline(name));

export const intervalText = (m: MetricRepetitions) =>
  m.ci
    ? `${formatValue(m.ci.low, m.unit)} – ${formatValue(m.ci.high, m.unit)} (${Math.round(m.ci.coverage * 1000) / 10} %)`
    : '–';

export const HEADLINE_HEAD = [
  'metric',
  'median',
  '95 % interval of the median',
  'spread (IQR ÷ median)',
  'every repetition',
];

export function headlineRow(name: string, m: MetricRepetitions): string[] {
  return [
    name,
    formatValue(m.median, m.unit),
    intervalText(m),
    m.relativeSpread === null ? '–' : `${Math.round(m.relativeSpread * 100)} %`,
    m.values.map((v) => formatValue(v, m.unit)).join(', '),
  ];
}

/** A unit as axes and titles write it ("per s"); one the units table lacks, as it is. */
export const unitText = (unit: string) => UNIT_TEXT[unit as MetricUnit] ?? unit;

/** A metric with its unit and the better direction, as chart titles and headings name it. */
export const metricTitle = (name: string, m: MetricRepetitions) =>
  `${name} (${unitText(m.unit)}, ${m.better} is better)`;

/** Headline metrics some repetitions lack, left out of the table; empty when none. */
export function skippedSentence(f: RepetitionsFile): string {
  const skipped = Object.entries(f.summary.skipped).filter(([name]) => isHeadline(name));
  return skipped.length
    ? `Left out (not in every repetition): ${skipped.map(([n, s]) => `${n} (${s.present}/${s.of})`).join(', ')}.`
    : '';
}

export const sloMedianText = (s: SloResult) => (s.value === null ? 'none' : formatValue(s.value, s.unit));

/** Where each value in `summary.metrics[*].values` comes from: its repetition's label and whether
 *  that repetition passed on its own. Files from before `valuesFrom` tell only when every
 *  repetition had values; otherwise the values are numbered by position, not claimed for a
 *  repetition they may not come from. */
export function valueSources(f: RepetitionsFile): { label: string; passed?: boolean }[] {
  const from =
    f.valuesFrom ?? (f.summary.repetitions === f.repetitions.length ? f.repetitions.map((r) => r.index) : undefined);
  if (!from) return Array.from({ length: f.summary.repetitions }, (_, i) => ({ label: `value ${i + 1}` }));
  return from.map((i) => ({ label: `rep ${i}`, passed: f.repetitions.find((r) => r.index === i)?.exitCode === 0 }));
}
