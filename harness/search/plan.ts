// A breaking-point search's plan: which scenario parameter grows, from where, by how much, up to
// what, how many bisection rounds refine the knee, and the guards that stop it early. Anchors:
// k6's breakpoint test (ramp until a threshold with abortOnFail trips), Nighthawk's adaptive load
// controller, ClusterLoader2's throughput tests. The scenario schema checks each key's shape;
// validateSearch takes the block as parsed YAML and says in sentences what is wrong across keys,
// parameters and steps.
import { firstStepNamed } from '../scenario/step-names.js';
import { formatDuration, parseDuration } from '../util/duration.js';

/** What a search needs of a scenario parameter's declaration (scenario/types.ts ParamDef has it);
 *  declared here so the scenario loader can import the search without a cycle. */
interface ParamDecl {
  default: unknown;
  type?: string;
}

export interface SearchGuards {
  /** Stop once a probe leaves the host's memory more used than this share (0..1]. */
  memFraction?: number;
  /** Stop before a probe that would likely end past this much time since the search began. */
  budgetMs?: number;
}

/** Every probe of a search takes the managers' Go profiles, so the sizes either side of the knee
 *  always have one; this says how (cli/commands/run-search.ts). */
export interface SearchProfile {
  /** The CPU profile's length (else run's --profile-seconds, 30 by default). */
  seconds?: number;
  /** The step the CPU profile starts with (a name as scenario/step-names.ts reads it; else the
   *  first step): the ramp rather than the set-up before it. */
  step?: string;
}

/** A CPU profile's seconds, as --profile-seconds takes them (Go's endpoint takes whole seconds,
 *  and an hour is more than a probe), and how long it runs when nothing says. */
export const PROFILE_SECONDS = { min: 1, max: 3600, default: 30 } as const;

interface SearchBase {
  /** The scenario parameter that is the dimension (replicas, hollow, services, a rate). */
  param: string;
  /** The first size probed. */
  from: number;
  /** The largest size probed; growth is clamped to it, so it is probed itself. */
  max: number;
  /** Bisection rounds between the last size that held and the first that broke (default 0). */
  refine: number;
  guards: SearchGuards;
  profile?: SearchProfile;
}

/** Exactly one of `step` (additive) and `factor` (multiplicative) says how sizes grow. */
export type SearchSpec = SearchBase & ({ step: number; factor?: undefined } | { factor: number; step?: undefined });

/** The size after `size` in the growth phase (integers, strictly increasing, clamped to max). */
export function nextGrowth(spec: SearchSpec, size: number): number | undefined {
  if (size >= spec.max) return undefined;
  // A factor on a small size could round back to the same integer: always move by at least one.
  const grown = spec.step !== undefined ? size + spec.step : Math.max(size + 1, Math.round(size * spec.factor));
  return Math.min(grown, spec.max);
}

/** Every size the growth phase can probe, in order: what a search at most costs. */
export function growthSizes(spec: SearchSpec): number[] {
  const out = [spec.from];
  for (let s = nextGrowth(spec, spec.from); s !== undefined; s = nextGrowth(spec, s)) out.push(s);
  return out;
}

/** "steps of 500" or "×1.5 steps": how the knee's precision is worded. */
export function describeGrowth(spec: SearchSpec): string {
  return spec.step !== undefined ? `steps of ${spec.step.toLocaleString('en-US')}` : `×${spec.factor} steps`;
}

/** The plan in a line, for `scenarios show`: sizes, refinement, guards, and the probes' profiles. */
export function describeSearch(spec: SearchSpec): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const rounds = `${spec.refine} bisection round${spec.refine === 1 ? '' : 's'}`;
  const { memFraction, budgetMs } = spec.guards;
  const guards = [
    ...(memFraction !== undefined ? [`host memory over ${Math.round(memFraction * 100)} %`] : []),
    ...(budgetMs !== undefined
      ? [`a budget of ${budgetMs >= 3_600_000 ? `${+(budgetMs / 3_600_000).toFixed(1)} h` : formatDuration(budgetMs)}`]
      : []),
  ];
  const seconds = spec.profile?.seconds === undefined ? '--profile-seconds (30 s)' : `${spec.profile.seconds} s`;
  const from = spec.profile?.step === undefined ? 'the first step' : `step ${spec.profile.step}`;
  return [
    `${spec.param} from ${n(spec.from)} in ${describeGrowth(spec)} up to ${n(spec.max)}${spec.refine > 0 ? `, then ${rounds}` : ', no bisection'}`,
    ...(guards.length ? [`stops early at ${guards.join(' or ')}`] : []),
    `every probe profiles the managers: ${seconds} of CPU from ${from}`,
  ].join('; ');
}

