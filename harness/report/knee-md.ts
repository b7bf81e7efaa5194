// knee.md: a breaking-point search for a terminal or a pull request: the knee in a sentence, the
// validity verdict there and what it means, the chart (knee.png beside it), every probe with its
// report, and the managers' top functions either side of the knee (knee.html has the same, with
// the chart inline).
import { kneeSentence, kneeTitle, probesTable, resolutionSentence, verdictSentence } from './knee-facts.js';
import type { KneeProfileSection } from './knee-profile-facts.js';
import type { Knee } from '../search/knee.js';
import { mdTable } from './markdown.js';

/** `chart`: the line that stands for it (an image link, or why there is none). */
export function kneeMarkdown(k: Knee, chart: string, profiles: KneeProfileSection | undefined): string {
  const v = verdictSentence(k);
  const probes = probesTable(k);
  // The report column as a link; the table renderer writes cells as they are.
  const linked = { ...probes, rows: probes.rows.map((r) => [...r.slice(0, -1), `[${r.at(-1)}](${r.at(-1)})`]) };
  const parts = [
    `# ${kneeTitle(k)}`,
    '',
    kneeSentence(k),
    '',
    ...(resolutionSentence(k) ? [resolutionSentence(k), ''] : []),
    `**${v.head}** ${v.meaning}`,
    '',
    chart,
    '',
    mdTable(linked, '##'),
  ];
  if (profiles) {
    parts.push(`## ${profiles.title}`, '', profiles.intro, '');
    for (const note of profiles.notes) parts.push(`> **Note:** ${note}`, '');
    for (const g of profiles.groups) {
      parts.push(`### ${g.title}`, '', g.lines.join('\n\n'), '');
      for (const t of g.tables) parts.push(mdTable(t, '####'));
    }
  }
  return `${parts
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
