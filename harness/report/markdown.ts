// report.md: the same facts as report.html as Markdown tables, for pasting into an issue or a pull
// request; charts are linked as the PNG files written next to it (charts/<id>.png).
import { redact } from '../util/redact.js';
import type { ChartImage } from './charts/index.js';
import type { Comparison } from './compare.js';
import { comparisonMarkdown } from './compare-format.js';
import {
  chaosTable,
  clusterTable,
  dataTable,
  imagesTable,
  marksTable,
  measurementsTable,
  metricsTable,
  paramsTable,
  runTable,
  sloTable,
  stepsTable,
  plural,
  validityLine,
  validityTable,
  VERDICT_LABEL,
  type FactTable,
} from './page-facts.js';
import type { LoadedProfiles } from './load-profiles.js';
import { profileSection, type ProfileSection } from './profile-facts.js';
import type { RunSummary } from './summary-schema.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A fact table under its heading, as every Markdown page writes one (knee.md too). */
export function mdTable(t: FactTable, level = '###'): string {
  const heading = `${level} ${t.title}\n\n`;
  if (t.rows.length === 0) return `${heading}_${t.empty ?? 'Nothing recorded.'}_\n`;
  const head = t.head.every((h) => h === '') ? t.head.map((_, i) => (i === 0 ? 'fact' : 'value')) : t.head;
  const align = head.map((_, i) => (t.numeric?.includes(i) ? '--:' : '---'));
  const text = (c: string, i: number) => (t.code?.includes(i) ? `\`${cell(c)}\`` : cell(c));
  return `${heading}| ${head.map(cell).join(' | ')} |\n|${align.join('|')}|\n${t.rows.map((r) => `| ${r.map(text).join(' | ')} |`).join('\n')}\n`;
}

export function chartFile(c: ChartImage): string {
  return `charts/${c.id}.png`;
}

/** The chart's notes as a list under its caption. */
function notesMarkdown(notes: readonly string[] | undefined): string {
  return notes && notes.length > 0 ? `\n${notes.map((n) => `- ${n}`).join('\n')}\n` : '';
}

function profilesMarkdown(section: ProfileSection): string[] {
  return [
    `## ${section.title}\n\n${section.intro}\n`,
    ...section.problems.map((p) => `> **Note:** ${p}\n`),
    ...section.profiles.map(
      (p) => `### ${p.title}\n\n${p.lines.join('\n\n')}\n\n${p.tables.map((t) => mdTable(t, '####')).join('\n')}`,
    ),
  ];
}

export function buildMarkdown(
  s: RunSummary,
  charts: readonly ChartImage[],
  comparison?: Comparison,
  profiles?: LoadedProfiles,
): string {
  const section = profileSection(profiles);
  const parts = [
    `# ${s.run.scenario}: ${VERDICT_LABEL[s.run.verdict]}\n`,
    `Run \`${s.run.id}\`, started ${s.run.start}, ${s.cluster.nodes} nodes (${plural(s.cluster.managers, 'manager')}, ${plural(s.cluster.workers, 'worker')}), seed ${s.run.seed}.\n`,
    ...s.data.problems.map((p) => `> **${p.startsWith('Incomplete') ? 'Incomplete run' : 'Note'}:** ${p}\n`),
    ...(validityLine(s) ? [`> **${validityLine(s)}**\n`] : []),
    mdTable(sloTable(s), '##'),
    ...(comparison ? [`## Comparison\n\n${comparisonMarkdown(comparison)}\n`] : []),
    mdTable(metricsTable(s), '##'),
    '## Charts\n',
    ...charts.map((c) =>
      c.png
        ? `### ${c.title}\n\n![${c.title}](${chartFile(c)})\n\n${c.caption}\n${notesMarkdown(c.notes)}`
        : `### ${c.title}\n\n_No chart: ${c.missing ?? 'no data'}._\n${notesMarkdown(c.notes)}`,
    ),
    '## Scenario and cluster\n',
    mdTable(runTable(s)),
    mdTable(paramsTable(s)),
    mdTable(clusterTable(s)),
    mdTable(imagesTable(s)),
    '## Timeline\n',
    mdTable(stepsTable(s)),
    mdTable(validityTable(s)),
    mdTable(marksTable(s)),
    ...(s.chaos.length > 0 ? [mdTable(chaosTable(s))] : []),
    '## Measurements\n',
    mdTable(measurementsTable(s)),
    mdTable(dataTable(s)),
    ...(section ? profilesMarkdown(section) : []),
    `---\nswarmbench ${s.environment.harnessVersion}, summary schema ${s.schema} v${s.schemaVersion}, generated ${s.generatedAt}.\n`,
  ];
  return redact(parts.join('\n'));
}
