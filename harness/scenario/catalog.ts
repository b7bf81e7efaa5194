// The named scenarios under scenarios/: resolving `run <name>` to a file, and what `scenarios ls`
// and `scenarios show` print (the header comment, the parameters with their defaults).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { BadInputError } from '../errors.js';
import { packageRoot } from '../util/package-root.js';
import { loadScenario, type LoadOptions } from './load.js';
import { formatIssue } from './parse.js';
import { inferType } from './params.js';
import type { ParamDef, ParamType, ParamValue, ResolvedScenario } from './types.js';

export const scenariosDir = () => join(packageRoot(), 'scenarios');

export function scenarioNames(): string[] {
  const dir = scenariosDir();
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort() : [];
}

/** A path to a file, or the name of a scenario under scenarios/. */
export function resolveScenarioFile(arg: string): string {
  if (existsSync(arg) && statSync(arg).isFile()) return resolve(arg);
  const named = join(scenariosDir(), `${arg}.yaml`);
  if (/^[a-z0-9][a-z0-9-]*$/.test(arg) && existsSync(named)) return named;
  throw new BadInputError(`no scenario file or named scenario "${arg}"`, {
    fix: `name a file, or one of: ${scenarioNames().join(', ') || '(none under scenarios/)'}`,
  });
}

/** Validates (no Docker call); a BadInputError listing every mistake when the file is wrong. */
export function loadScenarioOrThrow(file: string, opts: LoadOptions = {}): { scenario: ResolvedScenario; text: string } {
  const text = readFileSync(file, 'utf8');
  const r = loadScenario(file, text, opts);
  if (!r.ok) {
    const n = r.issues.length;
    throw new BadInputError(`${file}: ${n} mistake${n > 1 ? 's' : ''}\n${r.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`, {
      fix: 'correct the file (scenarios/schema.json lets an editor check it as you type) and run `swarmbench validate` again',
    });
  }
  return { scenario: r.scenario, text };
}

export interface ScenarioSummary {
  name: string;
  file: string;
  /** The header comment, without the schema line and the leading '#'. */
  about: string;
  description: string;
  params: { name: string; type: ParamType; default: ParamValue; description?: string }[];
  cluster?: Record<string, unknown>;
  slos: string[];
}

export function headerComment(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    if (line.includes('yaml-language-server')) continue;
    out.push(line.replace(/^#\s?/, ''));
  }
  return out.join('\n').trim();
}

export function summarizeScenario(file: string): ScenarioSummary {
  const text = readFileSync(file, 'utf8');
  const doc = (parse(text) ?? {}) as { name?: string; description?: string; params?: Record<string, ParamDef>; cluster?: Record<string, unknown>; slos?: string[] };
  // With every default filled in, `${managers}` shows as the number it is.
  const resolved = loadScenario(file, text);
  return {
    name: doc.name ?? file,
    file,
    about: headerComment(text),
    description: doc.description ?? '',
    params: Object.entries(doc.params ?? {}).map(([name, def]) => ({ name, type: inferType(def), default: def.default, description: def.description })),
    cluster: resolved.ok ? { ...resolved.scenario.cluster } : doc.cluster,
    slos: resolved.ok ? resolved.scenario.slos : (doc.slos ?? []),
  };
}
