// wait.converged: waits for a service (or all) to converge, and settles the scale measurements
// of earlier steps that had `wait: false`.
import { duration, name } from '../schema-kit.js';
import type { StepPlugin } from './plugin.js';

export interface WaitConvergedStep {
  /** A service name, or "all". */
  service: string;
  timeout?: string | number;
}

export const waitConvergedStep: StepPlugin<'wait.converged', WaitConvergedStep> = {
  type: 'wait.converged',
  description: 'Waits until the service (or every service) runs all its tasks on Ready nodes.',
  schema: (f) => ({
    properties: { service: name("a service name or 'all'"), timeout: duration(f) },
    required: ['service'],
  }),
  doc: { keys: '`service` (or `all`), `timeout`', measures: 'settles a scale step that had `wait: false`' },
  check: (c, b) => c.needService(b.service, true),
  run: async (ctx, { body: b }) => {
    const [{ waitConverged }, { settleScale, timeoutOf }] = await Promise.all([
      import('./converge.js'),
      import('./service.js'),
    ]);
    const t0 = Date.now();
    const names = b.service === 'all' ? [...ctx.services.keys()] : [b.service];
    await waitConverged(ctx, b.service, timeoutOf(b.timeout));
    for (const n of names) await settleScale(ctx, n);
    ctx.log.info(
      `${b.service === 'all' ? 'all services' : b.service} converged (waited ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );
  },
};
