// service.remove: removes a service the scenario created.
import { name } from '../schema-kit.js';
import type { StepPlugin } from './plugin.js';
import { serviceRemove } from './service.js';

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
  run: (ctx, step) => serviceRemove(ctx, step.body.service),
};
