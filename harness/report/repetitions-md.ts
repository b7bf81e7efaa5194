// repetitions.md: a repeated run's repetitions, its headline metrics side by side, and the SLOs
// judged on the medians, for a terminal or a pull request (repetitions.html has the same with charts).
import {
  betweenSentence,
  clusterSentence,
  HEADLINE_HEAD,
  headlineMetrics,
  headlineRow,
  INTERVAL_NOTE,
  reportHref,
  repetitionsTitle,
  skippedSentence,
  sloMedianText,
} from './repetitions-facts.js';
import type { RepetitionsFile } from './repetitions.js';

const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

export function repetitionsMarkdown(f: RepetitionsFile): string {
  const lines = [
    `# ${repetitionsTitle(f)}`,
    '',
    [clusterSentence(f), betweenSentence(f)].filter(Boolean).join(' '),
    '',
    '| repetition | exit | reason | report |',
    '|---|---|---|---|',
    ...f.repetitions.map((r) =>
      row([String(r.index), String(r.exitCode), r.reason, `[${reportHref(r)}](${reportHref(r)})`]),
    ),
    '',
    `Headline metrics (those \`compare\` gates on). ${INTERVAL_NOTE}`,
    '',
    row(HEADLINE_HEAD),
    `${'|---'.repeat(HEADLINE_HEAD.length)}|`,
    ...headlineMetrics(f).map(([name, m]) => row(headlineRow(name, m))),
  ];
  const skipped = skippedSentence(f);
  if (skipped) lines.push('', skipped);
  if (f.slos.length) {
    lines.push('', 'SLOs on the medians:', '');
    for (const s of f.slos) lines.push(`- ${s.verdict}: ${s.expr} (median ${sloMedianText(s)})`);
  }
  return `${lines.join('\n')}\n`;
}
