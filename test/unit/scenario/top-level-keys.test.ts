// The scenario's top-level switches (`validity`, `imageCache`): their defaults, the values the schema takes,
// and a wrong value reported as bad input (exit 2) at the key, before anything touches Docker.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError, ExitCode } from '../../../harness/errors.js';
import { loadScenarioOrThrow } from '../../../harness/scenario/catalog.js';
import { loadScenario } from '../../../harness/scenario/load.js';
import { formatIssue } from '../../../harness/scenario/parse.js';
import { resolvedYaml } from '../../../harness/scenario/run-dir.js';

const steps = 'steps:\n  - sleep: {duration: 1s}\n';

function load(head: string, opts = {}) {
  const r = loadScenario('s.yaml', `name: keys\n${head}${steps}`, opts);
  return r.ok ? { scenario: r.scenario, issues: [] } : { scenario: undefined, issues: r.issues.map(formatIssue) };
}

describe('validity', () => {
  it('is advisory unless the file says otherwise', () => {
    expect(load('').scenario?.validity).toBe('advisory');
    expect(load('validity: required\n').scenario?.validity).toBe('required');
    expect(load('validity: advisory\n').scenario?.validity).toBe('advisory');
  });

  it('takes a ${param}, so --set can demand it for one run', () => {
    const head = 'params:\n  demand: {default: advisory}\nvalidity: "${demand}"\n';
    expect(load(head).scenario?.validity).toBe('advisory');
    expect(load(head, { overrides: [['demand', 'required']] }).scenario?.validity).toBe('required');
    expect(load(head, { overrides: [['demand', 'strict']] }).issues).toEqual([
      `s.yaml:4:11: validity: expected 'required' or 'advisory', got "strict"`,
    ]);
  });

  it('names the key and the values it takes when the value is wrong', () => {
    expect(load('validity: strict\n').issues).toEqual([
      `s.yaml:2:11: validity: expected 'required' or 'advisory', or \${param}, got "strict"`,
    ]);
    expect(load('validity: true\n').issues).toEqual([
      `s.yaml:2:11: validity: expected 'required' or 'advisory', or \${param}, got true`,
    ]);
  });

  it('is bad input for `run` (exit 2), and goes into the resolved scenario.yaml of a run', () => {
    const file = join(mkdtempSync(join(tmpdir(), 't-sc-keys-')), 'bad.yaml');
    writeFileSync(file, `name: keys\nvalidity: maybe\n${steps}`);
    const thrown = (() => {
      try {
        loadScenarioOrThrow(file);
      } catch (err) {
        return err;
      }
    })();
    expect(thrown).toBeInstanceOf(BadInputError);
    expect((thrown as BadInputError).exitCode).toBe(ExitCode.badInput);
    expect((thrown as Error).message).toMatch(/bad\.yaml:2:11: validity: expected 'required' or 'advisory'/);
    expect(resolvedYaml(load('validity: required\n').scenario!, 1)).toMatch(/^validity: required$/m);
  });
});

describe('imageCache', () => {
  it('is warm unless the file says otherwise', () => {
    expect(load('').scenario?.imageCache).toBe('warm');
    expect(load('imageCache: cold\n').scenario?.imageCache).toBe('cold');
    expect(load('imageCache: warm\n').scenario?.imageCache).toBe('warm');
  });

  it('takes a ${param}, so --set can empty the cache for one run', () => {
    const head = 'params:\n  cache: {default: warm}\nimageCache: "${cache}"\n';
    expect(load(head, { overrides: [['cache', 'cold']] }).scenario?.imageCache).toBe('cold');
    expect(load(head, { overrides: [['cache', 'hot']] }).issues).toEqual([
      `s.yaml:4:13: imageCache: expected 'warm' or 'cold', got "hot"`,
    ]);
  });

  it('names the key and the values it takes when the value is wrong, or the key is misspelt', () => {
    expect(load('imageCache: frozen\n').issues).toEqual([
      `s.yaml:2:13: imageCache: expected 'warm' or 'cold', or \${param}, got "frozen"`,
    ]);
    expect(load('imagecache: cold\n').issues).toEqual([
      expect.stringMatching(
        /^s\.yaml:2:1: imagecache: unknown key 'imagecache'; expected one of: .*validity, imageCache, search$/,
      ),
    ]);
  });

  it('goes into the resolved scenario.yaml of a run', () => {
    expect(resolvedYaml(load('imageCache: cold\n').scenario!, 1)).toMatch(/^imageCache: cold$/m);
  });
});
