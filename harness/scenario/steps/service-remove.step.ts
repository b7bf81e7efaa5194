// service.remove: removes a service the scenario created.
import { name } from '../schema-kit.js';
import type { StepPlugin } from './plugin.js';

export interface ServiceRemoveStep {
  service: string;
}

export const serviceRemoveStep: StepPlugin<'service.remove', ServiceRemoveStep> = {
  type: 'service.remove',
  description: 'Removes a service.',
  schema: () => ({ properties: { service: name() }, required: ['service'] }),
  doc: { keys: '`service`', measures: '' },
  check: (c, b) => {
    c.needService(b.service);
    c.services.delete(b.service);
  },
  run: async (ctx, step) => (await import('./service.js')).serviceRemove(ctx, step.body.service),
};
