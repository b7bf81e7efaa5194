// From a scenario file's text to a ResolvedScenario, or to the complete list of what is wrong
// with it. Order: YAML syntax -> schema as written -> parameters and `--set` -> substitution and
// repeat expansion -> schema with final types -> meaning (SLOs, service references, cluster).
// Nothing here touches Docker: `validate` and the first phase of `run` are this function.
import { basename } from 'node:path';
import { issueAt, parseScenarioText, type Issue, type ParsedFile, type Path } from './parse.js';
import { checkType, inferType, parseOverride, substitute } from './params.js';
import { checkMeaning } from './semantics.js';
import { validateAgainstSchema } from './validate.js';
import { validateSearch } from '../search/plan.js';
import { stepTypes } from './steps/registry.js';
import type { ClusterSpec, ParamDef, ParamValue, ResolvedScenario, ResolvedStep, StepType } from './types.js';

export interface LoadOptions {
  /** `--set key=value` pairs, already split. */
  overrides?: [string, string][];
  /** `--nodes N`: total dind nodes, overriding the file's cluster block. */
  nodes?: number;
  /** `--hollow H`: hollow workers, overriding the file's cluster block. */
  hollow?: number;
}

export type LoadResult = { ok: true; scenario: ResolvedScenario; parsed: ParsedFile } | { ok: false; issues: Issue[] };

type RawDoc = {
  name: string;
  description?: string;
  params?: Record<string, ParamDef>;
  cluster?: Partial<Record<keyof ClusterSpec, unknown>>;
  steps: Record<string, unknown>[];
  slos?: string[];
  validity?: ResolvedScenario['validity'];
  imageCache?: ResolvedScenario['imageCache'];
  search?: unknown;
};

export const DEFAULT_CLUSTER: ClusterSpec = { nodes: 4, managers: 1, hollow: 0 };

