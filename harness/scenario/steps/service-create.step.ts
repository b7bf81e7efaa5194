// service.create: a service on the inner swarm, measured like a scale step (service.ts runs it).
import { body, bool, choice, duration, env, int, name, text } from '../schema-kit.js';
import type { StepPlugin } from './plugin.js';
import type { ServiceCreateStep } from './service.js';

export const serviceCreateStep: StepPlugin<'service.create', ServiceCreateStep> = {
  type: 'service.create',
  description: 'Creates a service on the inner swarm (and waits until it converged unless wait: false).',
  schema: (f) => ({
    properties: {
      name: name(),
      image: text("'alpine', 'nginx' (the cluster's catalog images) or a full image reference"),
      command: { type: 'array', items: { type: 'string' }, title: 'a list of strings' },
      replicas: int(f),
      mode: choice(f, ['replicated', 'global']),
      env: env(),
      labels: {
        type: 'object',
        title:
          "a map of service labels, key: value (keys starting swarmbench. other than swarmbench.hollow. are the harness's)",
        additionalProperties: { type: ['string', 'number', 'boolean'] },
      },
      publish: {
        type: 'array',
        title: 'a list of {target, published} ports',
        items: body({ target: int(f, 1), published: int(f, 1) }, ['target', 'published'], 'a published port'),
      },
      wait: bool(f),
      timeout: duration(f),
      maxPerNode: int(f, 1),
      on: choice(f, ['any', 'hollow', 'real']),
    },
    required: ['name', 'image'],
  }),
  doc: {
    keys: '`name`, `image` (`alpine`, `nginx` or a reference), `command`, `replicas`, `mode`, `env`, `labels` (service labels; `swarmbench.hollow.*` set hollow-worker task behaviour), `publish: [{target, published}]`, `maxPerNode`, `wait`, `timeout`',
    measures: 'like a scale step',
  },
  check: (c, b) => {
    // The harness finds its services by its own labels: a scenario must not change them.
    for (const k of Object.keys(b.labels ?? {}))
      if (k.startsWith('swarmbench.') && !k.startsWith('swarmbench.hollow.'))
        c.once('labels', ['labels', k], `label '${k}' is the harness's own (only swarmbench.hollow.* may be set)`);
    if (c.services.has(b.name)) c.once('name', ['name'], `service '${b.name}' is already created by an earlier step`);
    // Later steps need the published ports (http.load) and the name (every service.* step).
    c.services.set(b.name, { ports: (b.publish ?? []).map((p) => p.published) });
  },
  run: async (ctx, step) => (await import('./service.js')).serviceCreate(ctx, step.body, step.name, step.index),
};
