// Runs one step: the plug-in registered for its type does the work (steps/registry.ts).
import type { ResolvedStep } from '../types.js';
import type { StepContext } from './context.js';
import { stepPlugin } from './registry.js';

export async function runStep(ctx: StepContext, step: ResolvedStep): Promise<void> {
  const plugin = stepPlugin(step.type);
  // Unreachable for a validated scenario (the schema only knows registered types); a plug-in
  // removed between validation and the run would otherwise be a silent no-op.
  if (!plugin) throw new Error(`no plug-in runs step type '${step.type}'`);
  return plugin.run(ctx, step);
}
