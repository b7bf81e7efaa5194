// The shape of a scenario once it is valid and every parameter is filled in: what steps/ and
// runner.ts consume. The JSON Schema in schema.ts describes the same shape for files and editors.
import type { SearchSpec } from '../search/plan.js';
import type { BodyOf } from './steps/plugin.js';
import type { BUILTIN_STEPS } from './steps/registry.js';

export type ParamType = 'integer' | 'number' | 'duration' | 'boolean' | 'string' | 'list';
export type ParamValue = number | string | boolean | ParamValue[];

export interface ParamDef {
  default: ParamValue;
  type?: ParamType;
  description?: string;
}

/**
 * What the run's validity verdict (harness/metrics/measurements/validity.ts) does to its exit:
 * `required` fails a run whose figures measure the host, the harness or the simulator instead of
 * the swarm; `advisory` (the default) only states the verdict.
 */
export type ValidityDemand = 'required' | 'advisory';

/**
 * The workload images on the real workers before the first step: `warm` (the default) pulls them
 * on every node, `cold` removes them, so each node's first task pulls its image while preparing.
 */
export type ImageCache = 'warm' | 'cold';

export interface ClusterSpec {
  /** dind nodes in all, managers included. */
  nodes: number;
  managers: number;
  /** Simulated workers (no containers). */
  hollow: number;
  /** Swarm's own settings for the run (scenario/swarm-settings.ts); unset: as the swarm has them. */
  swarm?: SwarmSettingsSpec;
}

/** As the scenario writes them: a duration is '5s' or seconds. */
export interface SwarmSettingsSpec {
  dispatcherHeartbeat?: string | number;
  snapshotInterval?: number;
  taskHistoryLimit?: number;
}

// Step bodies are declared by the step plug-ins (harness/scenario/steps/*.step.ts, or the module
// that runs a large step); this union follows the registry's list, so nothing here changes when
// a step type is added.
type BuiltinStep = (typeof BUILTIN_STEPS)[number];
export type StepBodies = { [P in BuiltinStep as P['type']]: BodyOf<P> };
export type StepType = keyof StepBodies;

/**
 * One step after repeat expansion: its type, body, and where it came from in the file. A step
 * type added at run time (registerStep, in tests) is outside this union: the loader casts it in,
 * and only its own plug-in reads its body.
 */
export type ResolvedStep = {
  [K in StepType]: { type: K; body: StepBodies[K]; name: string; index: number; sourceIndex: number };
}[StepType];

export interface ResolvedScenario {
  name: string;
  description: string;
  file: string;
  params: Record<string, ParamValue>;
  cluster: ClusterSpec;
  steps: ResolvedStep[];
  slos: string[];
  validity: ValidityDemand;
  imageCache: ImageCache;
  /** A breaking-point search instead of one run at a fixed size (cli/commands/run-search.ts). */
  search?: SearchSpec;
}
