// The step library: one function per step type, chosen by the type the file named.
import { parseDuration } from '../../util/duration.js';
import type { ResolvedStep } from '../types.js';
import { chaos } from './chaos.js';
import type { StepContext } from './context.js';
import { waitConverged } from './converge.js';
import { httpLoad } from './http-load.js';
import { nodesAdd, nodesRemove } from './nodes.js';
import { serviceCreate, serviceRemove, serviceScale, serviceUpdate, settleScale, timeoutOf } from './service.js';

export async function runStep(ctx: StepContext, step: ResolvedStep): Promise<void> {
  switch (step.type) {
    case 'service.create':
      return serviceCreate(ctx, step.body, step.name, step.index);
    case 'service.scale':
      return serviceScale(ctx, step.body, step.name, step.index);
    case 'service.update':
      return serviceUpdate(ctx, step.body);
    case 'service.remove':
      return serviceRemove(ctx, step.body.service);
    case 'wait.converged': {
      const t0 = Date.now();
      const names = step.body.service === 'all' ? [...ctx.services.keys()] : [step.body.service];
      await waitConverged(ctx, step.body.service, timeoutOf(step.body.timeout));
      for (const n of names) await settleScale(ctx, n);
      ctx.log.info(`${step.body.service === 'all' ? 'all services' : step.body.service} converged (waited ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      return;
    }
    case 'sleep': {
      const ms = parseDuration(step.body.duration) ?? 0;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        ctx.signal?.addEventListener('abort', () => (clearTimeout(timer), reject(ctx.signal?.reason)), { once: true });
      });
      return;
    }
    case 'nodes.add':
      return nodesAdd(ctx, step.body);
    case 'nodes.remove':
      return nodesRemove(ctx, step.body);
    case 'chaos':
      return chaos(ctx, step.body);
    case 'http.load':
      return httpLoad(ctx, step.body);
    case 'mark':
      // The metrics session writes the `mark` point; run.json keeps the marks too.
      ctx.recorder.mark(step.body.name);
      return;
  }
}
