// Every step type the scenario language knows, in the order schema.json, validate's messages and
// the README table list them. Adding a step type: one file beside this one exporting a
// StepPlugin, and one line in BUILTIN_STEPS. types.ts derives the step union from this list, so a
// step type without a plug-in (or a plug-in without `run`) does not compile.
import { chaosStep } from './chaos.step.js';
import { httpLoadStep } from './http-load.step.js';
import { markStep } from './mark.step.js';
import { nodesAddStep } from './nodes-add.step.js';
import { nodesRemoveStep } from './nodes-remove.step.js';
import type { StepPlugin } from './plugin.js';
import { serviceCreateStep } from './service-create.step.js';
import { serviceRemoveStep } from './service-remove.step.js';
import { serviceScaleStep } from './service-scale.step.js';
import { serviceUpdateStep } from './service-update.step.js';
import { sleepStep } from './sleep.step.js';
import { waitConvergedStep } from './wait-converged.step.js';

export const BUILTIN_STEPS = [
  serviceCreateStep,
  serviceScaleStep,
  serviceUpdateStep,
  serviceRemoveStep,
  waitConvergedStep,
  sleepStep,
  nodesAddStep,
  nodesRemoveStep,
  chaosStep,
  httpLoadStep,
  markStep,
] as const satisfies readonly StepPlugin[];

const plugins = new Map<string, StepPlugin>();
let version = 0;

/**
 * Adds a step type (tests; extensions later) and returns the function that removes it again.
 * The schema and its compiled validators follow: they rebuild when `registryVersion()` changes.
 */
export function registerStep(plugin: StepPlugin): () => void {
  if (plugins.has(plugin.type)) throw new Error(`step type '${plugin.type}' is registered twice`);
  plugins.set(plugin.type, plugin);
  version++;
  return () => {
    if (plugins.get(plugin.type) !== plugin) return;
    plugins.delete(plugin.type);
    version++;
  };
}

for (const p of BUILTIN_STEPS) registerStep(p);

/** Every registered plug-in, built-ins first, in registration order. */
export const stepPlugins = (): StepPlugin[] => [...plugins.values()];
/** Whether exactly the built-in step types are registered (the precompiled validators hold). */
export const onlyBuiltinSteps = (): boolean =>
  plugins.size === BUILTIN_STEPS.length && BUILTIN_STEPS.every((p) => plugins.get(p.type) === p);
export const stepTypes = (): string[] => [...plugins.keys()];
export const stepPlugin = (type: string): StepPlugin | undefined => plugins.get(type);
/** Changes whenever a step type is registered or removed; caches of derived schemas key on it. */
export const registryVersion = (): number => version;
