// service.update: a rolling update, timed until the swarm says it completed (service.ts runs it).
import { bool, duration, env, int, name, text } from '../schema-kit.js';
import type { StepPlugin } from './plugin.js';
import type { ServiceUpdateStep } from './service.js';

export const serviceUpdateStep: StepPlugin<'service.update', ServiceUpdateStep> = {
  type: 'service.update',
  description: 'Rolling update of image and/or environment, with parallelism and delay between batches.',
  schema: (f) => ({
    properties: {
      service: name(),
      image: text(),
      env: env(),
      parallelism: int(f),
      delay: duration(f),
      wait: bool(f),
      timeout: duration(f),
    },
    required: ['service'],
  }),
  doc: {
    keys: '`service`, `image` and/or `env`, `parallelism`, `delay`, `wait`, `timeout`',
    measures: 'rolling update duration',
  },
  check: (c, b) => {
    c.needService(b.service);
    // The schema cannot say "one of these two, or both" readably; this message can.
    if (b.image === undefined && b.env === undefined) c.once('what', [], "an update needs 'image' or 'env' (or both)");
  },
  run: async (ctx, step) => (await import('./service.js')).serviceUpdate(ctx, step.body),
};
