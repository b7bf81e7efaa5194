// service.scale: the scheduling rate of a scale step (service.ts runs it, scale-rate.ts measures).
import { bool, duration, int, name } from '../schema-kit.js';
import type { StepPlugin } from './plugin.js';
import type { ServiceScaleStep } from './service.js';

export const serviceScaleStep: StepPlugin<'service.scale', ServiceScaleStep> = {
  type: 'service.scale',
  description: 'Scales a service; the rate of tasks reaching running is measured until it converged.',
  schema: (f) => ({
    properties: { service: name(), replicas: int(f), wait: bool(f), timeout: duration(f) },
    required: ['service', 'replicas'],
  }),
  doc: {
    keys: '`service`, `replicas`, `wait` (default true), `timeout`',
    measures: 'tasks reaching running per second (swarm timestamps), start-up latency per task, time to converge',
  },
  check: (c, b) => c.needService(b.service),
  run: async (ctx, step) => (await import('./service.js')).serviceScale(ctx, step.body, step.name, step.index),
};
