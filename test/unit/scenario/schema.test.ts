// The published scenarios/schema.json is generated from harness/scenario/schema.ts, and the step
// table of scenarios/README.md from the step plug-ins; these fail when someone changes one without
// the other (`swarmbench scenarios schema --write` and `swarmbench scenarios steps --write` regenerate),
// and so are the validators precompiled from the schema.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRECOMPILED_FILE, precompiledSource } from '../../../harness/scenario/precompile.js';
import { schemaFileText } from '../../../harness/scenario/schema.js';
import { withStepTable } from '../../../harness/scenario/step-table.js';
import { loadScenario } from '../../../harness/scenario/load.js';
import { formatIssue } from '../../../harness/scenario/parse.js';

const dir = join(import.meta.dirname, '..', '..', '..', 'scenarios');

describe('published schema and scenario files', () => {
  it('scenarios/schema.json is up to date', () => {
    expect(readFileSync(join(dir, 'schema.json'), 'utf8')).toBe(schemaFileText());
  });

  it('the precompiled validators are those of the schema (`swarmbench scenarios schema --write`)', () => {
    expect(
      readFileSync(PRECOMPILED_FILE(), 'utf8') === precompiledSource(),
      'stale harness/scenario/schema-validators.generated.ts',
    ).toBe(true);
  });

  it("scenarios/README.md's step table is up to date", () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme, 'stale step table: run `swarmbench scenarios steps --write`').toBe(withStepTable(readme));
  });

  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  it.each(files)('%s is valid and starts with the schema comment and a header', (f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./schema.json');
    expect(text.split('\n')[1]).toMatch(/^# \S/);
    const r = loadScenario(f, text);
    expect(r.ok ? [] : r.issues.map(formatIssue)).toEqual([]);
    if (r.ok) expect(r.scenario.name).toBe(f.replace(/\.yaml$/, ''));
  });
});