const KEYS = ['param', 'from', 'step', 'factor', 'max', 'refine', 'guards', 'profile'];
const GUARD_KEYS = ['memFraction', 'budget', 'budgetMs'];
const PROFILE_KEYS = ['seconds', 'step'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * Checks a `search:` block (YAML as parsed, after `${param}` substitution) against the scenario's
 * parameters and, when given, its step names (as the run shows them: `profile.step` must name
 * one). Returns the spec, or every problem as a sentence naming its key, so one validate
 * run lists them all. `guards.budget` is a duration as scenarios write them ("2h", "90m", a bare
 * number of seconds); `guards.budgetMs` is accepted for a spec built in code.
 */
export function validateSearch(
  raw: unknown,
  params: Readonly<Record<string, ParamDecl>> = {},
  steps?: readonly string[],
): { spec: SearchSpec; errors: [] } | { spec?: undefined; errors: string[] } {
  if (!isObject(raw))
    return { errors: ['search: expected a map {param, from, step or factor, max, refine, guards, profile}'] };
  const errors: string[] = [];
  for (const k of Object.keys(raw)) if (!KEYS.includes(k)) errors.push(`search.${k}: unknown key (${KEYS.join(', ')})`);

  const { param, from, step, factor, max } = raw;
  if (typeof param !== 'string' || param === '') errors.push('search.param: expected the name of a scenario parameter');
  else if (!(param in params))
    errors.push(
      `search.param: '${param}' is not one of the scenario's params (${Object.keys(params).join(', ') || 'none'})`,
    );
  else {
    // The search bisects on integers: a parameter that is not a whole number cannot be the dimension.
    const def = params[param]!;
    const type = def.type ?? (isInt(def.default) ? 'integer' : typeof def.default);
    if (type !== 'integer') errors.push(`search.param: '${param}' must be an integer parameter (it is ${type})`);
  }

  if (!isInt(from) || from < 0) errors.push('search.from: expected an integer >= 0');
  if (!isInt(max) || max < 1) errors.push('search.max: expected an integer >= 1');
  else if (isInt(from) && max < from) errors.push(`search.max: ${max} is below search.from (${from})`);

  if ((step === undefined) === (factor === undefined))
    errors.push('search: give exactly one of step (added each time) or factor (multiplied each time)');
  else if (step !== undefined && (!isInt(step) || step < 1)) errors.push('search.step: expected an integer >= 1');
  else if (factor !== undefined) {
    if (typeof factor !== 'number' || !(factor > 1)) errors.push('search.factor: expected a number > 1');
    else if (from === 0) errors.push('search.from: must be >= 1 with a factor (0 × factor stays 0)');
  }

  const refine = raw.refine ?? 0;
  if (!isInt(refine) || refine < 0) errors.push('search.refine: expected an integer >= 0 (bisection rounds)');

  const guards: SearchGuards = {};
  if (raw.guards !== undefined) {
    if (!isObject(raw.guards)) errors.push('search.guards: expected a map {memFraction, budget}');
    else {
      const g = raw.guards;
      for (const k of Object.keys(g))
        if (!GUARD_KEYS.includes(k)) errors.push(`search.guards.${k}: unknown key (memFraction, budget)`);
      if (g.memFraction !== undefined) {
        if (typeof g.memFraction !== 'number' || !(g.memFraction > 0 && g.memFraction <= 1))
          errors.push('search.guards.memFraction: expected a number in (0, 1], e.g. 0.9');
        else guards.memFraction = g.memFraction;
      }
      if (g.budget !== undefined && g.budgetMs !== undefined)
        errors.push('search.guards: give budget or budgetMs, not both');
      else if (g.budget !== undefined) {
        const ms = typeof g.budget === 'string' || typeof g.budget === 'number' ? parseDuration(g.budget) : undefined;
        if (ms === undefined || ms <= 0)
          errors.push('search.guards.budget: expected a duration such as 2h or 90m (a bare number is seconds)');
        else guards.budgetMs = ms;
      } else if (g.budgetMs !== undefined) {
        if (typeof g.budgetMs !== 'number' || !(g.budgetMs > 0))
          errors.push('search.guards.budgetMs: expected a number of milliseconds > 0');
        else guards.budgetMs = g.budgetMs;
      }
    }
  }

  const profile = validateProfile(raw.profile, steps, errors);

  if (errors.length > 0) return { errors };
  const base = {
    param: param as string,
    from: from as number,
    max: max as number,
    refine: refine as number,
    guards,
    ...(profile ? { profile } : {}),
  };
  const spec: SearchSpec =
    step !== undefined ? { ...base, step: step as number } : { ...base, factor: factor as number };
  return { spec, errors: [] };
}

/** `profile: {seconds, step}`; its problems go to `errors`. */
function validateProfile(
  raw: unknown,
  steps: readonly string[] | undefined,
  errors: string[],
): SearchProfile | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    errors.push('search.profile: expected a map {seconds, step}');
    return undefined;
  }
  const out: SearchProfile = {};
  for (const k of Object.keys(raw))
    if (!PROFILE_KEYS.includes(k)) errors.push(`search.profile.${k}: unknown key (${PROFILE_KEYS.join(', ')})`);
  const { seconds, step } = raw;
  if (seconds !== undefined) {
    if (!isInt(seconds) || seconds < PROFILE_SECONDS.min || seconds > PROFILE_SECONDS.max)
      errors.push(
        `search.profile.seconds: expected whole seconds from ${PROFILE_SECONDS.min} to ${PROFILE_SECONDS.max}, as --profile-seconds`,
      );
    else out.seconds = seconds;
  }
  if (step !== undefined) {
    if (typeof step !== 'string' || step === '')
      errors.push('search.profile.step: expected the name of a step (the CPU profile starts with it)');
    else if (steps && firstStepNamed(steps, step) === undefined) {
      const names = [...new Set(steps)];
      const shown = names.length > 8 ? [...names.slice(0, 8), '…'] : names;
      errors.push(`search.profile.step: no step is named '${step}' (the steps: ${shown.join(', ')})`);
    } else out.step = step;
  }
  return out;
}
