// A scenario file loaded for `run`, and what `scenarios show` prints about one (the header
// comment, the parameters with their defaults, the cluster and SLOs with defaults filled in).
import { readFileSync } from 'node:fs';
import { BadInputError } from '../errors.js';
import { loadScenario, type LoadOptions } from './load.js';
import { headerComment, plainData, type ScenarioHeadline } from './named.js';
import { formatIssue } from './parse.js';
import { inferType } from './params.js';
import type { SearchSpec } from '../search/plan.js';
import type { ParamDef, ParamType, ParamValue, ResolvedScenario } from './types.js';

/** Validates (no Docker call); a BadInputError listing every mistake when the file is wrong. */
export function loadScenarioOrThrow(
  file: string,
  opts: LoadOptions = {},
): { scenario: ResolvedScenario; text: string } {
  const text = readFileSync(file, 'utf8');
  const r = loadScenario(file, text, opts);
  if (!r.ok) {
    const n = r.issues.length;
    throw new BadInputError(
      `${file}: ${n} mistake${n > 1 ? 's' : ''}\n${r.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`,
      {
        fix: 'correct the file (scenarios/schema.json lets an editor check it as you type) and run `swarmbench validate` again',
      },
    );
  }
  return { scenario: r.scenario, text };
}

export interface ScenarioSummary extends ScenarioHeadline {
  params: { name: string; type: ParamType; default: ParamValue; description?: string }[];
  cluster?: Record<string, unknown>;
  slos: string[];
  /** A breaking-point search's plan with the defaults filled in (search/plan.ts). */
  search?: SearchSpec;
}

export function summarizeScenario(file: string): ScenarioSummary {
  const text = readFileSync(file, 'utf8');
  // With every default filled in, `${managers}` shows as the number it is. A file that does not
  // load is still summarised from what YAML makes of it.
  const resolved = loadScenario(file, text);
  const data = resolved.ok ? resolved.parsed.data : plainData(text);
  const doc = (data ?? {}) as {
    name?: string;
    description?: string;
    params?: Record<string, ParamDef>;
    cluster?: Record<string, unknown>;
    slos?: string[];
  };
  return {
    name: doc.name ?? file,
    file,
    about: headerComment(text),
    description: doc.description ?? '',
    params: Object.entries(doc.params ?? {}).map(([name, def]) => ({
      name,
      type: inferType(def),
      default: def.default,
      description: def.description,
    })),
    cluster: resolved.ok ? { ...resolved.scenario.cluster } : doc.cluster,
    slos: resolved.ok ? resolved.scenario.slos : (doc.slos ?? []),
    ...(resolved.ok && resolved.scenario.search ? { search: resolved.scenario.search } : {}),
  };
}
