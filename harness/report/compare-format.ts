// The comparison as a plain-text table (terminal), a Markdown table (report.md, pull requests)
// and one line that names the regressions (the last line a CI log shows).
import { formatChange, formatValue } from './format.js';
import type { Comparison, MetricComparison } from './compare.js';

const VERDICT_TEXT: Record<MetricComparison['verdict'], string> = {
  regressed: 'REGRESSED',
  worse: 'worse, not gated',
  improved: 'improved',
  unchanged: 'ok',
  added: 'new',
  removed: 'missing',
};

function rows(c: Comparison): string[][] {
  return c.metrics.map((m) => [
    m.name,
    formatValue(m.baseline, m.unit),
    formatValue(m.now, m.unit),
    formatChange(m.change),
    `${VERDICT_TEXT[m.verdict]} (${m.better} is better)`,
  ]);
}

const HEAD = ['metric', 'baseline', 'now', 'change', 'verdict'];

export function comparisonText(c: Comparison): string {
  const table = [HEAD, ...rows(c)];
  const widths = HEAD.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 || i === 4 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
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
    `| ${HEAD.join(' | ')} |`,
    '|---|--:|--:|--:|---|',
    ...rows(c).map((r) => `| ${r.map(esc).join(' | ')} |`),
    '',
    comparisonVerdictLine(c),
  ].join('\n');
}

/** How many regressions the verdict line names before "and N more" (the table has them all). */
const NAMED = 6;

export function comparisonVerdictLine(c: Comparison): string {
  if (c.regressions.length === 0) return `no regression beyond ${(c.threshold * 100).toFixed(1)} % against ${c.baseline.id}`;
  // Whole-run figures first: they are what a reader looks for; per-step ones explain them.
  const regressed = c.metrics.filter((m) => m.verdict === 'regressed').sort((a, b) => Number(a.name.startsWith('step.')) - Number(b.name.startsWith('step.')));
  const named = regressed
    .slice(0, NAMED)
    .map((m) => `${m.name} ${formatValue(m.baseline, m.unit)} -> ${formatValue(m.now, m.unit)} (${formatChange(m.change)}, ${m.better} is better)`);
  const more = regressed.length > NAMED ? `; and ${regressed.length - NAMED} more` : '';
  return `REGRESSION: ${regressed.length} metric(s) moved the wrong way by more than ${(c.threshold * 100).toFixed(1)} %: ${named.join('; ')}${more}`;
}