export function loadScenario(file: string, text: string, opts: LoadOptions = {}): LoadResult {
  const parsed = parseScenarioText(file, text);
  if (parsed.issues.length > 0) return { ok: false, issues: parsed.issues };
  if (parsed.data === null || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
    return {
      ok: false,
      issues: [
        issueAt(
          parsed,
          [],
          'expected a mapping with name, steps and optionally params, cluster, slos, validity, imageCache, search',
        ),
      ],
    };
  }

  const asWritten = validateAgainstSchema(parsed, parsed.data, { params: true });
  if (asWritten.length > 0) return { ok: false, issues: asWritten };
  const raw = parsed.data as RawDoc;

  // Parameters: defaults, their types, then the command line's overrides.
  const issues: Issue[] = [];
  const params: Record<string, ParamValue> = {};
  const types: Record<string, ReturnType<typeof inferType>> = {};
  for (const [name, def] of Object.entries(raw.params ?? {})) {
    const type = inferType(def);
    types[name] = type;
    const wrong = checkType(type, def.default);
    if (wrong)
      issues.push(issueAt(parsed, ['params', name, 'default'], `expected ${wrong} (the parameter's type is ${type})`));
    params[name] = def.default;
  }
  for (const [key, value] of opts.overrides ?? []) {
    const type = types[key];
    if (!type) {
      const known = Object.keys(types);
      issues.push(
        cliIssue(
          key,
          `--set ${key}: no such parameter; ${known.length ? `this scenario takes: ${known.join(', ')}` : 'this scenario takes none'}`,
        ),
      );
      continue;
    }
    try {
      params[key] = parseOverride(type, value);
    } catch (err) {
      issues.push(cliIssue(key, `--set ${key}=${value}: ${(err as Error).message}`));
    }
  }
  if (issues.length > 0) return { ok: false, issues };

  // Substitution everywhere but the params block, and repeat expansion of steps.
  const unknownRef = (path: Path, name: string, extra = '') =>
    issueAt(parsed, path, `unknown parameter '\${${name}}'${extra}; declare it under params`);
  const top = substitute(
    {
      name: raw.name,
      description: raw.description,
      cluster: raw.cluster,
      slos: raw.slos,
      validity: raw.validity,
      imageCache: raw.imageCache,
      search: raw.search,
    },
    params,
  );
  for (const u of top.unknown) issues.push(unknownRef(u.path, u.name));
  const resolvedTop = top.value as Omit<RawDoc, 'steps' | 'params'>;

  const steps: Record<string, unknown>[] = [];
  const origin: { source: number; label: string }[] = [];
  raw.steps.forEach((step, i) => {
    const {
      repeat: rawRepeat,
      if: rawIf,
      ...rest
    } = step as { repeat?: unknown; if?: unknown } & Record<string, unknown>;
    if (rawIf !== undefined) {
      const cond = substitute(rawIf, params, ['steps', i, 'if']);
      for (const u of cond.unknown) issues.push(unknownRef(u.path, u.name));
      if (typeof cond.value !== 'boolean') {
        if (cond.unknown.length === 0)
          issues.push(issueAt(parsed, ['steps', i, 'if'], `expected true or false, got ${JSON.stringify(cond.value)}`));
        return;
      }
      if (!cond.value) return;
    }
    const repeat =
      rawRepeat === undefined
        ? undefined
        : (expandRamp(substitute(rawRepeat, params, ['steps', i, 'repeat']), parsed, i, issues) as
            { values: unknown; as?: string } | undefined);
    if (rawRepeat !== undefined && !repeat) return;
    if (!repeat) {
      const s = substitute(rest, params, ['steps', i]);
      for (const u of s.unknown) issues.push(unknownRef(u.path, u.name));
      steps.push(s.value as Record<string, unknown>);
      origin.push({ source: i, label: '' });
      return;
    }
    const as = repeat.as ?? 'value';
    // Parameters are already substituted: "${ramp}" is the list itself by now.
    const values = repeat.values;
    if (!Array.isArray(values) || values.length === 0) {
      issues.push(
        issueAt(parsed, ['steps', i, 'repeat', 'values'], `expected a non-empty list, got ${JSON.stringify(values)}`),
      );
      return;
    }
    for (const v of values as ParamValue[]) {
      const s = substitute(rest, { ...params, [as]: v }, ['steps', i]);
      for (const u of s.unknown) issues.push(unknownRef(u.path, u.name));
      steps.push(s.value as Record<string, unknown>);
      origin.push({ source: i, label: ` (repeat ${as}=${typeof v === 'string' ? v : JSON.stringify(v)})` });
    }
  });
  if (issues.length > 0) return { ok: false, issues: dedupeIssues(issues) };

  const resolvedDoc = { ...resolvedTop, steps };
  const mapPath = (p: Path): Path =>
    p[0] === 'steps' && typeof p[1] === 'number' ? ['steps', origin[p[1]]?.source ?? p[1], ...p.slice(2)] : p;
  const context = (p: Path) => (p[0] === 'steps' && typeof p[1] === 'number' ? (origin[p[1]]?.label ?? '') : '');
  const typed = validateAgainstSchema(parsed, resolvedDoc, { params: false, mapPath, context });
  if (typed.length > 0) return { ok: false, issues: typed };

  const cluster: ClusterSpec = { ...DEFAULT_CLUSTER, ...(resolvedTop.cluster as Partial<ClusterSpec> | undefined) };
  if (opts.nodes !== undefined) cluster.nodes = opts.nodes;
  if (opts.hollow !== undefined) cluster.hollow = opts.hollow;

  const registered = stepTypes();
  const resolvedSteps: ResolvedStep[] = steps.map((s, index) => {
    const type = registered.find((t) => t in s) as StepType;
    const label = origin[index]!.label.replace(/^ \(repeat (.*)\)$/, ' $1');
    return {
      type,
      body: s[type],
      name: `${(s.name as string | undefined) ?? type}${label}`,
      index,
      sourceIndex: origin[index]!.source,
    } as ResolvedStep;
  });

  const scenario: ResolvedScenario = {
    name: resolvedTop.name,
    description: resolvedTop.description ?? '',
    file,
    params,
    cluster,
    steps: resolvedSteps,
    slos: resolvedTop.slos ?? [],
    // Advisory unless asked: a verdict on this machine's capacity should not fail a run by surprise.
    validity: resolvedTop.validity ?? 'advisory',
    // Warm unless asked: scale steps then measure scheduling, not the registry.
    imageCache: resolvedTop.imageCache ?? 'warm',
  };
  const meaning = checkMeaning(parsed, scenario, opts.nodes !== undefined);
  if (resolvedTop.search !== undefined) {
    // The schema checks each key's shape; the rules across keys and params are the search's own.
    const r = validateSearch(
      resolvedTop.search,
      raw.params ?? {},
      resolvedSteps.map((s) => s.name),
    );
    if (r.spec) scenario.search = r.spec;
    else meaning.push(...r.errors.map((e) => issueAt(parsed, ['search'], e)));
  }
  if (meaning.length > 0) return { ok: false, issues: meaning };
  return { ok: true, scenario, parsed };
}

/** `ramp: {to, steps, from}` becomes the list of values it stands for; `values` passes through. */
function expandRamp(
  sub: { value: unknown; unknown: { path: Path; name: string }[] },
  parsed: ParsedFile,
  i: number,
  issues: Issue[],
): unknown {
  for (const u of sub.unknown)
    issues.push(issueAt(parsed, u.path, `unknown parameter '\${${u.name}}'; declare it under params`));
  if (sub.unknown.length > 0) return undefined;
  const r = sub.value as { values?: unknown; ramp?: { from?: unknown; to: unknown; steps: unknown }; as?: string };
  if (!r.ramp) return r;
  const { from = 0, to, steps } = r.ramp;
  const ints = [from, to, steps].every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0);
  if (!ints || (steps as number) < 1 || (to as number) <= (from as number)) {
    issues.push(
      issueAt(
        parsed,
        ['steps', i, 'repeat', 'ramp'],
        `expected whole numbers with to > from and steps >= 1, got ${JSON.stringify(r.ramp)}`,
      ),
    );
    return undefined;
  }
  const [a, b, n] = [from as number, to as number, steps as number];
  const values = [...new Set(Array.from({ length: n }, (_, k) => Math.round(a + ((b - a) * (k + 1)) / n)))];
  return { values, as: r.as };
}

function cliIssue(key: string, message: string): Issue {
  return { file: '(command line)', line: 0, column: 0, key, message };
}

function dedupeIssues(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.line}:${i.column}:${i.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

/** The scenario's name as `run` shows it when the file has none (it always has one when valid). */
export function nameFromFile(file: string): string {
  return basename(file).replace(/\.ya?ml$/, '');
}
