// The named scenarios under scenarios/: their files, resolving `run <name>` to one, and the
// headline `scenarios ls` prints. Nothing here validates a file, so listing stays quick.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { BadInputError } from '../errors.js';
import { packageRoot } from '../util/package-root.js';
import { MAX_ALIAS_COUNT } from './parse.js';

export interface ScenarioHeadline {
  name: string;
  file: string;
  /** The header comment, without the schema line and the leading '#'. */
  about: string;
  description: string;
}

export const scenariosDir = () => join(packageRoot(), 'scenarios');

export function scenarioNames(): string[] {
  const dir = scenariosDir();
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => f.slice(0, -5))
        .sort()
    : [];
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

export function headerComment(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    if (line.includes('yaml-language-server')) continue;
    out.push(line.replace(/^#\s?/, ''));
  }
  return out.join('\n').trim();
}

/** What YAML makes of a file for a summary, or undefined when it cannot (its mistakes are
 *  validate's to report, with their lines). */
export function plainData(text: string): unknown {
  try {
    return parse(text, { maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return undefined;
  }
}

/** Name, description and header only: what `scenarios ls` prints, without validating the file. */
export function scenarioHeadline(file: string): ScenarioHeadline {
  const text = readFileSync(file, 'utf8');
  const doc = (plainData(text) ?? {}) as { name?: string; description?: string };
  return { name: doc.name ?? file, file, about: headerComment(text), description: doc.description ?? '' };
}
