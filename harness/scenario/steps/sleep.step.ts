// sleep: a fixed wait (steady state, cool-down) that Ctrl-C ends at once.
import { parseDuration } from '../../util/duration.js';
import { duration } from '../schema-kit.js';
import type { StepPlugin } from './plugin.js';

export interface SleepStep {
  duration: string | number;
}

export const sleepStep: StepPlugin<'sleep', SleepStep> = {
  type: 'sleep',
  description: 'Waits a fixed time (steady state, cool-down).',
  schema: (f) => ({ properties: { duration: duration(f) }, required: ['duration'] }),
  doc: { keys: '`duration`', measures: '' },
  run: async (ctx, step) => {
    const ms = parseDuration(step.body.duration) ?? 0;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      ctx.signal?.addEventListener('abort', () => (clearTimeout(timer), reject(ctx.signal?.reason)), { once: true });
    });
  },
};
