// scenarios/README.md's step table, rendered from the step plug-ins so that it cannot fall behind
// them. The README holds it between two marker lines; `swarmbench scenarios steps --write`
// rewrites what is between them, and a unit test fails when the committed table is stale.
import type { StepPlugin } from './steps/plugin.js';
import { stepPlugins } from './steps/registry.js';

export const STEP_TABLE_BEGIN = '<!-- steps:begin (generated from the step plug-ins: swarmbench scenarios steps --write) -->';
export const STEP_TABLE_END = '<!-- steps:end -->';

// An empty cell stays `| |`, as the table was written by hand.
const row = (cells: string[]) => `|${cells.map((c) => (c ? ` ${c.replace(/\|/g, '\\|')} ` : ' ')).join('|')}|`;

/** The Markdown table: one row per registered step type, in registry order. */
export function renderStepTable(plugins: readonly StepPlugin[] = stepPlugins()): string {
  return [
    row(['step', 'keys', 'what it measures']),
    '|---|---|---|',
    ...plugins.map((p) => row([`\`${p.type}\``, p.doc.keys, p.doc.measures])),
  ].join('\n');
}

/** The README with the table between the markers replaced by `table`. */
export function withStepTable(readme: string, table = renderStepTable()): string {
  const lines = readme.split('\n');
  const begin = lines.findIndex((l) => l.startsWith('<!-- steps:begin'));
  const end = lines.findIndex((l, i) => i > begin && l === STEP_TABLE_END);
  if (begin < 0 || end < 0) throw new Error(`no step table markers ('<!-- steps:begin', '${STEP_TABLE_END}') in the README`);
  return [...lines.slice(0, begin), STEP_TABLE_BEGIN, table, ...lines.slice(end)].join('\n');
}
