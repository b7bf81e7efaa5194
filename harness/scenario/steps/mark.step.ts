// mark: a named point in time. The metrics session writes the `mark` point; run.json keeps the
// marks too (the runner copies them after every step).
import { text } from '../schema-kit.js';
import type { StepPlugin } from './plugin.js';

export interface MarkStep {
  name: string;
}

export const markStep: StepPlugin<'mark', MarkStep> = {
  type: 'mark',
  description: 'A named point in time that the report draws.',
  schema: () => ({ properties: { name: text() }, required: ['name'] }),
  doc: { keys: '`name`', measures: 'a named time the report draws' },
  run: async (ctx, step) => ctx.recorder.mark(step.body.name),
};
