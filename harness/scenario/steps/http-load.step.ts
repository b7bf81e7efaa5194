// http.load: HTTP load against a published port from inside the cluster (http-load.ts runs it).
import { duration, int, name, text } from '../schema-kit.js';
import type { HttpLoadStep } from './http-load.js';
import type { StepPlugin } from './plugin.js';

export const httpLoadStep: StepPlugin<'http.load', HttpLoadStep> = {
  type: 'http.load',
  description: 'HTTP load from a client on the cluster overlay against the published port of every node.',
  schema: (f) => ({
    properties: { service: name(), port: int(f, 1), duration: duration(f), concurrency: int(f, 1), path: text() },
    required: ['service', 'port', 'duration'],
  }),
  doc: {
    keys: '`service`, `port`, `duration`, `concurrency`, `path`',
    measures: 'success ratio, latency, replicas seen, busiest/mean replica',
  },
  check: (c, b) => {
    c.needService(b.service);
    const svc = c.services.get(b.service);
    if (svc && !svc.ports.includes(b.port)) {
      c.once(
        'port',
        ['port'],
        `service '${b.service}' does not publish port ${b.port} (published: ${svc.ports.join(', ') || 'none'})`,
      );
    }
  },
  run: async (ctx, step) => (await import('./http-load.js')).httpLoad(ctx, step.body),
};
