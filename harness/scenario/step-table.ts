// scenarios/README.md's step table, rendered from the step plug-ins so that it cannot fall behind
// them. The README holds it as a generated block (util/generated-block.ts); `swarmbench scenarios steps --write`
// rewrites what is between them, and a unit test fails when the committed table is stale.
import { replaceBlock } from '../util/generated-block.js';
import type { StepPlugin } from './steps/plugin.js';
import { stepPlugins } from './steps/registry.js';

/** The name of the README's generated block (see util/generated-block.ts). */
export const STEP_TABLE_BLOCK = 'steps';

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
  return replaceBlock(readme, STEP_TABLE_BLOCK, table);
}
