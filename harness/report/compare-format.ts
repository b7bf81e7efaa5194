// The comparison as a plain-text table (terminal), a Markdown table (report.md, pull requests)
// and one line that names the regressions (the last line a CI log shows).
import { formatChange, formatValue } from './format.js';
import type { Comparison, MetricComparison } from './compare.js';

export const VERDICT_TEXT: Record<MetricComparison['verdict'], string> = {
  regressed: 'REGRESSED',
  worse: 'worse, not gated',
  improved: 'improved',
  unchanged: 'ok',
  added: 'new',
  removed: 'missing',
};

/** One comparison row as every format shows it: metric, baseline, now, change, verdict. */
export function comparisonRow(m: Comparison['metrics'][number]): string[] {
  return [
    m.name,
    formatValue(m.baseline, m.unit),
    formatValue(m.now, m.unit),
    formatChange(m.change),
    `${VERDICT_TEXT[m.verdict]} (${m.better} is better)${noiseText(m)}`,
  ];
}

/** With repetitions: what the test said ("within noise, p 0.31, shift -3 % [-9 %, +4 %]"). */
function noiseText(m: MetricComparison): string {
  const n = m.noise;
  if (!n?.test) return '';
  const r = n.interval?.relative;
  const shift = r ? `, shift ${formatChange(r.estimate)} [${formatChange(r.low)}, ${formatChange(r.high)}]` : '';
  const what = n.verdict === 'within-noise' ? 'within noise, ' : '';
  return `; ${what}Mann-Whitney p ${n.test.pValue.toFixed(2)} over ${n.nA} and ${n.nB} runs${shift}`;
}

const rows = (c: Comparison): string[][] => c.metrics.map(comparisonRow);

export const COMPARISON_HEAD = ['metric', 'baseline', 'now', 'change', 'verdict'];

export function comparisonText(c: Comparison): string {
  const table = [COMPARISON_HEAD, ...rows(c)];
  const widths = COMPARISON_HEAD.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === 0 || i === 4 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    `baseline ${c.baseline.id} (${c.baseline.scenario}, ${c.baseline.start})`,
    `run      ${c.run.id} (${c.run.scenario}, ${c.run.start})`,
    `threshold ${(c.threshold * 100).toFixed(1)} %`,
    ...c.warnings.map((w) => `warning: ${w}`),
    '',
    line(table[0]!),
    line(widths.map((w) => '-'.repeat(w))),
    ...table.slice(1).map(line),
    '',
    comparisonVerdictLine(c),
  ].join('\n');
}

export function comparisonMarkdown(c: Comparison): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `Baseline \`${esc(c.baseline.id)}\` vs this run \`${esc(c.run.id)}\`, threshold ${(c.threshold * 100).toFixed(1)} %.`,
    ...c.warnings.map((w) => `\n> warning: ${esc(w)}`),
    '',
    `| ${COMPARISON_HEAD.join(' | ')} |`,
    '|---|--:|--:|--:|---|',
    // Only what moved: the unchanged rest is counted (comparison.json has every figure).
    ...rows(c)
      .filter((_, i) => c.metrics[i]!.verdict !== 'unchanged')
      .map((r) => `| ${r.map(esc).join(' | ')} |`),
    '',
    `${c.metrics.filter((m) => m.verdict === 'unchanged').length} more metrics within ${(c.threshold * 100).toFixed(1)} % (all of them in comparison.json).`,
    '',
    comparisonVerdictLine(c),
  ].join('\n');
}

const STAT_SUFFIX = /\.(p50|p90|p95|p99|max|mean|min)$/;
/** Which statistic speaks for its family in one line: the plain value, else the tail. */
const REPRESENTATIVE = ['', '.p99', '.p90', '.p50', '.mean', '.max', '.min', '.p95'];
const FAMILY_ORDER = ['tasks.', 'scale.', 'chaos.', 'http.', 'update.', 'nodes.', 'leader.'];
const rank = (name: string) => {
  const i = FAMILY_ORDER.findIndex((p) => name.startsWith(p));
  return i === -1 ? FAMILY_ORDER.length : i;
};

function describeMove(m: MetricComparison): string {
  return `${m.name} ${formatValue(m.baseline, m.unit)} -> ${formatValue(m.now, m.unit)} (${formatChange(m.change)}, ${m.better} is better`;
}

/** One line a CI log ends with: the regressed quantities, one statistic each (p99 first), the
 *  rest counted; the table and --json have every figure. */
export function comparisonVerdictLine(c: Comparison): string {
  const threshold = `${(c.threshold * 100).toFixed(1)} %`;
  if (c.regressions.length === 0) return `no regression beyond ${threshold} against ${c.baseline.id}`;
  const regressed = c.metrics.filter((m) => m.verdict === 'regressed');
  const whole = regressed.filter((m) => !m.name.startsWith('step.'));
  const perStep = regressed.length - whole.length;
  const families = new Map<string, MetricComparison[]>();
  for (const m of whole) {
    const family = m.name.replace(STAT_SUFFIX, '');
    families.set(family, [...(families.get(family) ?? []), m]);
  }
  const parts = [...families.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([family, ms]) => {
      const rep =
        REPRESENTATIVE.map((suffix) => ms.find((m) => m.name === family + suffix)).find((m) => m !== undefined) ??
        ms[0]!;
      const more = ms.length - 1;
      return `${describeMove(rep)}${more > 0 ? `; ${more} more of its statistics` : ''})`;
    });
  if (parts.length === 0) parts.push(...regressed.slice(0, 3).map((m) => `${describeMove(m)})`));
  else if (perStep > 0) parts.push(`and ${perStep} per-step figure(s)`);
  return `REGRESSION beyond ${threshold}: ${parts.join('; ')}`;
}
